"""Measured quantities of a batch of configurations: kinetic energy, temperature, momentum.

Arrays have shape ``(..., N, 2)``; masses are 1 (LJ units), so momentum equals the sum of velocities.
"""

from __future__ import annotations

import numpy as np


def kinetic_energy(velocities: np.ndarray) -> np.ndarray:
    """Total kinetic energy Σ_i m v_i² / 2 of each system: ``(..., N, 2) → (...)`` (units ε_AA)."""
    return 0.5 * np.einsum("...nd,...nd->...", velocities, velocities)


def degrees_of_freedom(n_particles: int, dimension: int = 2, fixed_momentum: bool = True) -> int:
    """Number of kinetic degrees of freedom: d·N, less d when the total momentum is fixed (as LAMMPS)."""
    return dimension * n_particles - (dimension if fixed_momentum else 0)


def temperature(velocities: np.ndarray, fixed_momentum: bool = True) -> np.ndarray:
    """Kinetic temperature 2K / (k_B f) with f from :func:`degrees_of_freedom`: ``(..., N, 2) → (...)``.

    This is LAMMPS's ``compute temp`` for a 2D system (f = 2N − 2), in units of ε_AA / k_B.
    """
    n = velocities.shape[-2]
    return 2.0 * kinetic_energy(velocities) / degrees_of_freedom(n, velocities.shape[-1], fixed_momentum)


def total_momentum(velocities: np.ndarray) -> np.ndarray:
    """Total momentum Σ_i m v_i of each system: ``(..., N, 2) → (..., 2)``."""
    return velocities.sum(axis=-2)


def zero_momentum(velocities: np.ndarray) -> np.ndarray:
    """Velocities with the centre-of-mass velocity of each system removed (same shape)."""
    return velocities - velocities.mean(axis=-2, keepdims=True)


def drift_per_particle(total_energy: np.ndarray, n_particles: int) -> np.ndarray:
    """Largest deviation of the total energy from its initial value, per particle: ``(..., T) → (...)``."""
    return np.max(np.abs(total_energy - total_energy[..., :1]), axis=-1) / n_particles


def drift_rate_per_particle(total_energy: np.ndarray, times: np.ndarray, n_particles: int) -> np.ndarray:
    """Slope of a least-squares line through E_total(t), per particle: ``(..., T) → (...)`` (ε_AA / τ).

    Unlike :func:`drift_per_particle` this separates a systematic drift from the bounded O(dt²)
    fluctuation of the velocity-Verlet energy.
    """
    t = times - times.mean()
    e = total_energy - total_energy.mean(axis=-1, keepdims=True)
    return (e @ t) / (t @ t) / n_particles
