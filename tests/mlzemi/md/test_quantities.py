"""mlzemi.md.quantities: kinetic energy, temperature, momentum and energy drift against hand computations."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.md import quantities


def test_kinetic_energy_and_temperature_of_a_hand_example():
    v = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])       # zero momentum, 4 particles
    assert quantities.kinetic_energy(v) == pytest.approx(0.5 * (1 + 1 + 4 + 4))
    assert quantities.degrees_of_freedom(4) == 6 and quantities.degrees_of_freedom(4, fixed_momentum=False) == 8
    assert quantities.degrees_of_freedom(4, dimension=3) == 9
    assert quantities.temperature(v) == pytest.approx(2 * 5.0 / 6)          # LAMMPS: f = 2N − 2
    assert quantities.temperature(v, fixed_momentum=False) == pytest.approx(2 * 5.0 / 8)
    np.testing.assert_allclose(quantities.total_momentum(v), [0.0, 0.0])


def test_batches_are_computed_system_by_system():
    v = np.random.default_rng(0).normal(size=(3, 2, 50, 2))
    kinetic = quantities.kinetic_energy(v)
    assert kinetic.shape == (3, 2)
    assert kinetic[2, 1] == pytest.approx(0.5 * np.sum(v[2, 1] ** 2))
    assert quantities.temperature(v)[1, 0] == pytest.approx(np.sum(v[1, 0] ** 2) / 98)
    np.testing.assert_allclose(quantities.total_momentum(v)[0, 1], v[0, 1].sum(axis=0))


def test_zero_momentum_removes_the_centre_of_mass_velocity_only():
    rng = np.random.default_rng(1)
    thermal = rng.normal(size=(2, 30, 2))
    thermal -= thermal.mean(axis=1, keepdims=True)
    drift = np.array([[0.5, -1.0], [2.0, 0.25]])[:, None]
    np.testing.assert_allclose(quantities.zero_momentum(thermal + drift), thermal, atol=1e-12)


def test_energy_drift_of_a_known_signal():
    times = np.linspace(0.0, 10.0, 101)
    oscillation = 0.02 * np.sin(7 * times)
    energy = np.stack([-500.0 + oscillation, -500.0 + 0.3 * times + oscillation])      # (2 systems, T)
    np.testing.assert_allclose(quantities.drift_per_particle(energy, 100),
                               [np.abs(oscillation).max() / 100, np.abs(0.3 * times + oscillation).max() / 100])
    # the least-squares slope separates the drift (0.3 per τ, 0 in the first system) from the bounded oscillation
    np.testing.assert_allclose(quantities.drift_rate_per_particle(energy, times, 100), [0.0, 0.003], atol=2e-5)
