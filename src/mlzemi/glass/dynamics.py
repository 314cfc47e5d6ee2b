"""Dynamics from trajectories: displacements (plain and cage-relative), propensity, F_s(k, t), MSD, τ_α.

Displacements are arrays ``(..., T, N, 2)`` (leading axes e.g. replicas R) of unwrapped positions minus the
positions at t = 0; times are ``(T,)`` in LJ units τ.

In two dimensions long-wavelength (Mermin–Wagner-like) fluctuations displace whole regions and make plain
displacements decay much faster than the local structure relaxes; cage-relative displacements subtract the
mean displacement of each particle's t = 0 neighbours and remove them (S. Mazoyer, F. Ebert, G. Maret,
P. Keim, EPL 88, 66004 (2009); E. Flenner and G. Szamel, Nat. Commun. 6, 7392 (2015);
H. Shiba et al., Phys. Rev. Lett. 117, 245701 (2016)).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse
from scipy.special import j0

from .. import periodic

CAGE_RADIUS = 1.5
"""Default radius (σ_AA) of the t = 0 neighbourhood used for cage-relative displacements."""

K_PEAK = 6.3
"""Default wavenumber (1/σ_AA) for F_s(k, t): near the first peak of the structure factor of KA2D at ρ = 1.2."""


def displacements(positions: np.ndarray) -> np.ndarray:
    """Displacements from the first frame: ``(..., T, N, 2)`` unwrapped positions → same shape."""
    return positions - positions[..., :1, :, :]


def cage_neighbours(positions: np.ndarray, box, radius: float = CAGE_RADIUS) -> scipy.sparse.csr_matrix:
    """Row-normalised adjacency of the neighbours closer than ``radius`` (periodic), excluding self.

    Args:
        positions: ``(N, 2)`` positions at t = 0.
    Returns:
        ``(N, N)`` sparse matrix A with A_ij = 1 / n_i for the n_i neighbours j of i (a row of zeros for a
        particle without neighbours), so that ``A @ u`` is the neighbour mean of ``u``.
    """
    n = len(positions)
    wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
    pairs = periodic.pairs_within(wrapped, box, radius)
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    counts = np.bincount(rows, minlength=n).astype(np.float64)
    weights = 1.0 / counts[rows]
    return scipy.sparse.csr_matrix((weights, (rows, cols)), shape=(n, n))


def cage_relative(displacement: np.ndarray, adjacency: scipy.sparse.csr_matrix) -> np.ndarray:
    """Cage-relative displacements Δr_i − (1/n_i) Σ_{j ∈ cage(i)} Δr_j.

    Args:
        displacement: ``(..., N, 2)`` displacements of any leading shape (replicas, times).
        adjacency: from :func:`cage_neighbours` at t = 0.
    Returns:
        ``(..., N, 2)``.
    """
    n = displacement.shape[-2]
    flat = np.moveaxis(displacement, -2, 0).reshape(n, -1)
    mean = (adjacency @ flat).reshape((n, *displacement.shape[:-2], 2))
    return displacement - np.moveaxis(mean, 0, -2)


def propensity(displacement: np.ndarray, replica_axis: int = 0) -> np.ndarray:
    """Dynamic propensity: the iso-configurational mean of |Δr_i(t)|.

    A. Widmer-Cooper, P. Harrowell, H. Fynewever, Phys. Rev. Lett. 93, 135701 (2004); as in V. Bapst et al.,
    Nat. Phys. 16, 448 (2020), the mean of the magnitude (not of its square).

    Args:
        displacement: ``(R, T, N, 2)`` displacements of R replicas (replica axis ``replica_axis``).
    Returns:
        ``(T, N)``.
    """
    return np.linalg.norm(displacement, axis=-1).mean(axis=replica_axis)


def self_intermediate_scattering(displacement: np.ndarray, k: float = K_PEAK,
                                 mask: np.ndarray | None = None) -> np.ndarray:
    """Self-intermediate scattering function F_s(k, t) of a 2D system, isotropically averaged.

    F_s(k, t) = (1/N) Σ_i ⟨exp(i k·Δr_i(t))⟩ averaged over the directions of **k** with |**k**| = k; in two
    dimensions that angular average is exactly the Bessel function J_0(k |Δr_i(t)|) (from the integral
    J_0(x) = (1/2π) ∫ exp(i x cos φ) dφ), so no set of wave vectors has to be chosen.

    Args:
        displacement: ``(..., T, N, 2)``.
        k: wavenumber (1/σ_AA).
        mask: ``(N,)`` boolean, the particles to average over (e.g. ``types == 0``); all if None.
    Returns:
        ``(..., T)`` averaged over the selected particles (average leading axes yourself).
    """
    values = j0(k * np.linalg.norm(displacement, axis=-1))
    if mask is not None:
        values = values[..., np.asarray(mask, dtype=bool)]
    return values.mean(axis=-1)


def mean_squared_displacement(displacement: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """⟨|Δr(t)|²⟩ over the selected particles: ``(..., T, N, 2) → (..., T)``."""
    values = np.einsum("...d,...d->...", displacement, displacement)
    if mask is not None:
        values = values[..., np.asarray(mask, dtype=bool)]
    return values.mean(axis=-1)


def relaxation_time(times: np.ndarray, correlation: np.ndarray, threshold: float = np.exp(-1.0)) -> float:
    """First time at which a decaying correlation falls to ``threshold`` (default 1/e: the τ_α convention).

    Linear interpolation of the correlation in log t between the two samples that bracket the crossing
    (linear in t if the earlier sample is at t = 0). Returns NaN if the correlation never reaches it.

    Args:
        times: ``(T,)`` increasing. correlation: ``(T,)``.
    """
    times, correlation = np.asarray(times, dtype=np.float64), np.asarray(correlation, dtype=np.float64)
    below = np.flatnonzero(correlation <= threshold)
    if len(below) == 0:
        return float("nan")
    k = int(below[0])
    if k == 0:
        return float(times[0])
    c0, c1 = correlation[k - 1], correlation[k]
    frac = (c0 - threshold) / (c0 - c1)
    t0, t1 = times[k - 1], times[k]
    if t0 <= 0:
        return float(t0 + frac * (t1 - t0))
    return float(np.exp(np.log(t0) + frac * (np.log(t1) - np.log(t0))))


def log_spaced_steps(t_min: float, t_max: float, n: int, dt: float) -> np.ndarray:
    """Increasing integer steps ``(≤ n + 1,)`` starting with 0, then ≈ log-spaced from t_min to t_max."""
    steps = np.unique(np.round(np.geomspace(t_min, t_max, n) / dt).astype(np.int64))
    return np.concatenate([[0], steps[steps > 0]])


def sample_steps(propensity_times, fs_t_min: float, n_fs_times: int, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """Steps at which an iso-configurational run is sampled: ≈ log-spaced for F_s and the MSD up to the last
    propensity time, joined with the propensity times themselves.

    Returns:
        ``(steps (S,) increasing, indices (T_p,) of the propensity times among them)``.
    """
    fs_steps = log_spaced_steps(fs_t_min, max(propensity_times), n_fs_times, dt)
    prop_steps = np.round(np.asarray(propensity_times) / dt).astype(np.int64)
    steps = np.union1d(fs_steps, prop_steps)
    return steps, np.searchsorted(steps, prop_steps)
