"""Studies that several workers share and that survive being killed.

* ``open_study`` creates or resumes a study, refusing one that exists with other directions or metrics.
* ``TrialCounts`` counts what ``n_trials`` and ``max_failures`` limit: finished and running trials of the
  whole study (every worker, every resumed run), not counting trials that were only interrupted.
* Each worker records a heartbeat for the trials it runs (``Heartbeat``); a trial whose worker died is
  found stale, marked FAIL with the reason, and the same parameters are enqueued again (``retry_stale``).
* ``ask_lock`` serialises "count, then ask" between workers on one SQLite file, so they never ask more than
  ``n_trials`` in total; on other storages a surplus trial is detected after asking and discarded.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import optuna
from optuna.storages import RDBStorage
from optuna.trial import FrozenTrial, TrialState

from lorasweep.errors import ConfigError
from lorasweep.sweeping.handoff import ATTR_METRICS, ATTR_PRUNER
from lorasweep.sweeping.storage import open_storage

log = logging.getLogger(__name__)

# User attributes on trials.
ATTR_FAIL_REASON = "fail_reason"
ATTR_INTERRUPTED = "lorasweep_interrupted"
ATTR_SURPLUS = "lorasweep_surplus"
ATTR_RETRY_OF = "lorasweep_retry_of"
ATTR_JOB_DIR = "job_dir"
# Study user attribute: how many sweeper processes have started on this study (varies their seeds).
ATTR_WORKER_STARTS = "lorasweep_worker_starts"


def open_rdb_storage(url: str, heartbeat_interval: int, grace_period: int) -> RDBStorage:
    """The sweeper's storage, with heartbeats (see ``retry_stale``); ConfigError if it cannot be opened."""
    return open_storage(url, heartbeat_interval, grace_period)


def open_study(
    storage: RDBStorage,
    study_name: str,
    directions: Sequence[str],
    metrics: Sequence[str],
    sampler: optuna.samplers.BaseSampler,
    pruner: optuna.pruners.BasePruner,
    pruner_spec: dict[str, Any],
) -> optuna.Study:
    """Create the study or resume it; ConfigError if it exists with other directions or metrics."""
    wanted = [d.lower() for d in directions]
    existing = {s.study_name: s for s in storage.get_all_studies()}
    if study_name in existing:
        have = [d.name.lower() for d in existing[study_name].directions]
        problems = []
        if have != wanted:
            problems.append(
                f"hydra.sweeper.direction={wanted}: study {study_name!r} already exists in this storage with "
                f"direction {have}; keep {have} to resume it, or set hydra.sweeper.study_name to a new name"
            )
        have_metrics = existing[study_name].user_attrs.get(ATTR_METRICS)
        if have_metrics is not None and list(have_metrics) != list(metrics):
            problems.append(
                f"optimized_metric={list(metrics)}: study {study_name!r} already exists optimizing "
                f"{list(have_metrics)}; keep that metric to resume it, "
                "or set hydra.sweeper.study_name to a new name"
            )
        if problems:
            raise ConfigError(problems)
    study = optuna.create_study(
        storage=storage, study_name=study_name, directions=wanted, sampler=sampler, pruner=pruner,
        load_if_exists=True,
    )
    study.set_user_attr(ATTR_METRICS, list(metrics))
    study.set_user_attr(ATTR_PRUNER, pruner_spec)
    return study


def register_worker(study: optuna.Study) -> int:
    """Count this sweeper process among the study's workers; returns how many started before it."""
    starts = int(study.user_attrs.get(ATTR_WORKER_STARTS, 0))
    study.set_user_attr(ATTR_WORKER_STARTS, starts + 1)
    return starts


@dataclass(frozen=True)
class TrialCounts:
    """What the limits count. ``used`` = complete + pruned + failed + running (interrupted ones excluded)."""

    complete: int
    pruned: int
    failed: int
    running: int
    waiting: int

    @property
    def used(self) -> int:
        """Trials that count toward ``n_trials``."""
        return self.complete + self.pruned + self.failed + self.running


def is_discarded(trial: FrozenTrial) -> bool:
    """True for FAIL trials that do not count: interrupted (retried elsewhere) or surplus."""
    return trial.state == TrialState.FAIL and bool(
        trial.user_attrs.get(ATTR_INTERRUPTED) or trial.user_attrs.get(ATTR_SURPLUS)
    )


def count_trials(study: optuna.Study) -> TrialCounts:
    """Count the study's trials as the limits see them."""
    trials = study.get_trials(deepcopy=False)
    counted = [t for t in trials if not is_discarded(t)]
    by_state = {state: sum(1 for t in counted if t.state == state) for state in TrialState}
    return TrialCounts(
        complete=by_state[TrialState.COMPLETE],
        pruned=by_state[TrialState.PRUNED],
        failed=by_state[TrialState.FAIL],
        running=by_state[TrialState.RUNNING],
        waiting=by_state[TrialState.WAITING],
    )


