"""mlzemi.glass.dynamics: propensity, cage-relative motion, F_s(k, t), τ_α against exact references."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import j0

from mlzemi.glass import dynamics


def test_propensity_of_a_known_trajectory():
    # 3 replicas, 2 times, 2 particles: particle 0 moves by 1, 2, 3 (replicas) along x; particle 1 by (3, 4)
    positions = np.zeros((3, 2, 2, 2))
    positions[:, 1, 0, 0] = [1.0, 2.0, 3.0]
    positions[:, 1, 1] = [3.0, 4.0]
    p = dynamics.propensity(dynamics.displacements(positions))
    np.testing.assert_allclose(p, [[0.0, 0.0], [2.0, 5.0]])


def test_cage_relative_removes_collective_motion_and_keeps_local_motion(triangular_lattice):
    positions, box = triangular_lattice(8, 8)
    adjacency = dynamics.cage_neighbours(positions, box, radius=1.2)
    assert np.all(np.diff(adjacency.indptr) == 6)                       # six neighbours each
    shift = np.broadcast_to([0.7, -0.2], positions.shape)
    np.testing.assert_allclose(dynamics.cage_relative(shift, adjacency), 0.0, atol=1e-12)
    single = np.zeros_like(positions)
    single[5] = [0.3, 0.0]
    cage = dynamics.cage_relative(single, adjacency)
    np.testing.assert_allclose(cage[5], [0.3, 0.0])
    neighbours = adjacency[5].indices
    np.testing.assert_allclose(cage[neighbours], np.tile([-0.05, 0.0], (6, 1)), atol=1e-12)


def test_bessel_form_is_the_direction_average():
    rng = np.random.default_rng(1)
    d = rng.normal(size=(50, 2))
    k = 6.3
    angles = np.linspace(0, 2 * np.pi, 2000, endpoint=False)
    kvec = k * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    direct = np.cos(d @ kvec.T).mean(axis=1)
    np.testing.assert_allclose(j0(k * np.linalg.norm(d, axis=1)), direct, atol=1e-10)


def test_fs_of_free_diffusion_is_exp_minus_d_k2_t():
    rng = np.random.default_rng(2)
    diffusion, k = 0.05, 6.3
    times = np.array([0.0, 0.1, 0.5, 1.0, 2.0])
    steps = rng.normal(size=(len(times), 100_000, 2)) * np.sqrt(2 * diffusion * times)[:, None, None]
    fs = dynamics.self_intermediate_scattering(steps, k)
    np.testing.assert_allclose(fs, np.exp(-diffusion * k ** 2 * times), atol=0.01)
    msd = dynamics.mean_squared_displacement(steps)
    np.testing.assert_allclose(msd, 4 * diffusion * times, rtol=0.02)
    tau = dynamics.relaxation_time(times, fs)
    assert tau == pytest.approx(1 / (diffusion * k ** 2), rel=0.05)


def test_relaxation_time_interpolates_in_log_time():
    times = np.geomspace(0.01, 1000, 25)
    for tau in (0.3, 7.0, 123.0):
        assert dynamics.relaxation_time(times, np.exp(-times / tau)) == pytest.approx(tau, rel=0.03)
    assert np.isnan(dynamics.relaxation_time(times, np.ones_like(times)))
    assert dynamics.relaxation_time(np.array([0.0, 2.0]), np.array([1.0, 0.0])) == pytest.approx(2 * (1 - np.exp(-1)))


def test_log_spaced_steps():
    steps = dynamics.log_spaced_steps(0.01, 100.0, 30, 0.005)
    assert steps[0] == 0 and np.all(np.diff(steps) > 0) and steps[-1] == 20000
