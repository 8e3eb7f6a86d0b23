"""Uncertainty for per-question scores: the mean with a seeded percentile bootstrap confidence interval."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Estimate:
    """A mean over `n` items and its bootstrap interval [low, high] (NaN when n is 0)."""

    value: float
    low: float
    high: float
    n: int

    def as_metrics(self, name: str) -> dict[str, float]:
        """`name`, `name_ci_low`, `name_ci_high` and `name_n`, flat for metrics.json."""
        return {
            name: self.value,
            f"{name}_ci_low": self.low,
            f"{name}_ci_high": self.high,
            f"{name}_n": float(self.n),
        }


def bootstrap_ci(
    values: Sequence[float], resamples: int = 1000, seed: int = 0, level: float = 0.95
) -> Estimate:
    """Mean of `values` and its percentile bootstrap interval: `resamples` seeded draws of n with replacement.

    The same values and seed always give the same interval; it contains the mean, and narrows roughly as
    1/sqrt(n).
    """
    data = np.asarray(values, dtype=float)
    n = int(data.size)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    mean = float(data.mean())
    rng = np.random.default_rng(seed)
    # Draw in chunks so 10,000 resamples of 10,000 answers never hold a 10^8 index matrix at once.
    means = []
    chunk = max(1, 2_000_000 // n)
    for start in range(0, resamples, chunk):
        picks = rng.integers(0, n, size=(min(chunk, resamples - start), n))
        means.append(data[picks].mean(axis=1))
    sample = np.concatenate(means)
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(sample, [tail, 100.0 - tail])
    # Percentiles of resampled means can sit a rounding error off the mean of a constant sample.
    return Estimate(mean, float(min(low, mean)), float(max(high, mean)), n)
