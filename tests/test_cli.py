"""The real command line, as a user types it (subprocesses, so marked slow)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_train(*args: str, cache_dir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "LORASWEEP_CACHE": str(cache_dir), "WANDB_MODE": "offline", "HYDRA_FULL_ERROR": "0"}
    return subprocess.run(
        [sys.executable, "train.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.slow
def test_smoke_cli_run_and_its_reproduction_from_the_saved_config(cache_dir, tmp_path):
    first = run_train("experiment=smoke", f"hydra.run.dir={tmp_path / 'first'}", cache_dir=cache_dir)
    assert first.returncode == 0, first.stderr[-2000:]
    saved = tmp_path / "first" / ".hydra"
    assert (saved / "config.yaml").is_file() and "experiment=smoke" in (saved / "overrides.yaml").read_text()

    again = run_train(
        "--config-path",
        str(saved),
        "--config-name",
        "config",
        f"hydra.run.dir={tmp_path / 'again'}",
        cache_dir=cache_dir,
    )
    assert again.returncode == 0, again.stderr[-2000:]
    loss = [json.loads((tmp_path / d / "metrics.json").read_text())["eval_loss"] for d in ("first", "again")]
    assert loss[0] == pytest.approx(loss[1], rel=1e-6)


@pytest.mark.slow
def test_bad_values_get_one_message_and_no_traceback(cache_dir, tmp_path):
    done = run_train(
        "experiment=smoke",
        "lora.r=0",
        "lora.dropout=2",
        "trainer.learning_rate=-1",
        f"hydra.run.dir={tmp_path / 'bad'}",
        cache_dir=cache_dir,
    )
    assert done.returncode == 2
    assert "3 problems in the config" in done.stderr
    for key in ("lora.r=0", "lora.dropout=2", "trainer.learning_rate=-1"):
        assert key in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "bad" / "metrics.json").exists()


@pytest.mark.slow
def test_unknown_option_lists_the_available_ones(cache_dir):
    done = run_train("quantization=nf3", cache_dir=cache_dir)
    assert done.returncode != 0
    assert "Could not find 'quantization/nf3'" in done.stderr and "nf4" in done.stderr
