"""Pruner configuration: a small dict (``{"type": "median", ...}``) turned into an Optuna pruner.

The dict is also stored on the study (``handoff.ATTR_PRUNER``) so a job in another process builds
the same pruner.
"""

from __future__ import annotations

from typing import Any

import optuna

from lorasweep.errors import ConfigError

# Options each pruner type accepts, with the Optuna defaults we change for short fine-tuning runs.
_PRUNER_OPTIONS: dict[str, dict[str, Any]] = {
    "median": {"n_startup_trials": 2, "n_warmup_steps": 0, "interval_steps": 1, "n_min_trials": 1},
    "percentile": {"percentile": 25.0, "n_startup_trials": 2, "n_warmup_steps": 0, "interval_steps": 1,
                   "n_min_trials": 1},
    "successive_halving": {"min_resource": "auto", "reduction_factor": 4, "min_early_stopping_rate": 0,
                           "bootstrap_count": 0},
    "hyperband": {"min_resource": 1, "max_resource": "auto", "reduction_factor": 3, "bootstrap_count": 0},
    "none": {},
}
PRUNER_TYPES = tuple(_PRUNER_OPTIONS)


def normalize_pruner_spec(spec: dict[str, Any] | str | None) -> dict[str, Any]:
    """Validate a pruner spec and fill in defaults; raises ConfigError naming ``hydra.sweeper.pruner``."""
    if spec is None:
        spec = {"type": "none"}
    if isinstance(spec, str):
        spec = {"type": spec}
    spec = dict(spec)
    kind = str(spec.pop("type", "median") or "none").lower()
    if kind not in _PRUNER_OPTIONS:
        raise ConfigError(
            f"hydra.sweeper.pruner.type={kind!r} is not a pruner; use one of {', '.join(PRUNER_TYPES)}"
        )
    allowed = _PRUNER_OPTIONS[kind]
    unknown = sorted(k for k, v in spec.items() if k not in allowed and v is not None)
    if unknown:
        raise ConfigError(
            f"hydra.sweeper.pruner has {', '.join(unknown)} which the {kind!r} pruner does not take; "
            f"its options are: {', '.join(allowed) or 'none'}"
        )
    merged = {**allowed, **{k: v for k, v in spec.items() if v is not None}}
    return {"type": kind, **merged}


def build_pruner(spec: dict[str, Any] | str | None) -> optuna.pruners.BasePruner:
    """The Optuna pruner described by ``spec`` (see ``normalize_pruner_spec``)."""
    spec = normalize_pruner_spec(spec)
    kind = spec.pop("type")
    if kind == "median":
        return optuna.pruners.MedianPruner(**spec)
    if kind == "percentile":
        return optuna.pruners.PercentilePruner(**spec)
    if kind == "successive_halving":
        return optuna.pruners.SuccessiveHalvingPruner(**spec)
    if kind == "hyperband":
        return optuna.pruners.HyperbandPruner(**spec)
    return optuna.pruners.NopPruner()
