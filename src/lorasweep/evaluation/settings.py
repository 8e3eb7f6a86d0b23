"""The `eval` config group: its checks (all at once, before any model loads) and the question sets it names.

Probe questions and verifiable-QA rows are read with the data stage's own readers (`read_local`,
`map_fields`), so every file format the training data accepts works here too, and a Hub dataset can be scored
as well.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from lorasweep.data.pipeline import normalise_question
from lorasweep.data.sources import SourceSpec, embedded_path, load_rows, read_local
from lorasweep.errors import ConfigError, DataError
from lorasweep.evaluation import semantic

FROM_TRAIN = "from_train"  # system_prompt value: the system prompt most training records had


def eval_settings(cfg: DictConfig) -> dict[str, Any]:
    """The resolved `eval` group as a plain dict; a clear error when the config has none."""
    if OmegaConf.select(cfg, "eval") is None:
        raise ConfigError(
            "the config has no `eval` group: add `- eval: default` (or `- eval: none`) to its defaults."
        )
    return OmegaConf.to_container(cfg.eval, resolve=True)


def _source_label(prefix: str, source: Mapping[str, Any]) -> str:
    if source.get("path"):
        return f"{prefix}.path={source['path']}"
    if source.get("embedded"):
        return f"{prefix}.embedded={source['embedded']}"
    return f"{prefix}.hub_id={source.get('hub_id')}"


def _local_file(prefix: str, source: Mapping[str, Any]) -> Path | None:
    """The file behind a source (None for a Hub source); raises DataError when it does not exist."""
    if source.get("path"):
        path = Path(source["path"]).expanduser()
        if not path.is_file():
            raise DataError(
                f"{prefix}.path={source['path']!r} does not exist: give a JSON, JSONL, CSV or Parquet file."
            )
        return path
    if source.get("embedded"):
        return embedded_path(source["embedded"])
    if source.get("hub_id"):
        return None
    raise DataError(
        f"{prefix} has no source: set {prefix}.path=<file> (or {prefix}.embedded / {prefix}.hub_id)."
    )


def _check_fields(prefix: str, label: str, rows: list[dict[str, Any]], wanted: Mapping[str, str]) -> None:
    if not rows:
        raise DataError(f"{label} is empty: it needs at least one row.")
    missing = [
        f"{prefix}.fields.{role}={column!r}" for role, column in wanted.items() if column not in rows[0]
    ]
    if missing:
        raise DataError(
            f"{label} has no column for {', '.join(missing)}. Its fields are {list(rows[0])}: "
            f"set {prefix}.fields.* to the right names."
        )


def read_probes(probes: Mapping[str, Any]) -> list[dict[str, str]]:
    """Probe rows as {id, question}; the id column is optional (the row number is used then)."""
    prefix = "eval.probes"
    path = _local_file(prefix, probes)
    if path is None:
        raise DataError(f"{prefix} must be a local or embedded file (set {prefix}.path=<file>).")
    label = _source_label(prefix, probes)
    rows = read_local(path)
    fields = probes.get("fields") or {}
    question, ident = fields.get("question", "question"), fields.get("id", "id")
    _check_fields(prefix, label, rows, {"question": question})
    out = []
    for number, row in enumerate(rows):
        text = row.get(question)
        if not isinstance(text, str) or not text.strip():
            raise DataError(
                f"{label}: row {number + 1} has an empty {question!r}; every probe needs a question."
            )
        out.append({"id": str(row.get(ident) or f"probe_{number + 1}"), "question": text})
    return out


def read_qa(qa: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Verifiable-QA rows as {question, answer}, from a local, embedded or Hub source."""
    prefix = "eval.qa"
    spec = SourceSpec.from_mapping(qa)
    _local_file(prefix, qa)
    rows, _ = load_rows(spec)
    _check_fields(
        prefix,
        _source_label(prefix, qa),
        rows,
        {"question": spec.question_field, "answer": spec.answer_field},
    )
    return [{"question": r.get(spec.question_field), "answer": r.get(spec.answer_field)} for r in rows]


