"""mlzemi.md.trajectory: the derived quantities of a Trajectory (times, energies, displacements)."""

from __future__ import annotations

import numpy as np

from mlzemi.md.trajectory import Trajectory


def test_derived_quantities():
    rng = np.random.default_rng(0)
    positions = rng.normal(size=(2, 3, 5, 2))
    velocities = rng.normal(size=(2, 3, 5, 2))
    potential = rng.normal(size=(2, 3))
    traj = Trajectory(steps=np.array([0, 10, 30]), dt=0.005, positions=positions, velocities=velocities,
                      potential_energy=potential, types=np.zeros(5, dtype=np.int8), box=np.array([4.0, 4.0]),
                      engine="synthetic")
    np.testing.assert_allclose(traj.times, [0.0, 0.05, 0.15])
    kinetic = np.array([[0.5 * np.sum(velocities[r, t] ** 2) for t in range(3)] for r in range(2)])
    np.testing.assert_allclose(traj.kinetic_energy, kinetic)
    np.testing.assert_allclose(traj.total_energy, potential + kinetic)
    np.testing.assert_allclose(traj.displacements[1, 2], positions[1, 2] - positions[1, 0])
    np.testing.assert_allclose(traj.displacements[:, 0], 0.0)
