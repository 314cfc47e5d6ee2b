"""Periodic boundaries of an orthogonal box, in 2D and 3D: wrapping, image counters, the minimum-image convention and
the search for pairs within a cutoff. Every module of the package that needs periodic geometry uses this one.

Positions are arrays of shape ``(..., N, d)`` (d = 2 or 3) in the units of the box (σ_AA for the KA2D mixture); a box is
the array ``(L_x, L_y[, L_z])`` of the cell ``[0, L_x) × [0, L_y) (× [0, L_z))``. Unwrapped positions, needed for
displacements, are ``positions + images * box`` with integer image counters.

One convention for a cutoff: a pair is within ``r_c`` when its minimum-image distance is **strictly less** than
``r_c`` (``r < r_c``), as the Lennard-Jones interaction is cut. The minimum image is unique only for ``r_c < L / 2``
along every side; :func:`pairs_within` refuses larger cutoffs.

Reference: M. P. Allen and D. J. Tildesley, *Computer Simulation of Liquids*, 2nd ed. (Oxford, 2017), Sec. 1.6.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree


def as_box(box) -> np.ndarray:
    """The box as a float64 array ``(d,)``, d = 2 or 3, every side positive and finite; a scalar means a square."""
    box = np.asarray(box, dtype=np.float64)
    if box.ndim == 0:
        box = np.array([box, box])
    if box.ndim != 1 or box.shape[0] not in (2, 3):
        raise ValueError(f"box must be the side lengths (L_x, L_y[, L_z]) of a 2D or 3D box, got shape {box.shape}")
    if not np.all(np.isfinite(box)) or np.any(box <= 0):
        raise ValueError(f"box side lengths must be positive and finite, got {box}")
    return box


def square_box(n_particles: int, density: float) -> np.ndarray:
    """Side of the square box that holds ``n_particles`` at number ``density`` (2D): returns ``(L, L)``."""
    side = float(np.sqrt(n_particles / density))
    return np.array([side, side])


def wrap(positions: np.ndarray, box) -> tuple[np.ndarray, np.ndarray]:
    """Wrap positions into the cell.

    Args:
        positions: ``(..., N, d)`` positions, anywhere.
        box: ``(d,)`` box lengths.

    Returns:
        ``(wrapped, shift)``: wrapped positions in ``[0, L)`` (same shape, float64) and the integer number of box
        lengths removed, ``positions == wrapped + shift * box``. Add ``shift`` to the image counters.
    """
    box = as_box(box)
    positions = np.asarray(positions, dtype=np.float64)
    shift = np.floor(positions / box).astype(np.int64)
    wrapped = positions - shift * box
    # Rounding can leave a coordinate equal to L (e.g. -1e-17 + L), or just below 0: fold it back.
    over = wrapped >= box
    if np.any(over):
        wrapped = np.where(over, wrapped - box, wrapped)
        shift = shift + over
    under = wrapped < 0
    if np.any(under):
        wrapped = np.where(under, wrapped + box, wrapped)
        shift = shift - under
    return wrapped, shift


def unwrap(positions: np.ndarray, images: np.ndarray, box) -> np.ndarray:
    """Unwrapped positions ``positions + images * box``, shape as ``positions``."""
    return positions + images * as_box(box)


def minimum_image(dr: np.ndarray, box) -> np.ndarray:
    """Map separation vectors ``dr`` of shape ``(..., d)`` to their nearest periodic image: ``dr - L round(dr / L)``.

    Valid for any separation; the result has components in ``[-L/2, L/2]``.
    """
    box = as_box(box)
    dr = np.asarray(dr, dtype=np.float64)
    if dr.shape[-1] != box.shape[0]:
        raise ValueError(f"displacement has {dr.shape[-1]} components, box has {box.shape[0]}")
    return dr - box * np.round(dr / box)


def pair_displacements(positions: np.ndarray, i: np.ndarray, j: np.ndarray, box) -> np.ndarray:
    """Minimum-image vectors ``r_j - r_i`` for index arrays ``i, j`` of shape ``(P,)``: returns ``(P, d)``."""
    return minimum_image(positions[j] - positions[i], box)


def pairs_within(positions: np.ndarray, box, cutoff: float) -> np.ndarray:
    """Every pair of particles closer than ``cutoff`` (``r < r_c``) under the minimum-image convention.

    Pairs are found with a k-d tree over the periodic box (:class:`scipy.spatial.cKDTree` with ``boxsize``):
    O(N log N), not O(N²). The tree returns pairs with ``r ≤`` its radius; it is asked for the largest float
    below ``r_c``, so that a pair at exactly ``r_c`` is left out. Their vectors: :func:`pair_displacements`.

    Args:
        positions: ``(N, d)`` positions wrapped into the cell (:func:`wrap`).
        box: ``(d,)`` box lengths, each larger than ``2 * cutoff``.
        cutoff: the distance ``r_c`` (units of the box).

    Returns:
        ``(P, 2)`` int64 pairs ``(i, j)``, each unordered pair once, ``i < j``, in the tree's order.
    """
    box = as_box(box)
    cutoff = float(cutoff)
    if not np.isfinite(cutoff) or cutoff <= 0:
        raise ValueError(f"cutoff must be positive and finite, got {cutoff}")
    if cutoff >= 0.5 * box.min():
        raise ValueError(
            f"cutoff {cutoff} must be smaller than half the smallest box side ({0.5 * box.min()}): otherwise a "
            "particle can see two periodic images of the same neighbour and the minimum-image convention is not unique")
    positions = np.asarray(positions, dtype=np.float64)
    if positions.ndim != 2 or positions.shape[1] != box.shape[0]:
        raise ValueError(f"positions must have shape (N, {box.shape[0]}) to match a {box.shape[0]}D box, "
                         f"got {positions.shape}")
    if len(positions) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    tree = cKDTree(positions, boxsize=box)
    return tree.query_pairs(r=np.nextafter(cutoff, 0.0), output_type="ndarray").astype(np.int64)
