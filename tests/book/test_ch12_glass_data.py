"""Headline numbers of 第12章 (the glass data), read from the executed build.

Thresholds are what the physics and the method must give, not what one run happened to give:
- the temperature is the shipped data set's (T = 0.62), read from the data, not typed in;
- at T = 0.62 the 2D Kob–Andersen mixture relaxes on τα(cage) = O(100) τ, and plain displacements, which carry the
  long-wavelength (Mermin–Wagner-like) motion of 2D, decay several times faster (plain < cage / 2);
- the noise ceiling ρ_max of a 32-replica propensity is close to, but below, 1 and decreases with time, it is lower
  with 8 replicas, and the Spearman–Brown formula carries the 8-replica reliability over to 32 replicas;
- the engine speed ratio is the recorded benchmark's (NumPy / LAMMPS), a compiled code being 2–100 times faster.
"""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
import pytest

from mlzemi.glass import dataset, generate


@pytest.fixture(scope="module")
def shipped_test_split():
    return dataset.load_split(None, "test")


def test_temperature_is_the_data_sets(glue, shipped_test_split):
    assert glue["ka2d_temperature"] == pytest.approx(shipped_test_split.temperature, abs=1e-9)
    assert glue["ka2d_temperature"] == pytest.approx(0.62, abs=1e-9)


def test_structural_relaxation_time(glue):
    tau_cage, tau_plain = glue["ka2d_tau_alpha_cage"], glue["ka2d_tau_alpha_plain"]
    assert 30.0 < tau_cage < 200.0
    assert 30.0 < glue["ka2d_tau_alpha_cage_train"] < 200.0
    # 2D: plain displacements include the collective long-wavelength motion and decorrelate much faster
    assert 0.0 < tau_plain < tau_cage / 2
    assert glue["ka2d_tau_alpha_ratio"] == pytest.approx(tau_cage / tau_plain)


def test_equilibrated_for_several_relaxation_times(glue):
    """The configurations were equilibrated for several τα before the replicas started (no ageing left)."""
    assert glue["ka2d_equilibration_over_tau_alpha"] == pytest.approx(
        generate.PRESETS["book"].equilibration / glue["ka2d_tau_alpha_cage"])
    assert glue["ka2d_equilibration_over_tau_alpha"] > 3.0


def test_potential_energy_of_the_liquid(glue):
    """KA2D (65:35, ρ = 1.2) at T = 0.62: a dense liquid bound by the AB wells, E_pot/N ≈ −3 ε."""
    assert -3.5 < glue["ka2d_potential_energy_mean"] < -2.7


def test_propensity_time_is_nearest_tau_alpha(glue, shipped_test_split):
    times = shipped_test_split.times
    nearest = times[np.argmin(np.abs(times - glue["ka2d_tau_alpha_cage"]))]
    assert glue["propensity_time_tau_alpha"] == pytest.approx(float(nearest))
    assert glue["propensity_first_time"] == pytest.approx(float(times[0]))


def test_noise_ceiling(glue):
    ceiling = glue["propensity_rho_max_tau_alpha"]
    assert 0.8 < ceiling < 1.0
    assert ceiling < glue["propensity_rho_max_first_time"] < 1.0   # replicas decorrelate with time
    # fewer replicas, noisier targets
    assert 0.0 < glue["propensity_rho_max_tau_alpha_train"] < ceiling
    # Spearman–Brown from 4-vs-4 halves of the training set predicts the 32-replica ceiling of the test set
    assert abs(glue["propensity_rho_max_tau_alpha_train_to_r32"] - ceiling) < 0.05


def test_mobile_regions_grow(glue):
    """Dynamical heterogeneity: near τα a particle's propensity is strongly correlated with its neighbours'."""
    assert glue["propensity_neighbour_corr_tau_alpha"] > 0.5
    assert glue["propensity_neighbour_corr_tau_alpha"] > glue["propensity_neighbour_corr_first_time"] + 0.2


def test_engine_speed_ratio_is_the_recorded_benchmark(glue):
    benchmark = json.loads((files("mlzemi") / "data" / "engine_benchmark.json").read_text(encoding="utf-8"))
    ratio = glue["engine_speed_ratio_vs_lammps"]
    assert 0.01 < ratio < 0.5
    assert ratio == pytest.approx(benchmark["engine_speed_ratio_vs_lammps"], rel=1e-12)
    assert glue["engine_lammps_speedup_over_numpy"] == pytest.approx(1.0 / ratio)


def test_cost_of_the_book_preset(glue):
    """C · N · (t_melt + t_eq + R · t_max) / dt summed over the splits of the `book` preset."""
    book = generate.PRESETS["book"]
    expected = sum(s.n_configurations * book.n_particles * (book.melt_duration + book.equilibration
                                                             + s.n_replicas * book.t_max) for s in book.splits) / book.dt
    assert glue["ka2d_book_particle_steps"] == pytest.approx(expected)
    assert 0.5 < glue["ka2d_book_nve_fraction"] < 1.0
    assert glue["ka2d_book_numpy_estimated_hours"] * 3600 > glue["ka2d_book_estimated_seconds"] > 0.0
    assert glue["ka2d_book_estimated_minutes"] == pytest.approx(glue["ka2d_book_estimated_seconds"] / 60)


def test_generation_time_is_the_manifests(glue):
    manifest = dataset.read_manifest(dataset.PACKAGE_DATA)
    assert glue["ka2d_generation_seconds"] == pytest.approx(manifest["seconds"])
    assert glue["ka2d_generation_minutes"] == pytest.approx(manifest["seconds"] / 60)


def test_nve_energy_is_conserved_within_its_fluctuation(glue):
    """Velocity Verlet (N = 100, Δt = 0.005): E_tot/N fluctuates by ~1e-3 ε or less, the fitted drift over the run
    is not larger than the fluctuation, and momentum is conserved to rounding."""
    assert 0 < glue["ch12_nve_energy_sd_per_particle"] < 5e-3
    assert glue["ch12_nve_drift_over_sd"] < 2.0
    assert glue["ch12_nve_max_momentum"] < 1e-10
    assert glue["ka2d_max_energy_drift"] < 5e-3
    assert glue["ch12_engines_position_difference_end"] < 1e-6
    assert glue["ka2d_book_particle_steps_1e10"] == pytest.approx(glue["ka2d_book_particle_steps"] / 1e10)
