"""Particle configurations as periodic images, and maps on the image back to particles.

Conventions: a square-or-rectangular periodic box ``box = (L_x, L_y)`` is cut into ``(n_x, n_y)`` pixels;
pixel ``(i, j)`` covers ``x ∈ [i h_x, (i + 1) h_x)``, ``y ∈ [j h_y, (j + 1) h_y)`` with ``h = L / n``,
and its centre is at ``((i + ½) h_x, (j + ½) h_y)``. Arrays are indexed ``[..., i, j]`` (x along the
second-to-last axis); to draw one with matplotlib use ``imshow(a.T, origin="lower", extent=(0, L_x, 0, L_y))``.

* :func:`render` — one Gaussian blob per particle, one channel per species: a smooth partial number density;
* :func:`upsample_periodic` — bilinear interpolation of a coarse map to a finer grid, periodic in both axes;
* :func:`particle_average` — the mean of a map over the pixels inside each particle's disk (the per-particle
  score of a Grad-CAM map).
"""

from __future__ import annotations

import numpy as np

from .. import periodic


def pixel_centres(box, shape) -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates along x ``(n_x,)`` and y ``(n_y,)``."""
    box = periodic.as_box(box)
    return tuple((np.arange(n) + 0.5) * (length / n) for n, length in zip(shape, box, strict=True))


def _periodic_gaussian(coordinates: np.ndarray, centres: np.ndarray, length: float, width: float) -> np.ndarray:
    """``(P, n)`` exp(−d² / 2w²) with d the minimum-image distance between each coordinate and pixel centre."""
    d = centres[None, :] - coordinates[:, None]
    d -= length * np.round(d / length)
    return np.exp(-0.5 * (d / width) ** 2)


def render(positions: np.ndarray, types: np.ndarray, box, shape=(48, 48), width: float | None = None,
           n_types: int = 2) -> np.ndarray:
    """Image of a periodic configuration: channel ``t`` is Σ over particles of type t of a Gaussian blob.

    ρ_t(x, y) = Σ_{i: type t} exp(−|r − r_i|² / 2w²) / (2π w²), sampled at the pixel centres (minimum image,
    valid for ``width`` ≪ box). Each channel integrates to the number of its particles (for pixels finer
    than ``width``); the image is a smooth partial number density in σ⁻².

    The samples represent the field without aliasing only if its Fourier amplitude, exp(−k²w²/2), is small
    at the Nyquist wave number π/h (h the pixel side): at w = h it is exp(−π²/2) ≈ 0.007, at w = h/2 it is
    0.29. The default width is therefore one pixel (the larger side).

    Args:
        positions: ``(N, 2)`` in σ_AA. types: ``(N,)`` 0 … n_types − 1. shape: ``(n_x, n_y)``.
        width: w (σ_AA); None for one pixel, max(L_x / n_x, L_y / n_y).
    Returns:
        ``(n_types, n_x, n_y)`` float32.
    """
    box = periodic.as_box(box)
    if width is None:
        width = float(np.max(box / np.asarray(shape)))
    wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
    cx, cy = pixel_centres(box, shape)
    gx = _periodic_gaussian(wrapped[:, 0], cx, box[0], width)          # (N, n_x)
    gy = _periodic_gaussian(wrapped[:, 1], cy, box[1], width)          # (N, n_y)
    types = np.asarray(types)
    image = np.stack([gx[types == t].T @ gy[types == t] for t in range(n_types)])
    return (image / (2 * np.pi * width ** 2)).astype(np.float32)


def upsample_periodic(maps: np.ndarray, shape) -> np.ndarray:
    """Bilinear interpolation of periodic maps ``(..., u, v)`` to ``(..., n_x, n_y)`` (pixel centres aligned).

    Output pixel centre ``(i + ½) / n_x`` (in units of the box) is interpolated between the two nearest input
    pixel centres, wrapping around the box (unlike ``torch.nn.functional.interpolate``, which clamps at the
    edges).
    """
    maps = np.asarray(maps)
    out = maps
    for axis, n_out in zip((-2, -1), shape, strict=True):
        n_in = out.shape[axis]
        u = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5          # output centres in input-pixel units
        lower = np.floor(u).astype(int)
        frac = u - lower
        a = np.take(out, lower % n_in, axis=axis)
        b = np.take(out, (lower + 1) % n_in, axis=axis)
        expand = [None] * out.ndim
        expand[axis] = slice(None)
        frac = frac[tuple(expand)]
        out = (1 - frac) * a + frac * b
    return out


def particle_average(image: np.ndarray, positions: np.ndarray, box, radius) -> np.ndarray:
    """Mean of ``image (n_x, n_y)`` over the pixels whose centres lie within ``radius`` of each particle.

    Distances are minimum-image (periodic). A particle whose disk contains no pixel centre (radius below
    half a pixel) gets the value of the pixel that contains it.

    Args:
        positions: ``(N, 2)``. radius: a number or ``(N,)`` (e.g. σ_αα / 2 by type), in σ_AA.
    Returns:
        ``(N,)``.
    """
    image = np.asarray(image)
    box = periodic.as_box(box)
    n_x, n_y = image.shape
    h = box / np.array([n_x, n_y])
    wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
    radius = np.broadcast_to(np.asarray(radius, dtype=np.float64), (len(wrapped),))
    reach = np.ceil(radius.max() / h.min()).astype(int) + 1
    offsets = np.arange(-reach, reach + 1)
    home = np.floor(wrapped / h).astype(int)                            # pixel that contains the particle
    ix = home[:, 0, None, None] + offsets[None, :, None]                # (N, K, 1)
    iy = home[:, 1, None, None] + offsets[None, None, :]                # (N, 1, K)
    dx = (ix + 0.5) * h[0] - wrapped[:, 0, None, None]
    dy = (iy + 0.5) * h[1] - wrapped[:, 1, None, None]
    inside = dx ** 2 + dy ** 2 <= radius[:, None, None] ** 2            # (N, K, K)
    values = image[ix % n_x, iy % n_y]                                  # (N, K, K)
    count = inside.sum(axis=(1, 2))
    total = np.where(inside, values, 0.0).sum(axis=(1, 2))
    own = image[home[:, 0] % n_x, home[:, 1] % n_y]
    return np.where(count > 0, total / np.maximum(count, 1), own)
