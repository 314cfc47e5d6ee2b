"""Initial configurations and velocities.

An initial configuration is random and free of strong overlaps: particles are placed uniformly and pushed
apart (iterated overlap removal with contact distance ``overlap_ratio · σ_αβ``), so that the first
Lennard-Jones forces are moderate; it is then melted by the engine at a high temperature. Everything is
reproducible from a seed.
"""

from __future__ import annotations

import numpy as np

from .. import periodic
from . import potentials, quantities


def random_configuration(n_particles: int, density: float = potentials.KA2D_DENSITY, seed: int = 0,
                         params: potentials.PairParameters = potentials.KA2D,
                         fraction_a: float = potentials.KA2D_FRACTION_A, overlap_ratio: float = 0.9,
                         tolerance: float = 0.01, max_iterations: int = 5000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Uniformly random positions, then pushed apart until no pair is closer than ``overlap_ratio · σ_αβ``
    (up to ``tolerance · max σ_αβ``).

    Each iteration moves both members of every overlapping pair apart by half their overlap (a Jacobi
    sweep of overlap removal, i.e. steepest descent of a harmonic soft-disc energy).

    Returns:
        ``(positions (N, 2), types (N,), box (2,))`` with the types of :func:`potentials.ka2d_types`.
    """
    rng = np.random.default_rng(seed)
    box = periodic.square_box(n_particles, density)
    types = potentials.ka2d_types(n_particles, fraction_a)
    positions = rng.random((n_particles, 2)) * box
    contact = overlap_ratio * np.asarray(params.sigma, dtype=np.float64)
    radius = float(contact.max())
    for _ in range(max_iterations):
        positions, _ = periodic.wrap(positions, box)
        pairs = periodic.pairs_within(positions, box, radius)
        i, j = pairs[:, 0], pairs[:, 1]
        dr = periodic.pair_displacements(positions, i, j, box)
        r = np.sqrt(np.einsum("pd,pd->p", dr, dr))
        overlap = contact[types[i], types[j]] - r
        hit = overlap > 0
        if not np.any(overlap > tolerance * radius):
            return positions, types, box
        push = (0.5 * overlap[hit] / np.maximum(r[hit], 1e-12))[:, None] * dr[hit]
        positions = positions.copy()
        np.add.at(positions, i[hit], -push)
        np.add.at(positions, j[hit], push)
    raise RuntimeError(f"overlaps not removed after {max_iterations} iterations (density too high?)")


def maxwell_boltzmann_velocities(shape: tuple[int, ...], temperature: float, seed=None,
                                 exact: bool = True) -> np.ndarray:
    """Maxwell–Boltzmann velocities with zero total momentum.

    Args:
        shape: ``(..., N)``; the result has shape ``(..., N, 2)``.
        temperature: target temperature (ε_AA / k_B); masses are 1.
        seed: a seed or a :class:`numpy.random.Generator`.
        exact: rescale each system so that its kinetic temperature (f = 2N − 2) equals ``temperature``
            exactly, as is usual for iso-configurational runs (Widmer-Cooper et al., PRL 93, 135701 (2004)).
    """
    rng = np.random.default_rng(seed)
    velocities = quantities.zero_momentum(rng.normal(0.0, np.sqrt(temperature), size=(*shape, 2)))
    if exact:
        velocities *= np.sqrt(temperature / quantities.temperature(velocities))[..., None, None]
    return velocities
