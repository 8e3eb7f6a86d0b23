"""Search spaces in the official hydra-optuna-sweeper syntax, parsed with Hydra's own override grammar.

    choice(a, b, c) or a,b,c         categorical (any values Hydra can override with, lists included)
    range(start, stop[, step])       evenly spaced values, ``stop`` excluded as in Hydra's grid sweeps
    interval(low, high)              continuous; int when written ``int(interval(...))`` or when the
                                     config's current value at that key is an int
    tag(log, interval(low, high))    the same on a log scale
    plain value                      fixed: passed to every trial unchanged

Each parameter becomes a ``Param``: an Optuna distribution plus how to turn a sampled value back into the
command-line override that the job receives.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import ChoiceSweep, IntervalSweep, Override, RangeSweep
from optuna.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)

from lorasweep.errors import ConfigError

SYNTAX_HELP = (
    "write choice(a,b,...), a,b,..., range(start,stop[,step]), interval(low,high) or "
    "tag(log, interval(low,high))"
)
_PRIMITIVES = (str, int, float, bool)


@dataclass
class Param:
    """One searched parameter.

    ``key`` is the config key (Optuna's parameter name), ``prefix`` the override prefix (``+``/``++`` or
    empty), ``distribution`` what Optuna samples, ``override_values`` the exact override text of each
    categorical choice (lists and strings with spaces round-trip through it).
    """

    key: str
    prefix: str
    distribution: BaseDistribution
    source: str
    override_values: dict[Any, str] = field(default_factory=dict)

    def override(self, value: Any) -> str:
        """The command-line override that sets this parameter to ``value``."""
        return f"{self.prefix}{self.key}={self.format(value)}"

    def format(self, value: Any) -> str:
        """``value`` as override text."""
        if value in self.override_values:
            return self.override_values[value]
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return repr(value)
        return str(value)

    def grid_values(self) -> list[Any]:
        """Every value of a discrete parameter, for the grid sampler; ConfigError for continuous ones."""
        dist = self.distribution
        if isinstance(dist, CategoricalDistribution):
            return list(dist.choices)
        step = getattr(dist, "step", None)
        if step is not None and not getattr(dist, "log", False):
            count = int(round((dist.high - dist.low) / step)) + 1
            values = [dist.low + i * step for i in range(count)]
            return [int(v) for v in values] if isinstance(dist, IntDistribution) else values
        raise ConfigError(
            f"hydra.sweeper.params.{self.key}={self.source!r} is continuous, which the grid sampler cannot "
            "enumerate; use choice(...) or range(...) for it, or another sampler"
        )


@dataclass
class SearchSpace:
    """The searched parameters and the fixed overrides every trial gets."""

    params: dict[str, Param]
    fixed: list[str]

    def distributions(self) -> dict[str, BaseDistribution]:
        """Optuna distributions by parameter name."""
        return {key: p.distribution for key, p in self.params.items()}

    def overrides(self, values: Mapping[str, Any]) -> list[str]:
        """Overrides for one trial: fixed ones first, then one per sampled parameter."""
        return list(self.fixed) + [self.params[k].override(v) for k, v in values.items() if k in self.params]

    def grid(self) -> dict[str, list[Any]]:
        """The grid sampler's search space (every parameter must be discrete)."""
        problems: list[str] = []
        grid: dict[str, list[Any]] = {}
        for key, param in self.params.items():
            try:
                grid[key] = param.grid_values()
            except ConfigError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ConfigError(problems)
        return grid

    def grid_size(self) -> int:
        """Number of combinations in the grid."""
        return math.prod(len(v) for v in self.grid().values())


def params_to_arguments(params: Mapping[str, Any] | None) -> list[str]:
    """``hydra.sweeper.params`` (key -> expression) as override strings ``key=expression``."""
    if not params:
        return []
    return [f"{key}={_expression_text(value)}" for key, value in params.items()]


