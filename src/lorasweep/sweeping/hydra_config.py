"""ConfigStore entries of the sweeper plugin: ``hydra/sweeper=lorasweep_optuna``.

With ``hydra/sweeper/sampler`` and ``hydra/sweeper/pruner`` option groups, so ``hydra/sweeper/sampler=random``
works as in the official plugin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

TARGET = "hydra_plugins.lorasweep_optuna_sweeper.lorasweep_optuna_sweeper.LorasweepOptunaSweeper"

SAMPLERS: dict[str, dict[str, Any]] = {
    "tpe": {"type": "tpe", "seed": 42, "n_startup_trials": 10, "multivariate": False, "constant_liar": True},
    "random": {"type": "random", "seed": 42},
    "grid": {"type": "grid", "seed": 42},
    "nsgaii": {"type": "nsgaii", "seed": 42, "population_size": 50},
    "cmaes": {"type": "cmaes", "seed": 42},
    "qmc": {"type": "qmc", "seed": 42},
}
PRUNERS: dict[str, dict[str, Any]] = {
    "median": {"type": "median", "n_startup_trials": 2, "n_warmup_steps": 0, "interval_steps": 1},
    "percentile": {"type": "percentile", "percentile": 25.0, "n_startup_trials": 2, "n_warmup_steps": 0},
    "successive_halving": {"type": "successive_halving", "min_resource": "auto", "reduction_factor": 4},
    "hyperband": {"type": "hyperband", "min_resource": 1, "max_resource": "auto", "reduction_factor": 3},
    "none": {"type": "none"},
}


@dataclass
class LorasweepOptunaSweeperConf:
    """Keys of the official hydra-optuna-sweeper where sensible, plus storage, pruning and worker settings."""

    _target_: str = TARGET
    # _self_ first: the chosen sampler/pruner options must land on top of the None placeholders below.
    defaults: list[Any] = field(default_factory=lambda: ["_self_", {"sampler": "tpe"}, {"pruner": "median"}])
    # minimize | maximize, or a list of them for several objectives (optimized_metric then is a list too).
    direction: Any = "minimize"
    directions: Any = None
    # null: the sweep folder's name. Re-running with the same study and storage resumes the study.
    study_name: str | None = None
    # null: sqlite:///<sweep folder>/optuna.db. Any Optuna RDB URL (postgresql://...) shares machines.
    storage: str | None = None
    # Trials in the whole study (all workers and resumed runs together); a grid caps it at its size.
    n_trials: int = 20
    # Trials launched together (the launcher decides whether they run in parallel).
    n_jobs: int = 1
    # Stop the study once more trials than this have failed (whole study, not a batch); null: never.
    max_failures: int | None = 5
    # Official plugin's key, here study-wide: stop once failures exceed floor(rate * n_trials).
    max_failure_rate: float | None = None
    sampler: Any = None
    pruner: Any = None
    # key: search expression, e.g. lora.r: choice(4,8,16), lr: tag(log, interval(1e-5,1e-3))
    params: dict[str, Any] | None = None
    # dotted path of f(cfg, trial) that suggests more parameters (official plugin's key).
    custom_search_space: str | None = None
    # Job folder of each trial under the sweep folder (unique across workers and resumed runs).
    trial_subdir: str | None = "trial_{number:04d}"
    # Seconds between heartbeats of running trials; a trial silent for grace_period is failed and requeued.
    heartbeat_interval: int = 10
    grace_period: int = 60
    # Seconds between checks while waiting for other workers' trials to finish.
    poll_interval: float = 2.0


def _coalesce(value: Any, default: Any) -> Any:
    """``${lorasweep.coalesce:${hydra.runtime.choices.experiment},default}``: value, or default if null."""
    return default if value is None or value == "None" else value


def register() -> None:
    """Store the sweeper and its sampler/pruner options in Hydra's ConfigStore; add our resolver."""
    if not OmegaConf.has_resolver("lorasweep.coalesce"):
        OmegaConf.register_new_resolver("lorasweep.coalesce", _coalesce)
    cs = ConfigStore.instance()
    cs.store(group="hydra/sweeper", name="lorasweep_optuna", node=LorasweepOptunaSweeperConf,
             provider="lorasweep")
    for name, node in SAMPLERS.items():
        cs.store(group="hydra/sweeper/sampler", name=name, node=node, provider="lorasweep")
    for name, node in PRUNERS.items():
        cs.store(group="hydra/sweeper/pruner", name=name, node=node, provider="lorasweep")

