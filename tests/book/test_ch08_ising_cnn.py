"""第8章 (CNNで相転移を見つける): its time budget, and headline numbers read from the executed build.

Thresholds are what the method should reach (given by the issues), not the values of one run. Tests that
take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import math

import pytest

import book

PART2 = book.ROOT / "book" / "part2"
T_C = 2.0 / math.log(1.0 + math.sqrt(2.0))  # Onsager's exact critical temperature, 2.269185...

number = book.glued_number


def test_ising_chapter_declares_its_budget():
    assert book.notebooks.budget_seconds(PART2 / "ch08_ising_cnn.md") == 180


def test_ising_classifier_far_from_tc(glue):
    assert number(glue, "ising_test_acc_far") >= 0.95


def test_ising_critical_temperature(glue):
    estimate = number(glue, "ising_tc_estimate")
    error = number(glue, "ising_tc_error")
    assert abs(estimate - T_C) / T_C <= 0.02, f"T_c estimate {estimate:.4f} vs exact {T_C:.4f}"
    # the quoted ± includes the systematic error (drift of the pairwise crossings), which with L <= 40 is a few 0.01
    assert 0 < error < 0.08, f"uncertainty {error} should be positive and small enough to mean something"
    assert abs(estimate - T_C) < 2 * error, "the exact T_c should lie within two quoted errors"


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


def test_binder_crossing_is_the_physical_baseline(glue):
    """The Binder-cumulant crossing T×(20, 40), with the CNN's error recipe (chain bootstrap + crossing drift),
    finds T_c within three of its errors, with a finite error below 0.1; the ratio glued is the one of the errors."""
    tc, error = number(glue, "ising_binder_tc"), number(glue, "ising_binder_tc_error")
    assert 0.0 < error < 0.1
    assert abs(tc - T_C) < 3.0 * error
    assert number(glue, "ising_binder_deviation_in_sigma") == pytest.approx(abs(tc - T_C) / error, rel=1e-6)
    assert number(glue, "ising_cnn_over_binder_error") == pytest.approx(
        number(glue, "ising_tc_error") / error, rel=1e-9)
