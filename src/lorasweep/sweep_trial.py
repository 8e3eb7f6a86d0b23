"""The training side of an Optuna trial: report eval metrics to the trial and stop hopeless runs.

``trial_callbacks()`` is called by the trainer. Outside an Optuna sweep it returns ``[]``. Inside one,
the sweeper has put the trial's storage, study and id into the job's environment (see
``lorasweep.sweeping.handoff``), so the job rebuilds the trial from storage whichever launcher runs it
(in-process, joblib, submitit).

A pruned run is stopped gracefully (``control.should_training_stop``) and ``optuna.TrialPruned`` is raised
from ``on_train_end``, i.e. after the trainer's loop has ended; the sweeper records the trial as PRUNED with
its last reported value.

The logic lives in ``TrialReporter`` (no transformers import, so toy apps and tests stay fast); the
transformers callback is a thin adapter around it.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from lorasweep.sweeping.handoff import ATTR_METRICS, ATTR_PRUNER, TrialHandle, current_handle

# Optuna needs a finite intermediate value; a diverged run reports this and is pruned at once.
_DIVERGED_VALUE = 1e30


class TrialReporter:
    """Reports one metric of a training run to its Optuna trial and remembers whether it was pruned."""

    def __init__(self, trial: Any, metric: str) -> None:
        self.trial = trial
        self.metric = metric
        self.pruned_at_step: int | None = None
        self.last_value: float | None = None

    def value_from(self, metrics: dict[str, float]) -> float | None:
        """The monitored metric from an evaluation dict (``loss`` also finds ``eval_loss``)."""
        for key in (self.metric, f"eval_{self.metric}"):
            if key in metrics and metrics[key] is not None:
                return float(metrics[key])
        return None

    def report(self, metrics: dict[str, float], step: int) -> bool:
        """Report this evaluation at ``step``; True when training should stop (pruned or diverged)."""
        value = self.value_from(metrics)
        if value is None:
            return False
        self.last_value = value
        diverged = not math.isfinite(value)
        self.trial.report(_DIVERGED_VALUE if diverged else value, step=step)
        if diverged or self.trial.should_prune():
            self.pruned_at_step = step
            self.trial.set_user_attr("pruned_at_step", step)
            return True
        return False

    def finish(self) -> None:
        """Raise ``optuna.TrialPruned`` if the run was pruned; call it once training has stopped."""
        if self.pruned_at_step is None:
            return
        import optuna

        raise optuna.TrialPruned(
            f"pruned at step {self.pruned_at_step} with {self.metric}={self.last_value:.6g}"
        )


def load_trial(handle: TrialHandle) -> tuple[Any, Any]:
    """Rebuild ``(study, trial)`` from storage, with the pruner the sweeper stored on the study."""
    import optuna

    from lorasweep.sweeping.pruning import build_pruner
    from lorasweep.sweeping.storage import open_storage

    storage = open_storage(handle.storage)
    study = optuna.load_study(study_name=handle.study_name, storage=storage)
    pruner = build_pruner(study.user_attrs.get(ATTR_PRUNER))
    study = optuna.load_study(study_name=handle.study_name, storage=storage, pruner=pruner)
    return study, optuna.trial.Trial(study, handle.trial_id)


def current_reporter() -> TrialReporter | None:
    """A reporter for this job's trial; None outside an Optuna sweep and for multi-objective studies
    (Optuna cannot prune those: they have no intermediate values)."""
    handle = current_handle()
    if handle is None:
        return None
    study, trial = load_trial(handle)
    if len(study.directions) > 1:
        return None
    metrics = study.user_attrs.get(ATTR_METRICS) or ["eval_loss"]
    return TrialReporter(trial, metrics[0])


@cache
def _callback_class() -> type:
    """The transformers callback class, defined on first use so importing this module stays cheap."""
    from transformers import TrainerCallback

    class OptunaPruningCallback(TrainerCallback):
        """Report the eval metric at each evaluation; stop training when the pruner says so."""

        def __init__(self, reporter: TrialReporter) -> None:
            self.reporter = reporter

        def on_evaluate(self, args: Any, state: Any, control: Any, metrics: dict | None = None,
                        **kwargs: Any) -> Any:
            if self.reporter.report(metrics or {}, step=state.global_step):
                control.should_training_stop = True
            return control

        def on_train_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            self.reporter.finish()

    return OptunaPruningCallback


def trial_callbacks() -> list[Any]:
    """Trainer callbacks (``transformers.TrainerCallback``) for this job's Optuna trial; ``[]`` otherwise."""
    reporter = current_reporter()
    if reporter is None:
        return []
    return [_callback_class()(reporter)]
