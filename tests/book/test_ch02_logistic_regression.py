"""Headline numbers of 第2章 (分類とロジスティック回帰), read from the executed build.

Thresholds are what the method should reach on scikit-learn's digits (450 test images, the split that ch. 2–5, 7 and 9 share: tests/book/test_layout.py),
not the values of one run. Tests that take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import book

number = book.glued_number


def test_softmax_regression_on_digits(glue):
    accuracy = number(glue, "digits_logreg_test_acc")
    assert 0.5 < accuracy <= 1.0
    assert accuracy > 0.9  # a linear classifier on 8x8 digits reaches ~0.95–0.97


def test_ch02_linear_boundary_fails_on_rings(glue):
    assert number(glue, "ch02_ring_acc_linear") < 0.8
    assert number(glue, "ch02_ring_acc_squared") > 0.95
    assert number(glue, "ch02_toy_test_acc") > 0.8
