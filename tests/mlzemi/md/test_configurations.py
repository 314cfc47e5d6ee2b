"""mlzemi.md.configurations: initial velocities and configurations."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi import periodic
from mlzemi.md import configurations, potentials, quantities


def test_maxwell_boltzmann_velocities_are_exact():
    v = configurations.maxwell_boltzmann_velocities((4, 300), 0.65, seed=0)
    np.testing.assert_allclose(quantities.temperature(v), 0.65, rtol=1e-12)
    np.testing.assert_allclose(quantities.total_momentum(v), 0.0, atol=1e-12)


def test_random_configuration_has_no_strong_overlaps():
    x, types, box = configurations.random_configuration(300, seed=2)
    pairs = periodic.pairs_within(x, box, 1.0)
    r = np.linalg.norm(periodic.pair_displacements(x, pairs[:, 0], pairs[:, 1], box), axis=1)
    sigma = potentials.KA2D.sigma[types[pairs[:, 0]], types[pairs[:, 1]]]
    assert np.all(r > 0.88 * sigma)
    assert np.mean(types == 0) == pytest.approx(0.65, abs=0.01)
    assert box[0] ** 2 == pytest.approx(300 / 1.2)
