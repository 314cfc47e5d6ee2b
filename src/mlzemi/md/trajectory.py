"""The common output of both engines: a trajectory of R replicas sampled at T steps."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import quantities


@dataclass(frozen=True)
class Trajectory:
    """Samples of an NVE run of R replicas of one or several configurations.

    Attributes:
        steps: ``(T,)`` int step numbers of the samples (0 = the initial state).
        dt: time step (LJ time units τ = σ_AA √(m / ε_AA)); ``times = steps · dt``.
        positions: ``(R, T, N, 2)`` *unwrapped* positions (the step-0 positions are the wrapped input).
        velocities: ``(R, T, N, 2)``.
        potential_energy: ``(R, T)`` total potential energy (ε_AA).
        types: ``(N,)`` types (0 = A, 1 = B). box: ``(2,)``. engine: name of the engine that made it.
    """

    steps: np.ndarray
    dt: float
    positions: np.ndarray
    velocities: np.ndarray
    potential_energy: np.ndarray
    types: np.ndarray
    box: np.ndarray
    engine: str

    @property
    def times(self) -> np.ndarray:
        """``(T,)`` sample times."""
        return self.steps * self.dt

    @property
    def kinetic_energy(self) -> np.ndarray:
        """``(R, T)`` total kinetic energy."""
        return quantities.kinetic_energy(self.velocities)

    @property
    def total_energy(self) -> np.ndarray:
        """``(R, T)`` potential plus kinetic energy."""
        return self.potential_energy + self.kinetic_energy

    @property
    def displacements(self) -> np.ndarray:
        """``(R, T, N, 2)`` displacements from the first sample."""
        return self.positions - self.positions[:, :1]
