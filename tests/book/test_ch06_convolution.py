"""Headline numbers of 第6章 (畳み込みとプーリング), read from the executed build.

Thresholds are what the method should reach (given by the issues), not the values of one run. Tests that
take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import book

number = book.glued_number


def test_numpy_convolution_matches_torch(glue):
    assert number(glue, "conv_numpy_torch_max_abs_diff") <= 1e-5
