"""Run an evaluation plan on a model: probe answers from both models, verifiable-QA scores, files and metrics.

With a LoRA adapter attached, the base model is the same weights with the adapter switched off
(`model.disable_adapter()`), so base and fine-tuned answers differ only by what training changed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from lorasweep.data.formatting import messages
from lorasweep.evaluation.generate import GenerationSettings, generate
from lorasweep.evaluation.genmetrics import generation_metrics
from lorasweep.evaluation.matching import exact_match, negates_reference, partial_match
from lorasweep.evaluation.settings import EvalPlan
from lorasweep.evaluation.stats import bootstrap_ci

log = logging.getLogger(__name__)

BASE, TUNED = "base", "tuned"


def has_adapter(model: Any) -> bool:
    """True for a PEFT model whose adapter can be switched off to get the base model."""
    return callable(getattr(model, "disable_adapter", None)) and hasattr(model, "peft_config")


def model_passes(model: Any) -> list[tuple[str, Callable[[], contextlib.AbstractContextManager]]]:
    """(name, context) for each model to evaluate: base (adapter off) and tuned, or only base without an
    adapter."""
    if has_adapter(model):
        return [(BASE, model.disable_adapter), (TUNED, contextlib.nullcontext)]
    return [(BASE, contextlib.nullcontext)]


def conversation(question: str, system: str | None, system_role: str) -> list[dict[str, str]]:
    """The prompt turns for one question, formatted exactly as training formats them."""
    return messages({"system": system or "", "question": question, "answer": ""}, system_role)[0]


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _cell(text: str) -> str:
    return (text or "*(empty)*").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def probes_markdown(rows: list[dict[str, Any]], names: list[str], settings: GenerationSettings) -> str:
    """Side-by-side answers per probe question, for reading in any Markdown viewer."""
    mode = (
        "greedy"
        if not settings.generate_kwargs()["do_sample"]
        else (f"sampling (temperature {settings.temperature}, top_p {settings.top_p})")
    )
    titles = {BASE: "Base model (adapter off)", TUNED: "Fine-tuned"}
    lines = [
        "# Probe answers",
        "",
        f"Same prompts, same seed, {mode}, at most {settings.max_new_tokens} new tokens, "
        f"repetition penalty {settings.repetition_penalty}.",
        "",
    ]
    for row in rows:
        lines += [f"## {row['id']}", "", f"**Question:** {row['question']}", ""]
        if row.get("system"):
            lines += [f"**System prompt:** {row['system']}", ""]
        lines += ["| " + " | ".join(titles[n] for n in names) + " |", "|" + " --- |" * len(names)]
        lines += ["| " + " | ".join(_cell(row[n]) for n in names) + " |", ""]
    return "\n".join(lines)


@contextlib.contextmanager
def _timer(totals: dict[str, float], key: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        totals[key] = totals.get(key, 0.0) + time.perf_counter() - started


def run_probes(
    model: Any,
    tokenizer: Any,
    plan: EvalPlan,
    gen: GenerationSettings,
    system_role: str,
    run_dir: Path,
    tracker: Any,
    timing: dict[str, float],
) -> dict[str, float]:
    """Answer every probe with each model; write probes.jsonl and probes.md; return probe_* metrics."""
    batch, seed = int(plan.settings["batch_size"]), int(plan.settings.get("seed", 0))
    conversations = [conversation(p["question"], p["system"], system_role) for p in plan.probes]
    rows = [dict(p) for p in plan.probes]
    metrics: dict[str, float] = {"probe_n": float(len(rows))}
    names = []
    for name, context in model_passes(model):
        with context(), _timer(timing, "generate"):
            answers = generate(model, tokenizer, conversations, gen, batch, seed)
        names.append(name)
        for row, answer in zip(rows, answers, strict=True):
            row[name], row[f"{name}_new_tokens"] = answer.text, answer.new_tokens
        timing["tokens"] = timing.get("tokens", 0.0) + sum(a.new_tokens for a in answers)
        metrics.update(
            {f"probe_{k}_{name}": v for k, v in generation_metrics([a.text for a in answers]).items()}
        )
    _write_jsonl(run_dir / "probes.jsonl", rows)
    (run_dir / "probes.md").write_text(probes_markdown(rows, names, gen), encoding="utf-8")
    tracker.log_table(
        "eval/probes",
        ["id", "question", *names],
        [[r["id"], r["question"], *(r[n] for n in names)] for r in rows],
    )
    return metrics


def score_answers(
    predictions: list[str],
    references: list[str],
    qa: Mapping[str, Any],
    semantic_scores: list[float] | None,
    semantic_threshold: float,
) -> list[dict[str, Any]]:
    """Per-answer scores: exact, partial share and match, and semantic similarity and match when computed."""
    scored = []
    for index, (prediction, reference) in enumerate(zip(predictions, references, strict=True)):
        partial = partial_match(prediction, reference, float(qa["partial_threshold"]))
        row = {
            "exact": exact_match(prediction, reference, qa["exact"]),
            "partial": partial.matched,
            "partial_share": round(partial.share, 4),
        }
        if semantic_scores is not None:
            row["semantic_similarity"] = round(semantic_scores[index], 4)
            # Embeddings do not see "not": an answer that only negates the reference is no match.
            row["semantic"] = semantic_scores[index] >= semantic_threshold and not negates_reference(
                prediction, reference
            )
        scored.append(row)
    return scored


def qa_metrics(
    scored: list[dict[str, Any]], suffix: str, resamples: int, seed: int, level: float
) -> dict[str, float]:
    """Each score's mean with its bootstrap interval and n: vqa_exact_match{suffix}, ..._ci_low, ..._ci_high,
    ..._n."""
    out: dict[str, float] = {}
    for key, name in (("exact", "exact_match"), ("partial", "partial_match"), ("semantic", "semantic_match")):
        if scored and key in scored[0]:
            values = [float(row[key]) for row in scored]
            out.update(bootstrap_ci(values, resamples, seed, level).as_metrics(f"vqa_{name}{suffix}"))
    if scored and "semantic_similarity" in scored[0]:
        out[f"vqa_semantic_similarity{suffix}"] = sum(r["semantic_similarity"] for r in scored) / len(scored)
    return out


def run_qa(
    model: Any,
    tokenizer: Any,
    plan: EvalPlan,
    gen_cfg: Mapping[str, Any],
    system_role: str,
    run_dir: Path,
    tracker: Any,
    timing: dict[str, float],
) -> dict[str, float]:
    """Answer the selected verifiable questions (full text, never cut), score them, write
    vqa_predictions.jsonl."""
    settings, qa, selection = plan.settings, plan.settings["qa"], plan.qa
    if selection is None:  # QA disabled
        return {}
    gen = GenerationSettings.from_mapping(gen_cfg, qa.get("max_new_tokens"))
    batch, seed = int(settings["batch_size"]), int(settings.get("seed", 0))
    boot = settings["bootstrap"]
    conversations = [conversation(r["question"], plan.qa_system, system_role) for r in selection.rows]
    references = [r["answer"] for r in selection.rows]
    passes = model_passes(model)
    if len(passes) == 2 and not qa.get("compare_base", True):
        passes = passes[1:]
    scorer = None
    if settings["semantic"].get("enabled"):
        from lorasweep.evaluation.semantic import SemanticScorer

        scorer = SemanticScorer()
    rows = [
        {"question": r["question"], "reference": r["answer"], "system": plan.qa_system}
        for r in selection.rows
    ]
    metrics: dict[str, float] = {
        "vqa_n": float(len(rows)),
        "vqa_excluded_trained": float(selection.excluded_trained),
    }
    for name, context in passes:
        with context(), _timer(timing, "generate"):
            answers = generate(model, tokenizer, conversations, gen, batch, seed)
        timing["tokens"] = timing.get("tokens", 0.0) + sum(a.new_tokens for a in answers)
        predictions = [a.text for a in answers]
        similarities = scorer.similarities(predictions, references) if scorer else None
        scored = score_answers(
            predictions, references, qa, similarities, float(settings["semantic"]["threshold"])
        )
        # The evaluated model's scores are unsuffixed (what optimized_metric names); the base comparison is
        # _base.
        suffix = "_base" if name == BASE and len(passes) == 2 else ""
        metrics.update(qa_metrics(scored, suffix, int(boot["resamples"]), seed, float(boot["level"])))
        prefix = "base_" if suffix else ""
        for row, answer, score in zip(rows, predictions, scored, strict=True):
            row[f"{prefix}prediction"] = answer
            row.update({f"{prefix}{k}": v for k, v in score.items()})
    _write_jsonl(run_dir / "vqa_predictions.jsonl", rows)
    tracker.log_table(
        "eval/vqa",
        ["question", "reference", "prediction", "exact", "partial"],
        [[r["question"], r["reference"], r["prediction"], r["exact"], r["partial"]] for r in rows],
    )
    return metrics


def execute(
    plan: EvalPlan,
    model: Any,
    tokenizer: Any,
    gen_cfg: Mapping[str, Any],
    system_role: str,
    run_dir: Path,
    tracker: Any,
) -> dict[str, float]:
    """Every generation of the plan; flat float metrics for metrics.json (empty when disabled)."""
    if not plan.settings.get("enabled", True):
        return {}
    run_dir.mkdir(parents=True, exist_ok=True)
    timing: dict[str, float] = {}
    started = time.perf_counter()
    gen = GenerationSettings.from_mapping(gen_cfg)
    metrics = run_probes(model, tokenizer, plan, gen, system_role, run_dir, tracker, timing)
    if plan.qa is not None:
        metrics.update(run_qa(model, tokenizer, plan, gen_cfg, system_role, run_dir, tracker, timing))
    metrics["eval_generation_runtime_s"] = time.perf_counter() - started
    if timing.get("generate"):
        metrics["eval_generated_tokens_per_s"] = timing.get("tokens", 0.0) / timing["generate"]
    log.info("evaluation: %s", {k: round(v, 4) for k, v in metrics.items()})
    return metrics
