"""Part I (ch. 1–5): headline numbers glued by the executed chapters, and the shared digits split.

Thresholds are what each method should reach on scikit-learn's digits (450 test images, the same split in ch. 2–5),
not the values of one run. Tests that take `glue` run after the full build (marked `book` automatically).
"""

from __future__ import annotations

import pytest

import book

PART1 = book.ROOT / "book" / "part1"
DIGITS_CHAPTERS = ["ch02_logistic_regression", "ch03_mlp_backprop", "ch04_pytorch_intro", "ch05_training_tips"]
SPLIT = "train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)"


number = book.glued_number


@pytest.mark.parametrize("chapter", DIGITS_CHAPTERS)
def test_digits_chapters_share_one_split(chapter):
    """The accuracies of ch. 2–5 are comparable only if every chapter uses the same split and scaling."""
    text = (PART1 / f"{chapter}.md").read_text(encoding="utf-8")
    assert SPLIT in text
    assert "X = digits.data / 16.0" in text


# ---- headline numbers given by the issue -------------------------------------------------------------------------


def test_gradient_check_passes_in_float64(glue):
    error = number(glue, "gradcheck_max_rel_err")
    assert 0.0 <= error < 1e-6


def test_numpy_mlp_reaches_095_on_digits(glue):
    assert number(glue, "digits_mlp_numpy_test_acc") >= 0.95


def test_torch_mlp_reaches_096_on_digits(glue):
    assert number(glue, "digits_mlp_torch_test_acc") >= 0.96


def test_softmax_regression_on_digits(glue):
    accuracy = number(glue, "digits_logreg_test_acc")
    assert 0.5 < accuracy <= 1.0
    assert accuracy > 0.9  # a linear classifier on 8x8 digits reaches ~0.95–0.97


# ---- statements the chapters make in prose -----------------------------------------------------------------------


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


def test_ch02_linear_boundary_fails_on_rings(glue):
    assert number(glue, "ch02_ring_acc_linear") < 0.8
    assert number(glue, "ch02_ring_acc_squared") > 0.95
    assert number(glue, "ch02_toy_test_acc") > 0.8


def test_ch03_mlp_and_relu_approximation(glue):
    assert number(glue, "ch03_ring_acc") > 0.95
    assert -2.3 < number(glue, "ch03_lj_error_slope") < -1.7  # piecewise-linear approximation: error ~ n^-2


def test_ch04_autograd_matches_handwritten_backward(glue):
    assert number(glue, "ch04_autograd_max_abs_diff") < 1e-10
    assert number(glue, "ch04_num_params") == 64 * 128 + 128 + 128 * 10 + 10


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


# ---- numbers the editorial pass (#16) made computed instead of typed ----------------------------------------------


def test_ch01_bootstrap_agrees_with_the_covariance_error(glue):
    """With independent Gaussian noise, the bootstrap spread of E_a/k_B matches the covariance-matrix error."""
    assert 0.7 < number(glue, "ch01_bootstrap_ratio") < 1.3
    assert number(glue, "ch01_bootstrap_err") > 0


def test_ch03_seed_spread_is_a_few_test_images(glue):
    """Changing only the seed moves the NumPy MLP's test accuracy by a few of the 450 images, not by tens."""
    one_image = number(glue, "ch03_one_image_acc")
    assert one_image == pytest.approx(1 / 450)
    assert number(glue, "ch03_n_test") == 450
    assert 0 < number(glue, "digits_mlp_numpy_seed_std") < 10 * one_image
    assert number(glue, "digits_mlp_numpy_seed_range") < 20 * one_image
