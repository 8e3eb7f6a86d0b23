"""Hydra sweeper ``hydra/sweeper=lorasweep_optuna``: Optuna search with storage, resume, pruning, workers."""
