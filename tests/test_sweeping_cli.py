"""End-to-end sweeps of the real ``python train.py ... experiment=smoke`` (slow: each job trains).

Each test keeps jobs to a handful of steps. Together they show: a 3-value grid with its report, an
Optuna study with a trial pruned on purpose and resumed with numbering continued, a killed study resumed
with no trial lost or repeated, two concurrent workers on one SQLite study, and a failing trial that does
not stop the study.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import optuna
import pandas as pd
import pytest
from optuna.trial import TrialState

REPO = Path(__file__).resolve().parents[1]
TINY = ["experiment=smoke", "logger=none", "trainer.max_steps=2", "trainer.eval_steps=1"]
OPTUNA = ["hparams_search=lora_optuna", "hydra.sweeper.study_name=s", "lora.alpha=16"]

pytestmark = pytest.mark.slow
optuna.logging.set_verbosity(optuna.logging.WARNING)


def train(sweep: Path, *overrides: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "train.py", "-m", *TINY, f"hydra.sweep.dir={sweep}", *overrides]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=1200)
    if check and done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def study_of(sweep: Path) -> optuna.Study:
    return optuna.load_study(study_name="s", storage=f"sqlite:///{sweep}/optuna.db")


def test_grid_of_three_values_with_its_report(tmp_path: Path) -> None:
    sweep = tmp_path / "grid"
    train(sweep, "lora.r=2,4,8")
    done = subprocess.run([sys.executable, "-m", "lorasweep.report", str(sweep)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(sweep / "sweep_report.csv")
    assert sorted(table["lora.r"]) == [2, 4, 8]
    assert table["state"].tolist() == ["COMPLETE"] * 3
    assert (table["best"] == "*").sum() == 1
    assert table["eval_loss"].notna().all() and table["peak_memory_mb"].notna().all()
    assert (sweep / "plots" / "eval_loss_vs_lora.r.png").is_file()


def test_optuna_prunes_a_hopeless_trial_and_resume_continues_numbering(tmp_path: Path) -> None:
    sweep = tmp_path / "prune"
    pruner = ["hydra.sweeper.pruner.n_startup_trials=1", "hydra.sweeper.pruner.n_warmup_steps=1"]
    train(sweep, *OPTUNA, *pruner, "hydra.sweeper.n_trials=2", "lora.r=choice(4)",
          "trainer.learning_rate=interval(0.04,0.05)")
    # resume the same study with a learning rate too small to learn anything: worse than the median, pruned
    # (a float range may change within a study; a choice's values may not)
    train(sweep, *OPTUNA, *pruner, "hydra.sweeper.n_trials=3", "lora.r=choice(4)",
          "trainer.learning_rate=interval(1e-10,1e-9)")
    study = study_of(sweep)
    assert [t.number for t in study.trials] == [0, 1, 2]
    assert [t.state for t in study.trials] == [TrialState.COMPLETE, TrialState.COMPLETE, TrialState.PRUNED]
    assert study.trials[2].value is not None  # recorded with its last reported value


def test_killed_study_resumes_with_no_trial_lost_or_repeated(tmp_path: Path) -> None:
    sweep = tmp_path / "resume"
    fast_grace = ["hydra.sweeper.heartbeat_interval=1", "hydra.sweeper.grace_period=3",
                  "hydra.sweeper.n_trials=2"]
    cmd = [sys.executable, "train.py", "-m", *TINY, f"hydra.sweep.dir={sweep}", *OPTUNA, *fast_grace]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 600
    while not (sweep / "trial_0000" / ".hydra").is_dir():
        assert time.time() < deadline and proc.poll() is None
        time.sleep(0.5)
    time.sleep(2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert [t.state for t in study_of(sweep).trials] == [TrialState.RUNNING]
    train(sweep, *OPTUNA, *fast_grace)
    trials = study_of(sweep).trials
    assert trials[0].state == TrialState.FAIL and trials[0].user_attrs["lorasweep_interrupted"] is True
    counted = [t for t in trials if not t.user_attrs.get("lorasweep_interrupted")]
    assert len(counted) == 2 and all(t.state == TrialState.COMPLETE for t in counted)
    assert [t.user_attrs.get("lorasweep_retry_of") for t in counted].count(0) == 1
    report = subprocess.run([sys.executable, "-m", "lorasweep.report", str(sweep)], cwd=REPO, timeout=300)
    assert report.returncode == 0
    table = pd.read_csv(sweep / "sweep_report.csv")
    assert dict(zip(table["job"], table["state"], strict=True))["trial_0000"] == "CRASHED"


def test_two_concurrent_workers_share_one_sqlite_study(tmp_path: Path) -> None:
    sweep = tmp_path / "shared"
    sweep.mkdir()
    cmd = [sys.executable, "train.py", "-m", *TINY, f"hydra.sweep.dir={sweep}", *OPTUNA,
           "hydra.sweeper.n_trials=3"]
    workers = [subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for _ in range(2)]
    outputs = [w.communicate(timeout=1800)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [o[-2000:] for o in outputs]
    trials = study_of(sweep).trials
    assert [t.number for t in trials] == [0, 1, 2]
    assert all(t.state in (TrialState.COMPLETE, TrialState.PRUNED) for t in trials)
    assert all(o.count("Launching 1 jobs locally") >= 1 for o in outputs)
    assert sorted(p.name for p in sweep.glob("trial_*")) == ["trial_0000", "trial_0001", "trial_0002"]


def test_a_failing_trial_does_not_stop_the_study(tmp_path: Path) -> None:
    sweep = tmp_path / "fail"
    # lora.dropout=1.5 makes the run raise (its config check); the other trial completes
    train(sweep, *OPTUNA, "hydra/sweeper/sampler=grid", "hydra.sweeper.n_trials=2", "lora.r=choice(4)",
          "trainer.learning_rate=choice(1e-3)", "lora.dropout=choice(0.05,1.5)")
    trials = {t.params["lora.dropout"]: t for t in study_of(sweep).trials}
    assert trials[0.05].state == TrialState.COMPLETE
    assert trials[1.5].state == TrialState.FAIL
    assert "lora.dropout" in trials[1.5].user_attrs["fail_reason"]
