"""Observables of the glass data beyond one particle: structure (g(r), S(k), hexatic order), relaxation
(τ_α at a chosen wave number, Arrhenius and VFT fits), dynamical heterogeneity (χ₄, spatial correlation of
the propensity and its length), and the statistics used to show equilibrium (trend with its error,
paired differences in units of their standard error).

Conventions: 2D periodic square or rectangular box, lengths in σ_AA, times in τ; positions ``(N, 2)`` or
``(C, N, 2)`` for C configurations.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize
from scipy.spatial import cKDTree

from .. import periodic as space
from . import dynamics, structure


def _configurations(positions: np.ndarray) -> np.ndarray:
    positions = np.asarray(positions, dtype=np.float64)
    return positions[None] if positions.ndim == 2 else positions


def _masks(mask, shape) -> np.ndarray:
    if mask is None:
        return np.ones(shape, dtype=bool)
    mask = np.asarray(mask, dtype=bool)
    return np.broadcast_to(mask, shape) if mask.ndim == 1 else mask


def radial_distribution(positions: np.ndarray, box, r_max: float = 5.0, dr: float = 0.02,
                        mask_a=None, mask_b=None) -> tuple[np.ndarray, np.ndarray]:
    """Radial distribution function g_ab(r) averaged over configurations.

    g_ab(r) = A / (N_a N_b) · ⟨Σ_{i∈a} Σ_{j∈b, j≠i} δ(r − r_ij)⟩ / (2π r) (2D), so that g → 1 at large r.

    Args:
        positions: ``(N, 2)`` or ``(C, N, 2)``. box: ``(2,)``; r_max must be < half the box.
        mask_a, mask_b: ``(N,)`` or ``(C, N)`` boolean (default: all particles).
    Returns:
        ``(r (M,) bin centres, g (M,))``.
    """
    x = _configurations(positions)
    box = space.as_box(box)
    if r_max >= 0.5 * box.min():
        raise ValueError("r_max must be smaller than half the box")
    ma, mb = _masks(mask_a, x.shape[:2]), _masks(mask_b, x.shape[:2])
    edges = np.arange(0.0, r_max + dr / 2, dr)
    counts = np.zeros(len(edges) - 1)
    norm = 0.0
    area = float(np.prod(box))
    for c in range(len(x)):
        wrapped, _ = space.wrap(x[c], box)
        ia, ib = np.flatnonzero(ma[c]), np.flatnonzero(mb[c])
        ta, tb = cKDTree(wrapped[ia], boxsize=box), cKDTree(wrapped[ib], boxsize=box)
        pairs = ta.sparse_distance_matrix(tb, r_max, output_type="coo_matrix")
        same = ia[pairs.row] == ib[pairs.col]
        counts += np.histogram(pairs.data[~same], bins=edges)[0]
        norm += len(ia) * (len(ib) - np.isin(ia, ib).mean()) / area
    r = 0.5 * (edges[1:] + edges[:-1])
    shell = np.pi * (edges[1:] ** 2 - edges[:-1] ** 2)
    return r, counts / (norm * shell)


def structure_factor(positions: np.ndarray, box, k_max: float = 12.0, mask=None,
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Static structure factor S(k) = ⟨|Σ_j exp(i k·r_j)|²⟩ / N of the selected particles.

    Wave vectors on the reciprocal lattice of the box, k = 2π (n_x / L_x, n_y / L_y), binned in |k| with
    the width 2π / L (the resolution the box allows); k = 0 is left out.

    Returns:
        ``(k (M,) mean |k| of each non-empty bin, S (M,))``.
    """
    x = _configurations(positions)
    box = space.as_box(box)
    m = _masks(mask, x.shape[:2])
    nx, ny = (int(np.ceil(k_max * b / (2 * np.pi))) for b in box)
    kx, ky = np.arange(-nx, nx + 1) * 2 * np.pi / box[0], np.arange(-ny, ny + 1) * 2 * np.pi / box[1]
    norm_k = np.hypot(*np.meshgrid(kx, ky, indexing="ij"))
    keep = (norm_k > 0) & (norm_k <= k_max)
    s = np.zeros(norm_k.shape)
    for c in range(len(x)):
        r = x[c][m[c]]
        # exp(i k·r) = exp(i k_x x) exp(i k_y y): the sum over particles for every (k_x, k_y) is one matrix product
        rho_k = np.exp(1j * np.outer(kx, r[:, 0])) @ np.exp(1j * np.outer(r[:, 1], ky))
        s += np.abs(rho_k) ** 2 / len(r)
    s, norm_k = s[keep] / len(x), norm_k[keep]
    width = 2 * np.pi / box.max()
    index = np.floor(norm_k / width + 1e-9).astype(int)   # + 1e-9: |k| exactly on a bin edge, whatever the rounding
    filled = np.unique(index)
    k_mean = np.array([norm_k[index == b].mean() for b in filled])
    s_mean = np.array([s[index == b].mean() for b in filled])
    return k_mean, s_mean


