"""Headline numbers of 第7章 (CNNによる画像分類), read from the executed build.

Thresholds are what the method should reach on scikit-learn's digits (450 test images, the split that ch. 2–5, 7 and 9 share: tests/book/test_layout.py),
not the values of one run. Tests that take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import book

number = book.glued_number


def test_cnn_beats_mlp_on_digits(glue):
    cnn = number(glue, "digits_cnn_test_acc")
    mlp = number(glue, "digits_mlp_ch07_test_acc")
    assert cnn >= 0.975
    assert cnn > mlp, f"CNN {cnn:.4f} should beat the MLP {mlp:.4f} on the same split"
