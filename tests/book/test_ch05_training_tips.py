"""Headline numbers of 第5章 (学習をうまく進めるために), read from the executed build.

Thresholds are what the methods should reach on scikit-learn's digits (450 test images, the split that ch. 2–5, 7 and 9 share: tests/book/test_layout.py),
not the values of one run. Tests that take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import pytest

import book

number = book.glued_number


def test_ch05_optimizers(glue):
    loss = {k: number(glue, f"ch05_final_train_loss_{k}") for k in ("sgd_small", "sgd", "momentum", "adam")}
    assert loss["momentum"] < 0.5 * loss["sgd_small"]  # momentum beats plain SGD at the same learning rate
    assert loss["momentum"] == pytest.approx(loss["sgd"], rel=0.5)  # ~ SGD with lr / (1 - beta)
    assert number(glue, "ch05_valley_sgd") > max(number(glue, "ch05_valley_momentum"), number(glue, "ch05_valley_adam"))


def test_ch05_training_tips(glue):
    assert number(glue, "ch05_relu_he_last_std") > 0.3  # He keeps the signal in a 10-layer ReLU net
    assert number(glue, "ch05_relu_glorot_last_std") < 0.1
    assert number(glue, "ch05_bn_off_val_acc") < 0.3  # 8 layers, default init, SGD: does not learn
    assert number(glue, "ch05_bn_on_val_acc") > 0.9
    assert number(glue, "ch05_val_loss_spread_cosine") < number(glue, "ch05_val_loss_spread_constant")
    assert 1 <= number(glue, "ch05_best_epoch") <= number(glue, "ch05_stop_epoch")
    assert number(glue, "digits_tuned_test_acc") >= 0.95