def _expression_text(value: Any) -> str:
    """A params value as text: YAML may already have turned ``5`` or ``true`` into a number or bool."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        # YAML list in params: treat as a choice, like the official plugin's users sometimes write.
        return "choice(" + ",".join(_expression_text(v) for v in value) + ")"
    return str(value)


def parse_search_space(arguments: Iterable[str], defaults: Mapping[str, Any] | None = None) -> SearchSpace:
    """Parse ``key=expression`` strings into a SearchSpace; every bad one is reported in one ConfigError.

    ``defaults`` maps keys to their current config values; an ``interval`` over an int-valued key samples
    ints, so ``lora.alpha: tag(log, interval(8, 64))`` keeps ``lora.alpha`` an int.
    """
    parser = OverridesParser.create()
    defaults = defaults or {}
    params: dict[str, Param] = {}
    fixed: list[str] = []
    problems: list[str] = []
    for text in arguments:
        key_hint = _split_key(text)[1]
        try:
            override = parser.parse_override(text)
        except Exception as exc:  # Hydra raises OverrideParseException or HydraException
            reason = str(exc).splitlines()[0]
            problems.append(
                f"hydra.sweeper.params.{key_hint}: cannot parse {text!r}: {reason}; {SYNTAX_HELP}"
            )
            continue
        prefix, key = _split_key(text)
        if override.is_delete():
            problems.append(f"hydra.sweeper.params.{key}: deletion (~) cannot be searched; remove it")
            continue
        # A key given twice (in params and on the command line): the later one wins, as in Hydra.
        params.pop(key, None)
        fixed = [f for f in fixed if _split_key(f)[1] != key]
        if not override.is_sweep_override():
            fixed.append(text)
            continue
        try:
            params[key] = _param_from_override(override, key, prefix, text, defaults.get(key))
        except ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems)
    return SearchSpace(params=params, fixed=fixed)


def _split_key(text: str) -> tuple[str, str]:
    """``(prefix, key)`` of an override text: ``++a.b=1`` gives ``("++", "a.b")``."""
    left = text.split("=", 1)[0].strip()
    key = left.lstrip("+~")
    return left[: len(left) - len(key)], key


def _param_from_override(override: Override, key: str, prefix: str, text: str, default: Any) -> Param:
    """Turn one sweep override into a Param, or raise ConfigError saying which key and why."""
    value = override.value()
    source = text.split("=", 1)[1]
    where = f"hydra.sweeper.params.{key}={source!r}"
    if isinstance(value, ChoiceSweep) or (isinstance(value, RangeSweep) and value.shuffle):
        return _categorical(override, key, prefix, source, where)
    if isinstance(value, RangeSweep):
        items = list(override.sweep_iterator())
        if not items:
            raise ConfigError(f"{where} is empty (start must be below stop for a positive step)")
        if len(items) == 1:
            return _categorical(override, key, prefix, source, where)
        step = items[1] - items[0]
        if all(isinstance(v, int) for v in items):
            dist: BaseDistribution = IntDistribution(items[0], items[-1], step=step)
        else:
            dist = FloatDistribution(float(items[0]), float(items[-1]), step=float(value.step))
        return Param(key=key, prefix=prefix, distribution=dist, source=source)
    if isinstance(value, IntervalSweep):
        return _interval(value, key, prefix, source, where, default)
    raise ConfigError(f"{where} is not a search space Optuna understands; {SYNTAX_HELP}")


def _categorical(override: Override, key: str, prefix: str, source: str, where: str) -> Param:
    """A choice: Optuna gets primitive values (lists become their override text)."""
    texts = list(override.sweep_string_iterator())
    raw = list(override.sweep_iterator())
    choices: list[Any] = []
    override_values: dict[Any, str] = {}
    for value, text in zip(raw, texts, strict=True):
        optuna_value = value if isinstance(value, _PRIMITIVES) else text
        if optuna_value in override_values:
            raise ConfigError(f"{where} lists {text!r} twice; give each choice once")
        choices.append(optuna_value)
        override_values[optuna_value] = text
    if not choices:
        raise ConfigError(f"{where} has no choices; {SYNTAX_HELP}")
    return Param(key=key, prefix=prefix, distribution=CategoricalDistribution(choices), source=source,
                 override_values=override_values)


def _interval(value: IntervalSweep, key: str, prefix: str, source: str, where: str, default: Any) -> Param:
    """An interval, int when its bounds are ints from ``int(...)`` or the config's value is an int."""
    unknown_tags = sorted(set(value.tags) - {"log"})
    if unknown_tags:
        raise ConfigError(f"{where} has tag {', '.join(unknown_tags)}; the only tag understood is log")
    low, high = value.start, value.end
    if low is None or high is None or not low < high:
        raise ConfigError(f"{where} needs low < high; got low={low}, high={high}")
    log = "log" in value.tags
    if log and low <= 0:
        raise ConfigError(f"{where} is on a log scale, so low must be > 0; got {low}")
    as_int = isinstance(low, int) and isinstance(high, int)
    default_is_int = isinstance(default, int) and not isinstance(default, bool)
    if not as_int and default_is_int and float(low).is_integer() and float(high).is_integer():
        as_int = True
    if as_int:
        dist: BaseDistribution = IntDistribution(int(low), int(high), log=log)
    else:
        dist = FloatDistribution(float(low), float(high), log=log)
    return Param(key=key, prefix=prefix, distribution=dist, source=source)
