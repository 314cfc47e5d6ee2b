"""mlzemi.glass.isoconfig: replica velocities, the iso-configurational run, and the mobility of known displacements."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import j0

from mlzemi.glass import dynamics, isoconfig
from mlzemi.md import configurations, quantities
from mlzemi.md.numpy_engine import NumpyEngine
from mlzemi.md.trajectory import Trajectory


def test_replica_velocities_have_zero_momentum_and_the_exact_temperature():
    v = isoconfig.replica_velocities(5, 40, 0.62, seed=3)
    assert v.shape == (5, 40, 2)
    np.testing.assert_allclose(quantities.total_momentum(v), 0.0, atol=1e-12)
    np.testing.assert_allclose(0.5 * (v**2).sum(axis=(1, 2)), 0.62 * (2 * 40 - 2) / 2, rtol=1e-12)  # K = f T / 2
    assert not np.allclose(v[0], v[1])                                  # fresh velocities per replica
    np.testing.assert_array_equal(v, isoconfig.replica_velocities(5, 40, 0.62, seed=3))


class RecordingEngine:
    """Stands in for an MD engine: records what ``run_nve`` was given."""

    def run_nve(self, positions, velocities, types, box, sample_steps):
        self.args = positions, velocities, types, box, sample_steps
        return "trajectory"


def test_run_starts_every_replica_from_the_same_positions():
    engine = RecordingEngine()
    x = np.random.default_rng(0).uniform(0, 5, (12, 2)).astype(np.float32)
    types = np.zeros(12, dtype=np.int8)
    assert isoconfig.run(engine, x, types, [5.0, 5.0], 0.7, 3, [0, 10, 20], seed=4) == "trajectory"
    positions, velocities, passed_types, box, steps = engine.args
    assert positions.shape == (3, 12, 2) and positions.dtype == np.float64
    np.testing.assert_array_equal(positions, np.stack([x, x, x]).astype(np.float64))
    np.testing.assert_array_equal(velocities, isoconfig.replica_velocities(3, 12, 0.7, seed=4))
    assert passed_types is types and list(steps) == [0, 10, 20] and list(box) == [5.0, 5.0]


def test_replicas_of_a_real_run_diverge_from_one_configuration():
    x, types, box = configurations.random_configuration(64, seed=1)
    traj = isoconfig.run(NumpyEngine(), x, types, box, 1.0, 2, [0, 40], seed=2)
    np.testing.assert_allclose(traj.positions[0, 0], traj.positions[1, 0])
    assert np.abs(traj.positions[0, 1] - traj.positions[1, 1]).max() > 1e-3


@pytest.fixture
def known_trajectory(triangular_lattice):
    """Two replicas of a triangular lattice (spacing 1.1: six neighbours within the cage radius 1.5).

    Replica 0 translates as a whole by (0.3 t, 0); in replica 1 only particle ``moved`` jumps by (0, 0.4).
    """
    x0, box = triangular_lattice(6, 6, spacing=1.1)
    n, times = len(x0), np.array([0.0, 1.0, 2.0])
    shift = np.zeros((2, 3, n, 2))
    shift[0, :, :, 0] = 0.3 * times[:, None]
    moved = 7
    shift[1, 1:, moved] = [0.0, 0.4]
    positions = x0[None, None] + shift
    types = (np.arange(n) % 4 == 0).astype(np.int8)               # 1 in 4 is B
    trajectory = Trajectory(steps=np.array([0, 200, 400]), dt=0.005, positions=positions,
                            velocities=np.zeros_like(positions), potential_energy=np.zeros((2, 3)), types=types,
                            box=box, engine="synthetic")
    return trajectory, moved


def test_mobility_of_known_displacements(known_trajectory):
    trajectory, moved = known_trajectory
    n = trajectory.positions.shape[2]
    mob = isoconfig.mobility(trajectory)
    assert mob.plain.shape == mob.cage.shape == (2, 3, n)
    np.testing.assert_allclose(mob.plain[0], np.repeat([[0.0], [0.3], [0.6]], n, axis=1), atol=1e-12)
    np.testing.assert_allclose(mob.cage[0], 0.0, atol=1e-12)        # a uniform translation is no cage motion
    neighbours = np.flatnonzero(dynamics.cage_neighbours(trajectory.positions[0, 0], trajectory.box)[moved].toarray())
    assert len(neighbours) == 6
    expected_cage = np.zeros(n)
    expected_cage[moved] = 0.4
    expected_cage[neighbours] = 0.4 / 6                             # each of its six neighbours sees it leave
    np.testing.assert_allclose(mob.cage[1, 2], expected_cage, atol=1e-12)
    np.testing.assert_allclose(mob.propensity_cage, mob.cage.mean(axis=0))
    np.testing.assert_allclose(mob.propensity_plain[2, moved], (0.6 + 0.4) / 2)


def test_fs_and_msd_average_the_a_particles_and_the_replicas(known_trajectory):
    trajectory, moved = known_trajectory
    a = trajectory.types == 0
    mob = isoconfig.mobility(trajectory, k=6.3)
    plain = np.linalg.norm(trajectory.positions - trajectory.positions[:, :1], axis=-1)      # (R, T, N)
    np.testing.assert_allclose(mob.fs_plain, j0(6.3 * plain[..., a]).mean(axis=(0, 2)), atol=1e-12)
    np.testing.assert_allclose(mob.msd_plain, (plain[..., a] ** 2).mean(axis=(0, 2)), atol=1e-12)
    assert mob.fs_plain[0] == pytest.approx(1.0) and mob.fs_cage[0] == pytest.approx(1.0)
    # replica 0 contributes no cage motion; replica 1 only around `moved` (an A particle: 7 % 4 != 0)
    assert a[moved]
    np.testing.assert_allclose(mob.msd_cage[2], (mob.cage[1, 2, a] ** 2).mean() / 2, atol=1e-12)