def failure_summary(study: optuna.Study, last: int = 3) -> str:
    """The reasons of the last few failed trials, for the message that stops a study."""
    failed = [t for t in study.get_trials(deepcopy=False, states=(TrialState.FAIL,)) if not is_discarded(t)]
    lines = [f"trial {t.number}: {t.user_attrs.get(ATTR_FAIL_REASON, 'no reason recorded')}" for t in failed]
    return "; ".join(lines[-last:])


def retry_stale(study: optuna.Study) -> None:
    """Fail the trials of dead workers (no heartbeat within the grace period) and requeue their parameters.

    Optuna's ``fail_stale_trials`` sets FAIL first, after which no reason can be attached (finished trials
    are read-only), so the reason is written while the trial is still RUNNING; only the process whose
    state change wins requeues it.
    """
    storage = study._storage
    grace = getattr(getattr(storage, "_backend", storage), "grace_period", None)
    reason = f"interrupted: its sweeper process stopped sending heartbeats (grace period {grace} s)"
    for trial_id in storage._get_stale_trial_ids(study._study_id):
        _interrupt(study, trial_id, reason)


def interrupt_trials(study: optuna.Study, trial_ids: Sequence[int], reason: str) -> None:
    """Mark this worker's running trials FAIL as interrupted (Ctrl-C) and requeue their parameters."""
    for trial_id in trial_ids:
        _interrupt(study, trial_id, reason)


def _interrupt(study: optuna.Study, trial_id: int, reason: str) -> None:
    """Record why a RUNNING trial stopped, fail it, and (if this process failed it) enqueue it again."""
    storage = study._storage
    try:
        storage.set_trial_user_attr(trial_id, ATTR_FAIL_REASON, reason)
        storage.set_trial_user_attr(trial_id, ATTR_INTERRUPTED, True)
        if not storage.set_trial_state_values(trial_id, state=TrialState.FAIL):
            return
    except optuna.exceptions.UpdateFinishedTrialError:
        return  # another process got there first (or the trial just finished)
    trial = storage.get_trial(trial_id)
    if trial.params:
        study.enqueue_trial(trial.params, user_attrs={ATTR_RETRY_OF: trial.number}, skip_if_exists=False)
    log.warning("Trial %d %s; its parameters are queued again", trial.number, reason)


class Heartbeat:
    """Records a heartbeat every ``interval`` seconds for the trials this worker is running."""

    def __init__(self, storage: RDBStorage, interval: float) -> None:
        self.storage = storage
        self.interval = interval
        self.trial_ids: set[int] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lorasweep-heartbeat", daemon=True)

    def start(self) -> Heartbeat:
        """Start the background thread."""
        self._thread.start()
        return self

    def add(self, trial_id: int) -> None:
        """Beat for ``trial_id`` from now on (one beat immediately, so it can be found stale)."""
        with self._lock:
            self.trial_ids.add(trial_id)
        self.storage.record_heartbeat(trial_id)

    def discard(self, trial_id: int) -> None:
        """Stop beating for ``trial_id``."""
        with self._lock:
            self.trial_ids.discard(trial_id)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self._lock:
                ids = list(self.trial_ids)
            for trial_id in ids:
                try:
                    self.storage.record_heartbeat(trial_id)
                except Exception as exc:  # a locked database must not kill the thread; retry next beat
                    log.debug("heartbeat for trial %d failed: %s", trial_id, exc)

    def stop(self) -> None:
        """Stop the background thread."""
        self._stop.set()
        self._thread.join(timeout=5)


@contextlib.contextmanager
def ask_lock(storage_url: str) -> Iterator[None]:
    """Serialise count-then-ask between processes sharing a SQLite file (an flock on ``<db>.lock``).

    Other storages get no lock (workers may be on other machines); ``discard_if_surplus`` covers them.
    """
    if not storage_url.startswith("sqlite:///") or storage_url.endswith(":memory:"):
        yield
        return
    lock_path = Path(storage_url.removeprefix("sqlite:///") + ".lock").expanduser()
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def discard_if_surplus(study: optuna.Study, trial: optuna.trial.Trial, n_trials: int) -> bool:
    """True (and the trial discarded) if asking it took the study past ``n_trials`` (a racing worker)."""
    if count_trials(study).used <= n_trials:
        return False
    study._storage.set_trial_user_attr(trial._trial_id, ATTR_SURPLUS, True)
    study._storage.set_trial_user_attr(
        trial._trial_id, ATTR_FAIL_REASON, "surplus: another worker reached n_trials first"
    )
    study.tell(trial, state=TrialState.FAIL)
    return True
