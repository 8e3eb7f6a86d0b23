"""How a sweeper hands a trial's identity to its job, whatever launcher runs the job.

The sweeper adds ``hydra.job.env_set.<VAR>=...`` overrides to every job; every Hydra launcher (basic, joblib,
submitit) applies them around the task function, so the job can rebuild its Optuna trial from the storage.
``hydra.*`` overrides never enter ``hydra.job.override_dirname``, so run names stay clean.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

ENV_STORAGE = "LORASWEEP_OPTUNA_STORAGE"
ENV_STUDY = "LORASWEEP_OPTUNA_STUDY"
ENV_TRIAL_ID = "LORASWEEP_OPTUNA_TRIAL_ID"
ENV_TRIAL_NUMBER = "LORASWEEP_OPTUNA_TRIAL_NUMBER"

# Study user attributes written by the sweeper so that every job and every worker agree on them.
ATTR_METRICS = "lorasweep_metrics"
ATTR_PRUNER = "lorasweep_pruner"


@dataclass(frozen=True)
class TrialHandle:
    """Where a job finds its trial: storage URL, study name, trial id (storage key), number."""

    storage: str
    study_name: str
    trial_id: int
    trial_number: int


def _quote(value: str) -> str:
    """Quote a value for the Hydra override grammar (single quotes, escaping backslashes and quotes)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def handle_overrides(handle: TrialHandle) -> list[str]:
    """Hydra overrides that make a job see ``handle`` in its environment."""
    values = {
        ENV_STORAGE: handle.storage,
        ENV_STUDY: handle.study_name,
        ENV_TRIAL_ID: str(handle.trial_id),
        ENV_TRIAL_NUMBER: str(handle.trial_number),
    }
    return [f"++hydra.job.env_set.{key}={_quote(val)}" for key, val in values.items()]


def current_handle() -> TrialHandle | None:
    """The trial this process runs, or None when it is not an Optuna trial (plain run or grid sweep)."""
    trial_id = os.environ.get(ENV_TRIAL_ID)
    if not trial_id:
        return None
    return TrialHandle(
        storage=os.environ[ENV_STORAGE],
        study_name=os.environ[ENV_STUDY],
        trial_id=int(trial_id),
        trial_number=int(os.environ.get(ENV_TRIAL_NUMBER, "-1")),
    )
