"""The two-dimensional Kob–Andersen binary Lennard-Jones mixture (KA2D).

Pair potential between a particle of type α and one of type β at distance r (LJ units: ε_AA, σ_AA, m = 1)::

    u_αβ(r) = 4 ε_αβ [(σ_αβ / r)^12 − (σ_αβ / r)^6] − u_αβ^LJ(r_c,αβ),   r < r_c,αβ = 2.5 σ_αβ,

and zero beyond: the potential is shifted to zero at the cutoff, the force is not (LAMMPS ``pair_style lj/cut``
with ``pair_modify shift yes``). Parameters: ε_AA = 1, ε_AB = 1.5, ε_BB = 0.5, σ_AA = 1, σ_AB = 0.8,
σ_BB = 0.88 (W. Kob and H. C. Andersen, Phys. Rev. Lett. 73, 1376 (1994)); in 2D the A:B = 65:35 composition
at number density 1.2 is used because the 80:20 mixture crystallises (R. Brüning, D. A. St-Onge,
S. Patterson, W. Kob, J. Phys.: Condens. Matter 21, 035117 (2009)).

Type 0 is A, type 1 is B (LAMMPS types 1 and 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .. import periodic


@dataclass(frozen=True)
class PairParameters:
    """Lennard-Jones parameters of a mixture of ``n_types`` species.

    Attributes:
        epsilon: ``(n_types, n_types)`` well depths ε_αβ (energy units).
        sigma: ``(n_types, n_types)`` diameters σ_αβ (length units).
        cutoff_ratio: cutoff r_c,αβ = ``cutoff_ratio`` · σ_αβ.
        shift: whether the potential is shifted to zero at the cutoff.
    """

    epsilon: np.ndarray
    sigma: np.ndarray
    cutoff_ratio: float = 2.5
    shift: bool = True
    name: str = field(default="LJ mixture", compare=False)

    @property
    def n_types(self) -> int:
        return int(np.asarray(self.epsilon).shape[0])

    @property
    def cutoff(self) -> np.ndarray:
        """``(n_types, n_types)`` cutoff radii r_c,αβ."""
        return self.cutoff_ratio * np.asarray(self.sigma, dtype=np.float64)

    @property
    def max_cutoff(self) -> float:
        return float(self.cutoff.max())

    @property
    def energy_shift(self) -> np.ndarray:
        """``(n_types, n_types)`` values u^LJ(r_c) subtracted from the potential (zero without shift)."""
        if not self.shift:
            return np.zeros_like(np.asarray(self.epsilon, dtype=np.float64))
        s6 = self.cutoff_ratio ** -6.0
        return 4.0 * np.asarray(self.epsilon, dtype=np.float64) * (s6 * s6 - s6)


KA2D = PairParameters(
    epsilon=np.array([[1.0, 1.5], [1.5, 0.5]]),
    sigma=np.array([[1.0, 0.8], [0.8, 0.88]]),
    cutoff_ratio=2.5,
    shift=True,
    name="Kob–Andersen 2D (65:35)",
)
"""Parameters of the 2D Kob–Andersen mixture used throughout the book."""

KA2D_DENSITY = 1.2
"""Number density N / L² of the 2D Kob–Andersen mixture."""

KA2D_FRACTION_A = 0.65
"""Fraction of type-A particles (A:B = 65:35)."""


def ka2d_types(n_particles: int, fraction_a: float = KA2D_FRACTION_A) -> np.ndarray:
    """Types ``(N,)`` int8: the first ``round(fraction_a · N)`` particles are A (0), the rest B (1)."""
    n_a = int(round(fraction_a * n_particles))
    types = np.ones(n_particles, dtype=np.int8)
    types[:n_a] = 0
    return types


def lennard_jones(r2: np.ndarray, epsilon: np.ndarray, sigma2: np.ndarray, cutoff2: np.ndarray,
                  shift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shifted, truncated Lennard-Jones energy and force factor of pairs.

    Args:
        r2: ``(P,)`` squared distances.
        epsilon, sigma2, cutoff2, shift: ``(P,)`` (or broadcastable) ε, σ², r_c² and u^LJ(r_c) of each pair.

    Returns:
        ``(u, f_over_r)``, each ``(P,)``: the pair energy u(r) and −u'(r)/r, so that the force on particle i
        from j is ``f_over_r * (r_i − r_j)``. Both are zero for r² ≥ r_c² (LAMMPS convention).
    """
    inside = r2 < cutoff2
    inv_r2 = 1.0 / r2
    s2 = sigma2 * inv_r2
    s6 = s2 * s2 * s2
    s12 = s6 * s6
    energy = (4.0 * epsilon * (s12 - s6) - shift) * inside
    f_over_r = (24.0 * epsilon * (2.0 * s12 - s6) * inv_r2) * inside
    return energy, f_over_r


