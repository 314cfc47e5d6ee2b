"""Verlet neighbour lists with periodic boundaries, for a batch of systems.

A Verlet list holds every pair closer than r_list = r_c + skin at the time it was built; it stays valid as
long as no particle has moved more than skin / 2 since then (L. Verlet, Phys. Rev. 159, 98 (1967);
Allen & Tildesley, *Computer Simulation of Liquids*, 2nd ed., Sec. 5.2). Pairs are found with
:func:`mlzemi.periodic.pairs_within` (a k-d tree with periodic ``boxsize``).

A batch of R systems of N particles is flattened to R·N particles; pair indices refer to the flattened
array, so one vectorised force evaluation serves all replicas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import periodic
from . import potentials


@dataclass(frozen=True)
class NeighborList:
    """A Verlet list for a batch of systems.

    Attributes:
        replica_pairs: R arrays ``(P_r, 2)``, the pairs of each system as indices into the flattened
            ``(R·N, 2)`` positions (so that they can be concatenated).
        pairs: ``(P, 2)`` all of them concatenated.
        coefficients: per-pair Lennard-Jones coefficients of ``pairs`` (:func:`potentials.pair_coefficients`).
        reference: ``(R, N, 2)`` unwrapped positions when each system's list was built.
        cutoff: interaction cutoff r_c (largest over type pairs); skin: the list radius is r_c + skin.
    """

    replica_pairs: tuple
    pairs: np.ndarray
    coefficients: dict
    reference: np.ndarray
    cutoff: float
    skin: float


def _assemble(replica_pairs, reference, types, params, skin) -> NeighborList:
    pairs = np.concatenate(replica_pairs) if replica_pairs else np.zeros((0, 2), dtype=np.int64)
    flat_types = types.reshape(-1)
    coefficients = potentials.pair_coefficients(flat_types[pairs[:, 0]], flat_types[pairs[:, 1]], params)
    return NeighborList(replica_pairs=tuple(replica_pairs), pairs=pairs, coefficients=coefficients,
                        reference=reference, cutoff=params.max_cutoff, skin=skin)


def build(positions: np.ndarray, images: np.ndarray, types: np.ndarray, box,
          params: potentials.PairParameters = potentials.KA2D, skin: float = 0.3) -> NeighborList:
    """Build the Verlet list of a batch.

    Args:
        positions: ``(R, N, 2)`` wrapped positions. images: ``(R, N, 2)`` image counters.
        types: ``(N,)`` or ``(R, N)`` particle types. box: ``(2,)``. skin: Verlet skin (σ_AA).
    """
    n_rep, n = positions.shape[:2]
    types = np.broadcast_to(np.asarray(types), (n_rep, n))
    radius = params.max_cutoff + skin
    replica_pairs = [periodic.pairs_within(positions[r], box, radius) + r * n for r in range(n_rep)]
    return _assemble(replica_pairs, periodic.unwrap(positions, images, box), types, params, skin)


def displacement_since_build(nlist: NeighborList, positions: np.ndarray, images: np.ndarray, box,
                             ) -> np.ndarray:
    """``(R,)`` the largest distance a particle of each system has moved since its list was built (σ_AA)."""
    moved = periodic.unwrap(positions, images, box) - nlist.reference
    return np.sqrt(np.max(np.einsum("rnd,rnd->rn", moved, moved), axis=1, initial=0.0))


def update(nlist: NeighborList, positions: np.ndarray, images: np.ndarray, types: np.ndarray, box,
           params: potentials.PairParameters = potentials.KA2D) -> NeighborList:
    """Rebuild the lists of those systems in which a particle moved more than skin / 2 (others are kept).

    Rebuilding per system keeps a batch of R replicas as cheap per particle as one system: the whole batch
    would otherwise be rebuilt whenever the fastest of its R·N particles crossed the threshold.
    """
    stale = displacement_since_build(nlist, positions, images, box) > 0.5 * nlist.skin
    if not np.any(stale):
        return nlist
    n_rep, n = positions.shape[:2]
    types = np.broadcast_to(np.asarray(types), (n_rep, n))
    radius = params.max_cutoff + nlist.skin
    replica_pairs = list(nlist.replica_pairs)
    reference = nlist.reference.copy()
    unwrapped = periodic.unwrap(positions, images, box)
    for r in np.flatnonzero(stale):
        replica_pairs[r] = periodic.pairs_within(positions[r], box, radius) + r * n
        reference[r] = unwrapped[r]
    return _assemble(replica_pairs, reference, types, params, nlist.skin)
