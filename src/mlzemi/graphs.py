"""Radius graphs of particles in a periodic rectangular box (2D and 3D).

The graph of a particle configuration joins every pair of particles closer than a cutoff
``r_c`` under the minimum-image convention (MIC) of periodic boundary conditions. Edges follow
the PyTorch Geometric convention:

* ``edge_index[0]`` is the **source** ``j`` and ``edge_index[1]`` the **target** ``i``; messages
  flow source -> target, so in :class:`torch_geometric.nn.MessagePassing` the receiving particle is
  ``x_i`` and its neighbour ``x_j``.
* ``edge_vec[k]`` is the minimum-image vector **from the target to the source**,
  ``r_j - r_i - L * round((r_j - r_i) / L)`` (component-wise), i.e. where neighbour ``j`` sits as seen
  from particle ``i``. ``edge_len[k]`` is its length.

The graph is undirected in content: every edge ``(j, i)`` comes with its reverse ``(i, j)``, whose
vector is the negative. There are no self-loops. Edges are sorted by source, then target (the order of
:func:`torch_geometric.utils.coalesce`). Units are those of the positions (e.g. Lennard-Jones sigma).

Pairs are found by :func:`mlzemi.periodic.pairs_within` (a k-d tree over the periodic box), so building the
graph costs O(N log N), not O(N^2). The minimum-image vector is unique only when ``r_c < L_min / 2``; the
functions refuse larger cutoffs.

Reference: M. P. Allen and D. J. Tildesley, *Computer Simulation of Liquids*, 2nd ed. (Oxford, 2017),
section 1.6 (periodic boundary conditions and the minimum-image convention).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from . import periodic

if TYPE_CHECKING:  # pragma: no cover
    from torch_geometric.data import Data

__all__ = ["radius_graph_periodic", "to_pyg_data"]


def radius_graph_periodic(
    positions: np.ndarray, box: np.ndarray, cutoff: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges between all particle pairs closer than ``cutoff`` in a periodic rectangular box.

    Parameters
    ----------
    positions
        Shape (N, d) with d = 2 or 3. Positions outside ``[0, L)`` are wrapped first.
    box
        Shape (d,), side lengths ``(L_x, L_y[, L_z])`` of the periodic box.
    cutoff
        Neighbour distance ``r_c`` (same units as positions); a pair is an edge if its minimum-image
        distance is strictly less than ``r_c``. Requires ``0 < r_c < min(L) / 2``.

    Returns
    -------
    edge_index : numpy.ndarray
        Shape (2, E), int64. Row 0 = source ``j``, row 1 = target ``i`` (PyG convention). Sorted by
        source, then target. Both directions of every pair are present; no self-loops.
    edge_vec : numpy.ndarray
        Shape (E, d), float64. Minimum-image ``r_j - r_i`` (from target ``i`` to source ``j``).
    edge_len : numpy.ndarray
        Shape (E,), float64. ``|edge_vec|``, all in ``[0, r_c)``.

    Raises
    ------
    ValueError
        If shapes do not match, values are not finite, or ``r_c`` is not in ``(0, min(L)/2)``
        (then a pair could have two images within the cutoff and the minimum image is not unique).
    """
    box = periodic.as_box(box)
    positions = np.asarray(positions, dtype=np.float64)
    if positions.ndim != 2 or positions.shape[1] != box.shape[0]:
        raise ValueError(f"positions must have shape (N, {box.shape[0]}) to match a {box.shape[0]}D box, "
                         f"got {positions.shape}")
    if not np.all(np.isfinite(positions)):
        raise ValueError("positions contain NaN or infinity")
    wrapped, _ = periodic.wrap(positions, box)
    pairs = periodic.pairs_within(wrapped, box, cutoff)
    first, second = pairs[:, 0], pairs[:, 1]
    vec = periodic.pair_displacements(wrapped, first, second, box)  # from `first` to `second`
    length = np.linalg.norm(vec, axis=1)

    # both directions: (source=second -> target=first) has vector r_second - r_first, and the reverse
    source = np.concatenate([second, first])
    target = np.concatenate([first, second])
    edge_vec = np.concatenate([vec, -vec])
    edge_len = np.concatenate([length, length])
    order = np.lexsort((target, source))  # sort by source, then target
    edge_index = np.stack([source[order], target[order]])
    return edge_index, edge_vec[order], edge_len[order]


def to_pyg_data(
    positions: np.ndarray, box: np.ndarray, cutoff: float, *, dtype: Any = None, **attributes: Any
) -> Data:
    """The periodic radius graph as a :class:`torch_geometric.data.Data` object.

    Parameters
    ----------
    positions, box, cutoff
        As in :func:`radius_graph_periodic`.
    dtype
        Floating dtype of the tensors (default ``torch.float32``).
    **attributes
        Extra per-graph or per-node arrays stored as they are (converted to tensors), e.g.
        ``x=types[:, None]`` (node features, shape (N, F)) or ``y=propensity`` (targets).

    Returns
    -------
    torch_geometric.data.Data
        ``pos`` (N, d) wrapped positions, ``edge_index`` (2, E) int64, ``edge_attr`` (E, d) the relative
        vectors ``r_j - r_i`` (minimum image), ``edge_len`` (E,), ``box`` (1, d) so that a batch of B
        graphs holds a (B, d) array of boxes, ``cutoff`` (1,), and the extra attributes.
    """
    import torch  # torch is optional for the numpy part of this module
    from torch_geometric.data import Data

    dtype = torch.float32 if dtype is None else dtype
    box = periodic.as_box(box)
    edge_index, edge_vec, edge_len = radius_graph_periodic(positions, box, cutoff)
    tensors = {}
    for key, value in attributes.items():
        value = torch.as_tensor(value)
        tensors[key] = value.to(dtype) if value.is_floating_point() else value
    return Data(
        pos=torch.as_tensor(periodic.wrap(positions, box)[0], dtype=dtype),
        edge_index=torch.as_tensor(edge_index, dtype=torch.long),
        edge_attr=torch.as_tensor(edge_vec, dtype=dtype),
        edge_len=torch.as_tensor(edge_len, dtype=dtype),
        box=torch.as_tensor(box, dtype=dtype).reshape(1, -1),
        cutoff=torch.tensor([float(cutoff)], dtype=dtype),
        **tensors,
    )
