"""Sampler configuration: ``{"type": "tpe", "seed": 42, ...}`` (or an official-plugin ``_target_`` node)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Mapping, Sequence
from typing import Any

import optuna
from optuna.samplers import BaseSampler, GridSampler
from optuna.study import Study
from optuna.trial import FrozenTrial, TrialState

from lorasweep.errors import ConfigError
from lorasweep.sweeping.searchspace import SearchSpace

log = logging.getLogger(__name__)

SAMPLER_TYPES = ("tpe", "random", "grid", "nsgaii", "cmaes", "qmc")
_CLASSES: dict[str, str] = {
    "tpe": "TPESampler",
    "random": "RandomSampler",
    "grid": "GridSampler",
    "nsgaii": "NSGAIISampler",
    "cmaes": "CmaEsSampler",
    "qmc": "QMCSampler",
}


class AskTellGridSampler(GridSampler):
    """GridSampler that does not call ``study.stop()`` when the grid is exhausted.

    ``study.stop()`` only works inside ``study.optimize``; with ask-and-tell it raises *before* the trial's
    state is saved. The sweeper stops by itself after ``n_trials`` (capped at the grid size).
    """

    def after_trial(self, study: Study, trial: FrozenTrial, state: TrialState,
                    values: Sequence[float] | None) -> None:
        return None


def sampler_type(spec: Mapping[str, Any] | None) -> str:
    """The sampler's short type name (``tpe`` when unset)."""
    spec = dict(spec or {})
    target = str(spec.get("_target_") or "")
    if target:
        for short, cls in _CLASSES.items():
            if target.endswith(cls):
                return short
        return target
    return str(spec.get("type") or "tpe").lower()


def build_sampler(spec: Mapping[str, Any] | None, space: SearchSpace, seed_offset: int = 0) -> BaseSampler:
    """Build the sampler; ``seed_offset`` varies the seed per worker/resume so none repeats another's draws.

    A first run on a fresh study uses the configured seed exactly (reproducible).
    """
    spec = {k: v for k, v in dict(spec or {}).items() if v is not None}
    kind = sampler_type(spec)
    spec.pop("type", None)
    target = spec.pop("_target_", None)
    spec.pop("_partial_", None)
    if kind not in _CLASSES:
        raise ConfigError(
            f"hydra.sweeper.sampler={target or kind!r} is not a sampler this sweeper knows; "
            f"use type: one of {', '.join(SAMPLER_TYPES)}"
        )
    if "seed" in spec and seed_offset:
        spec["seed"] = int(spec["seed"]) + seed_offset
    cls = AskTellGridSampler if kind == "grid" else getattr(optuna.samplers, _CLASSES[kind])
    if kind == "grid":
        spec.pop("search_space", None)
        spec["search_space"] = space.grid()
    accepted = inspect.signature(cls).parameters
    unused = sorted(k for k in spec if k not in accepted)
    if unused:
        # e.g. a preset tuned for TPE run with hydra/sweeper/sampler=random: its TPE options do not apply.
        log.warning("Sampler %s ignores options %s", kind, ", ".join(unused))
        spec = {k: v for k, v in spec.items() if k in accepted}
    try:
        return cls(**spec)
    except TypeError as exc:
        raise ConfigError(
            f"hydra.sweeper.sampler ({kind}): {exc}; remove the unknown option or fix its value"
        ) from exc
