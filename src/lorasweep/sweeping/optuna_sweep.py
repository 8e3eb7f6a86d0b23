"""The Optuna sweep loop behind the ``lorasweep_optuna`` Hydra sweeper.

Ask trials (never more than ``n_trials`` in the whole study, whatever the number of workers), turn their
parameters into Hydra overrides, launch them with the configured launcher, tell Optuna how each ended.
Everything that can be checked before training is checked before the first job starts.
"""

from __future__ import annotations

import logging
import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import optuna
from hydra.core.utils import JobReturn
from hydra.plugins.launcher import Launcher
from omegaconf import DictConfig, OmegaConf
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

from lorasweep.errors import ConfigError
from lorasweep.sweeping import study as studies
from lorasweep.sweeping.handoff import TrialHandle, handle_overrides
from lorasweep.sweeping.outcome import Outcome, interpret
from lorasweep.sweeping.pruning import build_pruner, normalize_pruner_spec
from lorasweep.sweeping.samplers import build_sampler, sampler_type
from lorasweep.sweeping.searchspace import SearchSpace, params_to_arguments, parse_search_space
from lorasweep.sweeping.storage import _redact, default_storage_url

log = logging.getLogger(__name__)

# We use heartbeats with ask-and-tell on purpose (Heartbeat below); Optuna warns as if it were a mistake.
warnings.filterwarnings("ignore", message="Heartbeat of storage is supposed to be used with Study.optimize")
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)


class SweepAborted(RuntimeError):
    """The study stopped on purpose (too many failures); the message says why and what failed."""


@dataclass
class SweepSettings:
    """The sweeper's configuration, validated (``from_config`` lists every problem at once)."""

    directions: list[str]
    metrics: list[str]
    study_name: str
    storage_url: str
    n_trials: int
    n_jobs: int
    max_failures: int | None
    sampler: dict[str, Any]
    pruner: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)
    custom_search_space: str | None = None
    trial_subdir: str | None = "trial_{number:04d}"
    heartbeat_interval: int = 10
    grace_period: int = 60
    poll_interval: float = 2.0

    @classmethod
    def from_config(cls, sweeper: dict[str, Any], task_config: DictConfig, sweep_dir: str) -> SweepSettings:
        """Validate the sweeper node (``hydra.sweeper``) against the task config."""
        problems: list[str] = []
        directions = _as_list(sweeper.get("directions") or sweeper.get("direction") or "minimize")
        directions = [str(d).lower() for d in directions]
        bad = [d for d in directions if d not in ("minimize", "maximize")]
        if bad:
            problems.append(f"hydra.sweeper.direction={bad}: each direction must be minimize or maximize")
        metrics = [str(m) for m in _as_list(OmegaConf.select(task_config, "optimized_metric",
                                                             default="eval_loss"))]
        if len(metrics) != len(directions):
            problems.append(
                f"optimized_metric={metrics} has {len(metrics)} name(s) but hydra.sweeper.direction="
                f"{directions} has {len(directions)}; give one direction per optimized metric"
            )
        n_trials, n_jobs = sweeper.get("n_trials", 20), sweeper.get("n_jobs", 1)
        for key, val in (("n_trials", n_trials), ("n_jobs", n_jobs)):
            if not isinstance(val, int) or val < 1:
                problems.append(f"hydra.sweeper.{key}={val!r}: must be a whole number >= 1")
        max_failures = _max_failures(sweeper, n_trials if isinstance(n_trials, int) else 0, problems)
        hb, grace = int(sweeper.get("heartbeat_interval") or 10), int(sweeper.get("grace_period") or 60)
        if grace <= hb:
            problems.append(
                f"hydra.sweeper.grace_period={grace}: must exceed heartbeat_interval={hb} "
                "or live trials would be taken for dead ones"
            )
        try:
            pruner = normalize_pruner_spec(sweeper.get("pruner"))
        except ConfigError as exc:
            problems.extend(exc.problems)
            pruner = {"type": "none"}
        if problems:
            raise ConfigError(problems)
        return cls(
            directions=directions,
            metrics=metrics,
            study_name=str(sweeper.get("study_name") or Path(sweep_dir).name),
            storage_url=str(sweeper.get("storage") or default_storage_url(sweep_dir)),
            n_trials=n_trials,
            n_jobs=n_jobs,
            max_failures=max_failures,
            sampler=dict(sweeper.get("sampler") or {"type": "tpe", "seed": 42}),
            pruner=pruner,
            params=dict(sweeper.get("params") or {}),
            custom_search_space=sweeper.get("custom_search_space"),
            trial_subdir=sweeper.get("trial_subdir", "trial_{number:04d}"),
            heartbeat_interval=hb,
            grace_period=grace,
            poll_interval=float(sweeper.get("poll_interval") or 2.0),
        )


