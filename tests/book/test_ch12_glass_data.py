"""Headline numbers of 第12章 (the glass data, second edition), read from the executed build.

Thresholds are what the physics and the method must give, not what one run happened to give:
- the temperature is the shipped data set's (T = 0.62), read from the data, not typed in;
- at T = 0.62 the 2D Kob–Andersen mixture relaxes on τα(cage) = O(50) τ, and plain displacements, which carry the
  long-wavelength (Mermin–Wagner-like) motion of 2D, decay several times faster (plain < cage / 2);
- equilibrium (issue "glass data, second edition"): the energy of a configuration and of the same chain ≥ 5 τα later agree
  within 2 standard errors; τα from configurations at waiting times t_w and 2 t_w agree within 5 %; no configuration has
  more than 5 % crystal-like particles (|ψ6| > 0.7, a thermal triangular lattice being ≥ 0.8 on average);
- F_s is taken at the measured first peak of S_AA(k); χ4 peaks near τα and grows on cooling; τα(T) is super-Arrhenius;
- the noise ceiling ρ_max of a 32-replica propensity is close to, but below, 1 and decreases with time, it is lower
  with 4 replicas, and the Spearman–Brown formula carries the 2-replica reliability over to 32 replicas;
- the engine speed ratio is the recorded benchmark's (NumPy / LAMMPS), a compiled code being 2–100 times faster.
"""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
import pytest

from mlzemi.glass import chains, dataset


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


def test_equilibrated_for_many_relaxation_times(glue):
    """The chains were equilibrated for ≥ 20 τα before the first configuration was taken."""
    assert glue["ka2d_equilibration_over_tau_alpha"] == pytest.approx(
        glue["ka2d_equilibration_time"] / glue["ka2d_tau_alpha_cage"])
    assert glue["ka2d_equilibration_over_tau_alpha"] > 20.0
    assert abs(glue["ka2d_equilibration_slope_over_se"]) < 3.0      # no drift after 1000 τ, from a fitted slope


def test_equilibrium_checks(glue):
    assert abs(glue["ka2d_equilibrium_energy_diff"]) <= 2.0
    assert glue["ka2d_energy_lag_over_tau_alpha"] >= 5.0
    assert 0.0 < glue["ka2d_tau_alpha_tw_ratio_se"] < 0.1
    assert glue["ka2d_tau_alpha_2tw"] / glue["ka2d_tau_alpha_tw"] == pytest.approx(glue["ka2d_tau_alpha_tw_ratio"])
    assert glue["ka2d_tau_alpha_tw_ratio_dev_over_se"] == pytest.approx(
        (glue["ka2d_tau_alpha_tw_ratio"] - 1) / glue["ka2d_tau_alpha_tw_ratio_se"])
    assert 0 <= glue["ka2d_chains_faster_later"] <= glue["ka2d_n_train_chains"] == 8


@pytest.mark.xfail(strict=True, reason="issue #12 open: on data set v2 τα(2 t_w) / τα(t_w) = 0.91 ± 0.05 (older "
                   "configurations relax faster); data set v3 (plan v3: test/valid from chains equilibrated 8000 τ, training configurations after t_w = 9000 τ) is being generated. When this "
                   "passes, remove the marker and the chapter's 'not yet shown' paragraph.")
def test_relaxation_time_does_not_depend_on_the_waiting_time(glue):
    """The issue's criterion (b): τα from configurations at t_w and at 2 t_w agree within 5 %."""
    assert 0.95 <= glue["ka2d_tau_alpha_tw_ratio"] <= 1.05
    assert glue["ka2d_psi6_threshold"] == pytest.approx(0.7)
    assert glue["ka2d_psi6_crystal_mean"] > 0.8                     # the crystal reference is recognised
    assert glue["ka2d_crystal_like_fraction_max"] < 0.05
    assert glue["ka2d_psi6_mean"] < 0.5


def test_sizes_and_times(glue):
    assert glue["ka2d_n_train_configurations"] >= 240
    assert glue["ka2d_n_test_configurations"] >= 20
    assert glue["ka2d_n_valid_configurations"] >= 10
    assert glue["ka2d_t_max_over_tau_alpha"] >= 3.0


