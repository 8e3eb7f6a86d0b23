"""The training side of an Optuna trial: report eval metrics to the trial and stop hopeless runs.

``trial_callbacks()`` is called by the trainer. Outside an Optuna sweep it returns ``[]``. Inside one,
the sweeper has put the trial's storage, study and id into the job's environment (see
``lorasweep.sweeping.handoff``), so the job rebuilds the trial from storage whichever launcher runs it
(in-process, joblib, submitit).

A pruned run is stopped gracefully (``control.should_training_stop``) and ``optuna.TrialPruned`` is raised
from ``on_train_end``, i.e. after the trainer's loop has ended; the sweeper records the trial as PRUNED with
its last reported value.
"""

from __future__ import annotations

import math
from typing import Any

from transformers import TrainerCallback, TrainerControl, TrainerState, TrainingArguments

from lorasweep.sweeping.handoff import ATTR_METRICS, ATTR_PRUNER, TrialHandle, current_handle


class OptunaPruningCallback(TrainerCallback):
    """Report ``metric`` at every evaluation to ``trial``; stop training when the pruner says so."""

    def __init__(self, trial: Any, metric: str) -> None:
        self.trial = trial
        self.metric = metric
        self.pruned_at_step: int | None = None
        self.last_value: float | None = None

    def _value(self, metrics: dict[str, float]) -> float | None:
        """The monitored metric from an evaluation dict (``loss`` also finds ``eval_loss``)."""
        for key in (self.metric, f"eval_{self.metric}", self.metric.removeprefix("eval_")):
            if key in metrics:
                return float(metrics[key])
        return None

    def on_evaluate(
        self,
        args: TrainingArguments,
        state: TrainerState,
        control: TrainerControl,
        metrics: dict[str, float] | None = None,
        **kwargs: Any,
    ) -> TrainerControl:
        """Report this evaluation's value at ``state.global_step`` and ask the pruner."""
        value = self._value(metrics or {})
        if value is None:
            return control
        if not math.isfinite(value):
            # A diverged run is hopeless whatever the pruner thinks; the report must stay finite for Optuna.
            value = float("inf") if math.isnan(value) or value > 0 else value
        self.last_value = value
        self.trial.report(value if math.isfinite(value) else 1e30, step=state.global_step)
        if not math.isfinite(value) or self.trial.should_prune():
            self.pruned_at_step = state.global_step
            self.trial.set_user_attr("pruned_at_step", state.global_step)
            control.should_training_stop = True
        return control

    def on_train_end(
        self, args: TrainingArguments, state: TrainerState, control: TrainerControl, **kwargs: Any
    ) -> None:
        """Turn a stopped run into ``optuna.TrialPruned`` once the trainer has wound down."""
        if self.pruned_at_step is not None:
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
    pruner_spec = study.user_attrs.get(ATTR_PRUNER)
    study = optuna.load_study(study_name=handle.study_name, storage=storage, pruner=build_pruner(pruner_spec))
    return study, optuna.trial.Trial(study, handle.trial_id)


def trial_callbacks() -> list[TrainerCallback]:
    """Trainer callbacks for the current Optuna trial, or ``[]`` when this job is not one.

    Multi-objective studies cannot be pruned (Optuna has no intermediate values for them), so they get none.
    """
    handle = current_handle()
    if handle is None:
        return []
    study, trial = load_trial(handle)
    metrics = study.user_attrs.get(ATTR_METRICS) or ["eval_loss"]
    if len(study.directions) > 1:
        return []
    return [OptunaPruningCallback(trial, metrics[0])]
