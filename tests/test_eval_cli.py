"""`python evaluate.py` end to end: a finished smoke run scored on a local QA file, and a base model alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FAST = ["generation.max_new_tokens=4", "eval.qa.max_new_tokens=4", "eval.probes.from_eval_split=1"]


def qa_file(folder: Path) -> Path:
    rows = [
        {"prompt": "Which gas do plants take in for photosynthesis?", "expected": "Carbon dioxide"},
        {"prompt": "What is the freezing point of water in degrees Celsius?", "expected": "Zero"},
        {"prompt": "Which planet is closest to the Sun?", "expected": "Mercury"},
    ]
    path = folder / "my_qa.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def evaluate(out: Path, cache_dir: Path, *overrides: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "evaluate.py",
        f"hydra.run.dir={out}",
        f"paths.cache_dir={cache_dir}",
        *overrides,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_scores_a_finished_run_on_a_local_qa_file(
    smoke_run_dir: Path, cache_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "eval"
    qa = qa_file(tmp_path)
    done = evaluate(
        out,
        cache_dir,
        f"run_dir={smoke_run_dir}",
        f"eval.qa.path={qa}",
        "eval.qa.embedded=null",
        "eval.qa.fields.question=prompt",
        "eval.qa.fields.answer=expected",
        *FAST,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = json.loads((out / "metrics.json").read_text())
    run_metrics = json.loads((smoke_run_dir / "metrics.json").read_text())
    assert metrics["eval_loss"] == pytest.approx(
        run_metrics["eval_loss"], rel=1e-4
    )  # same adapter, same split
    assert metrics["vqa_n"] == 3.0 and metrics["vqa_partial_match_n"] == 3.0
    assert (
        metrics["vqa_exact_match_ci_low"] <= metrics["vqa_exact_match"] <= metrics["vqa_exact_match_ci_high"]
    )
    assert {"probe_filler_rate_base", "probe_filler_rate_tuned", "vqa_exact_match_base"} <= set(metrics)
    predictions = [json.loads(line) for line in (out / "vqa_predictions.jsonl").read_text().splitlines()]
    assert [p["reference"] for p in predictions] == ["Carbon dioxide", "Zero", "Mercury"]
    assert "Fine-tuned" in (out / "probes.md").read_text()
    assert json.loads((out / "evaluated.json").read_text())["adapter"].endswith("adapter")


@pytest.mark.slow
def test_base_model_alone(cache_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "eval"
    done = evaluate(
        out, cache_dir, "model=tiny_random_llama", "quantization=none", "eval.qa.max_rows=3", *FAST
    )
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = json.loads((out / "metrics.json").read_text())
    assert "probe_filler_rate_base" in metrics and "probe_filler_rate_tuned" not in metrics
    assert "eval_loss" not in metrics and metrics["vqa_n"] == 3.0 and "vqa_exact_match_base" not in metrics
    assert "Fine-tuned" not in (out / "probes.md").read_text()


@pytest.mark.slow
def test_bad_input_is_one_message_and_exit_2(tmp_path: Path, cache_dir: Path) -> None:
    done = evaluate(tmp_path / "eval", cache_dir, "model=tiny_random_llama", "run_dir=/no/such/run")
    assert done.returncode == 2
    assert "run_dir='/no/such/run' does not exist" in done.stderr and "Traceback" not in done.stderr
