"""mlzemi.md.potentials (and the Verlet-list forces of the NumPy engine): values, brute force, gradients."""

from __future__ import annotations

import numpy as np

from mlzemi.md import potentials
from mlzemi.md.numpy_engine import NumpyEngine


def test_pair_potential_values():
    """u(σ) = −u(r_c) (shifted), u(r_c) = 0, the minimum sits at 2^(1/6) σ, force zero there."""
    p = potentials.KA2D
    for a, b in [(0, 0), (0, 1), (1, 1)]:
        eps, sig, rc = p.epsilon[a, b], p.sigma[a, b], p.cutoff[a, b]
        c = potentials.pair_coefficients(np.array([a]), np.array([b]), p)
        r = np.array([sig, 2 ** (1 / 6) * sig, rc * (1 - 1e-12), rc])
        u, f = potentials.lennard_jones(r ** 2, c["epsilon"], c["sigma2"], c["cutoff2"], c["shift"])
        shift = 4 * eps * (rc ** -12 * sig ** 12 - rc ** -6 * sig ** 6)
        np.testing.assert_allclose(u, [-shift, -eps - shift, 0.0, 0.0], atol=1e-9)
        assert abs(f[1]) < 1e-10 and f[3] == 0.0


def test_verlet_list_forces_match_brute_force(liquid):
    x, _, types, box = liquid
    energy, forces = potentials.energy_forces(x, types, box)
    e2, f2, per_particle = NumpyEngine().energy_forces(x, types, box)
    assert abs(e2 - energy) <= 1e-12 * abs(energy)
    np.testing.assert_allclose(f2, forces, rtol=0, atol=1e-10 * np.abs(forces).max())
    assert abs(per_particle.sum() - energy) <= 1e-10 * abs(energy)


def test_forces_are_minus_the_energy_gradient(liquid):
    x, _, types, box = liquid
    _, forces = potentials.energy_forces(x, types, box)
    h = 1e-6
    for i, d in [(0, 0), (17, 1), (150, 0), (199, 1)]:
        plus, minus = x.copy(), x.copy()
        plus[i, d] += h
        minus[i, d] -= h
        numeric = -(potentials.energy_forces(plus, types, box)[0]
                    - potentials.energy_forces(minus, types, box)[0]) / (2 * h)
        assert abs(numeric - forces[i, d]) < 1e-5 * max(1.0, abs(forces[i, d]))
