"""mlzemi.glass.dataset: the split format written and read back, the manifest checks, and what a split computes
(the noise ceiling ρ_max, F_s at the measured peak, τα, selected times, bond targets)."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.glass import dataset

C, T, N, T_F = 3, 4, 30, 50


def synthetic_arrays(seed: int = 0, bonds: bool = False, wavenumbers=None) -> dict:
    """The arrays of a split file, in their stored dtypes, filled with random numbers of the right shapes."""
    rng = np.random.default_rng(seed)
    signal = rng.gamma(2.0, size=(C, 1, N))
    halves = (signal[:, None] + rng.normal(scale=0.5, size=(C, 2, T, N))).clip(0)
    fs_times = np.geomspace(0.01, 1000.0, T_F)
    fs = np.exp(-fs_times / 40.0)                                          # τα = 40 exactly at the sampled times
    arrays = {
        "positions": rng.uniform(0, 10, (C, N, 2)).astype(np.float32),
        "types": (rng.random((C, N)) < 0.35).astype(np.int8),
        "box": np.array([10.0, 10.0]), "temperature": np.float64(0.62),
        "times": np.array([1.0, 10.0, 30.0, 100.0]),
        "propensity_plain": halves.mean(1).astype(np.float16), "propensity_cage": halves.mean(1).astype(np.float16),
        "propensity_plain_halves": halves.astype(np.float16), "propensity_cage_halves": halves.astype(np.float16),
        "n_replicas": np.int64(8), "fs_times": fs_times,
        "fs_plain": np.tile(fs ** 2, (C, 1)).astype(np.float32), "fs_cage": np.tile(fs, (C, 1)).astype(np.float32),
        "msd_plain": np.zeros((C, T_F), np.float32), "msd_cage": np.zeros((C, T_F), np.float32),
        "potential_energy": np.zeros(C, np.float32), "energy_drift": np.zeros(C, np.float32),
    }
    if bonds:
        counts = [2, 0, 3]
        arrays["bond_offsets"] = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        arrays["bond_pairs"] = np.array([[0, 1], [2, 5], [0, 3], [1, 4], [7, 9]], dtype=np.int16)
        arrays["bond_change"] = rng.normal(size=(T, sum(counts))).astype(np.float16)
    if wavenumbers is not None:   # v2: F_s per replica and wave number; F_s(k) = exp(−(k/6) t / 40) (2 replicas)
        decay = np.exp(-np.multiply.outer(fs_times, np.asarray(wavenumbers) / 6.0) / 40.0)
        arrays["fs_cage_k"] = np.broadcast_to(decay, (C, 2, T_F, len(wavenumbers))).astype(np.float32)
        arrays["fs_plain_k"] = arrays["fs_cage_k"]
    return arrays


def write_split(directory, name="test", metadata=None, **kwargs):
    dataset.save_split(directory, name, synthetic_arrays(**kwargs), metadata or {"preset": {"name": "synthetic"}})
    dataset.write_manifest(directory, {f"{name}.npz": "synthetic"})
    return dataset.load_split(directory, name)


def test_a_split_is_read_back_as_written(tmp_path):
    arrays = synthetic_arrays()
    split = write_split(tmp_path)
    assert split.name == "test" and split.n_configurations == C and split.metadata["preset"]["name"] == "synthetic"
    assert split.temperature == 0.62 and isinstance(split.temperature, float) and split.n_replicas == 8
    for name, value in arrays.items():
        loaded = getattr(split, name)
        np.testing.assert_array_equal(loaded, value)
        if value.dtype.kind == "f" and value.ndim > 0:
            assert loaded.dtype == np.float64, name                 # float16/32 on disk, float64 in memory
    assert split.types.dtype == np.int8
    np.testing.assert_array_equal(split.propensity("cage"), split.propensity_cage)
    assert set(dataset.load_dataset(tmp_path)) == {"test"}


def test_bond_targets_per_configuration(tmp_path):
    split = write_split(tmp_path, bonds=True)
    assert split.bond_change.dtype == np.float16                     # KEEP_DTYPE: converted per configuration
    pairs, change = split.bonds(2)
    np.testing.assert_array_equal(pairs, [[0, 3], [1, 4], [7, 9]])
    assert pairs.dtype == np.int64 and change.dtype == np.float64 and change.shape == (T, 3)
    np.testing.assert_array_equal(change, split.bond_change[:, 2:5].astype(np.float64))
    assert split.bonds(1)[0].shape == (0, 2)
    with pytest.raises(ValueError, match="no bond targets"):
        write_split(tmp_path / "v2", bonds=False).bonds(0)


def test_rho_max_is_the_stepped_up_half_correlation_on_the_a_particles(tmp_path):
    split = write_split(tmp_path)
    halves = split.propensity_cage_halves
    expected = np.zeros(T)
    for c in range(C):
        a = split.types[c] == 0
        for t in range(T):
            r = np.corrcoef(halves[c, 0, t, a], halves[c, 1, t, a])[0, 1]
            expected[t] += np.sqrt(max(2 * r / (1 + r), 0.0)) / C
    np.testing.assert_allclose(split.rho_max("cage"), expected, atol=1e-12)
    assert np.all((0.5 < expected) & (expected < 1))                 # the synthetic signal is strong but noisy
    everyone = np.mean([[np.sqrt(2 * r / (1 + r)) for r in
                         (np.corrcoef(halves[c, 0, t], halves[c, 1, t])[0, 1] for t in range(T))] for c in range(C)],
                       axis=0)
    np.testing.assert_allclose(split.rho_max("cage", particle_type=None), everyone, atol=1e-12)


def test_tau_alpha_and_fs_of_a_v1_split(tmp_path):
    split = write_split(tmp_path)
    assert split.k_peak is None
    np.testing.assert_array_equal(split.fs("cage"), split.fs_cage)
    assert split.tau_alpha("cage") == pytest.approx(40.0, rel=0.02)  # e^{−t/40} crosses 1/e at t = 40
    assert split.tau_alpha("plain") == pytest.approx(20.0, rel=0.02)  # e^{−2t/40}


def test_fs_of_a_v2_split_is_taken_at_the_measured_peak(tmp_path):
    wavenumbers = [4.0, 5.0, 6.0, 7.0, 8.0]
    split = write_split(tmp_path, wavenumbers=wavenumbers,
                        metadata={"k_peak": 6.0, "wavenumbers": wavenumbers})
    assert split.k_peak == 6.0
    np.testing.assert_allclose(split.fs("cage"), np.tile(np.exp(-split.fs_times / 40.0), (C, 1)), rtol=1e-6)
    assert split.tau_alpha("cage") == pytest.approx(40.0, rel=0.02)
    between = dataset.fs_at_peak(split.fs_cage_k.mean(axis=1), wavenumbers, 6.5)   # linear in k between 6 and 7
    np.testing.assert_allclose(between, 0.5 * (split.fs_cage_k[:, 0, :, 2] + split.fs_cage_k[:, 0, :, 3]))
    # a peak outside the stored grid (tiny test systems) takes the grid's edge
    np.testing.assert_array_equal(dataset.fs_at_peak(split.fs_cage_k[:, 0], wavenumbers, 9.3),
                                  split.fs_cage_k[:, 0, :, -1])


def test_at_times_keeps_the_selected_propensity_times(tmp_path):
    split = write_split(tmp_path, bonds=True)
    late = split.at_times([30.0, 100.0])
    np.testing.assert_array_equal(late.times, [30.0, 100.0])
    np.testing.assert_array_equal(late.propensity_cage, split.propensity_cage[:, 2:])
    np.testing.assert_array_equal(late.propensity_plain_halves, split.propensity_plain_halves[:, :, 2:])
    np.testing.assert_array_equal(late.bond_change, split.bond_change[2:])
    np.testing.assert_array_equal(late.fs_cage, split.fs_cage)      # F_s curves are not propensity times
    np.testing.assert_allclose(late.rho_max(), split.rho_max()[2:], atol=1e-12)
    assert split.at_times(10.0).propensity_cage.shape == (C, 1, N)


def test_only_split_files_are_splits():
    assert dataset.is_split_file("train.npz") and dataset.is_split_file("valid.npz")
    assert not dataset.is_split_file("equilibration.npz")
    assert not dataset.is_split_file("test_waiting_times.npz")
    assert not dataset.is_split_file("manifest.json")


@pytest.mark.parametrize("damage", ["flip", "truncate", "delete"])
def test_damaged_file_is_named_in_the_error(quick_numpy, tmp_path, damage):
    out, _ = quick_numpy
    for path in out.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    target = tmp_path / "valid.npz"
    raw = bytearray(target.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 0xFF
        target.write_bytes(bytes(raw))
    elif damage == "truncate":
        target.write_bytes(bytes(raw[: len(raw) // 2]))
    else:
        target.unlink()
    with pytest.raises(dataset.DataIntegrityError, match="valid.npz"):
        dataset.load_dataset(tmp_path)
    assert dataset.load_split(tmp_path, "train").n_configurations == 3     # intact files still load


def test_unlisted_file_and_missing_manifest(tmp_path):
    np.savez_compressed(tmp_path / "extra.npz", a=np.zeros(3))
    with pytest.raises(dataset.DataIntegrityError, match="manifest"):
        dataset.load_split(tmp_path, "extra")
    dataset.write_manifest(tmp_path, {})
    with pytest.raises(dataset.DataIntegrityError, match="extra.npz: not listed"):
        dataset.load_split(tmp_path, "extra")
