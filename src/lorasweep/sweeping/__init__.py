"""Sweep machinery behind the ``lorasweep_optuna`` Hydra sweeper: search space, studies, trials.

The Hydra plugin in ``hydra_plugins/lorasweep_optuna_sweeper`` is a thin shell around these modules so that
everything here can be unit-tested without launching Hydra.
"""
