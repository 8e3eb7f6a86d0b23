"""Sweeps of the toy Hydra app (tests/sweep_app) in subprocesses (marked slow: a few seconds each on an idle
machine): plugin discovery, pruning, failures, two workers on one SQLite study, a killed worker resumed.
The report on fabricated folders is fast."""

from __future__ import annotations

import json
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

from lorasweep.report import main as report_main
from lorasweep.report import write_report

REPO = Path(__file__).resolve().parents[1]
APP = REPO / "tests" / "sweep_app" / "app.py"
NO_REPORT = "~hydra.callbacks.sweep_report"

optuna.logging.set_verbosity(optuna.logging.WARNING)


def run_app(sweep_dir: Path, *overrides: str, check: bool = True, timeout: float = 120,
            preset: str = "toy_optuna") -> subprocess.CompletedProcess[str]:
    """``python tests/sweep_app/app.py -m hparams_search=<preset> hydra.sweep.dir=<dir> ...``."""
    cmd = [sys.executable, str(APP), "-m", f"hparams_search={preset}", f"hydra.sweep.dir={sweep_dir}",
           *overrides]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=sweep_dir.parent)
    if check and done.returncode != 0:
        raise AssertionError(f"exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def load(sweep_dir: Path, name: str | None = None) -> optuna.Study:
    return optuna.load_study(study_name=name or sweep_dir.name, storage=f"sqlite:///{sweep_dir}/optuna.db")


@pytest.mark.slow
def test_optuna_sweep_prunes_a_diverging_trial_and_writes_the_report(tmp_path: Path) -> None:
    sweep = tmp_path / "prune"
    # trials 0-2 run with a fixed good learning rate (startup), then a diverging one must be pruned
    run_app(sweep, "hydra.sweeper.n_trials=4", "lora.r=choice(4,8)",
            "trainer.learning_rate=choice(0.001,0.5)", "lora.alpha=16", "hydra/sweeper/sampler=grid")
    study = load(sweep)
    states = {(t.params["lora.r"], t.params["trainer.learning_rate"]): t.state for t in study.trials}
    assert states[(4, 0.5)] == TrialState.PRUNED and states[(8, 0.5)] == TrialState.PRUNED
    assert states[(4, 0.001)] == TrialState.COMPLETE and states[(8, 0.001)] == TrialState.COMPLETE
    pruned = [t for t in study.trials if t.state == TrialState.PRUNED]
    assert all("pruned at step" in t.user_attrs["reason"] for t in pruned)
    table = pd.read_csv(sweep / "sweep_report.csv")
    assert sorted(table["state"]) == ["COMPLETE", "COMPLETE", "PRUNED", "PRUNED"]
    assert table.loc[table["best"] == "*", "lora.r"].tolist() == [8]
    assert (sweep / "plots" / "eval_loss_vs_lora.r.png").stat().st_size > 1000
    assert (sweep / "plots" / f"optuna_{sweep.name}_history.png").is_file()
    md = (sweep / "sweep_report.md").read_text()
    assert "2 complete, 2 pruned" in md
    # each trial's folder is named by its number and holds the job's own files
    assert sorted(p.name for p in sweep.glob("trial_*")) == [f"trial_{i:04d}" for i in range(4)]
    overrides = (sweep / "trial_0000" / ".hydra" / "overrides.yaml").read_text()
    assert "LORASWEEP" not in overrides  # the trial handle travels in hydra overrides, not task overrides


@pytest.mark.slow
def test_failing_trials_are_recorded_and_the_failure_limit_is_study_wide(tmp_path: Path) -> None:
    sweep = tmp_path / "fail"
    done = run_app(sweep, "hydra.sweeper.n_trials=6", "hydra.sweeper.max_failures=1", "sim.fail=oom",
                   NO_REPORT, check=False)
    assert done.returncode != 0
    assert "2 trials failed, more than hydra.sweeper.max_failures=1" in done.stderr
    assert "out of memory" in done.stderr
    study = load(sweep)
    assert [t.state for t in study.trials] == [TrialState.FAIL, TrialState.FAIL]
    # the study stopped, but its report was still written
    assert (sweep / "sweep_report.csv").is_file()
    assert json.loads((sweep / "trial_0000" / "status.json").read_text())["state"] == "FAILED"


@pytest.mark.slow
def test_bad_search_space_and_unknown_key_stop_before_training(tmp_path: Path) -> None:
    sweep = tmp_path / "bad"
    done = run_app(sweep, NO_REPORT, check=False, preset="toy_bad")
    assert done.returncode != 0
    assert "hydra.sweeper.params.lora.r: cannot parse" in done.stderr
    assert not list(sweep.glob("trial_*"))
    done = run_app(sweep, NO_REPORT, check=False, preset="toy_badkey")
    assert "hydra.sweeper.params.lora.rank: not a parameter of this config" in done.stderr
    assert not list(sweep.glob("trial_*"))
    done = run_app(sweep, "optimized_metric=eval_accuracy", NO_REPORT, check=False)
    assert "does not produce eval_accuracy; its metrics.json has: eval_loss, eval_perplexity" in done.stderr
    assert len(list(sweep.glob("trial_*"))) == 1  # detected after the first job, then the study stops
    done = run_app(sweep, "hydra.sweeper.direction=maximize", NO_REPORT, check=False)
    assert "already exists in this storage with direction ['minimize']" in done.stderr
    done = run_app(sweep, "hydra.sweeper.storage=nosuchdb://x", NO_REPORT, check=False)
    assert "hydra.sweeper.storage='nosuchdb://x' cannot be opened" in done.stderr


@pytest.mark.slow
def test_two_workers_share_one_study_without_duplicates(tmp_path: Path) -> None:
    sweep = tmp_path / "shared"
    sweep.mkdir()
    cmd = [sys.executable, str(APP), "-m", "hparams_search=toy_optuna", f"hydra.sweep.dir={sweep}",
           "hydra.sweeper.n_trials=8", "sim.step_seconds=0.05", NO_REPORT]
    workers = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    outputs = [w.communicate(timeout=180) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    study = load(sweep)
    assert len(study.trials) == 8
    assert [t.number for t in study.trials] == list(range(8))
    assert all(t.state in (TrialState.COMPLETE, TrialState.PRUNED) for t in study.trials)
    # both workers launched trials, and no trial folder was written twice
    launched = [(out + err).count("Launching 1 jobs locally") for out, err in outputs]
    assert sum(launched) == 8 and min(launched) >= 1, launched
    assert len(list(sweep.glob("trial_*"))) == 8
    # the two workers drew from different seeds: no configuration repeated
    configs = [tuple(sorted(t.params.items())) for t in study.trials]
    assert len(set(configs)) == len(configs)


@pytest.mark.slow
def test_killed_worker_is_resumed_with_no_trial_lost_or_repeated(tmp_path: Path) -> None:
    sweep = tmp_path / "resume"
    sweep.mkdir()
    cmd = [sys.executable, str(APP), "-m", "hparams_search=toy_optuna", f"hydra.sweep.dir={sweep}",
           "hydra.sweeper.n_trials=4", "sim.step_seconds=0.3", NO_REPORT]
    worker = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    # kill -9 while the second trial is training
    deadline = time.time() + 60
    while not (sweep / "trial_0001" / "job_started.txt").is_file():
        assert time.time() < deadline and worker.poll() is None, worker.communicate()
        time.sleep(0.1)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    before = load(sweep)
    assert before.trials[0].state in (TrialState.COMPLETE, TrialState.PRUNED)
    assert [t.state for t in before.trials][1:] == [TrialState.RUNNING]
    interrupted_params = before.trials[1].params

    run_app(sweep, "hydra.sweeper.n_trials=4", "sim.step_seconds=0.3", NO_REPORT)
    study = load(sweep)
    states = [t.state for t in study.trials]
    assert states[0] == before.trials[0].state and states[1] == TrialState.FAIL
    assert study.trials[1].user_attrs["lorasweep_interrupted"] is True
    assert "stopped sending heartbeats" in study.trials[1].user_attrs["fail_reason"]
    # the interrupted configuration was asked again, and 4 trials count in total: none lost, none repeated
    retried = [t for t in study.trials if t.user_attrs.get("lorasweep_retry_of") == 1]
    assert len(retried) == 1 and retried[0].params == interrupted_params
    counted = [t for t in study.trials if not t.user_attrs.get("lorasweep_interrupted")]
    assert len(counted) == 4 and all(t.state in (TrialState.COMPLETE, TrialState.PRUNED) for t in counted)
    assert [t.number for t in study.trials] == list(range(5))
    report = write_report(sweep)
    states_by_job = dict(zip(report.table["job"], report.table["state"], strict=True))
    assert states_by_job["trial_0001"] == "CRASHED"


# ---- the report on fabricated folders -------------------------------------------------------------------
def _job(root: Path, name: str, overrides: list[str], metrics: dict | None, status: dict | None,
         metric: str = "eval_loss") -> None:
    job = root / name
    (job / ".hydra").mkdir(parents=True)
    (job / ".hydra" / "overrides.yaml").write_text("".join(f"- {o}\n" for o in overrides))
    (job / ".hydra" / "config.yaml").write_text(f"optimized_metric: {metric}\nlora:\n  r: 8\n")
    (job / ".hydra" / "hydra.yaml").write_text("hydra:\n  sweeper:\n    max_batch_size: null\n")
    if metrics is not None:
        (job / "metrics.json").write_text(json.dumps(metrics))
    if status is not None:
        (job / "status.json").write_text(json.dumps(status))


def test_report_of_a_grid_folder_tells_crashed_from_finished(tmp_path: Path) -> None:
    sweep = tmp_path / "grid"
    ok = {"state": "COMPLETE", "reason": None}
    _job(sweep, "0_lora.r=4", ["lora.r=4"],
         {"eval_loss": 1.5, "train_runtime_s": 10.0, "peak_memory_mb": 300.0, "eval_perplexity": 4.48}, ok)
    _job(sweep, "1_lora.r=16", ["lora.r=16"],
         {"eval_loss": 1.2, "train_runtime_s": 12.0, "peak_memory_mb": 350.0, "eval_perplexity": 3.32}, ok)
    _job(sweep, "2_lora.r=32", ["lora.r=32"], None, None)  # killed: .hydra only
    _job(sweep, "3_lora.r=64", ["lora.r=64"], None, {"state": "FAILED", "reason": "NonFiniteLossError: nan"})
    assert report_main([str(sweep)]) == 0
    table = pd.read_csv(sweep / "sweep_report.csv")
    assert table["state"].tolist() == ["COMPLETE", "COMPLETE", "CRASHED", "FAILED"]
    assert table["lora.r"].tolist() == [4, 16, 32, 64]
    assert table["best"].fillna("").tolist() == ["", "*", "", ""]
    assert table["runtime_s"].tolist()[:2] == [10.0, 12.0]
    assert table["peak_memory_mb"].tolist()[:2] == [300.0, 350.0]
    assert table["eval_perplexity"].tolist()[:2] == [4.48, 3.32]
    assert table.loc[3, "reason"] == "NonFiniteLossError: nan"
    md = (sweep / "sweep_report.md").read_text()
    assert "2 complete, 1 failed, 1 crashed" in md
    assert "| 1_lora.r=16 |" in md
    assert (sweep / "plots" / "eval_loss_vs_lora.r.png").is_file()


def test_report_of_a_single_job_and_an_empty_or_missing_folder(tmp_path: Path) -> None:
    sweep = tmp_path / "one"
    _job(sweep, "0", ["lora.r=4"], {"eval_loss": 2.0}, None)
    files = write_report(sweep)
    assert files.table["state"].tolist() == ["COMPLETE"] and files.table["best"].tolist() == ["*"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "_No job folders found._" in write_report(empty).markdown.read_text()
    assert report_main([str(tmp_path / "nope")]) == 2
