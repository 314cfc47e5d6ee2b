"""Structural descriptors of one 2D configuration, per particle.

All functions take ``positions (N, 2)``, ``types (N,)`` and ``box (2,)`` (periodic), lengths in σ_AA, and
return per-particle arrays. They are the classical baselines that a learned model has to beat:

* potential energy per particle (:func:`potential_energy`);
* local density and radial densities on Gaussian shells (:func:`local_density`, :func:`radial_densities`);
* 2D bond-orientational descriptors q_l on radial shells, and their neighbour averages
  (:func:`bond_order`; E. Boattini, F. Smallenburg, L. Filion, Phys. Rev. Lett. 127, 088007 (2021),
  which uses 3D spherical harmonics; in 2D the harmonics are e^{ilθ});
* the Tong–Tanaka order parameter Θ from a periodic Delaunay triangulation (:func:`tong_tanaka_theta`;
  H. Tong and H. Tanaka, Phys. Rev. X 8, 011041 (2018));
* coarse-graining of any of these over a length L (:func:`coarse_grain`).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.spatial import Delaunay

from .. import periodic
from ..md import potentials
from ..md.numpy_engine import NumpyEngine


def directed_pairs(positions: np.ndarray, box, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All ordered pairs closer than ``radius``: ``(i (P,), j (P,), r_j − r_i (P, 2))``, each pair both ways."""
    wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
    pairs = periodic.pairs_within(wrapped, box, radius)
    i = np.concatenate([pairs[:, 0], pairs[:, 1]])
    j = np.concatenate([pairs[:, 1], pairs[:, 0]])
    return i, j, periodic.pair_displacements(wrapped, i, j, box)


def potential_energy(positions: np.ndarray, types: np.ndarray, box,
                     params: potentials.PairParameters = potentials.KA2D) -> np.ndarray:
    """Potential energy per particle ``(N,)``: half of each pair energy (ε_AA), as LAMMPS ``pe/atom``."""
    return NumpyEngine(params).energy_forces(positions, types, box)[2]


def _sum_by_neighbour_type(i: np.ndarray, j: np.ndarray, weights: np.ndarray, types, n: int) -> np.ndarray:
    """Σ over directed pairs (i ← j) of ``weights`` ``(P, K)``, per particle i and type of j: ``(n, n_types, K)``."""
    types = np.asarray(types)
    out = np.zeros((n, int(types.max()) + 1, weights.shape[1]))
    for t in range(out.shape[1]):
        sel = types[j] == t
        for a in range(weights.shape[1]):
            out[:, t, a] = np.bincount(i[sel], weights=weights[sel, a], minlength=n)
    return out


def local_density(positions: np.ndarray, box, lengths=(1.0, 1.5, 2.0, 3.0), types: np.ndarray | None = None,
                  ) -> np.ndarray:
    """Gaussian-weighted local number density around each particle.

    ρ_i(L) = Σ_{j≠i} exp(−r_ij² / 2L²) / (2π L²) (cut at 4L), which tends to the number density less
    1 / (2π L²) (the excluded self term) for a uniform system.

    Args:
        lengths: ``(n_L,)`` smoothing lengths L. types: if given, one density per species of the neighbour j.
    Returns:
        ``(N, n_L)``, or ``(N, n_types, n_L)`` with ``types``.
    """
    lengths = np.atleast_1d(np.asarray(lengths, dtype=np.float64))
    i, j, dr = directed_pairs(positions, box, 4.0 * lengths.max())          # kernel tail < 4e-4
    r2 = np.einsum("pd,pd->p", dr, dr)
    w = np.exp(-r2[:, None] / (2 * lengths ** 2)) / (2 * np.pi * lengths ** 2)       # (P, n_L)
    n = len(positions)
    if types is None:
        return np.stack([np.bincount(i, weights=w[:, a], minlength=n) for a in range(len(lengths))], axis=1)
    return _sum_by_neighbour_type(i, j, w, types, n)


def radial_densities(positions: np.ndarray, types: np.ndarray, box, radii=None, width: float = 0.1,
                     ) -> np.ndarray:
    """Boattini-type radial descriptors G_i(r; β) = Σ_{j of type β} exp(−(r_ij − r)² / 2δ²).

    Args:
        radii: ``(n_r,)`` shell radii (default 0.5 … 3.0 in steps of 0.1); width: δ.
    Returns:
        ``(N, n_types, n_r)``.
    """
    radii = np.arange(0.5, 3.01, 0.1) if radii is None else np.asarray(radii, dtype=np.float64)
    i, j, dr = directed_pairs(positions, box, radii.max() + 3 * width)
    r = np.linalg.norm(dr, axis=1)
    w = np.exp(-((r[:, None] - radii) ** 2) / (2 * width ** 2))
    return _sum_by_neighbour_type(i, j, w, types, len(positions))


