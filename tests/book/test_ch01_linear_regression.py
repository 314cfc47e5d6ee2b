"""Headline numbers of 第1章 (線形回帰と勾配降下法), read from the executed build.

Thresholds are what the method should reach (given by the issues), not the values of one run. Tests that
take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import pytest

import book

number = book.glued_number


def test_ch01_arrhenius_fit_recovers_activation_energy(glue):
    fit, err, true = (number(glue, f"ch01_activation_{k}") for k in ("fit", "err", "true"))
    assert 0 < err < 0.1 * true
    assert abs(fit - true) < 4 * err


def test_ch01_learning_rate_bound_and_conditioning(glue):
    assert number(glue, "ch01_lr_critical") == pytest.approx(1.0, abs=1e-9)  # H = 2I for a standardised feature
    assert number(glue, "ch01_condition_raw") > 10
    assert number(glue, "ch01_remaining_raw") > 0.1  # raw feature: far from the minimum after 100 steps
    assert number(glue, "ch01_remaining_std") < 1e-6  # standardised: converged


def test_ch01_overfitting_is_visible(glue):
    assert number(glue, "ch01_poly_train_rmse_14") < 1e-3  # 15 parameters through 15 points
    assert number(glue, "ch01_poly_test_rmse_14") > 10 * number(glue, "ch01_poly_test_rmse_best")


def test_ch01_bootstrap_agrees_with_the_covariance_error(glue):
    """With independent Gaussian noise, the bootstrap spread of E_a/k_B matches the covariance-matrix error."""
    assert 0.7 < number(glue, "ch01_bootstrap_ratio") < 1.3
    assert number(glue, "ch01_bootstrap_err") > 0