def first_peak(k: np.ndarray, s: np.ndarray, k_min: float = 3.0) -> float:
    """Position of the first (largest beyond ``k_min``) peak of S(k), refined by a parabola through the
    highest bin and its two neighbours."""
    k, s = np.asarray(k), np.asarray(s)
    candidates = np.flatnonzero(k > k_min)
    m = int(candidates[np.argmax(s[candidates])])
    if m == 0 or m == len(k) - 1:
        return float(k[m])
    coeffs = np.polyfit(k[m - 1:m + 2], s[m - 1:m + 2], 2)
    vertex = -coeffs[1] / (2 * coeffs[0])
    return float(np.clip(vertex, k[m - 1], k[m + 1]))


def fs_at(fs_k: np.ndarray, wavenumbers, k: float) -> np.ndarray:
    """F_s(k, t) at wave number ``k`` by linear interpolation between the stored grid ``fs_k (..., K)``."""
    wavenumbers = np.asarray(wavenumbers, dtype=np.float64)
    if not wavenumbers[0] <= k <= wavenumbers[-1]:
        raise ValueError(f"k = {k} outside the stored grid {wavenumbers[0]}–{wavenumbers[-1]}")
    j = int(np.clip(np.searchsorted(wavenumbers, k) - 1, 0, len(wavenumbers) - 2))
    w = (k - wavenumbers[j]) / (wavenumbers[j + 1] - wavenumbers[j])
    return (1 - w) * fs_k[..., j] + w * fs_k[..., j + 1]


def tau_alpha(times: np.ndarray, fs: np.ndarray) -> float:
    """τ_α: F_s = 1/e (see :func:`mlzemi.glass.dynamics.relaxation_time`)."""
    return dynamics.relaxation_time(times, fs)


def chi4(overlaps: np.ndarray, n_particles: int) -> np.ndarray:
    """Four-point susceptibility χ₄(t) = N [⟨Q(t)²⟩ − ⟨Q(t)⟩²] of the overlap Q = (1/N) Σ_i θ(a − |Δr_i(t)|).

    Args:
        overlaps: ``(S, T)`` Q of S independent samples (e.g. every replica of every configuration).
        n_particles: N of the particles Q averages over.
    Returns:
        ``(T,)``.
    """
    overlaps = np.asarray(overlaps, dtype=np.float64)
    return n_particles * overlaps.var(axis=0)


def spatial_correlation(values: np.ndarray, positions: np.ndarray, box, r_max: float = 10.0, dr: float = 0.25,
                        mask=None) -> tuple[np.ndarray, np.ndarray]:
    """Normalised spatial correlation C(r) = ⟨δp_i δp_j⟩_{r_ij ≈ r} / ⟨δp²⟩ of a per-particle quantity.

    δp = p − mean over the selected particles of each configuration; pairs i ≠ j. C(r) → 0 at large r.

    Args:
        values: ``(N,)`` or ``(C, N)``. positions: ``(N, 2)`` or ``(C, N, 2)``. mask: particles used.
    Returns:
        ``(r (M,), C (M,))``.
    """
    x = _configurations(positions)
    v = np.asarray(values, dtype=np.float64).reshape(len(x), -1)
    box = space.as_box(box)
    m = _masks(mask, x.shape[:2])
    edges = np.arange(0.0, r_max + dr / 2, dr)
    num, cnt, var = np.zeros(len(edges) - 1), np.zeros(len(edges) - 1), []
    for c in range(len(x)):
        idx = np.flatnonzero(m[c])
        dp = v[c, idx] - v[c, idx].mean()
        wrapped, _ = space.wrap(x[c][idx], box)
        tree = cKDTree(wrapped, boxsize=box)
        pairs = tree.query_pairs(r_max, output_type="ndarray")
        d = np.linalg.norm(space.minimum_image(wrapped[pairs[:, 0]] - wrapped[pairs[:, 1]], box), axis=1)
        b = np.digitize(d, edges) - 1
        num += np.bincount(b, weights=dp[pairs[:, 0]] * dp[pairs[:, 1]], minlength=len(edges) - 1)[:len(edges) - 1]
        cnt += np.bincount(b, minlength=len(edges) - 1)[:len(edges) - 1]
        var.append(dp.var())
    r = 0.5 * (edges[1:] + edges[:-1])
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = num / cnt / np.mean(var)
    return r[cnt > 0], corr[cnt > 0]


