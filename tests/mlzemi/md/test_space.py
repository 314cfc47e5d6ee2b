"""mlzemi.md.space: minimum images and wrapping against brute force over periodic images."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mlzemi.md import space

needs_lammps = pytest.mark.lammps  # fails (not skipped) where LAMMPS is missing: tests/conftest.py


def test_minimum_image_matches_brute_force_over_images():
    rng = np.random.default_rng(0)
    box = np.array([5.0, 7.0])
    dr = rng.uniform(-20, 20, size=(500, 2))
    shifts = np.array(list(itertools.product(range(-5, 6), repeat=2))) * box
    candidates = dr[:, None, :] + shifts[None]
    best = candidates[np.arange(len(dr)), np.argmin(np.linalg.norm(candidates, axis=-1), axis=1)]
    np.testing.assert_allclose(space.minimum_image(dr, box), best, atol=1e-12)


def test_wrap_and_unwrap_round_trip():
    rng = np.random.default_rng(1)
    box = space.as_box(4.0)
    x = rng.uniform(-30, 30, size=(3, 50, 2))
    x[0, 0] = [-1e-17, 4.0]                            # rounding edge cases
    wrapped, shift = space.wrap(x, box)
    assert np.all((wrapped >= 0) & (wrapped < box))
    np.testing.assert_allclose(space.unwrap(wrapped, shift, box), x, atol=1e-12)
