"""Periodic boundaries in two dimensions: wrapping, image counters and the minimum-image convention.

Positions are arrays of shape ``(..., N, 2)`` in units of σ_AA; a box is the array ``(L_x, L_y)`` of an
orthogonal periodic cell ``[0, L_x) × [0, L_y)``. Unwrapped positions, needed for displacements, are
``positions + images * box`` with integer image counters (M. P. Allen and D. J. Tildesley,
*Computer Simulation of Liquids*, 2nd ed., Oxford 2017, Sec. 1.6).
"""

from __future__ import annotations

import numpy as np


def as_box(box) -> np.ndarray:
    """Return the box as a float64 array ``(2,)``; a scalar means a square box."""
    box = np.asarray(box, dtype=np.float64)
    if box.ndim == 0:
        box = np.array([box, box])
    if box.shape != (2,) or np.any(box <= 0):
        raise ValueError(f"box must be a positive scalar or a pair (L_x, L_y), got {box!r}")
    return box


def square_box(n_particles: int, density: float) -> np.ndarray:
    """Side of the square box that holds ``n_particles`` at number ``density``: returns ``(L, L)``."""
    side = float(np.sqrt(n_particles / density))
    return np.array([side, side])


def wrap(positions: np.ndarray, box) -> tuple[np.ndarray, np.ndarray]:
    """Wrap positions into the cell.

    Args:
        positions: ``(..., N, 2)`` positions, anywhere.
        box: ``(2,)`` box lengths.

    Returns:
        ``(wrapped, shift)``: wrapped positions in ``[0, L)`` (same shape) and the integer number of box
        lengths removed, ``positions == wrapped + shift * box``. Add ``shift`` to the image counters.
    """
    box = as_box(box)
    shift = np.floor(positions / box).astype(np.int64)
    wrapped = positions - shift * box
    # Rounding can leave a coordinate equal to L (e.g. -1e-17 + L): fold it back.
    over = wrapped >= box
    if np.any(over):
        wrapped = np.where(over, wrapped - box, wrapped)
        shift = shift + over
    return wrapped, shift


def unwrap(positions: np.ndarray, images: np.ndarray, box) -> np.ndarray:
    """Unwrapped positions ``positions + images * box``, shape as ``positions``."""
    return positions + images * as_box(box)


def minimum_image(dr: np.ndarray, box) -> np.ndarray:
    """Map separation vectors ``dr`` of shape ``(..., 2)`` to their nearest periodic image.

    Valid for any separation; the result has components in ``[-L/2, L/2]``.
    """
    box = as_box(box)
    return dr - box * np.round(dr / box)


def pair_displacements(positions: np.ndarray, i: np.ndarray, j: np.ndarray, box) -> np.ndarray:
    """Minimum-image vectors ``r_j - r_i`` for index arrays ``i, j`` of shape ``(P,)``: returns ``(P, 2)``."""
    return minimum_image(positions[j] - positions[i], box)
