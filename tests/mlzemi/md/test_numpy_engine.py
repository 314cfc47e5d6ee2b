"""mlzemi.md.numpy_engine: a batch of systems runs as the same systems one by one."""

from __future__ import annotations

import numpy as np

from mlzemi.md import configurations
from mlzemi.md.numpy_engine import NumpyEngine


def test_batch_equals_single_systems(liquid):
    x, v, types, box = liquid
    engine = NumpyEngine()
    velocities = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.8, seed=6)
    batch = engine.run_nve(np.stack([x, x]), velocities, types, box, [0, 40])
    single = engine.run_nve(x[None], velocities[1:], types, box, [0, 40])
    np.testing.assert_allclose(batch.positions[1], single.positions[0], atol=1e-10)