def _as_list(value: Any) -> list[Any]:
    """A str or a list (or ListConfig) as a plain list."""
    if OmegaConf.is_list(value):
        return list(OmegaConf.to_container(value))
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _max_failures(sweeper: dict[str, Any], n_trials: int, problems: list[str]) -> int | None:
    """The study-wide failure limit: ``max_failures``, or ``max_failure_rate`` × ``n_trials``."""
    limits = []
    max_failures = sweeper.get("max_failures")
    if max_failures is not None:
        if not isinstance(max_failures, int) or max_failures < 0:
            problems.append(
                f"hydra.sweeper.max_failures={max_failures!r}: must be a whole number >= 0 or null"
            )
        else:
            limits.append(max_failures)
    rate = sweeper.get("max_failure_rate")
    if rate is not None:
        if not 0.0 <= float(rate) <= 1.0:
            problems.append(f"hydra.sweeper.max_failure_rate={rate!r}: must be between 0.0 and 1.0 or null")
        else:
            limits.append(int(math.floor(float(rate) * n_trials)))
    return min(limits) if limits else None


class OptunaSweep:
    """One sweeper process's part of a (possibly shared) Optuna study."""

    def __init__(
        self,
        settings: SweepSettings,
        config: DictConfig,
        launcher: Launcher,
        compose: Callable[[list[str]], Any],
        sweep_dir: str,
    ) -> None:
        self.settings = settings
        self.config = config
        self.launcher = launcher
        self.compose = compose
        self.sweep_dir = Path(sweep_dir).resolve()
        self.study: optuna.Study | None = None

    # ---- before any training -------------------------------------------------------------------------
    def build_space(self, arguments: Sequence[str]) -> SearchSpace:
        """Parse ``params`` plus command-line sweep arguments and check each key exists in the config."""
        texts = params_to_arguments(self.settings.params) + list(arguments)
        defaults = {}
        for text in texts:
            key = text.split("=", 1)[0].lstrip("+~")
            defaults[key] = OmegaConf.select(self.config, key, default=None, throw_on_missing=False)
        space = parse_search_space(texts, defaults)
        self._check_keys(space)
        return space

    def _check_keys(self, space: SearchSpace) -> None:
        """Compose one job per parameter so Hydra itself says which keys or groups do not exist."""
        problems: list[str] = []
        try:
            self.compose(list(space.fixed))
        except Exception as exc:
            problems.append(f"the fixed overrides {space.fixed} do not compose: {_first_line(exc)}")
        for key, param in space.params.items():
            sample = _first_value(param.distribution)
            try:
                self.compose(list(space.fixed) + [param.override(sample)])
            except Exception as exc:
                problems.append(
                    f"hydra.sweeper.params.{key}: not a parameter of this config ({_first_line(exc)}); "
                    f"check the spelling, or write +{key}=... to add a new key"
                )
        if problems:
            raise ConfigError(problems)

    def open(self, space: SearchSpace) -> optuna.Study:
        """Open or resume the study, with this worker's sampler (seed varied per worker) and pruner."""
        s = self.settings
        # Two workers starting together would both create the tables of a new SQLite file: take turns.
        with studies.ask_lock(s.storage_url):
            storage = studies.open_rdb_storage(s.storage_url, s.heartbeat_interval, s.grace_period)
        if sampler_type(s.sampler) == "grid":
            size = space.grid_size()
            if s.n_trials > size:
                log.info("Grid of %d combinations: n_trials lowered from %d to %d", size, s.n_trials, size)
                s.n_trials = size
        with studies.ask_lock(s.storage_url):
            study = studies.open_study(
                storage, s.study_name, s.directions, s.metrics, build_sampler(s.sampler, space),
                build_pruner(s.pruner), s.pruner,
            )
            starts = studies.register_worker(study)
        _check_resumed_space(study, space)
        # A resumed run or a second worker must not replay the first one's random draws.
        study.sampler = build_sampler(s.sampler, space, seed_offset=1000 * starts)
        counts = studies.count_trials(study)
        log.info(
            "Study %r in %s: %s, sampler %s, pruner %s; %d/%d trials already used (%d complete, %d pruned, "
            "%d failed, %d running)", s.study_name, _redact(s.storage_url), s.directions,
            sampler_type(s.sampler), s.pruner["type"], counts.used, s.n_trials, counts.complete,
            counts.pruned, counts.failed, counts.running,
        )
        self.study = study
        return study

    # ---- the loop --------------------------------------------------------------------------------------
    def run(self, arguments: Sequence[str]) -> list[JobReturn]:
        """Run this worker's share of the study; returns the JobReturns of the jobs it launched."""
        space = self.build_space(arguments)
        study = self.open(space)
        s = self.settings
        heartbeat = studies.Heartbeat(study._storage, s.heartbeat_interval).start()
        returns: list[JobReturn] = []
        mine: list[optuna.trial.Trial] = []
        waiting_logged = False
        try:
            while True:
                studies.retry_stale(study)
                counts = studies.count_trials(study)
                self._check_failures(study, counts)
                if counts.used >= s.n_trials:
                    if counts.running == 0:
                        break
                    # Other workers' trials are still running: wait, so that a dead worker's trials are
                    # requeued and run here, and the report written at the end sees the whole study.
                    if not waiting_logged:
                        log.info("Waiting for %d trial(s) of other workers", counts.running)
                        waiting_logged = True
                    time.sleep(s.poll_interval)
                    continue
                waiting_logged = False
                mine = self._ask(study, heartbeat, min(s.n_jobs, s.n_trials - counts.used))
                if not mine:
                    continue
                overrides = [self._overrides(space, trial) for trial in mine]
                batch = self.launcher.launch(overrides, initial_job_idx=mine[0].number)
                returns.extend(batch)
                for trial, ret in zip(mine, batch, strict=True):
                    self._tell(study, trial, ret)
                    heartbeat.discard(trial._trial_id)
                mine = []
        except KeyboardInterrupt:
            studies.interrupt_trials(study, [t._trial_id for t in mine], "interrupted by the user (Ctrl-C)")
            raise
        finally:
            heartbeat.stop()
        self._log_best(study)
        return returns

    def _ask(self, study: optuna.Study, heartbeat: studies.Heartbeat, batch: int) -> list[optuna.trial.Trial]:
        """Ask up to ``batch`` trials without taking the study past ``n_trials``."""
        asked = []
        with studies.ask_lock(self.settings.storage_url):
            for _ in range(batch):
                trial = study.ask()
                heartbeat.add(trial._trial_id)
                if studies.discard_if_surplus(study, trial, self.settings.n_trials):
                    heartbeat.discard(trial._trial_id)
                    break
                asked.append(trial)
        return asked

    def _overrides(self, space: SearchSpace, trial: optuna.trial.Trial) -> list[str]:
        """Suggest the trial's parameters and build its job's overrides."""
        for key, param in space.params.items():
            _suggest(trial, key, param.distribution)
        if self.settings.custom_search_space:
            from hydra.utils import get_method

            get_method(self.settings.custom_search_space)(self.config, trial)
        overrides = space.overrides(trial.params)
        extra = [f"{k}={v}" for k, v in trial.params.items() if k not in space.params]
        s = self.settings
        handle = TrialHandle(s.storage_url, s.study_name, trial._trial_id, trial.number)
        hydra_overrides = handle_overrides(handle)
        if self.settings.trial_subdir:
            subdir = self.settings.trial_subdir.format(number=trial.number)
            hydra_overrides.append(f"hydra.sweep.subdir={subdir}")
            trial.set_user_attr(studies.ATTR_JOB_DIR, str(self.sweep_dir / subdir))
        trial.set_user_attr("overrides", overrides + extra)
        return overrides + extra + hydra_overrides

    def _tell(self, study: optuna.Study, trial: optuna.trial.Trial, ret: JobReturn) -> None:
        """Record how the job ended; a missing optimized metric stops the study (it would every time)."""
        try:
            outcome = interpret(ret, self.settings.metrics)
        except ConfigError as exc:
            self._record(study, trial, Outcome(TrialState.FAIL, None, str(exc)))
            raise
        self._record(study, trial, outcome)

    @staticmethod
    def _record(study: optuna.Study, trial: optuna.trial.Trial, outcome: Outcome) -> None:
        if outcome.reason:
            key = studies.ATTR_FAIL_REASON if outcome.state == TrialState.FAIL else "reason"
            trial.set_user_attr(key, outcome.reason)
        study.tell(trial, values=outcome.values, state=outcome.state)
        if outcome.state == TrialState.COMPLETE:
            log.info("Trial %d complete: %s", trial.number, outcome.values)
        else:
            log.warning("Trial %d %s: %s", trial.number, outcome.state.name, outcome.reason)

    def _check_failures(self, study: optuna.Study, counts: studies.TrialCounts) -> None:
        limit = self.settings.max_failures
        if limit is not None and counts.failed > limit:
            raise SweepAborted(
                f"Study {self.settings.study_name!r} stopped: {counts.failed} trials failed, more than "
                f"hydra.sweeper.max_failures={limit} allows. "
                f"Last failures: {studies.failure_summary(study)}. "
                "Fix the cause and re-run the same command to resume, or raise hydra.sweeper.max_failures"
            )

    def _log_best(self, study: optuna.Study) -> None:
        """Log the best trial(s) and write ``optimization_results.yaml`` as the official plugin does."""
        complete = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE,))
        if not complete:
            log.warning("No trial of study %r completed", self.settings.study_name)
            return
        if len(study.directions) == 1:
            best = study.best_trial
            results = {"name": "optuna", "best_params": best.params, "best_value": best.value,
                       "best_trial": best.number}
            log.info("Best trial %d: %s=%s with %s", best.number, self.settings.metrics[0], best.value,
                     best.params)
        else:
            front = study.best_trials
            results = {"name": "optuna", "solutions": [
                {"trial": t.number, "params": t.params, "values": t.values} for t in front]}
            log.info("Pareto front: %s", [(t.number, t.values) for t in front])
        self.sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(OmegaConf.create(results), self.sweep_dir / "optimization_results.yaml")


