"""mlzemi.glass.reliability: split-half reliability and the Spearman–Brown formula on synthetic data."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.glass import reliability


@pytest.mark.parametrize("n_replicas", [4, 8, 32])
def test_halves_reliability_recovers_the_known_reliability(n_replicas):
    """Per-replica value = signal + noise: reliability of the R-mean is var(s) / (var(s) + σ² / R)."""
    rng = np.random.default_rng(n_replicas)
    n_particles, noise = 20_000, 2.0
    signal = rng.normal(size=n_particles)
    per_replica = signal + noise * rng.normal(size=(n_replicas, n_particles))
    expected = 1.0 / (1.0 + noise ** 2 / n_replicas)
    half = n_replicas // 2
    fixed = reliability.halves_reliability(per_replica[:half].mean(0), per_replica[half:].mean(0))
    assert fixed == pytest.approx(expected, abs=0.03)
    # and the ceiling is the correlation of the measured mean with the true signal
    observed = reliability.pearson(per_replica.mean(axis=0), signal)
    assert reliability.noise_ceiling(fixed) == pytest.approx(observed, abs=0.02)


def test_spearman_brown_formula():
    assert reliability.spearman_brown(0.5) == pytest.approx(2 / 3)
    assert reliability.spearman_brown(0.5, factor=4) == pytest.approx(0.8)
    assert reliability.noise_ceiling(np.array([-0.1, 0.81])).tolist() == [0.0, 0.9]