def test_structure_factor_peak_is_the_data_sets_wave_number(glue, shipped_test_split):
    assert glue["ka2d_sk_peak"] == pytest.approx(shipped_test_split.k_peak, rel=1e-9)
    assert 6.5 < glue["ka2d_sk_peak"] < 7.8
    assert glue["ka2d_gr_ab_peak"] < glue["ka2d_gr_aa_peak"]       # the strong, short AB attraction


def test_dynamical_heterogeneity(glue):
    assert 0.5 <= glue["ka2d_chi4_peak_time_over_tau_alpha"] <= 4.0
    assert glue["ka2d_chi4_peak_ratio_T2"] > 1.0
    assert 0.0 < glue["ka2d_chi4_peak_ratio_T2_se"] < 0.5
    assert glue["ka2d_chi4_peak"] == pytest.approx(glue["ka2d_chi4_peak_ratio_T2"] * glue["ka2d_chi4_peak_T2"])
    assert 0.5 < glue["ka2d_dynamic_length"] < 10.0
    assert glue["ka2d_tau_alpha_cage_T2"] < glue["ka2d_tau_alpha_cage"]


def test_relaxation_time_on_cooling(glue):
    assert glue["ka2d_n_temperatures"] >= 5
    assert glue["ka2d_lowest_temperature"] <= 0.60
    assert glue["ka2d_tau_alpha_cage"] > glue["ka2d_tau_alpha_cage_T2"] > glue["ka2d_tau_alpha_highest_temperature"]
    assert 0.0 < glue["ka2d_vft_t0"] < 0.62
    # over one decade of τα, Arrhenius and VFT fit the five temperatures above 0.60 equally well (the chapter says so)
    assert glue["ka2d_vft_rms_log10"] < 0.1 and glue["ka2d_arrhenius_five_rms_log10"] < 0.1


@pytest.mark.xfail(strict=True, reason="issue #12 open: two chains at T = 0.60 give τα(0.60) = 50 < τα(0.62) = 55; "
                   "plan v3 runs 8 chains equilibrated ≥ 100 τα. When this passes, remove the marker and the text "
                   "that says T = 0.60 is not resolved.")
def test_relaxation_time_at_the_lowest_temperature_is_resolved(glue):
    assert glue["ka2d_tau_alpha_lowest_temperature"] > glue["ka2d_tau_alpha_cage"]


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
    # Spearman–Brown from the 2-vs-2 halves of the training set predicts the 32-replica ceiling of the test set
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


def test_cost_of_the_plan(glue):
    """N / dt · [n_c (t_melt + t_eq + n_s Δt_s) + n_c n_s R t_max] summed over the sets of plan v2."""
    plan = chains.PLANS["v2"]
    expected = sum(c.n_particles / c.dt * c.n_chains * (c.melt_duration + c.equilibration + c.per_chain * c.spacing
                                                         + c.per_chain * c.n_replicas * c.t_max) for c in plan)
    assert glue["ka2d_v2_particle_steps_1e11"] == pytest.approx(expected / 1e11)
    assert 0.5 < glue["ka2d_v2_nve_fraction"] < 1.0
    assert glue["ka2d_v2_numpy_estimated_days"] * 24 > glue["ka2d_v2_estimated_hours"] > 0.0


def test_generation_time_is_the_manifests(glue):
    manifest = dataset.read_manifest(dataset.PACKAGE_DATA)
    assert glue["ka2d_generation_seconds"] == pytest.approx(manifest["seconds"])
    assert glue["ka2d_generation_hours"] == pytest.approx(manifest["seconds"] / 3600)


def test_nve_energy_is_conserved_within_its_fluctuation(glue):
    """Velocity Verlet (N = 100, Δt = 0.005): E_tot/N fluctuates by ~1e-3 ε or less, the fitted drift over the run
    is not larger than the fluctuation, and momentum is conserved to rounding."""
    assert 0 < glue["ch12_nve_energy_sd_per_particle"] < 5e-3
    assert glue["ch12_nve_drift_over_sd"] < 2.0
    assert glue["ch12_nve_max_momentum"] < 1e-10
    assert glue["ka2d_max_energy_drift"] < 5e-3
    assert glue["ch12_engines_position_difference_end"] < 1e-6
