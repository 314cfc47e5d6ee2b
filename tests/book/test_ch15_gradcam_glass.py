"""Headline numbers of 第15章 (CNN and Grad-CAM on liquid vs supercooled 2D Kob–Andersen configurations), read from
the executed build.

Thresholds are what the method must reach, not what one run gave:
- a CNN with periodic padding separates T_L = 1.0 from T = 0.62 configurations of 1000 particles (the mean
  energy alone does, AUC = 1 on validation): held-out accuracy ≥ 0.95;
- the correlations of the per-particle Grad-CAM score with descriptors and dynamics are findings: no threshold, but
  they are finite correlations with a positive standard error, and no correlation exceeds the noise ceiling of the
  quantity it is scored against;
- Grad-CAM through hooks equals CAM / Z for a network that ends in global average pooling and a linear layer;
- the images are not aliased (Gaussian width one pixel), the heat maps no longer change at the end of training, and
  every choice (resolution, coarse-graining length, best descriptor, C of the descriptor classifier) is made on validation.
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
    "gradcam_glass_rho_ageing_first",
    # partial correlations: the score with the dynamics, the descriptor chosen on validation removed
    "gradcam_glass_partial_energy_rho_propensity_tau_alpha",
    "gradcam_glass_partial_energy_rho_ageing",
    "gradcam_glass_partial_best_rho_propensity_tau_alpha",
    "gradcam_glass_partial_best_rho_ageing",
    # the other resolution, three seeds
    "gradcam_glass_other_rho_epot",
    "gradcam_glass_other_rho_propensity_tau_alpha",
    "gradcam_glass_other_rho_ageing",
    "gradcam_glass_other_rho_energy_coarse",
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
    "ch15_gnn_rho_tau_alpha",
    "ch15_rho_max_tau_alpha",
    "ch15_ageing_ceiling",
    "ch15_ageing_time",
    "ch15_quench_temperature",
    "ch15_time_tau_alpha",
    "gradcam_glass_alias_error_narrow_48",
    "gradcam_glass_alias_error_narrow_32",
    "gradcam_glass_alias_error_pixel_48",
    "gradcam_glass_alias_error_pixel_32",
    "gradcam_glass_valid_loss_48",
    "gradcam_glass_valid_loss_48_se",
    "gradcam_glass_valid_loss_32",
    "gradcam_glass_valid_loss_32_se",
    "gradcam_glass_test_loss",
    "gradcam_glass_test_loss_se",
    "gradcam_glass_valid_loss_final",
    "gradcam_glass_valid_loss_final_se",
    "gradcam_glass_valid_loss_last_quarter_change",
    "gradcam_glass_valid_loss_last_quarter_change_se",
    "gradcam_glass_valid_all_correct_from_epoch",
    "gradcam_glass_score_stability",
    "gradcam_glass_score_stability_se",
    "gradcam_glass_descriptor_test_acc",
    "gradcam_glass_descriptor_test_loss",
    "gradcam_glass_energy_L_tau_alpha",
    "gradcam_glass_energy_rho_propensity_tau_alpha",
    "gradcam_glass_best_rho_propensity_tau_alpha",
    "gradcam_glass_best_valid_rho_propensity_tau_alpha",
    "gradcam_glass_energy_rho_ageing",
    "gradcam_glass_best_rho_ageing",
    "gradcam_glass_rho_control_energy",
    "gradcam_glass_rho_control_best",
    "gradcam_glass_ageing_mean_displacement_first",
    "gradcam_glass_equilibrium_displacement_same_time",
    "gradcam_glass_ageing_energy_initial",
    "gradcam_glass_ageing_energy_first",
    "gradcam_glass_ageing_energy_last",
    "gradcam_glass_ageing_energy_drop_last_decade",
    "gradcam_glass_ageing_energy_drop_last_decade_se",
    "gradcam_glass_seed_agreement",
    "gradcam_glass_seed_agreement_se",
    "gradcam_glass_seed_agreement_other",
    "gradcam_glass_seed_agreement_other_se",
    "gradcam_glass_resolution_agreement",
    "gradcam_glass_resolution_agreement_se",
    "gradcam_glass_other_test_acc",
    "gradcam_glass_valid_loss_difference",
    "gradcam_glass_valid_loss_difference_se",
    "gradcam_glass_resolution_rho_difference_propensity_tau_alpha",
    "gradcam_glass_resolution_rho_difference_propensity_tau_alpha_se",
    "gradcam_glass_resolution_rho_difference_ageing",
    "gradcam_glass_resolution_rho_difference_ageing_se",
    "ch15_ageing_mean_displacement",
    "ch15_num_epochs",
    # what the images can show: S(k) peak against the Nyquist wave number and the blur
    "ch15_k_peak",
    "ch15_nyquist_48",
    "ch15_nyquist_32",
    "ch15_peak_attenuation_48",
    "ch15_peak_attenuation_32",
    "ch15_peak_log10_attenuation_48",
    "ch15_peak_log10_attenuation_32",
    "ch15_receptive_field_pixels",
    "ch15_receptive_field",
    "ch15_test_errors",
    "ch15_no_pixel_fraction",
    "ch15_no_pixel_fraction_other",
    "ch15_tau_alpha_liquid",
    "ch15_liquid_equilibration_over_tau_alpha",
    "ch15_friction",
    "gradcam_glass_equipartition_drop",
    "gradcam_glass_ageing_energy_drop_total",
    "gradcam_glass_ageing_energy_drop_over_equipartition",
    "ch15_ex1_n_nyquist",
    "ch15_ex1_n_visible",
    "ch15_ex1_ratio_visible",
    "ch15_ex1_count_48",
    "ch15_ex3_mean_supercooled",
    "ch15_ex3_mean_liquid",
] + [f"gradcam_glass_abs_rho_gap_{name}_{target}{suffix}" for name in ("energy", "best")
     for target in ("propensity_tau_alpha", "ageing") for suffix in ("", "_se")]


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


def test_map_agreements_are_correlations_over_three_seeds(glue):
    for name in ("gradcam_glass_seed_agreement", "gradcam_glass_seed_agreement_other", "gradcam_glass_resolution_agreement"):
        assert -1.0 <= glue[name] <= 1.0
        assert 0.0 < glue[f"{name}_se"] < 0.5
    assert glue["ch15_n_pixels"] in (32.0, 48.0)
    assert 0.5 <= glue["gradcam_glass_other_test_acc"] <= 1.0
    for name in ("propensity_tau_alpha", "ageing"):   # a difference of two correlations, paired by configuration
        assert -2.0 <= glue[f"gradcam_glass_resolution_rho_difference_{name}"] <= 2.0
        assert 0.0 < glue[f"gradcam_glass_resolution_rho_difference_{name}_se"] < 0.5


def test_images_are_not_aliased(glue):
    """A Gaussian one pixel wide is sampled faithfully (relative Fourier error < 1 %); one 0.3 σ wide is not."""
    for n in (48, 32):
        assert 0.0 <= glue[f"gradcam_glass_alias_error_pixel_{n}"] < 0.01
        assert glue[f"gradcam_glass_alias_error_narrow_{n}"] > 10 * glue[f"gradcam_glass_alias_error_pixel_{n}"]


def test_resolution_is_the_one_with_the_lower_validation_loss(glue):
    chosen = int(glue["ch15_n_pixels"])
    other = 80 - chosen
    assert glue[f"gradcam_glass_valid_loss_{chosen}"] <= glue[f"gradcam_glass_valid_loss_{other}"]
    assert glue["gradcam_glass_valid_loss_difference"] <= 0.0
    for n in (48, 32):
        assert 0.0 < glue[f"gradcam_glass_valid_loss_{n}"] < 0.6931  # below chance, ln 2
        assert glue[f"gradcam_glass_valid_loss_{n}_se"] > 0.0       # three seeds that differ


def test_training_has_converged(glue):
    """Validation accuracy settles at 1 before the last epoch, and the heat maps no longer move in the last quarter."""
    assert 1 <= glue["gradcam_glass_valid_all_correct_from_epoch"] <= glue["ch15_num_epochs"]
    assert glue["gradcam_glass_score_stability"] > 0.9
    assert 0.0 < glue["gradcam_glass_valid_loss_final"] < 0.6931
    assert glue["gradcam_glass_valid_loss_last_quarter_change_se"] > 0.0


def test_descriptor_classifier_baseline(glue):
    """Configuration means of the chapter-13 descriptors separate the classes (the mean energy alone does)."""
    assert 0.95 <= glue["gradcam_glass_descriptor_test_acc"] <= 1.0
    assert glue["gradcam_glass_descriptor_test_loss"] >= 0.0
    assert glue["gradcam_glass_test_loss"] >= 0.0


def test_descriptors_are_chosen_on_validation(glue):
    assert glue["gradcam_glass_energy_L_tau_alpha"] in (0.0, 1.0, 2.0, 3.0)
    for name in ("gradcam_glass_energy_rho_propensity_tau_alpha", "gradcam_glass_best_rho_propensity_tau_alpha",
                 "gradcam_glass_best_valid_rho_propensity_tau_alpha", "gradcam_glass_energy_rho_ageing",
                 "gradcam_glass_best_rho_ageing", "gradcam_glass_rho_control_energy", "gradcam_glass_rho_control_best"):
        assert -1.0 <= glue[name] <= 1.0
    # a value on the validation configurations, chosen as the largest of 24: still a correlation below the ceiling
    assert abs(glue["gradcam_glass_best_valid_rho_propensity_tau_alpha"]) < glue["ch15_rho_max_tau_alpha"]


def test_quench_ages(glue):
    """After a quench the potential energy falls and keeps falling; displacements grow with the window."""
    assert glue["gradcam_glass_ageing_energy_last"] < glue["gradcam_glass_ageing_energy_first"]
    assert glue["gradcam_glass_ageing_energy_first"] < glue["gradcam_glass_ageing_energy_initial"]
    assert glue["gradcam_glass_ageing_energy_drop_last_decade_se"] > 0.0
    assert 0.0 < glue["gradcam_glass_ageing_mean_displacement_first"] < glue["ch15_ageing_mean_displacement"]
    assert glue["gradcam_glass_equilibrium_displacement_same_time"] > 0.0


def test_first_shell_is_beyond_the_images(glue):
    """The first peak of S_AA(k) (≈ 7 σ⁻¹) lies above π/h at both resolutions, and the one-pixel blur
    attenuates it by more than 10³: the images show only density and composition on wavelengths ≳ σ."""
    assert 6.0 < glue["ch15_k_peak"] < 8.0
    for n in (48, 32):
        assert glue[f"ch15_nyquist_{n}"] < glue["ch15_k_peak"]
        assert 0.0 < glue[f"ch15_peak_attenuation_{n}"] < 1e-3
    assert glue["ch15_ex1_n_nyquist"] <= glue["ch15_ex1_n_visible"]
    assert glue["ch15_ex1_ratio_visible"] == pytest.approx(1.0, abs=0.05)   # resolved at the exercise's n
    assert glue["ch15_receptive_field_pixels"] == 14.0                       # 2 convs, pool, 2 convs (3 × 3)


def test_all_test_configurations_are_classified(glue):
    assert glue["ch15_test_errors"] == pytest.approx((1 - glue["gradcam_glass_test_acc"]) * 3 * glue["ch15_n_test_configurations"])
    assert 0.0 <= glue["ch15_no_pixel_fraction"] <= 1.0


def test_paired_differences_of_abs_rho_have_an_uncertainty(glue):
    for name in ("energy", "best"):
        for target in ("propensity_tau_alpha", "ageing"):
            assert -1.0 <= glue[f"gradcam_glass_abs_rho_gap_{name}_{target}"] <= 1.0
            assert 0.0 < glue[f"gradcam_glass_abs_rho_gap_{name}_{target}_se"] < 0.5


def test_quench_energy_drop_is_mostly_equipartition(glue):
    """Potential energy per particle in 2D, harmonic: k_B T; the drop after the quench is about T − T_q."""
    assert glue["gradcam_glass_equipartition_drop"] == pytest.approx(
        glue["ch15_supercooled_temperature"] - glue["ch15_quench_temperature"])
    assert 0.5 < glue["gradcam_glass_ageing_energy_drop_over_equipartition"] < 1.5
    assert glue["ch15_liquid_equilibration_over_tau_alpha"] > 3.0      # the liquid is equilibrated
