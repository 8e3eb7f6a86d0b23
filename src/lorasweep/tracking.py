"""Experiment tracking with Weights & Biases that never prompts and never blocks.

Online when credentials exist (WANDB_API_KEY or a `wandb login` netrc entry), offline otherwise: an offline run
is complete on disk under `<run folder>/wandb/` and can be uploaded later with `wandb sync`. One W&B run per
Hydra job, grouped by sweep, finished in a `finally` so one job's metrics never bleed into the next.
"""

from __future__ import annotations

import contextlib
import logging
import netrc
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

log = logging.getLogger(__name__)


def has_wandb_credentials() -> bool:
    """True if W&B could log in without asking anything (the key itself is never read into our logs)."""
    if os.environ.get("WANDB_API_KEY"):
        return True
    host = urlparse(os.environ.get("WANDB_BASE_URL", "https://api.wandb.ai")).hostname or "api.wandb.ai"
    try:
        return netrc.netrc().authenticators(host) is not None
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return False


def resolve_mode(requested: str) -> str:
    """auto -> online with credentials, else offline. An explicit WANDB_MODE in the environment wins."""
    env_mode = os.environ.get("WANDB_MODE")
    if env_mode in ("online", "offline", "disabled"):
        return env_mode
    if requested != "auto":
        return requested
    return "online" if has_wandb_credentials() else "offline"


class Tracker:
    """What the run needs from a tracker; `none` logs nothing and the W&B one forwards to its run."""

    report_to = "none"

    def log_summary(self, metrics: Mapping[str, Any]) -> None:
        """Record final metrics."""

    def log_files(self, paths: list[Path], base: Path) -> None:
        """Attach files (reports, plots) to the run."""

    def log_table(self, key: str, columns: list[str], rows: list[list[Any]]) -> None:
        """Log a table (e.g. probe generations)."""


class WandbTracker(Tracker):
    report_to = "wandb"

    def __init__(self, run: Any):
        self.run = run

    def log_summary(self, metrics: Mapping[str, Any]) -> None:
        self.run.summary.update(dict(metrics))

    def log_files(self, paths: list[Path], base: Path) -> None:
        import wandb

        for path in paths:
            if path.suffix == ".png":
                self.run.log({f"plots/{path.stem}": wandb.Image(str(path))}, commit=False)
            self.run.save(str(path), base_path=str(base), policy="now")

    def log_table(self, key: str, columns: list[str], rows: list[list[Any]]) -> None:
        import wandb

        self.run.log({key: wandb.Table(columns=columns, data=rows)}, commit=False)


def _init_wandb(logger_cfg: Mapping[str, Any], run_dir: Path, meta: Mapping[str, Any]) -> Any:
    import wandb

    mode = resolve_mode(logger_cfg.get("mode", "auto"))
    kwargs = dict(
        project=logger_cfg.get("project") or "lorasweep",
        entity=logger_cfg.get("entity"),
        dir=str(run_dir),
        config=dict(meta["config"]),
        name=meta["name"],
        group=meta["group"],
        tags=list(meta["tags"])[:64],  # W&B limits the number and length of tags
        job_type=meta.get("job_type", "train"),
        reinit="finish_previous",
        settings=wandb.Settings(silent=True, init_timeout=60, console="off"),
    )
    try:
        return wandb.init(mode=mode, **kwargs)
    except Exception as err:  # an unreachable server must not cost the run: keep it locally instead
        if mode != "online":
            raise
        log.warning(
            "W&B online init failed (%s); logging offline into %s/wandb instead", type(err).__name__, run_dir
        )
        return wandb.init(mode="offline", **kwargs)


@contextlib.contextmanager
def tracking(logger_cfg: Mapping[str, Any], run_dir: Path, meta: Mapping[str, Any]) -> Iterator[Tracker]:
    """A tracker for one job; the W&B run is always finished, with a failing exit code if the job raised."""
    if logger_cfg.get("backend") != "wandb":
        yield Tracker()
        return
    run = _init_wandb(logger_cfg, run_dir, meta)
    exit_code = 1
    try:
        yield WandbTracker(run)
        exit_code = 0
    finally:
        run.finish(exit_code=exit_code)


def tag_for(override: str) -> str:
    """W&B tags are at most 64 characters."""
    return override if len(override) <= 64 else override[:61] + "..."