def _check_resumed_space(study: optuna.Study, space: SearchSpace) -> None:
    """Optuna cannot change a categorical's choices within a study: say so before any training."""
    problems = []
    for trial in study.get_trials(deepcopy=False):
        for key, old in trial.distributions.items():
            new = space.params.get(key)
            if (new is not None and isinstance(old, CategoricalDistribution)
                    and isinstance(new.distribution, CategoricalDistribution) and old != new.distribution):
                problems.append(
                    f"hydra.sweeper.params.{key}={new.source!r}: study {study.study_name!r} already searched "
                    f"{key} over {list(old.choices)}, and a study cannot change a choice's values; keep them, "
                    "or set hydra.sweeper.study_name to a new name"
                )
        if problems:
            raise ConfigError(problems)


def _suggest(trial: optuna.trial.Trial, key: str, dist: Any) -> Any:
    """Suggest through the public API so every sampler sees a normal define-by-run trial."""
    if isinstance(dist, CategoricalDistribution):
        return trial.suggest_categorical(key, list(dist.choices))
    if isinstance(dist, IntDistribution):
        return trial.suggest_int(key, dist.low, dist.high, step=dist.step, log=dist.log)
    if isinstance(dist, FloatDistribution):
        return trial.suggest_float(key, dist.low, dist.high, step=dist.step, log=dist.log)
    raise TypeError(f"unsupported distribution {dist!r}")


def _first_value(dist: Any) -> Any:
    """A representative value of a distribution, to check that its key composes."""
    return dist.choices[0] if isinstance(dist, CategoricalDistribution) else dist.low


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return " ".join(text.splitlines()[:2]) if text else type(exc).__name__
