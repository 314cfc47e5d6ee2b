"""Headline numbers of 第15章 (CNN and Grad-CAM on liquid vs supercooled 2D Kob–Andersen configurations), read from
the executed build.

Thresholds are what the method must reach, not what one run gave:
- a CNN with periodic padding separates T_L = 1.0 from T = 0.62 configurations of 1000 particles (the mean
  energy alone does, AUC = 1 on validation): held-out accuracy ≥ 0.95;
- the correlations of the per-particle Grad-CAM score with descriptors and dynamics are findings: no threshold, but
  they are finite correlations with a positive standard error, and no correlation exceeds the noise ceiling of the
  quantity it is scored against;
- Grad-CAM through hooks equals CAM / Z for a network that ends in global average pooling and a linear layer.
The per-particle mapping itself (a synthetic map with a known hot spot) is tested in tests/mlzemi/glass/test_images.py.
"""

from __future__ import annotations

import pytest

import book

HEADLINES = [
    "gradcam_glass_test_acc",
    "gradcam_glass_rho_propensity_tau_alpha",
    "gradcam_glass_rho_ageing",
    "gradcam_glass_rho_epot",
    "gradcam_glass_rho_density",
    "gradcam_glass_rho_theta",
    "gradcam_glass_rho_bond_order",
]
CORRELATIONS = [name for name in HEADLINES if "_rho_" in name]

NAMES = HEADLINES + [f"{name}_se" for name in CORRELATIONS] + [
    "ch15_liquid_temperature",
    "ch15_supercooled_temperature",
    "ch15_energy_auc_particle",
    "ch15_energy_auc_configuration",
    "ch15_n_parameters",
    "ch15_n_pixels",
    "ch15_test_acc_min",
    "ch15_seed_agreement",
    "ch15_resolution_agreement",
    "ch15_gnn_rho_tau_alpha",
    "ch15_rho_max_tau_alpha",
    "ch15_ageing_ceiling",
    "ch15_ageing_time",
    "ch15_quench_temperature",
    "ch15_time_tau_alpha",
]


@pytest.mark.parametrize("name", NAMES)
def test_glued_values_are_finite_floats(glue, name):
    book.glued_float(glue, name)


def test_cnn_separates_the_two_temperatures(glue):
    assert glue["gradcam_glass_test_acc"] >= 0.95
    assert glue["gradcam_glass_test_acc"] <= 1.0
    assert glue["ch15_test_acc_min"] <= glue["gradcam_glass_test_acc"]


def test_state_points(glue):
    """The supercooled class is the propensity data (T = 0.62); the liquid is hotter; the quench goes below both."""
    assert glue["ch15_supercooled_temperature"] == pytest.approx(0.62)
    assert glue["ch15_liquid_temperature"] > glue["ch15_supercooled_temperature"]
    assert glue["ch15_quench_temperature"] < glue["ch15_supercooled_temperature"]


def test_task_is_local_hard_and_global_easy(glue):
    """One particle's energy barely tells the temperature; the configuration mean does (why accuracy alone says little)."""
    assert 0.5 < glue["ch15_energy_auc_particle"] < 0.8
    assert glue["ch15_energy_auc_configuration"] > 0.95


@pytest.mark.parametrize("name", CORRELATIONS)
def test_correlations_are_correlations_with_an_uncertainty(glue, name):
    assert -1.0 <= glue[name] <= 1.0
    assert 0.0 < glue[f"{name}_se"] < 0.5


def test_no_correlation_beats_its_noise_ceiling(glue):
    assert abs(glue["gradcam_glass_rho_propensity_tau_alpha"]) < glue["ch15_rho_max_tau_alpha"]
    assert abs(glue["gradcam_glass_rho_ageing"]) < glue["ch15_ageing_ceiling"]
    assert glue["ch15_gnn_rho_tau_alpha"] < glue["ch15_rho_max_tau_alpha"]


def test_same_time_as_chapters_12_to_14(glue):
    if "ch14_time_tau_alpha" in glue:
        assert glue["ch15_time_tau_alpha"] == glue["ch14_time_tau_alpha"]


def test_gnn_value_is_the_shipped_model_of_chapter_14(glue):
    """Chapter 14 evaluates a freshly trained model; chapter 15 the shipped weights: both learn propensity (ρ > 0.3)."""
    assert glue["ch15_gnn_rho_tau_alpha"] > 0.3


def test_map_agreements_are_correlations(glue):
    assert 0.0 < glue["ch15_seed_agreement"] <= 1.0
    assert -1.0 <= glue["ch15_resolution_agreement"] <= 1.0
    assert glue["ch15_n_pixels"] in (32.0, 48.0)
