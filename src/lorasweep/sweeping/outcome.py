"""What a finished Hydra job means for its trial: COMPLETE with values, PRUNED, or FAIL with a reason."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.core.utils import JobReturn, JobStatus
from omegaconf import OmegaConf
from optuna.trial import TrialState

from lorasweep.errors import ConfigError

_REASON_MAX_CHARS = 500


@dataclass(frozen=True)
class Outcome:
    """How a job ended, as the sweeper tells it to Optuna."""

    state: TrialState
    values: list[float] | None
    reason: str | None


def job_dir(ret: JobReturn) -> Path | None:
    """The job's output folder (where metrics.json and status.json are)."""
    out = OmegaConf.select(ret.hydra_cfg, "hydra.runtime.output_dir") if ret.hydra_cfg is not None else None
    return Path(out) if out else None


def read_metrics(folder: Path | None) -> dict[str, Any] | None:
    """The job's metrics.json, or None when it did not write one."""
    if folder is None or not (folder / "metrics.json").is_file():
        return None
    try:
        return json.loads((folder / "metrics.json").read_text())
    except (OSError, ValueError):
        return None


def describe_exception(exc: BaseException) -> str:
    """A one-line reason: out of memory and diverged losses are named as such."""
    name = type(exc).__name__
    # Whole message on one line: ConfigError lists its problems below a header line.
    first = " ".join(line.strip() for line in str(exc).strip().splitlines() if line.strip())
    if "OutOfMemory" in name or "out of memory" in first.lower():
        text = f"out of memory ({name}: {first})"
    elif name == "NonFiniteLossError":
        text = f"non-finite loss ({first})"
    else:
        text = f"{name}: {first}" if first else name
    return text[:_REASON_MAX_CHARS]


def check_metrics_produced(metric_names: Sequence[str], metrics: dict[str, Any] | None) -> None:
    """ConfigError if the run wrote metrics.json without the optimized metric(s); names what it wrote."""
    if metrics is None:
        return
    missing = [m for m in metric_names if m not in metrics]
    if missing:
        produced = ", ".join(sorted(metrics)) or "nothing"
        raise ConfigError(
            f"optimized_metric={list(metric_names) if len(metric_names) > 1 else metric_names[0]!r}: the run "
            f"does not produce {', '.join(missing)}; its metrics.json has: {produced}. "
            "Set optimized_metric to one of these"
        )


def interpret(ret: JobReturn, metric_names: Sequence[str]) -> Outcome:
    """Turn a JobReturn into an Outcome; ConfigError when the optimized metric is not produced at all."""
    folder = job_dir(ret)
    metrics = read_metrics(folder)
    check_metrics_produced(metric_names, metrics)
    if ret.status != JobStatus.COMPLETED:
        exc = ret._return_value
        if type(exc).__name__ == "TrialPruned":
            return Outcome(TrialState.PRUNED, None, str(exc) or "pruned")
        return Outcome(TrialState.FAIL, None, describe_exception(exc) if exc else "job failed")
    values = _values(ret.return_value, metric_names, metrics)
    if isinstance(values, str):
        return Outcome(TrialState.FAIL, None, values)
    return Outcome(TrialState.COMPLETE, values, None)


def _values(returned: Any, metric_names: Sequence[str], metrics: dict[str, Any] | None) -> list[float] | str:
    """The objective values, from the return value or else metrics.json; a str says why there are none."""
    if returned is None and metrics is not None:
        returned = [metrics[m] for m in metric_names]
    if isinstance(returned, (int, float)) and not isinstance(returned, bool):
        returned = [returned]
    if not isinstance(returned, (list, tuple)) and not OmegaConf.is_list(returned):
        return f"the task returned {returned!r}, not the value of {', '.join(metric_names)}"
    if len(returned) != len(metric_names):
        raise ConfigError(
            f"hydra.sweeper.direction has {len(metric_names)} direction(s) for optimized_metric="
            f"{list(metric_names)}, but the task returned {len(returned)} value(s); make them match"
        )
    try:
        values = [float(v) for v in returned]
    except (TypeError, ValueError):
        return f"the task returned {returned!r}, which is not numeric"
    if not all(math.isfinite(v) for v in values):
        return f"non-finite objective {values}"
    return values