def bond_order_complex(positions: np.ndarray, box, ls=(2, 3, 4, 5, 6, 7, 8), radii=(1.0, 1.5, 2.0),
                       width: float = 0.3) -> np.ndarray:
    """Complex 2D bond-orientational order on Gaussian radial shells.

    q_l(i; r) = Σ_j w_ij e^{i l θ_ij} / Σ_j w_ij with w_ij = exp(−(r_ij − r)² / 2δ²) and θ_ij the angle of
    r_j − r_i; |q_6| is the hexatic order ψ_6 when only the first shell counts.

    Returns:
        ``(N, n_l, n_r)`` complex.
    """
    ls = np.asarray(ls)
    radii = np.asarray(radii, dtype=np.float64)
    i, _, dr = directed_pairs(positions, box, radii.max() + 3 * width)
    r = np.linalg.norm(dr, axis=1)
    theta = np.arctan2(dr[:, 1], dr[:, 0])
    w = np.exp(-((r[:, None] - radii) ** 2) / (2 * width ** 2))                     # (P, n_r)
    phase = np.exp(1j * ls[None, :] * theta[:, None])                                # (P, n_l)
    n = len(positions)
    out = np.zeros((n, len(ls), len(radii)), dtype=np.complex128)
    norm = np.stack([np.bincount(i, weights=w[:, a], minlength=n) for a in range(len(radii))], axis=1)
    for li in range(len(ls)):
        for a in range(len(radii)):
            z = phase[:, li] * w[:, a]
            out[:, li, a] = np.bincount(i, weights=z.real, minlength=n) + 1j * np.bincount(i, weights=z.imag,
                                                                                          minlength=n)
    return out / np.maximum(norm, 1e-300)[:, None, :]


def bond_order(positions: np.ndarray, box, ls=(2, 3, 4, 5, 6, 7, 8), radii=(1.0, 1.5, 2.0),
               width: float = 0.3, average_radius: float | None = 1.5) -> np.ndarray:
    """Rotation-invariant bond-order descriptors |q_l| (N, n_l, n_r), optionally neighbour-averaged.

    With ``average_radius`` the complex q_l are first averaged over the particle and its neighbours closer
    than that radius, then the modulus is taken (the 2D analogue of W. Lechner and C. Dellago,
    J. Chem. Phys. 129, 114707 (2008), used by Boattini et al. 2021).
    """
    q = bond_order_complex(positions, box, ls, radii, width)
    if average_radius is not None:
        q = coarse_grain(q, positions, box, None, cutoff=average_radius)
    return np.abs(q)


def coarse_grain(values: np.ndarray, positions: np.ndarray, box, length: float | None,
                 cutoff: float | None = None) -> np.ndarray:
    """Spatial average of a per-particle quantity over the neighbourhood of each particle (self included).

    X̄_i = Σ_j w(r_ij) X_j / Σ_j w(r_ij) with w(r) = exp(−r² / 2L²) cut at 3L, or, with ``length=None``,
    the plain mean over the particle and its neighbours closer than ``cutoff``. Every column of ``values`` is
    averaged with one neighbour search (pass several quantities at once: it costs the same as one).

    Args:
        values: ``(N, ...)`` real or complex.
    Returns:
        same shape as ``values``.
    """
    values = np.asarray(values)
    radius = cutoff if length is None else (cutoff or 3.0 * length)
    i, j, dr = directed_pairs(positions, box, radius)
    return _average_over_pairs(values, i, j, np.einsum("pd,pd->p", dr, dr), length)


def _average_over_pairs(values: np.ndarray, i: np.ndarray, j: np.ndarray, r2: np.ndarray,
                        length: float | None) -> np.ndarray:
    """The weighted mean of :func:`coarse_grain` over the directed pairs ``(i, j)`` at squared distances ``r2``."""
    n = len(values)
    w = np.ones(len(i)) if length is None else np.exp(-r2 / (2 * length ** 2))
    weights = sparse.csr_matrix((w, (i, j)), shape=(n, n)) + sparse.identity(n, format="csr")
    norm = np.asarray(weights.sum(axis=1)).ravel()
    return (weights @ values.reshape(n, -1) / norm[:, None]).reshape(values.shape)


