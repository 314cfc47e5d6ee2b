"""mlzemi.glass.generate: the generator CLI end to end (the quick preset), presets, seeds and the cost estimate."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from mlzemi.glass import dataset, generate

needs_lammps = pytest.mark.lammps  # fails (not skipped) where LAMMPS is missing: tests/conftest.py


def test_quick_preset_end_to_end(quick_numpy):
    out, seconds = quick_numpy
    assert seconds < 60
    preset = generate.PRESETS["quick"]
    data = dataset.load_dataset(out)
    assert set(data) == {"train", "valid", "test"}
    for split in preset.splits:
        s = data[split.name]
        c, n, t = split.n_configurations, preset.n_particles, len(preset.propensity_times)
        assert s.positions.shape == (c, n, 2) and s.types.shape == (c, n)
        assert s.propensity_cage.shape == (c, t, n) and s.propensity_plain_halves.shape == (c, 2, t, n)
        assert s.n_replicas == split.n_replicas and s.temperature == preset.temperature
        np.testing.assert_allclose(s.times, preset.propensity_times)
        assert np.all(s.propensity_plain > 0)
        assert np.all(np.diff(s.propensity_plain.mean(axis=(0, 2))) > 0)      # particles move further
        assert np.all(s.energy_drift < 5e-3)
        np.testing.assert_allclose(s.propensity_plain_halves.mean(axis=1), s.propensity_plain, rtol=2e-3)
        assert s.fs_plain[:, 0] == pytest.approx(1.0) and np.all(s.fs_plain[:, -1] < 0.5)
        rho = s.rho_max("cage")
        assert rho.shape == (t,) and np.all((rho > 0.3) & (rho <= 1.0))
    train = data["train"]
    assert train.tau_alpha("plain") < train.tau_alpha("cage")      # 2D: plain F_s decays faster
    with np.load(out / "train.npz", allow_pickle=False) as raw:   # the format promised in the docs
        assert raw["positions"].dtype == np.float32 and raw["propensity_cage"].dtype == np.float16
        assert json.loads(str(raw["metadata"]))["preset"]["name"] == "quick"


def test_manifest_describes_every_file(quick_numpy):
    out, _ = quick_numpy
    manifest = json.loads((out / dataset.MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"train.npz", "valid.npz", "test.npz"}
    for name, entry in manifest["files"].items():
        assert entry["sha256"] == dataset.sha256(out / name) and "python -m mlzemi.glass" in entry["note"]


@needs_lammps
@pytest.mark.slow
def test_quick_preset_with_lammps_is_reproducible(tmp_path):
    manifests = [generate.generate("quick", tmp_path / name, seed=5, engine_name="lammps", log=lambda _: None)
                 for name in ("a", "b")]
    for name in ("train.npz", "valid.npz", "test.npz"):
        a, b = (np.load(tmp_path / d / name, allow_pickle=False) for d in ("a", "b"))
        np.testing.assert_array_equal(a["propensity_cage"], b["propensity_cage"])
        np.testing.assert_array_equal(a["positions"], b["positions"])
    assert manifests[0]["summary"]["train"]["n_replicas"] == 4


def test_presets_follow_the_issue():
    book = generate.PRESETS["book"]
    splits = {s.name: s for s in book.splits}
    assert 0.60 <= book.temperature <= 0.65 and 900 <= book.n_particles <= 1100
    assert splits["train"].n_configurations >= 80 and splits["train"].n_replicas == 8
    for name in ("valid", "test"):
        assert splits[name].n_configurations >= 10 and splits[name].n_replicas >= 32
    assert book.propensity_times[0] == pytest.approx(0.1)
    assert 1.2 <= book.t_max / book.expected["tau_alpha_cage"] <= 1.8
    steps, index = book.steps()
    np.testing.assert_allclose(steps[index] * book.dt, book.propensity_times)
    cost = book.particle_steps()
    assert cost["nve"] == pytest.approx((80 * 8 + 20 * 32) * 1000 * book.t_max / book.dt)


def test_independent_configurations_get_different_seeds():
    seeds = {tuple(generate.configuration_seeds(0, s, i)) for s in ("train", "valid", "test") for i in range(50)}
    assert len(seeds) == 150


def test_cost_estimate_uses_the_measured_speeds():
    result = generate.estimate("book", jobs=2)
    speeds = result["particle_steps_per_second"]
    cost = generate.PRESETS["book"].particle_steps()
    expected = (cost["langevin"] / speeds["lammps_langevin"] + cost["nve"] / speeds["lammps"]) / 2
    assert result["estimated_seconds"] == pytest.approx(expected)
    assert result["numpy_engine_estimated_seconds"] > result["estimated_seconds"]


def test_verify_command(quick_numpy):
    out, _ = quick_numpy
    result = subprocess.run([sys.executable, "-m", "mlzemi.glass", "verify", str(out)], check=True,
                            capture_output=True, text=True)
    assert "3 files match the manifest" in result.stdout
