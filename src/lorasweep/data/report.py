"""The data audit trail: token-length statistics, the histogram, and the report files a run writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np


def length_stats(lengths: list[int], limit: int) -> dict[str, float | int]:
    """Distribution of token lengths after chat formatting, and how many exceed the budget."""
    if not lengths:
        return {"count": 0, "over_limit": 0, "limit": limit}
    values = np.asarray(lengths)
    return {
        "count": int(values.size),
        "min": int(values.min()),
        "mean": round(float(values.mean()), 1),
        "p50": float(np.percentile(values, 50)),
        "p90": float(np.percentile(values, 90)),
        "p99": float(np.percentile(values, 99)),
        "max": int(values.max()),
        "limit": limit,
        "over_limit": int((values > limit).sum()),
    }


def write_histogram(lengths: list[int], limit: int, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.hist(lengths, bins=min(60, max(10, len(lengths) // 10)), color="#4C72B0")
    ax.axvline(limit, color="#C44E52", linestyle="--", label=f"max_seq_length = {limit}")
    ax.set_xlabel("tokens per example after chat formatting")
    ax.set_ylabel("examples")
    ax.set_title(f"Token lengths ({len(lengths)} examples, {sum(v > limit for v in lengths)} over the limit)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_data_outputs(prepared: Any, run_dir: Path, with_records: bool) -> dict[str, Any]:
    """Write data_report.json and token_lengths.png (and data/cleaned.jsonl when asked) into the run folder."""
    report = dict(prepared.report)
    (run_dir / "data_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    lengths = json.loads(prepared.lengths_path.read_text())
    write_histogram(lengths, report["token_lengths"]["limit"], run_dir / "token_lengths.png")
    if with_records:
        (run_dir / "data").mkdir(exist_ok=True)
        with (run_dir / "data" / "cleaned.jsonl").open("w", encoding="utf-8") as handle:
            for split in ("train", "eval"):
                for record in prepared.records(split):
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return report