def periodic_delaunay(positions: np.ndarray, box, margin: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    """Delaunay triangulation of a periodic 2D configuration.

    The particles and their periodic images within ``margin`` of the cell are triangulated together; the
    triangles that touch an original particle are returned, with vertices given both as original indices and
    as coordinates that keep each triangle geometrically intact across the boundary.

    Returns:
        ``(triangles (M, 3) int in [0, N), vertices (M, 3, 2))``; a triangle crossing the boundary appears
        once for each of its vertices that lies in the cell (use it for that vertex only, see
        :func:`tong_tanaka_theta`), and ``triangles`` entries ≥ N mark image vertices (index mod N).
    """
    box = periodic.as_box(box)
    wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
    n = len(wrapped)
    points, index = [wrapped], [np.arange(n)]
    for sx in (-1, 0, 1):
        for sy in (-1, 0, 1):
            if sx == 0 and sy == 0:
                continue
            shifted = wrapped + np.array([sx, sy]) * box
            keep = np.all((shifted > -margin) & (shifted < box + margin), axis=1)
            points.append(shifted[keep])
            index.append(np.flatnonzero(keep) + n * (1 + (sx + 1) * 3 + (sy + 1)))
    points, index = np.concatenate(points), np.concatenate(index)
    tri = Delaunay(points).simplices
    touches = np.any(tri < n, axis=1)
    tri = tri[touches]
    return index[tri], points[tri]


def tong_tanaka_theta(positions: np.ndarray, types: np.ndarray, box,
                      sigma: np.ndarray | None = None, coarse: bool = True) -> np.ndarray:
    """Tong–Tanaka structural order parameter Θ in 2D.

    Θ_i = (1/N_i) Σ_⟨jk⟩ |θ¹_jk − θ²_jk| over the N_i Delaunay triangles (i, j, k) around i, with θ¹ the
    measured angle ∠jik and θ² the angle of the same triangle when i, j, k touch:
    cos θ² = (σ_ij² + σ_ik² − σ_jk²) / (2 σ_ij σ_ik). Θ = 0 for a perfect packing of touching discs.
    The coarse-grained Θ̄_i is the mean of Θ over i and its Delaunay neighbours,
    Θ̄_i = (Θ_i + Σ_j Θ_j) / (N_i + 1): the first-shell mean that Tanaka's group uses to coarse-grain particle
    order parameters (Tong and Tanaka, Phys. Rev. X 8, 011041 (2018) coarse-grain Θ over the first shell; the
    exact weights of their Θ̄ were not checked against the paper's text, which this offline project cannot read).

    Args:
        sigma: ``(n_types, n_types)`` contact distances (default: σ_αβ of KA2D; only ratios matter).
        coarse: return Θ̄ (True) or Θ (False).
    Returns:
        ``(N,)`` in radians.
    """
    sigma = np.asarray(potentials.KA2D.sigma if sigma is None else sigma, dtype=np.float64)
    types = np.asarray(types)
    n = len(positions)
    triangles, vertices = periodic_delaunay(positions, box)
    original = triangles % n
    total = np.zeros(n)
    count = np.zeros(n)
    neighbour_pairs = []
    for corner in range(3):
        centre = triangles[:, corner]
        own = centre < n                       # the angle is counted for vertices inside the cell only
        a, b = (corner + 1) % 3, (corner + 2) % 3
        u = vertices[own, a] - vertices[own, corner]
        v = vertices[own, b] - vertices[own, corner]
        cos1 = np.einsum("pd,pd->p", u, v) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
        theta1 = np.arccos(np.clip(cos1, -1.0, 1.0))
        ti, tj, tk = types[original[own, corner]], types[original[own, a]], types[original[own, b]]
        s_ij, s_ik, s_jk = sigma[ti, tj], sigma[ti, tk], sigma[tj, tk]
        cos2 = (s_ij ** 2 + s_ik ** 2 - s_jk ** 2) / (2 * s_ij * s_ik)
        theta2 = np.arccos(np.clip(cos2, -1.0, 1.0))
        i = centre[own]
        total += np.bincount(i, weights=np.abs(theta1 - theta2), minlength=n)
        count += np.bincount(i, minlength=n)
        neighbour_pairs.append(np.stack([i, original[own, a]], axis=1))
        neighbour_pairs.append(np.stack([i, original[own, b]], axis=1))
    theta = total / np.maximum(count, 1)
    if not coarse:
        return theta
    ordered = np.concatenate(neighbour_pairs).astype(np.int64)
    code = np.unique(ordered[:, 0] * n + ordered[:, 1])                # Delaunay neighbours (i, j), each once
    pairs = np.stack([code // n, code % n], axis=1)
    summed = theta + np.bincount(pairs[:, 0], weights=theta[pairs[:, 1]], minlength=n)
    return summed / (1.0 + np.bincount(pairs[:, 0], minlength=n))


def coarse_grain_lengths(values: np.ndarray, positions: np.ndarray, box, lengths=(1.0, 2.0, 3.0),
                         ) -> np.ndarray:
    """:func:`coarse_grain` of ``values`` (``(N,)`` or ``(N, K)``) at several lengths, the raw values first:
    ``(N, 1 + n_L)`` or ``(N, K, 1 + n_L)``."""
    values = np.asarray(values, dtype=np.float64)
    i, j, dr = directed_pairs(positions, box, 3.0 * max(lengths))   # one search; shorter cut-offs are subsets
    r2 = np.einsum("pd,pd->p", dr, dr)
    averaged = []
    for length in lengths:
        near = r2 < (3.0 * length) ** 2
        averaged.append(_average_over_pairs(values, i[near], j[near], r2[near], length))
    return np.stack([values] + averaged, axis=-1)


def baseline_descriptors(positions: np.ndarray, types: np.ndarray, box, lengths=(1.0, 2.0, 3.0),
                         ) -> tuple[np.ndarray, list[str]]:
    """A standard set of per-particle structural descriptors for linear baselines.

    Potential energy, Tong–Tanaka Θ̄, local density (total), and |q_l| (l = 4, 5, 6; first shell,
    neighbour-averaged), each raw and coarse-grained over ``lengths``.

    Returns:
        ``(features (N, F), names (F,))``, names like ``"energy_L2"`` (coarse-grained over L = 2).
    """
    base = {
        "energy": potential_energy(positions, types, box),
        "theta": tong_tanaka_theta(positions, types, box),
        "density": local_density(positions, box, lengths=(1.0,))[:, 0],
    }
    q = bond_order(positions, box, ls=(4, 5, 6), radii=(1.0,), width=0.3)[:, :, 0]
    base.update({f"q{order}": q[:, k] for k, order in enumerate((4, 5, 6))})
    stacked = coarse_grain_lengths(np.stack(list(base.values()), axis=1), positions, box, lengths)  # (N, 6, 1 + n_L)
    names = [f"{name}{suffix}" for name in base for suffix in [""] + [f"_L{length:g}" for length in lengths]]
    return stacked.reshape(len(positions), -1), names


def pair_force(distance: np.ndarray, types_i: np.ndarray, types_j: np.ndarray,
               params: potentials.PairParameters = potentials.KA2D) -> np.ndarray:
    """Pair force f(r) = −du/dr of the (shifted, truncated) Lennard-Jones potential of each pair, ``(P,)`` (ε_AA / σ_AA).

    Positive when the pair repels, zero at and beyond the pair's cutoff r_c,αβ. The force on i from j is
    f(r_ij) (r_i − r_j) / r_ij, so the net force is F_i = −Σ_j f(r_ij) û_ij with û_ij = (r_j − r_i) / r_ij
    (the ``edge_unit`` of :func:`mlzemi.glass.gnn.graph_from_configuration`).

    Args:
        distance: ``(P,)`` pair distances (σ_AA); types_i, types_j: ``(P,)`` the types of the two particles.
    """
    coefficients = potentials.pair_coefficients(np.asarray(types_i), np.asarray(types_j), params)
    distance = np.asarray(distance, dtype=np.float64)
    _, f_over_r = potentials.lennard_jones(distance**2, coefficients["epsilon"], coefficients["sigma2"],
                                           coefficients["cutoff2"], coefficients["shift"])
    return f_over_r * distance


def net_force(positions: np.ndarray, types: np.ndarray, box,
              params: potentials.PairParameters = potentials.KA2D) -> np.ndarray:
    """Magnitude of the net force on each particle, |F_i| = |Σ_j f(r_ij) r̂_ij| (ε_AA / σ_AA), ``(N,)``.

    The short-time baseline: for t → 0 a particle's replica-averaged displacement grows with |F_i| t² / 2m,
    and |F_i|² = Σ_jk f_j f_k cos θ_jk depends on bond angles, not on distances alone.
    """
    forces = NumpyEngine(params).energy_forces(positions, types, box)[1]
    return np.linalg.norm(forces, axis=1)
