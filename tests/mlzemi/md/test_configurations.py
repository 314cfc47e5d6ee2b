"""mlzemi.md.configurations: initial velocities and configurations."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.md import configurations, neighbors, potentials, quantities, space

needs_lammps = pytest.mark.lammps  # fails (not skipped) where LAMMPS is missing: tests/conftest.py


def test_maxwell_boltzmann_velocities_are_exact():
    v = configurations.maxwell_boltzmann_velocities((4, 300), 0.65, seed=0)
    np.testing.assert_allclose(quantities.temperature(v), 0.65, rtol=1e-12)
    np.testing.assert_allclose(quantities.total_momentum(v), 0.0, atol=1e-12)


def test_random_configuration_has_no_strong_overlaps():
    x, types, box = configurations.random_configuration(300, seed=2)
    pairs = neighbors.periodic_pairs(x, box, 1.0)
    r = np.linalg.norm(space.minimum_image(x[pairs[:, 1]] - x[pairs[:, 0]], box), axis=1)
    sigma = potentials.KA2D.sigma[types[pairs[:, 0]], types[pairs[:, 1]]]
    assert np.all(r > 0.88 * sigma)
    assert np.mean(types == 0) == pytest.approx(0.65, abs=0.01)
    assert box[0] ** 2 == pytest.approx(300 / 1.2)
