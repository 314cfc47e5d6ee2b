"""Part II (ch. 6–9): headline numbers glued by the executed chapters, and fast checks of the chapter sources.

Thresholds are what each method should reach (given by the issue), not the values of one run. Tests that take
`glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import math

import pytest

import book

PART2 = book.ROOT / "book" / "part2"
T_C = 2.0 / math.log(1.0 + math.sqrt(2.0))  # Onsager's exact critical temperature, 2.269185...
SPLIT = "train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)"


number = book.glued_number


# ---- fast checks of the sources (no build needed) ---------------------------------------------------------------


@pytest.mark.parametrize("chapter", ["ch07_cnn_digits", "ch09_gradcam"])
def test_digits_chapters_use_part1_split(chapter):
    """CNN and MLP accuracies are comparable with Part I only on the same split and scaling (X / 16)."""
    text = (PART2 / f"{chapter}.md").read_text(encoding="utf-8")
    assert "load_digits" in text and "/ 16" in text
    assert SPLIT.replace("X, y", "X / 16, y") in text or SPLIT in text


def test_ising_chapter_declares_its_budget():
    assert book.notebooks.budget_seconds(PART2 / "ch08_ising_cnn.md") == 180


def test_chapters_run_standalone():
    """No chapter imports another chapter's code: everything comes from the chapter itself or mlzemi."""
    for md in sorted(PART2.glob("ch*.md")):
        text = md.read_text(encoding="utf-8")
        assert "import ch0" not in text and "from ch0" not in text, md.name


# ---- headline numbers given by the issue -------------------------------------------------------------------------


def test_numpy_convolution_matches_torch(glue):
    assert number(glue, "conv_numpy_torch_max_abs_diff") <= 1e-5


def test_cnn_beats_mlp_on_digits(glue):
    cnn = number(glue, "digits_cnn_test_acc")
    mlp = number(glue, "digits_mlp_ch07_test_acc")
    assert cnn >= 0.975
    assert cnn > mlp, f"CNN {cnn:.4f} should beat the MLP {mlp:.4f} on the same split"


def test_ising_classifier_far_from_tc(glue):
    assert number(glue, "ising_test_acc_far") >= 0.95


def test_ising_critical_temperature(glue):
    estimate = number(glue, "ising_tc_estimate")
    error = number(glue, "ising_tc_error")
    assert abs(estimate - T_C) / T_C <= 0.02, f"T_c estimate {estimate:.4f} vs exact {T_C:.4f}"
    # the quoted ± includes the systematic error (drift of the pairwise crossings), which with L <= 40 is a few 0.01
    assert 0 < error < 0.08, f"uncertainty {error} should be positive and small enough to mean something"
    assert abs(estimate - T_C) < 2 * error, "the exact T_c should lie within two quoted errors"


# ---- what the chapters state in the text -------------------------------------------------------------------------


def test_gradcam_passes_model_randomisation_check(glue):
    """Adebayo et al.: the map of a randomised model must differ far more than the map of a retrained model."""
    randomised = number(glue, "gradcam_corr_random_all")
    retrained = number(glue, "gradcam_corr_retrained")
    assert abs(randomised) < 0.3 < retrained


def test_gradcam_ising_sees_domain_walls_after_flip_augmentation(glue):
    """ch. 9: the spin-flip-augmented CNN's map anticorrelates with the broken-bond density near T_c, and the
    plain CNN's shortcut (calling flipped ordered states disordered) is what the text says it is."""
    assert number(glue, "gradcam_ising_aug_wall_corr_tc") < -0.5
    assert number(glue, "gradcam_ising_plain_flipped_p") < 0.5


# ---- numbers the editorial pass (#16) made computed instead of typed ----------------------------------------------


def test_ising_pairwise_crossings_approach_tc_from_below(glue):
    """ch. 8: the crossing of the L, 2L output curves moves towards T_c; its drift is the quoted systematic error."""
    small, large = number(glue, "ising_cross_10_20"), number(glue, "ising_tc_estimate")
    assert small < large <= T_C + 0.02
    assert number(glue, "ising_tc_sys_error") == pytest.approx(abs(large - small))
    assert number(glue, "ising_tc_training_error") < number(glue, "ising_tc_sys_error")


def test_ising_fixed_threshold_is_biased_low(glue):
    """A fixed |m| threshold m0 < 1 crosses at T_inf(m0) < T_c (Onsager); the measured threshold is 0.4-0.8."""
    assert 0.4 < number(glue, "ising_threshold_m_L40") < number(glue, "ising_threshold_m_L10") < 0.9
    assert -0.05 < number(glue, "ising_threshold_bias") < 0
    assert number(glue, "ising_threshold_shift_09") < number(glue, "ising_threshold_shift_07") < 0


def test_ising_plain_cnn_learns_the_magnetisation_direction(glue):
    """ch. 8 Ex. 2 and ch. 9 agree: a ReLU+bias CNN trained on all-up ordered states calls flipped ones disordered."""
    assert number(glue, "ising_plain_flipped_p") < 0.5
    assert number(glue, "ising_test_acc_far_L40") >= number(glue, "ising_test_acc_far_L10")


def test_gradcam_conclusions_hold_for_three_seeds(glue):
    """ch. 9: every seed's shortcut (spin map, flipped states) and every seed's broken-bond map after augmentation."""
    assert number(glue, "gradcam_ising_plain_spin_corr_min") > 0.5
    assert number(glue, "gradcam_ising_plain_flipped_p_max") < 0.5
    assert number(glue, "gradcam_ising_aug_wall_corr_max") < 0
    assert number(glue, "gradcam_ising_plain_acc_heldout_min") >= 0.95
    assert number(glue, "gradcam_corr_input_max") < number(glue, "gradcam_corr_retrained_min")
    assert number(glue, "gradcam_corr_random_max_abs") < number(glue, "gradcam_corr_retrained_min")
