"""mlzemi.glass.baselines: the columns are the structure module's, ridge equals scikit-learn's, and every
choice is made on validation (a synthetic target whose best column differs between validation and test)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from sklearn.linear_model import Ridge

from mlzemi.glass import baselines, dataset, scoring, structure


@pytest.fixture(scope="module")
def shipped_test():
    return dataset.load_split(dataset.PACKAGE_DATA, "test")


def _synthetic(split, configurations, targets):
    """``split`` restricted to ``configurations``, its cage propensity replaced by ``targets (C, T, N)``."""
    small = baselines._take(split, np.asarray(configurations))
    times = split.times[: targets.shape[1]]
    return dataclasses.replace(small, times=times, propensity_cage=targets,
                               propensity_cage_halves=np.stack([targets, targets], axis=1),
                               propensity_plain=small.propensity_plain[:, : len(times)],
                               propensity_plain_halves=small.propensity_plain_halves[:, :, : len(times)])


def test_columns_are_the_structure_modules(shipped_test):
    s = shipped_test
    features = baselines.configuration_features(s.positions[0], s.types[0], s.box)
    assert features.shape == (1000, len(baselines.NAMES)) == (1000, 184)
    descriptors, names = structure.baseline_descriptors(s.positions[0], s.types[0], s.box)
    assert names == baselines.NAMES[:24]
    np.testing.assert_array_equal(features[:, baselines.BLOCKS["descriptors"]], descriptors)
    radial = structure.radial_densities(s.positions[0], s.types[0], s.box).reshape(1000, -1)
    np.testing.assert_array_equal(features[:, baselines.BLOCKS["radial"]], radial)
    np.testing.assert_allclose(features[:, baselines.BLOCKS["radial_cg"]].reshape(1000, 52, 2)[:, :, 1],
                               structure.coarse_grain(radial, s.positions[0], s.box, 2.0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(features[:, 180], structure.net_force(s.positions[0], s.types[0], s.box))
    assert baselines.NAMES[180] == "force" and baselines.NAMES[24] == "GA_r0.5" and baselines.NAMES[77] == "GA_r0.5_L2"


def test_ridge_equals_scikit_learn():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(500, 184)) * rng.uniform(0.1, 10, size=184)
    y = x[:, :3] @ np.array([[1.0, 0.0], [0.5, 2.0], [0.0, -1.0]]) + rng.normal(size=(500, 2))
    cols = baselines.columns(["descriptors", "force"])
    model = baselines.Ridge.fit(x, y, cols, lambdas=[0.1, 100.0])
    z = (x[:, cols] - x[:, cols].mean(axis=0)) / x[:, cols].std(axis=0)
    for k, lam in enumerate([0.1, 100.0]):
        reference = Ridge(alpha=lam).fit(z, y)
        np.testing.assert_allclose(model.weights[k], reference.coef_.T, rtol=1e-8, atol=1e-10)
        prediction = model.predict(x[None])[k, 0]                       # (T, N)
        np.testing.assert_allclose(prediction.T, reference.predict(z), rtol=1e-8, atol=1e-8)


def test_choices_are_made_on_validation(shipped_test):
    """Time 0: the target is |F_i| everywhere, so every baseline that can use |F_i| finds it. Time 1: the target
    is the energy in train and validation but the local density in test, so what is chosen on validation (the
    energy) scores badly on test; a choice made on test would have picked the density."""
    s = shipped_test
    features = baselines.split_features(s, range(6))
    force, energy, density = features[..., 180], features[..., 0], features[..., 8]
    rng = np.random.default_rng(1)

    def targets(second, configurations):
        first = force[configurations] + 0.01 * rng.normal(size=force[configurations].shape)
        return np.stack([first, second[configurations]], axis=1)

    data = {"train": _synthetic(s, [0, 1], targets(energy, [0, 1])),
            "valid": _synthetic(s, [2, 3], targets(energy, [2, 3])),
            "test": _synthetic(s, [4, 5], targets(density, [4, 5]))}
    given = {"train": features[:2], "valid": features[2:4], "test": features[4:]}
    res = baselines.evaluate(data, features=given)
    assert res.scores["test"].shape == (len(baselines.BASELINES), 2, 2)
    best = res.mean("test")
    names = list(res.names)
    assert best[names.index("force"), 0] > 0.99 and best[names.index("ridge_all"), 0] > 0.99
    assert res.choice["single"][0] == 180 and res.choice["single"][1] == 0    # energy, chosen on validation
    on_test = scoring.split_by_configuration(density[4:], data["test"])[:, 1].mean()
    assert best[names.index("single"), 1] < on_test - 0.1                      # not the test-optimal column
    # the best baseline per time is the one with the highest validation score
    valid = res.mean("valid")
    np.testing.assert_array_equal(res.best_on_validation(), valid.argmax(axis=0))
    np.testing.assert_array_equal(res.best("test")[:, 1], res.scores["test"][valid[:, 1].argmax(), :, 1])


def test_evenly_spaced_keeps_both_ends():
    np.testing.assert_array_equal(baselines.evenly_spaced(10, 4), [0, 3, 6, 9])
    np.testing.assert_array_equal(baselines.evenly_spaced(5, None), np.arange(5))
    np.testing.assert_array_equal(baselines.evenly_spaced(5, 9), np.arange(5))


def test_save_and_load_round_trip(shipped_test, tmp_path):
    rng = np.random.default_rng(2)
    n_b = len(baselines.BASELINES)
    res = baselines.Results(names=baselines.BASELINES, times=np.array([0.1, 1.0]),
                            scores={"valid": rng.normal(size=(n_b, 3, 2)), "test": rng.normal(size=(n_b, 4, 2))},
                            choice={name: rng.normal(size=2) for name in baselines.BASELINES},
                            sign=np.array([1.0, -1.0]), n_train=7, info={"seconds": 1.0})
    baselines.save({7: res}, tmp_path, dataset.PACKAGE_DATA, "test command")
    back = baselines.load(tmp_path)
    assert back.n_train == 7 and back.names == baselines.BASELINES
    for split in ("valid", "test"):
        np.testing.assert_array_equal(back.scores[split], res.scores[split])
    for name in baselines.BASELINES:
        np.testing.assert_array_equal(back.choice[name], res.choice[name])
    assert set(back.info["data_sha256"]) >= {"test.npz", "train.npz"}
