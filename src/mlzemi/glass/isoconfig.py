"""The iso-configurational ensemble: many runs from one configuration with fresh random velocities.

Each replica starts from the same positions with velocities drawn from the Maxwell–Boltzmann distribution,
total momentum removed and rescaled to the target temperature exactly, then runs in NVE; the spread of the
replicas isolates what the initial *structure* determines about the motion (A. Widmer-Cooper, P. Harrowell,
H. Fynewever, Phys. Rev. Lett. 93, 135701 (2004)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..md import configurations
from ..md.trajectory import Trajectory
from . import dynamics


def replica_velocities(n_replicas: int, n_particles: int, temperature: float, seed) -> np.ndarray:
    """``(R, N, 2)`` Maxwell–Boltzmann velocities, zero momentum, kinetic temperature exactly ``temperature``."""
    return configurations.maxwell_boltzmann_velocities((n_replicas, n_particles), temperature, seed, exact=True)


def run(engine, positions: np.ndarray, types: np.ndarray, box, temperature: float, n_replicas: int,
        sample_steps, seed) -> Trajectory:
    """NVE runs of ``n_replicas`` replicas of ``positions (N, 2)``, sampled at ``sample_steps``."""
    positions = np.asarray(positions, dtype=np.float64)
    velocities = replica_velocities(n_replicas, len(positions), temperature, seed)
    return engine.run_nve(np.repeat(positions[None], n_replicas, axis=0), velocities, types, box, sample_steps)


@dataclass(frozen=True)
class Mobility:
    """Per-replica displacement magnitudes of one iso-configurational ensemble.

    Attributes:
        plain: ``(R, T, N)`` |Δr_i(t)| of each replica. cage: ``(R, T, N)`` the cage-relative version.
        fs_plain, fs_cage: ``(T,)`` F_s(k, t) of the A particles, averaged over replicas.
        msd_plain, msd_cage: ``(T,)`` mean squared displacement of the A particles, averaged over replicas.
    """

    plain: np.ndarray
    cage: np.ndarray
    fs_plain: np.ndarray
    fs_cage: np.ndarray
    msd_plain: np.ndarray
    msd_cage: np.ndarray

    @property
    def propensity_plain(self) -> np.ndarray:
        """``(T, N)`` replica mean of |Δr_i(t)|."""
        return self.plain.mean(axis=0)

    @property
    def propensity_cage(self) -> np.ndarray:
        """``(T, N)`` replica mean of the cage-relative |Δr_i(t)|."""
        return self.cage.mean(axis=0)


def mobility(trajectory: Trajectory, cage_radius: float = dynamics.CAGE_RADIUS, k: float = dynamics.K_PEAK,
             ) -> Mobility:
    """Plain and cage-relative displacement magnitudes, F_s and MSD of an iso-configurational trajectory.

    The cage (neighbours within ``cage_radius`` at t = 0) is taken from the common initial positions.
    """
    displacement = dynamics.displacements(trajectory.positions)               # (R, T, N, 2)
    adjacency = dynamics.cage_neighbours(trajectory.positions[0, 0], trajectory.box, cage_radius)
    cage = dynamics.cage_relative(displacement, adjacency)
    a = np.asarray(trajectory.types) == 0
    return Mobility(
        plain=np.linalg.norm(displacement, axis=-1), cage=np.linalg.norm(cage, axis=-1),
        fs_plain=dynamics.self_intermediate_scattering(displacement, k, a).mean(axis=0),
        fs_cage=dynamics.self_intermediate_scattering(cage, k, a).mean(axis=0),
        msd_plain=dynamics.mean_squared_displacement(displacement, a).mean(axis=0),
        msd_cage=dynamics.mean_squared_displacement(cage, a).mean(axis=0),
    )
