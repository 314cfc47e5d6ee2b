"""mlzemi.glass.structure: per-particle descriptors on lattices and known configurations."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.glass import structure
from mlzemi.md import NumpyEngine, configurations, potentials


def test_theta_is_zero_for_touching_equal_discs_on_a_triangular_lattice(triangular_lattice):
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


def test_bond_order_of_the_triangular_lattice(triangular_lattice):
    positions, box = triangular_lattice(10, 12)
    q = structure.bond_order(positions, box, ls=(2, 4, 6), radii=(1.0,), width=0.05, average_radius=None)
    np.testing.assert_allclose(q[:, 2, 0], 1.0, atol=1e-9)     # |q_6| = 1
    np.testing.assert_allclose(q[:, :2, 0], 0.0, atol=1e-9)    # |q_2| = |q_4| = 0
    averaged = structure.bond_order(positions, box, ls=(6,), radii=(1.0,), width=0.05, average_radius=1.2)
    np.testing.assert_allclose(averaged, 1.0, atol=1e-9)


def test_local_density_and_coarse_graining(triangular_lattice):
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


def test_radial_densities_count_neighbours(triangular_lattice):
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
    theta = structure.tong_tanaka_theta(positions, types, box)
    np.testing.assert_array_equal(features[:, [names.index(n) for n in ("theta", "theta_L1", "theta_L2")]],
                                  structure.coarse_grain_lengths(theta, positions, box, (1.0, 2.0)))
    smooth = features[:, names.index("energy_L2")]
    assert smooth.std() < features[:, names.index("energy")].std()


def test_net_force_vanishes_by_symmetry_and_matches_the_engine(triangular_lattice):
    """On a perfect lattice every particle is pushed equally from all sides: |F_i| = 0. On a random configuration
    |F_i| is the norm of the engine's force."""
    positions, box = triangular_lattice(12, 12, spacing=1.1)
    types = np.zeros(len(positions), dtype=np.int64)
    np.testing.assert_allclose(structure.net_force(positions, types, box), 0.0, atol=1e-10)
    x, types, box = configurations.random_configuration(100, seed=0)
    forces = NumpyEngine().energy_forces(x, types, box)[1]
    np.testing.assert_allclose(structure.net_force(x, types, box), np.linalg.norm(forces, axis=1))


def test_pair_forces_summed_over_neighbours_give_the_engine_force():
    """F_i = −Σ_j f(r_ij) û_ij over all pairs within the largest cutoff (2.5 σ_AA), as the MD engine computes it;
    f changes sign at the minimum of the potential, 2^{1/6} σ_αβ, and vanishes at the cutoff."""
    x, types, box = configurations.random_configuration(200, seed=3)
    i, j, dr = structure.directed_pairs(x, box, 2.5)
    length = np.linalg.norm(dr, axis=1)
    f = structure.pair_force(length, types[i], types[j])
    summed = np.zeros((len(x), 2))
    np.add.at(summed, i, -f[:, None] * dr / length[:, None])
    np.testing.assert_allclose(summed, NumpyEngine().energy_forces(x, types, box)[1], atol=1e-9)
    sigma = np.array([1.0, 0.8, 0.88])
    pair_i, pair_j = np.array([0, 0, 1]), np.array([0, 1, 1])
    assert np.all(structure.pair_force(0.99 * 2 ** (1 / 6) * sigma, pair_i, pair_j) > 0)
    assert np.all(structure.pair_force(1.01 * 2 ** (1 / 6) * sigma, pair_i, pair_j) < 0)
    np.testing.assert_array_equal(structure.pair_force(2.5 * sigma, pair_i, pair_j), 0.0)
