"""Errors a user can act on. Each message names the config key, the bad value and the fix."""

from __future__ import annotations


class ConfigError(ValueError):
    """One or more problems with the composed config, all reported together before any model loads."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        count = len(self.problems)
        header = "1 problem in the config" if count == 1 else f"{count} problems in the config"
        super().__init__(header + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class DataError(ValueError):
    """The data cannot be used as configured (missing field, unreadable file, cleaning left nothing)."""


class NonFiniteLossError(RuntimeError):
    """The training or eval loss became NaN or infinite; the run stops instead of training on garbage."""