def pair_coefficients(types_i: np.ndarray, types_j: np.ndarray, params: PairParameters = KA2D) -> dict:
    """Per-pair ε, σ², r_c² and energy shift for type arrays of shape ``(P,)`` (a dict of ``(P,)`` arrays)."""
    eps = np.asarray(params.epsilon, dtype=np.float64)
    sig = np.asarray(params.sigma, dtype=np.float64)
    return {
        "epsilon": eps[types_i, types_j],
        "sigma2": sig[types_i, types_j] ** 2,
        "cutoff2": params.cutoff[types_i, types_j] ** 2,
        "shift": params.energy_shift[types_i, types_j],
    }


def pair_energy_forces(positions: np.ndarray, pairs: np.ndarray, coefficients: dict, box,
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Energy per particle and forces from a list of candidate pairs (each pair once).

    Args:
        positions: ``(M, 2)`` wrapped positions (M may be R·N for a batch of R flattened systems).
        pairs: ``(P, 2)`` int indices ``(i, j)``, each unordered pair once; pairs beyond their cutoff
            contribute nothing, so a Verlet list with a skin can be passed.
        coefficients: from :func:`pair_coefficients` for these pairs.
        box: ``(2,)`` box lengths.

    Returns:
        ``(energy_per_particle (M,), forces (M, 2))``; each pair energy is split equally between its two
        particles, so ``energy_per_particle.sum()`` is the total potential energy (as LAMMPS ``pe/atom``).
    """
    i, j = pairs[:, 0], pairs[:, 1]
    dr = periodic.pair_displacements(positions, i, j, box)
    r2 = np.einsum("pd,pd->p", dr, dr)
    u, f_over_r = lennard_jones(r2, coefficients["epsilon"], coefficients["sigma2"],
                                coefficients["cutoff2"], coefficients["shift"])
    m = positions.shape[0]
    both = np.concatenate([i, j])
    energy = 0.5 * np.bincount(both, weights=np.concatenate([u, u]), minlength=m)
    fij = f_over_r[:, None] * dr           # force on j from i; −fij acts on i
    forces = np.empty((m, 2))
    for d in range(2):
        forces[:, d] = np.bincount(both, weights=np.concatenate([-fij[:, d], fij[:, d]]), minlength=m)
    return energy, forces


def all_pairs(n_particles: int) -> np.ndarray:
    """All unordered pairs ``(n(n−1)/2, 2)`` of ``n_particles``: the brute-force reference neighbour list."""
    i, j = np.triu_indices(n_particles, k=1)
    return np.stack([i, j], axis=1)


def energy_forces(positions: np.ndarray, types: np.ndarray, box, params: PairParameters = KA2D,
                  ) -> tuple[float, np.ndarray]:
    """Total potential energy and forces of one configuration by brute force over all pairs.

    O(N²): a reference for tests and small systems. Requires every L ≥ 2 r_c (minimum image).

    Args:
        positions: ``(N, 2)`` positions. types: ``(N,)`` ints in ``[0, n_types)``. box: ``(2,)``.

    Returns:
        ``(energy, forces (N, 2))`` in ε_AA and ε_AA/σ_AA.
    """
    box = periodic.as_box(box)
    if np.any(box < 2 * params.max_cutoff):
        raise ValueError("box smaller than twice the cutoff: the minimum-image convention is not valid")
    positions, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
    types = np.asarray(types)
    pairs = all_pairs(len(positions))
    coefficients = pair_coefficients(types[pairs[:, 0]], types[pairs[:, 1]], params)
    energy, forces = pair_energy_forces(positions, pairs, coefficients, box)
    return float(energy.sum()), forces
