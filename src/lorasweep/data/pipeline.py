"""The data stage of a run, top to bottom: load, clean, sample, split, format, tokenize, report, cache.

The result is cached under `paths.cache_dir/datasets/<fingerprint>`; the fingerprint covers the source's
content, every data setting, the token budget and the tokenizer, so sweep jobs that vary only LoRA or the
learning rate reuse one prepared dataset, and a sweep over cleaning thresholds gets a fresh one per value.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datasets import Dataset, load_from_disk

from lorasweep.data.cleaning import CleaningRules, clean_records
from lorasweep.data.formatting import tokenize_records, tokenizer_fingerprint
from lorasweep.data.report import length_stats
from lorasweep.data.sources import SourceSpec, describe, embedded_path, file_digest, load_rows, map_fields
from lorasweep.errors import DataError

log = logging.getLogger(__name__)

# Bump when the layout of a cached dataset changes, so stale caches are never read.
CACHE_FORMAT = 1


@dataclass
class PreparedData:
    train: Dataset
    eval: Dataset
    report: dict[str, Any]
    records_path: Path  # JSONL of kept records with their split, in the cache
    lengths_path: Path  # JSON list of every example's token length before the budget was applied

    def records(self, split: str) -> list[dict[str, str]]:
        """The cleaned records of one split (`train` or `eval`), in dataset order."""
        with self.records_path.open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
        return [{k: r[k] for k in ("system", "question", "answer")} for r in rows if r["split"] == split]


def _source_fingerprint(spec: SourceSpec) -> str | None:
    """Content digest of a file source without parsing it (what makes a cached re-run fast); None for the Hub."""
    if spec.path:
        return "file:" + file_digest(Path(spec.path).expanduser())
    if spec.embedded:
        return "file:" + file_digest(embedded_path(spec.embedded))
    return None


def fingerprint(source: str, data_cfg: Mapping[str, Any], tokenizer: Any, max_length: int) -> str:
    settings = {k: v for k, v in data_cfg.items() if k not in ("name", "path", "embedded")}
    payload = json.dumps(
        {
            "format": CACHE_FORMAT,
            "source": source,
            "settings": settings,
            "tokenizer": tokenizer_fingerprint(tokenizer),
            "max_length": max_length,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:20]


def normalise_question(text: str) -> str:
    return " ".join(text.lower().split())


def split_by_question(records: list[dict[str, str]], eval_fraction: float, seed: int) -> tuple[list, list]:
    """Split so that no question (case and spacing ignored) is in both train and eval."""
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        groups.setdefault(normalise_question(record["question"]), []).append(index)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    target = max(1, round(eval_fraction * len(records)))
    eval_index: set[int] = set()
    for key in keys:
        if len(eval_index) >= target:
            break
        eval_index.update(groups[key])
    train = [r for i, r in enumerate(records) if i not in eval_index]
    held_out = [r for i, r in enumerate(records) if i in eval_index]
    return train, held_out


def _sample(records: list, size: int | None, seed: int) -> list:
    if size is None or size >= len(records):
        if size is not None:
            log.warning(
                "data.sample_size=%d but only %d rows survive cleaning; using all of them", size, len(records)
            )
        return records
    picked = sorted(random.Random(seed).sample(range(len(records)), size))
    return [records[i] for i in picked]


def _empty_message(where: str, dropped: Mapping[str, int], rows_in: int) -> str:
    worst = max(dropped, key=dropped.get) if dropped else "none"
    counts = ", ".join(
        f"{rule}={count}" for rule, count in sorted(dropped.items(), key=lambda kv: -kv[1]) if count
    )
    return (
        f"Cleaning {where} left no training rows out of {rows_in}. Drops per rule: {counts or 'none'}. "
        f"The rule '{worst}' took the most: relax its data.cleaning setting (or pick data/cleaning=none to inspect)."
    )


def build(
    spec: SourceSpec,
    data_cfg: Mapping[str, Any],
    tokenizer: Any,
    max_length: int,
    system_role: str,
    loaded: tuple[list[dict[str, Any]], str] | None = None,
) -> tuple[dict[str, Dataset], dict[str, Any], list[dict[str, str]], list[int]]:
    """Run every data step in memory: the datasets, the report, the kept records (with split), token lengths."""
    rows, source_fp = loaded or load_rows(spec)
    mapped = map_fields(rows, spec, describe(spec))
    outcome = clean_records(mapped, CleaningRules.from_mapping(data_cfg["cleaning"]))
    dropped = {rule: count for rule, count in outcome.dropped.items()}
    sampled = _sample(outcome.kept, data_cfg.get("sample_size"), data_cfg["split_seed"])
    dropped["sample_size"] = len(outcome.kept) - len(sampled)
    train_records, eval_records = split_by_question(
        sampled, data_cfg["eval_fraction"], data_cfg["split_seed"]
    )

    datasets, kept, lengths, truncated = {}, [], [], 0
    token_drops: Counter[str] = Counter()
    for split, records in (("train", train_records), ("eval", eval_records)):
        tokenized = tokenize_records(tokenizer, records, max_length, data_cfg["over_length"], system_role)
        token_drops.update(tokenized.dropped)
        lengths += tokenized.lengths
        truncated += tokenized.truncated
        datasets[split] = Dataset.from_dict({"input_ids": tokenized.input_ids, "labels": tokenized.labels})
        kept += [{**records[i], "split": split} for i in tokenized.kept_index]
    dropped.update(token_drops)
    if len(datasets["train"]) == 0 or len(datasets["eval"]) == 0:
        raise DataError(_empty_message(describe(spec), dropped, outcome.rows_in))

    report = {
        "source": describe(spec),
        "rows_in": outcome.rows_in,
        "dropped": dropped,
        "scrubbed": dict(outcome.scrubbed),
        "truncated": truncated,
        "rows_out": len(kept),
        "train_rows": len(datasets["train"]),
        "eval_rows": len(datasets["eval"]),
        "token_lengths": length_stats(lengths, max_length),
        "examples": outcome.examples,
        "source_fingerprint": source_fp,
    }
    return datasets, report, kept, lengths


def _save(
    target: Path, datasets: dict[str, Dataset], report: dict, kept: list[dict], lengths: list[int]
) -> None:
    """Write the cache entry in a temporary folder and rename it into place, so a crash leaves no half entry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for split, dataset in datasets.items():
            dataset.save_to_disk(str(tmp / split))
        with (tmp / "records.jsonl").open("w", encoding="utf-8") as handle:
            for record in kept:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        (tmp / "lengths.json").write_text(json.dumps(lengths))
        (tmp / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        try:
            tmp.rename(target)
        except OSError:
            if not (target / "report.json").is_file():  # another job won the race with the same content
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def prepare(
    data_cfg: Mapping[str, Any],
    tokenizer: Any,
    max_length: int,
    cache_dir: str | Path,
    system_role: str = "native",
) -> PreparedData:
    """Prepared train/eval datasets for `data_cfg` (a plain dict of the `data` config), from cache when possible."""
    spec = SourceSpec.from_mapping(data_cfg)
    source_fp = _source_fingerprint(spec)
    loaded = None
    if source_fp is None:  # Hub: loading is the only way to learn the content's fingerprint (datasets caches it)
        loaded = load_rows(spec)
        source_fp = loaded[1]
    key = fingerprint(source_fp, data_cfg, tokenizer, max_length)
    entry = Path(cache_dir).expanduser() / "datasets" / key
    if not (entry / "report.json").is_file():
        log.info("Preparing %s (cache miss %s)", describe(spec), key)
        datasets, report, kept, lengths = build(spec, data_cfg, tokenizer, max_length, system_role, loaded)
        report["fingerprint"] = key
        _save(entry, datasets, report, kept, lengths)
    else:
        log.info("Reusing prepared data %s from %s", key, entry)
    report = json.loads((entry / "report.json").read_text())
    return PreparedData(
        train=load_from_disk(str(entry / "train")),
        eval=load_from_disk(str(entry / "eval")),
        report=report,
        records_path=entry / "records.jsonl",
        lengths_path=entry / "lengths.json",
    )
