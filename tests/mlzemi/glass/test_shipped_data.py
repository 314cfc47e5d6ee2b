"""The data set shipped inside the package (`mlzemi/data/ka2d`): intact, and as large as the book needs.

The sizes are what the glass-data issue asks for: T ≈ 0.60–0.65, N ≈ 1000, ≥ 80 training and ≥ 10 validation and test
configurations, R = 8 replicas for training and R ≥ 32 for validation and test, times up to ≈ 1.5 τα (cage-relative).
"""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.glass import dataset

pytestmark = pytest.mark.skipif(not (dataset.PACKAGE_DATA / dataset.MANIFEST).exists(),
                                reason="no shipped data set in this checkout")

MINIMUM = {"train": (80, 8), "valid": (10, 32), "test": (10, 32)}  # configurations, replicas


@pytest.fixture(scope="module")
def splits():
    return dataset.load_dataset()  # checks every file against its SHA-256 in the manifest first


def test_every_split_is_present_and_large_enough(splits):
    assert set(MINIMUM) <= set(splits)
    for name, (n_configurations, n_replicas) in MINIMUM.items():
        split = splits[name]
        assert split.n_configurations >= n_configurations, name
        assert split.n_replicas >= n_replicas if name != "train" else split.n_replicas == n_replicas


def test_state_point_and_system_size(splits):
    for split in splits.values():
        assert 0.60 <= split.temperature <= 0.65
        assert 900 <= split.positions.shape[1] <= 1100
        fraction_a = np.mean(split.types == 0)
        assert abs(fraction_a - 0.65) < 0.01  # the 65:35 Kob–Andersen mixture
        density = split.positions.shape[1] / np.prod(split.box)
        assert abs(density - 1.2) < 1e-6


def test_configurations_are_distinct_across_splits(splits):
    firsts = {name: split.positions[:, 0] for name, split in splits.items()}
    stacked = np.concatenate(list(firsts.values()))
    assert len(np.unique(np.round(stacked, 4), axis=0)) == len(stacked)


def test_times_span_the_cage_and_reach_beyond_tau_alpha(splits):
    """Propensity times from well inside the cage to beyond τα (cage-relative), so that τα is bracketed."""
    test = splits["test"]
    tau_cage = test.tau_alpha("cage")
    assert np.isfinite(tau_cage)
    assert test.times.min() <= 0.01 * tau_cage
    assert tau_cage <= test.times.max() <= 3.0 * tau_cage


def test_noise_ceiling_is_high_on_the_test_configurations(splits):
    """With R ≥ 32 replicas the ceiling is tight: ρ_max of type-A cage-relative propensity stays well above 0.5."""
    rho_max = splits["test"].rho_max("cage", particle_type=0)
    assert np.all((rho_max > 0.5) & (rho_max < 1.0))
