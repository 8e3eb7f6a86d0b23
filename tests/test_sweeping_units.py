"""Fast unit tests of the sweep machinery: search space, pruner/sampler specs, studies, the sweep loop
(with a fake launcher), trial reporting."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import optuna
import pytest
from hydra.core.utils import JobReturn, JobStatus
from omegaconf import OmegaConf
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

from lorasweep.errors import ConfigError
from lorasweep.sweep_trial import TrialReporter, current_reporter, trial_callbacks
from lorasweep.sweeping import handoff
from lorasweep.sweeping import study as studies
from lorasweep.sweeping.optuna_sweep import OptunaSweep, SweepAborted, SweepSettings
from lorasweep.sweeping.outcome import interpret
from lorasweep.sweeping.pruning import build_pruner, normalize_pruner_spec
from lorasweep.sweeping.samplers import AskTellGridSampler, build_sampler
from lorasweep.sweeping.searchspace import params_to_arguments, parse_search_space
from lorasweep.sweeping.storage import open_storage

optuna.logging.set_verbosity(optuna.logging.WARNING)


# ---- search space ------------------------------------------------------------------------------------------
def test_official_syntax_parses_to_optuna_distributions() -> None:
    space = parse_search_space(
        [
            "lora.r=choice(4, 8, 16)",
            "trainer.learning_rate=tag(log, interval(1e-5, 1e-2))",
            "lora.alpha=interval(8, 64)",
            "lora.dropout=range(0.0, 0.25, 0.05)",
            "trainer.max_steps=10",
            "lora.target_modules=choice([q_proj,v_proj],all-linear)",
        ],
        defaults={"lora.alpha": 16},
    )
    dists = space.distributions()
    assert dists["lora.r"] == CategoricalDistribution([4, 8, 16])
    assert dists["trainer.learning_rate"] == FloatDistribution(1e-5, 1e-2, log=True)
    # the config holds an int there, so the interval samples ints
    assert dists["lora.alpha"] == IntDistribution(8, 64)
    assert isinstance(dists["lora.dropout"], FloatDistribution) and dists["lora.dropout"].step == 0.05
    assert space.fixed == ["trainer.max_steps=10"]
    overrides = space.overrides({"lora.r": 8, "trainer.learning_rate": 1e-4, "lora.alpha": 20,
                                 "lora.target_modules": "[q_proj,v_proj]"})
    assert overrides == ["trainer.max_steps=10", "lora.r=8", "trainer.learning_rate=0.0001", "lora.alpha=20",
                         "lora.target_modules=[q_proj,v_proj]"]


def test_range_excludes_stop_like_hydra_grid_and_int_cast_interval() -> None:
    space = parse_search_space(["a=range(1, 10, 3)", "b=tag(log, int(interval(8, 64)))", "+c.d=x,y"])
    assert space.params["a"].grid_values() == [1, 4, 7]
    assert space.params["b"].distribution == IntDistribution(8, 64, log=True)
    assert space.params["c.d"].override("y") == "+c.d=y"


def test_later_override_wins_over_params() -> None:
    space = parse_search_space(["lora.r=choice(4,8)", "lora.r=16"])
    assert "lora.r" not in space.params and space.fixed == ["lora.r=16"]


def test_every_bad_search_string_is_reported_with_its_key() -> None:
    with pytest.raises(ConfigError) as err:
        parse_search_space(["a=interval(1,)", "b=tag(lg, interval(1,2))", "c=tag(log, interval(0, 1))",
                            "d=range(5, 1)", "e=interval(3, 2)"])
    problems = err.value.problems
    assert len(problems) == 5
    assert problems[0].startswith("hydra.sweeper.params.a: cannot parse 'a=interval(1,)'")
    assert "tag lg" in problems[1] and "log" in problems[1]
    assert "low must be > 0" in problems[2]
    assert "is empty" in problems[3]
    assert "low < high" in problems[4]


def test_grid_needs_discrete_parameters() -> None:
    space = parse_search_space(["lr=tag(log, interval(1e-5, 1e-2))", "r=4,8"])
    with pytest.raises(ConfigError, match="hydra.sweeper.params.lr=.*grid sampler cannot enumerate"):
        space.grid()
    assert parse_search_space(["r=4,8", "a=range(1,3)"]).grid_size() == 4


def test_params_mapping_from_yaml_values() -> None:
    assert params_to_arguments({"a": "choice(1,2)", "b": 5, "c": True, "d": [1, 2]}) == [
        "a=choice(1,2)", "b=5", "c=true", "d=choice(1,2)"]


# ---- pruner and sampler specs ------------------------------------------------------------------------------
def test_pruner_specs() -> None:
    assert isinstance(build_pruner({"type": "median"}), optuna.pruners.MedianPruner)
    assert isinstance(build_pruner("hyperband"), optuna.pruners.HyperbandPruner)
    assert isinstance(build_pruner({"type": "successive_halving"}), optuna.pruners.SuccessiveHalvingPruner)
    assert isinstance(build_pruner({"type": "none"}), optuna.pruners.NopPruner)
    with pytest.raises(ConfigError, match="hydra.sweeper.pruner.type='medain' is not a pruner"):
        normalize_pruner_spec({"type": "medain"})
    with pytest.raises(ConfigError, match="reduction_factor"):
        normalize_pruner_spec({"type": "median", "reduction_factor": 3})


def test_sampler_specs_and_seed_offset() -> None:
    space = parse_search_space(["r=4,8,16"])
    tpe = build_sampler({"type": "tpe", "seed": 42}, space)
    assert isinstance(tpe, optuna.samplers.TPESampler)
    assert isinstance(build_sampler({"type": "grid", "seed": 1}, space), AskTellGridSampler)
    assert isinstance(build_sampler({"_target_": "optuna.samplers.RandomSampler", "seed": 1}, space),
                      optuna.samplers.RandomSampler)
    assert isinstance(build_sampler({"type": "nsgaii", "seed": 1}, space), optuna.samplers.NSGAIISampler)
    with pytest.raises(ConfigError, match="not a sampler"):
        build_sampler({"type": "bayes"}, space)

    def draws(offset: int) -> list[Any]:
        study = optuna.create_study(sampler=build_sampler({"type": "random", "seed": 3}, space, offset))
        return [study.ask().suggest_categorical("r", [4, 8, 16]) for _ in range(8)]

    assert draws(0) == draws(0)
    assert draws(0) != draws(1000)


# ---- storage and studies ---------------------------------------------------------------------------------
def test_unopenable_storage_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="hydra.sweeper.storage='nosuchdb://x' cannot be opened"):
        open_storage("nosuchdb://x")
    with pytest.raises(ConfigError, match=r"postgresql://me:\*\*\*@host/db"):
        open_storage("postgresql://me:secret@host/db")


def _study(tmp_path: Path, directions: list[str] | None = None, metrics: list[str] | None = None,
           name: str = "s", grace: int = 2) -> optuna.Study:
    storage = studies.open_rdb_storage(f"sqlite:///{tmp_path}/o.db", 1, grace)
    return studies.open_study(storage, name, directions or ["minimize"], metrics or ["eval_loss"],
                              optuna.samplers.RandomSampler(0), optuna.pruners.NopPruner(), {"type": "none"})


def test_existing_study_with_other_direction_or_metric_is_refused(tmp_path: Path) -> None:
    _study(tmp_path)
    with pytest.raises(ConfigError, match=r"already exists in this storage with direction \['minimize'\]"):
        _study(tmp_path, directions=["maximize"])
    with pytest.raises(ConfigError, match=r"already exists optimizing \['eval_loss'\]"):
        _study(tmp_path, metrics=["eval_perplexity"])
    assert _study(tmp_path).study_name == "s"  # same settings: resumed


def test_stale_trial_is_failed_with_reason_and_requeued(tmp_path: Path) -> None:
    study = _study(tmp_path, grace=1)
    trial = study.ask()
    trial.suggest_categorical("r", [4, 8])
    study._storage.record_heartbeat(trial._trial_id)
    # a worker that died: no more heartbeats; after the grace period (1 s; SQLite keeps whole seconds)
    import time

    time.sleep(2.2)
    studies.retry_stale(study)
    frozen = study.trials[0]
    assert frozen.state == TrialState.FAIL
    assert frozen.user_attrs[studies.ATTR_INTERRUPTED] is True
    assert "interrupted" in frozen.user_attrs[studies.ATTR_FAIL_REASON]
    waiting = study.get_trials(states=(TrialState.WAITING,))
    assert len(waiting) == 1 and waiting[0].system_attrs["fixed_params"] == frozen.params == {"r": 8}
    assert waiting[0].user_attrs[studies.ATTR_RETRY_OF] == 0
    counts = studies.count_trials(study)
    assert counts.used == 0 and counts.failed == 0  # an interrupted trial neither counts nor is a failure


# ---- the sweep loop with a fake launcher -------------------------------------------------------------------
class FakeLauncher:
    """Runs 'jobs' in-process: value = r / 10; a key sim.fail=<text> makes the job raise."""

    def __init__(self, sweep_dir: Path, metrics_extra: dict[str, float] | None = None) -> None:
        self.sweep_dir = sweep_dir
        self.launched: list[list[str]] = []
        self.metrics_extra = metrics_extra or {}

    def launch(self, job_overrides: list[list[str]], initial_job_idx: int) -> list[JobReturn]:
        returns = []
        for overrides in job_overrides:
            self.launched.append(list(overrides))
            values = {k.lstrip("+"): v for k, v in (o.split("=", 1) for o in overrides)}
            job_dir = self.sweep_dir / values.get("hydra.sweep.subdir", str(len(self.launched)))
            job_dir.mkdir(parents=True, exist_ok=True)
            ret = JobReturn(overrides=list(overrides), cfg=OmegaConf.create({}),
                            hydra_cfg=OmegaConf.create({"hydra": {"runtime": {"output_dir": str(job_dir)}}}))
            if "sim.fail" in values:
                ret.status, ret._return_value = JobStatus.FAILED, RuntimeError(values["sim.fail"])
            else:
                metrics = {"eval_loss": int(values["lora.r"]) / 10, **self.metrics_extra}
                (job_dir / "metrics.json").write_text(json.dumps(metrics))
                ret.status, ret._return_value = JobStatus.COMPLETED, metrics["eval_loss"]
            returns.append(ret)
        return returns


def _sweep(tmp_path: Path, launcher: FakeLauncher, **sweeper: Any) -> OptunaSweep:
    task = OmegaConf.create({"optimized_metric": sweeper.pop("metric", "eval_loss"), "lora": {"r": 8}})
    node = {"n_trials": 4, "sampler": {"type": "random", "seed": 0}, "pruner": {"type": "none"},
            "heartbeat_interval": 1, "grace_period": 2, "poll_interval": 0.1, "study_name": "toy",
            "params": {"lora.r": "choice(2, 4, 8, 16)"}, **sweeper}
    settings = SweepSettings.from_config(node, task, str(tmp_path))

    def compose(overrides: list[str]) -> None:
        for o in overrides:
            if o.split("=", 1)[0].lstrip("+") not in ("lora.r", "sim.fail", "trainer.max_steps"):
                raise ValueError(f"Could not override '{o.split('=')[0]}'. Key is not in struct")

    return OptunaSweep(settings, task, launcher, compose, str(tmp_path))


def test_sweep_runs_n_trials_then_resume_continues_numbering(tmp_path: Path) -> None:
    launcher = FakeLauncher(tmp_path)
    _sweep(tmp_path, launcher, n_trials=3).run([])
    assert len(launcher.launched) == 3
    # the same command with a larger budget resumes: 2 more trials, numbered 3 and 4
    _sweep(tmp_path, launcher, n_trials=5).run([])
    study = optuna.load_study(study_name="toy", storage=f"sqlite:///{tmp_path}/optuna.db")
    assert [t.number for t in study.trials] == [0, 1, 2, 3, 4]
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    assert len(launcher.launched) == 5
    # once done, re-running launches nothing
    _sweep(tmp_path, launcher, n_trials=5).run([])
    assert len(launcher.launched) == 5
    # a resumed study cannot change a choice's values: a clear message, nothing launched
    with pytest.raises(ConfigError, match=r"already searched lora.r over \[2, 4, 8, 16\]"):
        _sweep(tmp_path, launcher, n_trials=6, params={"lora.r": "choice(2, 4)"}).run([])
    assert len(launcher.launched) == 5
    subdirs = [dict(o.split("=", 1) for o in job)["hydra.sweep.subdir"] for job in launcher.launched]
    assert subdirs == [f"trial_{i:04d}" for i in range(5)]
    handle_keys = [o for o in launcher.launched[0] if o.startswith("++hydra.job.env_set.")]
    assert any(handoff.ENV_TRIAL_ID in o for o in handle_keys)
    assert (tmp_path / "optimization_results.yaml").is_file()


def test_failures_are_recorded_and_study_stops_after_max_failures(tmp_path: Path) -> None:
    launcher = FakeLauncher(tmp_path)
    with pytest.raises(SweepAborted, match=r"3 trials failed, more than hydra.sweeper.max_failures=2") as err:
        _sweep(tmp_path, launcher, n_trials=10, max_failures=2).run(["+sim.fail='CUDA out of memory'"])
    assert "out of memory" in str(err.value)
    study = optuna.load_study(study_name="toy", storage=f"sqlite:///{tmp_path}/optuna.db")
    assert [t.state for t in study.trials] == [TrialState.FAIL] * 3
    assert study.trials[0].user_attrs["fail_reason"].startswith("out of memory")
    # the limit is study-wide: a resumed run stops at once, it does not get a fresh allowance
    with pytest.raises(SweepAborted):
        _sweep(tmp_path, launcher, n_trials=10, max_failures=2).run(["+sim.fail=boom"])
    assert len(launcher.launched) == 3


def test_a_failing_trial_does_not_stop_the_study(tmp_path: Path) -> None:
    launcher = FakeLauncher(tmp_path)
    sweep = _sweep(tmp_path, launcher, n_trials=4, max_failures=3)
    original = launcher.launch

    def launch(job_overrides: list[list[str]], initial_job_idx: int) -> list[JobReturn]:
        if initial_job_idx == 1:  # the second trial crashes
            job_overrides = [list(job_overrides[0]) + ["+sim.fail=boom"]]
        return original(job_overrides, initial_job_idx)

    launcher.launch = launch  # type: ignore[method-assign]
    sweep.run([])
    states = [t.state for t in sweep.study.trials]
    assert states == [TrialState.COMPLETE, TrialState.FAIL, TrialState.COMPLETE, TrialState.COMPLETE]
    assert sweep.study.trials[1].user_attrs["fail_reason"] == "RuntimeError: boom"


def test_bad_keys_and_missing_metric_stop_before_or_at_first_job(tmp_path: Path) -> None:
    launcher = FakeLauncher(tmp_path)
    with pytest.raises(ConfigError, match=r"hydra.sweeper.params.lora.rank: not a parameter of this config"):
        _sweep(tmp_path, launcher, params={"lora.rank": "choice(2,4)"}).run([])
    assert launcher.launched == []
    with pytest.raises(ConfigError) as err:
        _sweep(tmp_path / "m", launcher, metric="eval_acc").run([])
    assert "does not produce eval_acc; its metrics.json has: eval_loss" in str(err.value)
    assert len(launcher.launched) == 1
    with pytest.raises(ConfigError, match="give one direction per optimized metric"):
        _sweep(tmp_path / "d", launcher, metric=["eval_loss", "peak_memory_mb"])


def test_multi_objective_and_grid(tmp_path: Path) -> None:
    launcher = FakeLauncher(tmp_path / "mo", metrics_extra={"peak_memory_mb": 5.0})
    launcher_values = launcher.launch

    def launch(job_overrides: list[list[str]], initial_job_idx: int) -> list[JobReturn]:
        rets = launcher_values(job_overrides, initial_job_idx)
        for ret in rets:
            ret._return_value = (ret._return_value, 5.0)
        return rets

    launcher.launch = launch  # type: ignore[method-assign]
    sweep = _sweep(tmp_path / "mo", launcher, metric=["eval_loss", "peak_memory_mb"],
                   direction=["minimize", "minimize"], sampler={"type": "nsgaii", "seed": 0})
    sweep.run([])
    assert all(len(t.values) == 2 for t in sweep.study.trials)

    grid_launcher = FakeLauncher(tmp_path / "g")
    grid = _sweep(tmp_path / "g", grid_launcher, n_trials=50, sampler={"type": "grid", "seed": 0})
    grid.run([])
    assert sorted(dict(o.split("=", 1) for o in job)["lora.r"] for job in grid_launcher.launched) == [
        "16", "2", "4", "8"]


# ---- the training side -------------------------------------------------------------------------------------
def test_reporter_prunes_and_raises_after_training(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    study = _study(tmp_path)
    study.set_user_attr(handoff.ATTR_PRUNER, {"type": "median", "n_startup_trials": 1, "n_warmup_steps": 0})
    for value in (1.0, 1.1):  # two finished trials set the median
        t = study.ask()
        t.report(value, step=2)
        study.tell(t, value)
    trial = study.ask()
    monkeypatch.setenv(handoff.ENV_STORAGE, f"sqlite:///{tmp_path}/o.db")
    monkeypatch.setenv(handoff.ENV_STUDY, "s")
    monkeypatch.setenv(handoff.ENV_TRIAL_ID, str(trial._trial_id))
    reporter = current_reporter()
    assert reporter is not None and reporter.metric == "eval_loss"
    assert reporter.report({"eval_loss": 5.0}, step=2) is True
    with pytest.raises(optuna.TrialPruned, match="pruned at step 2 with eval_loss=5"):
        reporter.finish()
    frozen = study._storage.get_trial(trial._trial_id)
    assert frozen.intermediate_values == {2: 5.0}
    assert frozen.user_attrs["pruned_at_step"] == 2


def test_reporter_diverged_loss_stops_and_outside_a_trial_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeTrial:
        def __init__(self) -> None:
            self.reports: list[tuple[float, int]] = []
            self.attrs: dict[str, Any] = {}

        def report(self, value: float, step: int) -> None:
            self.reports.append((value, step))

        def should_prune(self) -> bool:
            return False

        def set_user_attr(self, key: str, value: Any) -> None:
            self.attrs[key] = value

    fake = FakeTrial()
    reporter = TrialReporter(fake, "eval_loss")
    assert reporter.report({"eval_loss": 2.0}, 1) is False
    assert reporter.report({"loss": 3.0}, 2) is False  # no eval_loss in a train log: ignored
    assert reporter.report({"eval_loss": math.nan}, 3) is True
    assert fake.reports == [(2.0, 1), (1e30, 3)]
    monkeypatch.delenv(handoff.ENV_TRIAL_ID, raising=False)
    assert trial_callbacks() == []


def test_outcome_of_pruned_failed_and_non_finite_jobs(tmp_path: Path) -> None:
    def ret(status: JobStatus, value: Any) -> JobReturn:
        r = JobReturn(hydra_cfg=OmegaConf.create({"hydra": {"runtime": {"output_dir": str(tmp_path)}}}))
        r.status, r._return_value = status, value
        return r

    assert interpret(ret(JobStatus.FAILED, optuna.TrialPruned("pruned at step 3")), ["eval_loss"]).state \
        == TrialState.PRUNED
    oom = interpret(ret(JobStatus.FAILED, type("OutOfMemoryError", (RuntimeError,), {})("no room")),
                    ["eval_loss"])
    assert oom.state == TrialState.FAIL and oom.reason == "out of memory (OutOfMemoryError: no room)"
    nan = interpret(ret(JobStatus.COMPLETED, float("nan")), ["eval_loss"])
    assert nan.state == TrialState.FAIL and "non-finite" in nan.reason
    ok = interpret(ret(JobStatus.COMPLETED, 1.5), ["eval_loss"])
    assert ok.state == TrialState.COMPLETE and ok.values == [1.5]
