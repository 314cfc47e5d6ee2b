"""mlzemi.glass.scoring: per-configuration Pearson ρ on the scored particles, paired differences, the time near τα."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from mlzemi.glass import scoring

C, T, N = 3, 4, 40


@pytest.fixture
def fake_data():
    """Predictions (C, T, N), targets (C, T, N) correlated with them, and masks (C, N) of about half the particles."""
    rng = np.random.default_rng(0)
    predictions = rng.normal(size=(C, T, N))
    targets = predictions + rng.normal(scale=1.5, size=(C, T, N))
    masks = rng.random((C, N)) < 0.5
    return predictions, targets, masks


def test_by_configuration_is_pearson_on_the_masked_particles(fake_data):
    predictions, targets, masks = fake_data
    rho = scoring.by_configuration(predictions, targets, masks)
    assert rho.shape == (C, T)
    for c in range(C):
        for t in range(T):
            selected = masks[c]
            direct = np.corrcoef(predictions[c, t, selected], targets[c, t, selected])[0, 1]
            assert rho[c, t] == pytest.approx(direct, abs=1e-12)
    # the unscored particles do not count: changing them leaves the score unchanged
    changed = predictions.copy()
    changed[~np.broadcast_to(masks[:, None], changed.shape)] = 1e3
    np.testing.assert_allclose(scoring.by_configuration(changed, targets, masks), rho, atol=1e-12)


def test_one_prediction_per_particle_is_scored_at_every_time(fake_data):
    """A ``(C, N)`` prediction (a structural descriptor) is compared with the propensity at each of the T_p times."""
    _, targets, masks = fake_data
    static = np.random.default_rng(1).normal(size=(C, N))
    rho = scoring.by_configuration(static, targets, masks)
    repeated = scoring.by_configuration(np.repeat(static[:, None], T, axis=1), targets, masks)
    assert rho.shape == (C, T)
    np.testing.assert_allclose(rho, repeated, atol=1e-12)
    assert rho[1, 2] == pytest.approx(np.corrcoef(static[1, masks[1]], targets[1, 2, masks[1]])[0, 1], abs=1e-12)


def test_configurations_of_different_sizes_as_lists():
    rng = np.random.default_rng(2)
    sizes = (10, 25)
    predictions = [rng.normal(size=n) for n in sizes]
    targets = [rng.normal(size=(2, n)) for n in sizes]
    masks = [np.arange(n) % 3 != 0 for n in sizes]
    rho = scoring.by_configuration(predictions, targets, masks)
    assert rho.shape == (2, 2)
    assert rho[1, 0] == pytest.approx(np.corrcoef(predictions[1][masks[1]], targets[1][0, masks[1]])[0, 1], abs=1e-12)


def test_a_perfect_and_an_inverted_predictor(fake_data):
    _, targets, masks = fake_data
    np.testing.assert_allclose(scoring.by_configuration(2 * targets + 1, targets, masks), 1.0, atol=1e-12)
    np.testing.assert_allclose(scoring.by_configuration(-targets, targets, masks), -1.0, atol=1e-12)


def test_split_by_configuration_scores_the_particles_of_one_type(fake_data):
    predictions, targets, _ = fake_data
    types = (np.arange(N)[None] % 5 == 0).astype(np.int8).repeat(C, axis=0)   # 1 in 5 is B
    split = SimpleNamespace(propensity=lambda kind: {"cage": targets, "plain": -targets}[kind], types=types)
    np.testing.assert_allclose(scoring.split_by_configuration(predictions, split),
                               scoring.by_configuration(predictions, targets, types == 0), atol=1e-12)
    np.testing.assert_allclose(scoring.split_by_configuration(predictions, split, kind="plain", particle_type=1),
                               scoring.by_configuration(predictions, -targets, types == 1), atol=1e-12)


def test_mean_and_paired_difference_by_hand():
    a = np.array([0.1, 0.2, 0.3, 0.6])
    b = np.array([0.3, 0.3, 0.6, 0.8])                      # b − a = 0.2, 0.1, 0.3, 0.2
    mean, sem = scoring.paired_difference(a, b)
    assert mean == pytest.approx(0.2)
    # sample variance of (0.2, 0.1, 0.3, 0.2): (0 + 0.01 + 0.01 + 0) / 3; SE = sqrt(var / 4)
    assert sem == pytest.approx(np.sqrt(0.02 / 3 / 4))
    mean_a, sem_a = scoring.mean_and_sem(a)
    assert mean_a == pytest.approx(0.3)
    assert sem_a == pytest.approx(np.sqrt(((0.2**2 + 0.1**2 + 0 + 0.3**2) / 3) / 4))
    # per time: (C, T_p) inputs give (T_p,) outputs, each the scalar case
    mean_t, sem_t = scoring.paired_difference(np.stack([a, b], axis=1), np.stack([b, b], axis=1))
    np.testing.assert_allclose(mean_t, [0.2, 0.0], atol=1e-12)
    np.testing.assert_allclose(sem_t, [sem, 0.0], atol=1e-12)


def test_paired_difference_is_smaller_than_the_unpaired_error():
    """Two predictors that share the configuration-to-configuration spread: pairing removes it."""
    rng = np.random.default_rng(3)
    shared = rng.normal(scale=0.1, size=20)
    a, b = 0.4 + shared, 0.45 + shared + rng.normal(scale=0.005, size=20)
    _, paired = scoring.paired_difference(a, b)
    unpaired = np.hypot(scoring.mean_and_sem(a)[1], scoring.mean_and_sem(b)[1])
    assert paired < 0.1 * unpaired


def test_time_index_near_tau_alpha():
    times = np.array([0.1, 1.0, 10.0, 30.0, 100.0])
    split = SimpleNamespace(times=times, tau_alpha=lambda kind="cage": {"cage": 45.0, "plain": 12.0}[kind])
    assert scoring.time_index_near_tau_alpha(split) == 3                  # |30 − 45| < |100 − 45|
    assert scoring.time_index_near_tau_alpha(split, "plain") == 2
    assert isinstance(scoring.time_index_near_tau_alpha(split), int)
