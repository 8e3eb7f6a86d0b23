"""Opening Optuna storages with settings that survive several processes writing to one SQLite file."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import optuna
from optuna.trial import FrozenTrial

from lorasweep.errors import ConfigError

# Heartbeats are marked experimental since Optuna 2.9; we rely on them knowingly (see sweeping.study).
warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning, module="optuna")

# Jobs report intermediate values while a sweeper (or a second worker) writes: SQLite's default 5 s lock wait
# is too short on a busy 2-core machine, so wait longer rather than fail a trial on "database is locked".
_SQLITE_TIMEOUT_S = 120


def default_storage_url(sweep_dir: str | Path) -> str:
    """The default storage: ``optuna.db`` in the sweep folder (absolute, so jobs in other cwd find it)."""
    path = Path(sweep_dir).resolve() / "optuna.db"
    return f"sqlite:///{path}"


def open_storage(
    url: str,
    heartbeat_interval: int | None = None,
    grace_period: int | None = None,
    stale_callback: Callable[[optuna.Study, FrozenTrial], None] | None = None,
) -> optuna.storages.RDBStorage:
    """Open ``url`` as an Optuna storage, or raise a ConfigError that says why it cannot be opened.

    With ``heartbeat_interval`` the storage records heartbeats, so trials of a killed worker can be found.
    """
    engine_kwargs = None
    if url.startswith("sqlite:"):
        engine_kwargs = {"connect_args": {"timeout": _SQLITE_TIMEOUT_S}}
        db_path = url.split(":///", 1)[-1] if ":///" in url else ""
        if db_path and db_path != ":memory:":
            parent = Path(db_path).expanduser().parent
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(
                    f"hydra.sweeper.storage={url!r}: cannot create the folder {str(parent)!r} ({exc}); "
                    "point it at a writable path"
                ) from exc
    try:
        return optuna.storages.RDBStorage(
            url,
            engine_kwargs=engine_kwargs,
            heartbeat_interval=heartbeat_interval,
            grace_period=grace_period,
            heartbeat_stale_trial_callback=stale_callback,
        )
    except Exception as exc:  # SQLAlchemy raises many types (ArgumentError, OperationalError, ImportError...)
        raise ConfigError(
            f"hydra.sweeper.storage={_redact(url)!r} cannot be opened: {type(exc).__name__}: "
            f"{_first_line(exc)}. "
            "Use a URL such as sqlite:///path/to/study.db or postgresql://user@host/db "
            "(with its driver installed), or leave it null for a SQLite file in the sweep folder"
        ) from exc


def _redact(url: str) -> str:
    """Hide a password in a storage URL before it goes into a message."""
    if "://" in url and "@" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        if ":" in creds:
            return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url


def _first_line(exc: BaseException) -> str:
    """The first line of an exception's message (SQLAlchemy appends long background links)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else ""
