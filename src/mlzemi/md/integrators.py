"""Time integrators for a batch of systems: velocity Verlet (NVE) and Langevin BAOAB (NVT).

The state carries wrapped positions and integer image counters, so unwrapped positions (and thus
displacements) are exact whatever the number of boundary crossings. Masses are 1 (LJ units).

References: W. C. Swope, H. C. Andersen, P. H. Berens, K. R. Wilson, J. Chem. Phys. 76, 637 (1982)
(velocity Verlet); B. Leimkuhler and C. Matthews, Appl. Math. Res. Express 2013, 34 (BAOAB).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import periodic

ForceFunction = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
"""``force_fn(positions, images) -> (energy_per_particle (R, N), forces (R, N, 2))``."""


@dataclass(frozen=True)
class State:
    """Dynamical state of R systems of N particles.

    Attributes:
        positions: ``(R, N, 2)`` wrapped into the box. images: ``(R, N, 2)`` int64 image counters.
        velocities: ``(R, N, 2)``. forces: ``(R, N, 2)`` at the current positions.
        energy: ``(R, N)`` potential energy per particle at the current positions.
        step: number of steps taken.
    """

    positions: np.ndarray
    images: np.ndarray
    velocities: np.ndarray
    forces: np.ndarray
    energy: np.ndarray
    step: int = 0


def initial_state(positions: np.ndarray, velocities: np.ndarray, force_fn: ForceFunction, box) -> State:
    """Wrap ``positions (R, N, 2)`` into the box (images start at zero) and evaluate the forces."""
    wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
    images = np.zeros(wrapped.shape, dtype=np.int64)
    energy, forces = force_fn(wrapped, images)
    return State(wrapped, images, np.array(velocities, dtype=np.float64), forces, energy, 0)


def _drift(positions, images, velocities, dt, box):
    wrapped, shift = periodic.wrap(positions + dt * velocities, box)
    return wrapped, images + shift


def velocity_verlet_step(state: State, force_fn: ForceFunction, dt: float, box) -> State:
    """One velocity-Verlet step (NVE): kick dt/2, drift dt, new forces, kick dt/2."""
    half = 0.5 * dt
    velocities = state.velocities + half * state.forces
    positions, images = _drift(state.positions, state.images, velocities, dt, box)
    energy, forces = force_fn(positions, images)
    velocities = velocities + half * forces
    return State(positions, images, velocities, forces, energy, state.step + 1)


def langevin_step(state: State, force_fn: ForceFunction, dt: float, box, temperature: float,
                  friction: float, rng: np.random.Generator) -> State:
    """One BAOAB Langevin step at ``temperature`` with friction γ = ``friction`` (1 / time units).

    B: kick dt/2; A: drift dt/2; O: exact Ornstein–Uhlenbeck update v ← c v + √((1 − c²) T) ξ with
    c = exp(−γ dt); A: drift dt/2; new forces; B: kick dt/2. The total momentum is not conserved:
    remove it (:func:`quantities.zero_momentum`) before an NVE run.
    """
    half = 0.5 * dt
    c = np.exp(-friction * dt)
    velocities = state.velocities + half * state.forces
    positions, images = _drift(state.positions, state.images, velocities, half, box)
    noise = rng.standard_normal(velocities.shape)
    velocities = c * velocities + np.sqrt((1.0 - c * c) * temperature) * noise
    positions, images = _drift(positions, images, velocities, half, box)
    energy, forces = force_fn(positions, images)
    velocities = velocities + half * forces
    return State(positions, images, velocities, forces, energy, state.step + 1)

