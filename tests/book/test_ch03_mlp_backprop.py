"""Headline numbers of 第3章 (多層パーセプトロンと誤差逆伝播法), read from the executed build.

Thresholds are what the method should reach on scikit-learn's digits (450 test images, the split that ch. 2–5, 7 and 9 share: tests/book/test_layout.py),
not the values of one run. Tests that take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import pytest

import book

number = book.glued_number


def test_gradient_check_passes_in_float64(glue):
    error = number(glue, "gradcheck_max_rel_err")
    assert 0.0 <= error < 1e-6


def test_numpy_mlp_reaches_095_on_digits(glue):
    assert number(glue, "digits_mlp_numpy_test_acc") >= 0.95


def test_ch03_mlp_and_relu_approximation(glue):
    assert number(glue, "ch03_ring_acc") > 0.95
    assert -2.3 < number(glue, "ch03_lj_error_slope") < -1.7  # piecewise-linear approximation: error ~ n^-2


def test_ch03_seed_spread_is_a_few_test_images(glue):
    """Changing only the seed moves the NumPy MLP's test accuracy by a few of the 450 images, not by tens."""
    one_image = number(glue, "ch03_one_image_acc")
    assert one_image == pytest.approx(1 / 450)
    assert number(glue, "ch03_n_test") == 450
    assert 0 < number(glue, "digits_mlp_numpy_seed_std") < 10 * one_image
    assert number(glue, "digits_mlp_numpy_seed_range") < 20 * one_image
