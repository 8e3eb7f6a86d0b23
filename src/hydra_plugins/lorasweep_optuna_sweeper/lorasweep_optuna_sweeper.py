"""The Hydra Sweeper plugin class; the work is done by ``lorasweep.sweeping.optuna_sweep``."""

from __future__ import annotations

import logging
from typing import Any

from hydra.core.plugins import Plugins
from hydra.plugins.sweeper import Sweeper
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf

from lorasweep.sweeping.hydra_config import register
from lorasweep.sweeping.optuna_sweep import OptunaSweep, SweepAborted, SweepSettings

# Hydra's plugin scan imports this module before composing any config: register the sweeper's configs now.
register()

log = logging.getLogger(__name__)


class LorasweepOptunaSweeper(Sweeper):
    """Optuna sweeper with persistent/shared storage, resume, pruning and a study-wide failure limit."""

    def __init__(self, **settings: Any) -> None:
        self.settings = settings
        self.config: DictConfig | None = None
        self.hydra_context: HydraContext | None = None
        self.launcher: Any = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        """Keep the context and instantiate the configured launcher."""
        self.config = config
        self.hydra_context = hydra_context
        self.launcher = Plugins.instance().instantiate_launcher(
            config=config, hydra_context=hydra_context, task_function=task_function
        )

    def sweep(self, arguments: list[str]) -> Any:
        """Run this process's share of the study (see ``OptunaSweep.run``)."""
        assert self.config is not None and self.hydra_context is not None  # set by Hydra in setup()
        settings_dict = {k: _plain(v) for k, v in self.settings.items()}
        sweep_dir = str(self.config.hydra.sweep.dir)
        settings = SweepSettings.from_config(settings_dict, self.config, sweep_dir)
        loader = self.hydra_context.config_loader

        def compose(overrides: list[str]) -> Any:
            return loader.load_sweep_config(master_config=self.config, sweep_overrides=overrides)

        sweep = OptunaSweep(settings, self.config, self.launcher, compose, sweep_dir)
        try:
            return sweep.run(arguments)
        except SweepAborted:
            _write_report(sweep_dir)
            raise


def _plain(value: Any) -> Any:
    """OmegaConf nodes as plain Python values."""
    if OmegaConf.is_config(value):
        return OmegaConf.to_container(value, resolve=True)
    return value


def _write_report(sweep_dir: str) -> None:
    """Best effort: a stopped study still gets its report (Hydra skips on_multirun_end after an error)."""
    try:
        from lorasweep.report import write_report

        write_report(sweep_dir)
    except Exception as exc:  # the abort message matters more than the report
        log.warning("Could not write the sweep report: %s", exc)
