"""How well can propensity be predicted at all? The noise ceiling from split replica halves.

With a finite number R of iso-configurational replicas the measured propensity is the true one plus noise.
Its reliability ρ_RR (the fraction of its variance over particles that is signal) is estimated by splitting
the replicas into two halves, correlating the two half-propensities over particles (r_half) and stepping
up to the full R with the Spearman–Brown formula ρ_RR = 2 r_half / (1 + r_half) (C. Spearman, Br. J.
Psychol. 3, 271 (1910); W. Brown, ibid. 3, 296 (1910)). No predictor can correlate with the measured
propensity better than ρ_max = √ρ_RR (on average over configurations); report it beside every result,
for the same particles.
"""

from __future__ import annotations

import numpy as np


def pearson(x: np.ndarray, y: np.ndarray, axis: int = -1) -> np.ndarray:
    """Pearson correlation of ``x`` and ``y`` along ``axis`` (other axes broadcast)."""
    x = x - x.mean(axis=axis, keepdims=True)
    y = y - y.mean(axis=axis, keepdims=True)
    return (x * y).sum(axis=axis) / np.sqrt((x * x).sum(axis=axis) * (y * y).sum(axis=axis))


def spearman_brown(r: np.ndarray, factor: float = 2.0) -> np.ndarray:
    """Reliability of a mean over ``factor`` times as many replicas: k r / (1 + (k − 1) r)."""
    r = np.asarray(r, dtype=np.float64)
    return factor * r / (1.0 + (factor - 1.0) * r)


def halves_reliability(half_a: np.ndarray, half_b: np.ndarray) -> np.ndarray:
    """Reliability of the full mean from two stored half-means ``(..., N)`` of equal size (one fixed split)."""
    return spearman_brown(pearson(half_a, half_b), factor=2.0)


def noise_ceiling(reliability: np.ndarray) -> np.ndarray:
    """ρ_max = √reliability (negative reliabilities, pure noise, give 0)."""
    return np.sqrt(np.clip(reliability, 0.0, None))
