"""The data sets shipped inside the package: intact, and as large as the book needs.

Second edition (`mlzemi/data/ka2d`, issue "glass data, second edition"): T = 0.62, N = 1000, ≥ 240 training configurations
(R ≥ 4), ≥ 10 validation and ≥ 20 test configurations (R ≥ 32), test times from 0.1 τ to ≥ 3 τα, a second temperature
(T = 0.70, valid/test-sized) and τα ladders from T = 1.0 down to ≤ 0.60. The first edition (`ka2d_v1`) is still read by
chapters 13–15 and must stay intact.
"""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.glass import dataset

pytestmark = pytest.mark.skipif(not (dataset.PACKAGE_DATA / dataset.MANIFEST).exists(),
                                reason="no shipped data set in this checkout")

MINIMUM = {"train": (240, 4), "valid": (10, 32), "test": (20, 32), "test_T0.70": (20, 32)}  # configurations, R


@pytest.fixture(scope="module")
def splits():
    return dataset.load_dataset()  # checks every file against its SHA-256 in the manifest first


def test_every_split_is_present_and_large_enough(splits):
    assert set(MINIMUM) <= set(splits)
    for name, (n_configurations, n_replicas) in MINIMUM.items():
        assert splits[name].n_configurations >= n_configurations, name
        assert splits[name].n_replicas >= n_replicas, name


def test_state_point_and_system_size(splits):
    for name, split in splits.items():
        if name in ("train", "valid", "test"):
            assert split.temperature == pytest.approx(0.62)
        assert 900 <= split.positions.shape[1] <= 1100
        assert abs(np.mean(split.types == 0) - 0.65) < 0.01  # the 65:35 Kob–Andersen mixture
        assert split.positions.shape[1] / np.prod(split.box) == pytest.approx(1.2, abs=1e-6)


def test_configurations_are_distinct_across_splits(splits):
    stacked = np.concatenate([split.positions[:, 0] for split in splits.values()])
    assert len(np.unique(np.round(stacked, 4), axis=0)) == len(stacked)


def test_splits_come_from_different_chains_and_are_spaced_along_them(splits):
    for split in splits.values():
        assert split.chain is not None and split.waiting_time is not None
        tau = split.tau_alpha("cage")
        for chain in np.unique(split.chain):
            waiting = np.sort(split.waiting_time[split.chain == chain])
            assert waiting[0] >= 20 * tau                    # equilibrated ≥ 20 τα before the first configuration
            assert np.all(np.diff(waiting) >= 2 * tau)       # ≥ 2 τα between configurations


def test_times_span_the_cage_and_reach_several_tau_alpha(splits):
    test = splits["test"]
    tau_cage = test.tau_alpha("cage")
    assert np.isfinite(tau_cage)
    assert test.times.min() <= 0.01 * tau_cage
    assert test.times.max() >= 3.0 * tau_cage
    assert len(test.times) >= 10
    assert splits["train"].times.max() >= 2.0 * tau_cage


def test_wave_number_is_the_measured_peak(splits):
    k_peak = splits["test"].k_peak
    assert all(split.k_peak == k_peak for split in splits.values())
    grid = splits["test"].metadata["wavenumbers"]
    assert grid[0] < k_peak < grid[-1]


def test_relaxation_time_grows_on_cooling(splits):
    by_temperature = {split.temperature: split.tau_alpha("cage") for name, split in splits.items()
                      if name not in ("train", "valid")}
    temperatures = sorted(by_temperature)
    assert len(temperatures) >= 5 and temperatures[0] <= 0.60 and temperatures[-1] >= 1.0
    taus = [by_temperature[t] for t in temperatures if t >= 0.62]   # T = 0.60: see chapter 12 (two chains only)
    assert all(a > b for a, b in zip(taus, taus[1:], strict=False))   # strictly slower at every lower temperature


def test_noise_ceiling_is_high_on_the_test_configurations(splits):
    """With R ≥ 32 replicas the ceiling is tight: ρ_max of type-A cage-relative propensity stays well above 0.5."""
    rho_max = splits["test"].rho_max("cage", particle_type=0)
    assert np.all((rho_max > 0.5) & (rho_max < 1.0))


def test_the_first_edition_is_intact():
    """Chapters 13–15 still read the first edition: its files must match their manifest."""
    v1 = dataset.load_dataset(dataset.PACKAGE_DATA_V1)
    assert {"train", "valid", "test"} <= set(v1)
    assert v1["test"].k_peak is None and v1["test"].tau_alpha("cage") > 30.0
