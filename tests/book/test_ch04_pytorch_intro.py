"""Headline numbers of 第4章 (PyTorch入門), read from the executed build.

Thresholds are what the method should reach on scikit-learn's digits (450 test images, the split that ch. 2–5, 7 and 9 share: tests/book/test_layout.py),
not the values of one run. Tests that take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import book

number = book.glued_number


def test_torch_mlp_reaches_096_on_digits(glue):
    assert number(glue, "digits_mlp_torch_test_acc") >= 0.96


def test_ch04_autograd_matches_handwritten_backward(glue):
    assert number(glue, "ch04_autograd_max_abs_diff") < 1e-10
    assert number(glue, "ch04_num_params") == 64 * 128 + 128 + 128 * 10 + 10
