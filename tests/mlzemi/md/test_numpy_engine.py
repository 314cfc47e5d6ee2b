"""mlzemi.md.numpy_engine: a batch of systems runs as the same systems one by one; the Langevin run thermalises."""

from __future__ import annotations

import numpy as np

from mlzemi.md import configurations, quantities
from mlzemi.md.numpy_engine import NumpyEngine


def test_batch_equals_single_systems(liquid):
    x, v, types, box = liquid
    engine = NumpyEngine()
    velocities = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.8, seed=6)
    batch = engine.run_nve(np.stack([x, x]), velocities, types, box, [0, 40])
    single = engine.run_nve(x[None], velocities[1:], types, box, [0, 40])
    np.testing.assert_allclose(batch.positions[1], single.positions[0], atol=1e-10)


def test_numpy_langevin_run_thermalises_and_unwraps(small_liquid):
    x, types, box = small_liquid
    engine = NumpyEngine()
    v = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.4, seed=1, exact=True)
    traj = engine.run_langevin(np.stack([x, x]), v, types, box, 0.4, [0, 200, 600], seed=3, friction=2.0)
    assert traj.positions.shape == (2, 3, len(types), 2)
    np.testing.assert_allclose(traj.positions[:, 0], np.stack([x, x]) % box, atol=1e-12)
    step = np.abs(np.diff(traj.positions, axis=1)).max()
    assert step < 0.5 * box.min()                               # unwrapped: no jumps by a box length
    assert abs(quantities.temperature(traj.velocities[:, -1], fixed_momentum=False).mean() - 0.4) < 0.1
    assert not np.allclose(traj.positions[0, -1], traj.positions[1, -1])   # independent noise per run
