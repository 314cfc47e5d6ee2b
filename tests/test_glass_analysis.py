"""Analysis of glassy dynamics and structure (mlzemi.glass) against exact or synthetic references."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import j0

from mlzemi.glass import dynamics, reliability, structure
from mlzemi.md import configurations, potentials


def triangular_lattice(nx: int, ny: int, spacing: float = 1.0, seed: int = 0):
    """A perfect triangular lattice (ny even) in its periodic box, positions shuffled and translated."""
    i, j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    x = spacing * (i + 0.5 * (j % 2))
    y = spacing * np.sqrt(3) / 2 * j
    positions = np.stack([x.ravel(), y.ravel()], axis=1) + 0.123
    box = np.array([nx * spacing, ny * spacing * np.sqrt(3) / 2])
    return np.random.default_rng(seed).permutation(positions), box


# -- dynamics ----------------------------------------------------------------------------------------------
def test_propensity_of_a_known_trajectory():
    # 3 replicas, 2 times, 2 particles: particle 0 moves by 1, 2, 3 (replicas) along x; particle 1 by (3, 4)
    positions = np.zeros((3, 2, 2, 2))
    positions[:, 1, 0, 0] = [1.0, 2.0, 3.0]
    positions[:, 1, 1] = [3.0, 4.0]
    p = dynamics.propensity(dynamics.displacements(positions))
    np.testing.assert_allclose(p, [[0.0, 0.0], [2.0, 5.0]])


def test_cage_relative_removes_collective_motion_and_keeps_local_motion():
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


# -- noise ceiling ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("n_replicas", [4, 8, 32])
def test_split_half_reliability_recovers_the_known_reliability(n_replicas):
    """Per-replica value = signal + noise: reliability of the R-mean is var(s) / (var(s) + σ² / R)."""
    rng = np.random.default_rng(n_replicas)
    n_particles, noise = 20_000, 2.0
    signal = rng.normal(size=n_particles)
    per_replica = signal + noise * rng.normal(size=(n_replicas, n_particles))
    expected = 1.0 / (1.0 + noise ** 2 / n_replicas)
    estimate = reliability.split_half_reliability(per_replica, n_splits=10)
    assert estimate == pytest.approx(expected, abs=0.02)
    # and the ceiling is the correlation of the measured mean with the true signal
    observed = reliability.pearson(per_replica.mean(axis=0), signal)
    assert reliability.noise_ceiling(estimate) == pytest.approx(observed, abs=0.02)
    half = n_replicas // 2
    fixed = reliability.halves_reliability(per_replica[:half].mean(0), per_replica[half:].mean(0))
    assert fixed == pytest.approx(expected, abs=0.03)


def test_spearman_brown_formula():
    assert reliability.spearman_brown(0.5) == pytest.approx(2 / 3)
    assert reliability.spearman_brown(0.5, factor=4) == pytest.approx(0.8)
    assert reliability.noise_ceiling(np.array([-0.1, 0.81])).tolist() == [0.0, 0.9]


# -- structure ---------------------------------------------------------------------------------------------
def test_theta_is_zero_for_touching_equal_discs_on_a_triangular_lattice():
    positions, box = triangular_lattice(10, 12)
    types = np.zeros(len(positions), dtype=int)
    theta = structure.tong_tanaka_theta(positions, types, box, sigma=np.ones((1, 1)), coarse=False)
    np.testing.assert_allclose(theta, 0.0, atol=1e-9)
    triangles, _ = structure.periodic_delaunay(positions, box)
    corners = triangles[triangles < len(positions)]
    assert np.all(np.bincount(corners, minlength=len(positions)) == 6)   # coordination 6 everywhere


def test_theta_of_a_distorted_configuration():
    positions, types, box = configurations.random_configuration(300, seed=0)
    theta = structure.tong_tanaka_theta(positions, types, box, coarse=False)
    coarse = structure.tong_tanaka_theta(positions, types, box)
    assert np.all(theta > 0) and 0.05 < theta.mean() < 0.6
    assert coarse.std() < theta.std()                        # coarse-graining smooths
    moved = structure.tong_tanaka_theta(positions + [3.3, -1.7], types, box)
    np.testing.assert_allclose(moved, coarse, atol=1e-9)     # periodic images handled: translation invariant


def test_bond_order_of_the_triangular_lattice():
    positions, box = triangular_lattice(10, 12)
    q = structure.bond_order(positions, box, ls=(2, 4, 6), radii=(1.0,), width=0.05, average_radius=None)
    np.testing.assert_allclose(q[:, 2, 0], 1.0, atol=1e-9)     # |q_6| = 1
    np.testing.assert_allclose(q[:, :2, 0], 0.0, atol=1e-9)    # |q_2| = |q_4| = 0
    averaged = structure.bond_order(positions, box, ls=(6,), radii=(1.0,), width=0.05, average_radius=1.2)
    np.testing.assert_allclose(averaged, 1.0, atol=1e-9)


def test_local_density_and_coarse_graining():
    positions, box = triangular_lattice(24, 28, spacing=1.0)
    density = len(positions) / box.prod()
    lengths = np.array([1.5, 2.5])
    rho = structure.local_density(positions, box, lengths=lengths)
    # a smooth kernel sees the mean density, less the particle's own weight 1 / (2π L²)
    np.testing.assert_allclose(rho, np.broadcast_to(density - 1 / (2 * np.pi * lengths ** 2), rho.shape), rtol=0.005)
    values = np.full(len(positions), 3.0)
    np.testing.assert_allclose(structure.coarse_grain(values, positions, box, 1.0), 3.0)
    types = np.arange(len(positions)) % 2
    by_type = structure.local_density(positions, box, lengths=(2.5,), types=types)
    np.testing.assert_allclose(by_type.sum(axis=1), rho[:, 1:], rtol=1e-12)


def test_radial_densities_count_neighbours():
    positions, box = triangular_lattice(10, 12)
    g = structure.radial_densities(positions, np.zeros(len(positions), dtype=int), box, radii=[1.0, 1.5],
                                   width=0.02)
    np.testing.assert_allclose(g[:, 0, 0], 6.0, atol=1e-9)     # six neighbours at exactly r = 1
    np.testing.assert_allclose(g[:, 0, 1], 0.0, atol=1e-9)


def test_potential_energy_per_particle_sums_to_the_total():
    positions, types, box = configurations.random_configuration(200, seed=5)
    total, _ = potentials.energy_forces(positions, types, box)
    assert structure.potential_energy(positions, types, box).sum() == pytest.approx(total, rel=1e-12)


def test_baseline_descriptors():
    positions, types, box = configurations.random_configuration(300, seed=6)
    features, names = structure.baseline_descriptors(positions, types, box, lengths=(1.0, 2.0))
    assert features.shape == (300, len(names)) and len(set(names)) == len(names)
    assert np.all(np.isfinite(features))
    np.testing.assert_allclose(features[:, names.index("energy")], structure.potential_energy(positions, types, box))
    smooth = features[:, names.index("energy_L2")]
    assert smooth.std() < features[:, names.index("energy")].std()