def _number_problems(settings: Mapping[str, Any]) -> list[str]:
    def positive_int(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and v > 0

    def number(v: Any) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    checks: list[tuple[str, Any, Any, str]] = [
        ("eval.batch_size", settings.get("batch_size"), positive_int, "use a positive integer such as 8"),
        (
            "eval.probes.from_eval_split",
            settings["probes"].get("from_eval_split", 0),
            lambda v: isinstance(v, int) and v >= 0,
            "use 0 or a positive integer",
        ),
        (
            "eval.qa.max_rows",
            settings["qa"].get("max_rows"),
            lambda v: v is None or positive_int(v),
            "use a positive integer, or null for every row",
        ),
        (
            "eval.qa.max_new_tokens",
            settings["qa"].get("max_new_tokens"),
            lambda v: v is None or positive_int(v),
            "use a positive integer, or null for generation.max_new_tokens",
        ),
        (
            "eval.qa.exact",
            settings["qa"].get("exact"),
            lambda v: v in ("contains", "equals"),
            "use contains or equals",
        ),
        (
            "eval.qa.partial_threshold",
            settings["qa"].get("partial_threshold"),
            lambda v: number(v) and 0 < v <= 1,
            "use a share in (0, 1], e.g. 0.7",
        ),
        (
            "eval.semantic.threshold",
            settings["semantic"].get("threshold"),
            lambda v: number(v) and -1 <= v <= 1,
            "use a cosine similarity in [-1, 1], e.g. 0.75",
        ),
        (
            "eval.bootstrap.resamples",
            settings["bootstrap"].get("resamples"),
            lambda v: positive_int(v) and v >= 100,
            "use at least 100 (1000 is usual)",
        ),
        (
            "eval.bootstrap.level",
            settings["bootstrap"].get("level"),
            lambda v: number(v) and 0 < v < 1,
            "use a level in (0, 1), e.g. 0.95",
        ),
    ]
    return [f"{key}={value!r} is invalid: {fix}." for key, value, ok, fix in checks if not ok(value)]


def problems(cfg: DictConfig) -> list[str]:
    """Every problem with the `eval` group (values, files, fields, optional packages); empty when disabled."""
    try:
        settings = eval_settings(cfg)
    except ConfigError as err:
        return err.problems
    if not settings.get("enabled", True):
        return []
    found = _number_problems(settings)
    try:
        read_probes(settings["probes"])
    except DataError as err:
        found.append(str(err))
    qa = settings["qa"]
    if not qa.get("enabled", True):
        return found
    # A Hub set is checked when it is read (downloading it here would cost as much as reading it).
    if qa.get("path") or qa.get("embedded") or not qa.get("hub_id"):
        try:
            read_qa(qa)
        except DataError as err:
            found.append(str(err))
    if settings["semantic"].get("enabled"):
        problem = semantic.availability_problem()
        if problem:
            found.append(problem)
    return found


def check(cfg: DictConfig) -> None:
    """Raise one ConfigError listing every problem with the `eval` group."""
    found = problems(cfg)
    if found:
        raise ConfigError(found)


def system_prompt(value: str | None, train_records: list[dict[str, str]]) -> str | None:
    """`from_train`: the system prompt most training records had (the format the adapter learned); else as
    given."""
    if value != FROM_TRAIN:
        return value or None
    counts = Counter(r.get("system") or "" for r in train_records)
    if not counts:
        return None
    best, _ = counts.most_common(1)[0]
    return best or None


@dataclass
class QaSelection:
    rows: list[dict[str, Any]]
    excluded_trained: int  # rows whose question (case and spacing ignored) is in the train split
    excluded_empty: int  # rows without a question or an answer
    duplicates: int


def select_qa(
    rows: list[dict[str, Any]], train_questions: set[str], max_rows: int | None, seed: int
) -> QaSelection:
    """Unseen, non-empty, de-duplicated questions; a seeded sample of `max_rows` of them (in file order)."""
    kept, seen = [], set()
    trained = empty = duplicates = 0
    for row in rows:
        question, answer = row.get("question"), row.get("answer")
        if not isinstance(question, str) or not question.strip() or answer is None or not str(answer).strip():
            empty += 1
            continue
        key = normalise_question(question)
        if key in train_questions:
            trained += 1
        elif key in seen:
            duplicates += 1
        else:
            seen.add(key)
            kept.append({"question": question, "answer": str(answer)})
    if max_rows is not None and len(kept) > max_rows:
        picked = sorted(random.Random(seed).sample(range(len(kept)), max_rows))
        kept = [kept[i] for i in picked]
    return QaSelection(kept, trained, empty, duplicates)


@dataclass
class EvalPlan:
    """What one evaluation will generate for, fixed before any model is loaded."""

    settings: dict[str, Any]
    probes: list[dict[str, Any]] = field(default_factory=list)  # id, question, system
    qa: QaSelection | None = None
    qa_system: str | None = None


def build_plan(
    cfg: DictConfig, train_records: list[dict[str, str]], eval_records: list[dict[str, str]]
) -> EvalPlan:
    """Check the `eval` group and read the probe and QA sets; only questions the model was not trained on are
    kept."""
    check(cfg)
    settings = eval_settings(cfg)
    if not settings.get("enabled", True):
        return EvalPlan(settings)
    probe_system = system_prompt(settings["probes"].get("system_prompt"), train_records)
    probes = [{**p, "system": probe_system} for p in read_probes(settings["probes"])]
    # Held-out questions of the training distribution show whether the forum noise itself was learned.
    for number, record in enumerate(eval_records[: settings["probes"].get("from_eval_split", 0)]):
        probes.append(
            {"id": f"eval_split_{number + 1}", "question": record["question"], "system": record.get("system")}
        )
    plan = EvalPlan(settings, probes)
    qa = settings["qa"]
    if qa.get("enabled", True):
        train_questions = {normalise_question(r["question"]) for r in train_records}
        plan.qa = select_qa(read_qa(qa), train_questions, qa.get("max_rows"), int(settings.get("seed", 0)))
        if not plan.qa.rows:
            raise DataError(
                f"{_source_label('eval.qa', qa)} has no row left to score: {plan.qa.excluded_trained} were "
                f"trained on, {plan.qa.excluded_empty} were empty, {plan.qa.duplicates} were duplicates. "
                "Point eval.qa at questions "
                "the model has not seen, or set eval.qa.enabled=false."
            )
        plan.qa_system = system_prompt(qa.get("system_prompt"), train_records)
    return plan
