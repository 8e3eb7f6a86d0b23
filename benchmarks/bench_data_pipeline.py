"""Data stage throughput: clean, chat-format and tokenize a 112,165-row ChatDoctor-shaped set, then re-run cached.

    python benchmarks/bench_data_pipeline.py [--rows 112165]

Goals (issue 3): the cold run under 60 s on a 2-core CPU; the cached re-run under 3 s. The rows are generated
(forum noise, duplicates, short answers) by bench_cleaning.synthetic_rows; the tokenizer is the real SmolLM2 one.
Figures are printed and written to benchmarks/results/data_pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from omegaconf import OmegaConf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_cleaning import synthetic_rows  # noqa: E402

from lorasweep.data.pipeline import prepare  # noqa: E402
from lorasweep.embedded import smollm2_tokenizer_dir  # noqa: E402
from lorasweep.modeling import load_tokenizer  # noqa: E402


def data_config(path: Path) -> dict:
    cfg = OmegaConf.load(ROOT / "conf" / "data" / "chatdoctor.yaml")
    cfg.pop("defaults")
    cfg.cleaning = OmegaConf.load(ROOT / "conf" / "data" / "cleaning" / "forum.yaml")
    cfg.path, cfg.sample_size, cfg.split_seed = str(path), None, 42
    return OmegaConf.to_container(cfg, resolve=True)


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=112_165)
    args = parser.parse_args()
    cache = Path(os.environ.get("LORASWEEP_CACHE", "~/.cache/lorasweep")).expanduser()
    tokenizer, _ = load_tokenizer(str(smollm2_tokenizer_dir(cache)), {"chat_template": None})

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "chatdoctor_generated.jsonl"
        rows = synthetic_rows(args.rows)
        source.write_text(
            "".join(
                json.dumps({"instruction": r["system"], "input": r["question"], "output": r["answer"]}) + "\n"
                for r in rows
            )
        )
        cfg = data_config(source)
        cold, cold_s, cold_cpu = timed(lambda: prepare(cfg, tokenizer, 512, Path(tmp) / "cache"))
        _, warm_s, warm_cpu = timed(lambda: prepare(cfg, tokenizer, 512, Path(tmp) / "cache"))

    report = cold.report
    results = {
        "rows_in": report["rows_in"],
        "rows_out": report["rows_out"],
        "cold_seconds": cold_s,
        "cold_cpu_seconds": cold_cpu,
        "rows_per_s": round(report["rows_in"] / cold_s),
        "cached_seconds": warm_s,
        "cached_cpu_seconds": warm_cpu,
        "goal_cold_under_60s": cold_s < 60,
        "goal_cached_under_3s": warm_s < 3,
        "cpu_count": os.cpu_count(),
    }
    print(json.dumps(results, indent=2))
    out = ROOT / "benchmarks" / "results" / "data_pipeline.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