def correlation_length(r: np.ndarray, corr: np.ndarray, r_min: float = 1.0, floor: float = 0.02) -> float:
    """Length ξ of an exponential fit C(r) ≈ A exp(−r/ξ) over r ≥ ``r_min`` up to where C first falls below
    ``floor`` (least squares on log C)."""
    r, corr = np.asarray(r), np.asarray(corr)
    use = r >= r_min
    r, corr = r[use], corr[use]
    below = np.flatnonzero(corr < floor)
    end = int(below[0]) if len(below) else len(r)
    if end < 3:
        raise ValueError("too few points above the floor to fit a length")
    slope, _ = np.polyfit(r[:end], np.log(corr[:end]), 1)
    return float(-1.0 / slope)


def hexatic_order(positions: np.ndarray, box, averaged: bool = True) -> np.ndarray:
    """Local six-fold bond order |ψ₆| of each particle, Voronoi (Delaunay) neighbours.

    ψ₆,i = (1/N_i) Σ_j exp(6iθ_ij). With ``averaged`` the complex ψ₆ is first averaged over i and its
    neighbours (as Lechner and Dellago do in 3D), which separates crystal-like (→ 1) from liquid-like
    (≈ 0.2–0.4) surroundings more sharply. Returns ``(N,)``.
    """
    box = space.as_box(box)
    n = len(positions)
    triangles, vertices = structure.periodic_delaunay(positions, box)
    rows, cols, vectors = [], [], []
    for a in range(3):
        own = triangles[:, a] < n
        for b in range(3):
            if b == a:
                continue
            rows.append(triangles[own, a])
            cols.append(triangles[own, b] % n)
            vectors.append(vertices[own, b] - vertices[own, a])
    rows, cols, vectors = np.concatenate(rows), np.concatenate(cols), np.concatenate(vectors)
    key = rows.astype(np.int64) * n + cols
    _, first = np.unique(key, return_index=True)
    rows, cols, vectors = rows[first], cols[first], vectors[first]
    bond = np.exp(6j * np.arctan2(vectors[:, 1], vectors[:, 0]))
    count = np.bincount(rows, minlength=n)
    psi = (np.bincount(rows, weights=bond.real, minlength=n)
           + 1j * np.bincount(rows, weights=bond.imag, minlength=n)) / count
    if averaged:
        psi = (psi + np.bincount(rows, weights=psi[cols].real, minlength=n)
               + 1j * np.bincount(rows, weights=psi[cols].imag, minlength=n)) / (1 + count)
    return np.abs(psi)


def linear_trend(t: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Ordinary least-squares slope of y(t) and its standard error: ``(slope, se)``."""
    t, y = np.asarray(t, dtype=np.float64), np.asarray(y, dtype=np.float64)
    design = np.stack([np.ones_like(t), t], axis=1)
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    sigma2 = resid @ resid / (len(t) - 2)
    cov = sigma2 * np.linalg.inv(design.T @ design)
    return float(coef[1]), float(np.sqrt(cov[1, 1]))


def paired_difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean of b − a over pairs and its standard error: ``(mean, se)``."""
    d = np.asarray(b, dtype=np.float64) - np.asarray(a, dtype=np.float64)
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(len(d)))


def fit_arrhenius(temperature: np.ndarray, tau: np.ndarray) -> dict:
    """τ = τ₀ exp(E / T): least squares on log τ. Returns ``{"tau0", "E"}`` (E in ε_AA, k_B = 1)."""
    slope, intercept = np.polyfit(1.0 / np.asarray(temperature), np.log(tau), 1)
    return {"tau0": float(np.exp(intercept)), "E": float(slope)}


def fit_vft(temperature: np.ndarray, tau: np.ndarray) -> dict:
    """Vogel–Fulcher–Tammann τ = τ₀ exp(D T₀ / (T − T₀)): least squares on log τ.

    Returns ``{"tau0", "D", "T0"}``. Needs ≥ 4 temperatures; T₀ is bounded below the lowest T.
    """
    temperature, log_tau = np.asarray(temperature, dtype=np.float64), np.log(tau)

    def model(t, log_tau0, d, t0):
        return log_tau0 + d * t0 / (t - t0)

    arr = fit_arrhenius(temperature, tau)
    start = (np.log(arr["tau0"]), 1.0, 0.5 * temperature.min())
    bounds = ([-np.inf, 1e-3, 0.0], [np.inf, 1e3, 0.999 * temperature.min()])
    (log_tau0, d, t0), _ = optimize.curve_fit(model, temperature, log_tau, p0=start, bounds=bounds, maxfev=20000)
    return {"tau0": float(np.exp(log_tau0)), "D": float(d), "T0": float(t0)}
