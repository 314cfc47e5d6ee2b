"""mlzemi.md.integrators: velocity Verlet conserves energy and momentum; Langevin reaches its temperature."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.md import configurations, integrators, quantities
from mlzemi.md.numpy_engine import NumpyEngine, VerletForces


@pytest.mark.slow
def test_nve_conserves_energy_and_momentum(liquid):
    x, v, types, box = liquid
    velocities = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.8, seed=5)
    traj = NumpyEngine().run_nve(np.stack([x, x]), velocities, types, box, np.arange(0, 4001, 100))
    # velocity Verlet, dt = 0.005, 20 τ: a bounded O(dt²) fluctuation (≈ 1e-3 per particle at T ≈ 1) and
    # no systematic drift (slope fitted after the first sample; its noise is ≈ 2e-5 per particle per τ)
    assert np.all(quantities.drift_per_particle(traj.total_energy, len(types)) < 4e-3)
    rate = quantities.drift_rate_per_particle(traj.total_energy[:, 1:], traj.times[1:], len(types))
    assert np.all(np.abs(rate) < 1e-4), rate
    np.testing.assert_allclose(quantities.total_momentum(traj.velocities), 0.0, atol=1e-10)
    # the two replicas start from the same positions with different velocities: they diverge
    assert np.abs(traj.positions[0, -1] - traj.positions[1, -1]).max() > 0.1


def test_langevin_reaches_its_temperature(liquid):
    x, _, types, box = liquid
    rng = np.random.default_rng(7)
    force_fn = VerletForces(types, box)
    state = integrators.initial_state(np.stack([x, x]), np.zeros((2, len(types), 2)), force_fn, box)
    temps = []
    for step in range(1500):
        state = integrators.langevin_step(state, force_fn, 0.005, box, 0.7, 2.0, rng)
        if step >= 500:
            temps.append(quantities.temperature(state.velocities, fixed_momentum=False))
    assert abs(np.mean(temps) - 0.7) < 0.03
