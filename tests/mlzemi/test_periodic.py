"""mlzemi.periodic: wrapping, minimum images and the pair search against brute force over periodic images (2D, 3D)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mlzemi import periodic


def brute_force_minimum_image(dr: np.ndarray, box: np.ndarray, k: int = 5) -> np.ndarray:
    shifts = np.array(list(itertools.product(range(-k, k + 1), repeat=len(box)))) * box
    candidates = dr[:, None, :] + shifts[None]
    return candidates[np.arange(len(dr)), np.argmin(np.linalg.norm(candidates, axis=-1), axis=1)]


@pytest.mark.parametrize("box", [np.array([5.0, 7.0]), np.array([5.0, 7.0, 6.0])], ids=["2D", "3D"])
def test_minimum_image_matches_brute_force_over_images(box):
    dr = np.random.default_rng(0).uniform(-20, 20, size=(500, len(box)))
    np.testing.assert_allclose(periodic.minimum_image(dr, box), brute_force_minimum_image(dr, box), atol=1e-12)


def test_wrap_and_unwrap_round_trip():
    rng = np.random.default_rng(1)
    box = periodic.as_box(4.0)
    x = rng.uniform(-30, 30, size=(3, 50, 2))
    x[0, 0] = [-1e-17, 4.0]                                      # rounding edge cases
    x[0, 1] = [np.nextafter(4.0, 0.0), 5.5]                      # just below L: x / L rounds to 1
    wrapped, shift = periodic.wrap(x, box)
    assert np.all((wrapped >= 0) & (wrapped < box))
    np.testing.assert_allclose(periodic.unwrap(wrapped, shift, box), x, atol=1e-12)
    np.testing.assert_allclose(wrapped[0, 1, 1], 1.5)


@pytest.mark.parametrize("dim", [2, 3])
def test_pairs_within_match_brute_force(dim):
    rng = np.random.default_rng(dim)
    box = np.array([9.0, 8.0, 7.5][:dim])
    x, _ = periodic.wrap(rng.uniform(-10, 20, size=(300, dim)), box)
    radius = 2.8
    pairs = periodic.pairs_within(x, box, radius)
    i, j = np.triu_indices(len(x), k=1)
    expected_dr = brute_force_minimum_image(x[j] - x[i], box, k=1)  # wrapped: |dr| < L along each side
    close = np.linalg.norm(expected_dr, axis=1) < radius
    assert {tuple(p) for p in pairs} == set(zip(i[close].tolist(), j[close].tolist(), strict=True))
    assert np.all(pairs[:, 0] < pairs[:, 1])
    lookup = {(a, b): k for k, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True))}
    rows = [lookup[tuple(p)] for p in pairs.tolist()]
    dr = periodic.pair_displacements(x, pairs[:, 0], pairs[:, 1], box)
    np.testing.assert_allclose(dr, expected_dr[rows], atol=1e-9)


def test_a_pair_at_exactly_the_cutoff_is_not_within_it():
    """One convention everywhere: r < r_c (a square lattice of spacing 1 has its neighbours at r = 1 exactly)."""
    grid = np.stack(np.meshgrid(np.arange(6.0), np.arange(6.0), indexing="ij"), -1).reshape(-1, 2) + 0.5
    box = np.array([6.0, 6.0])
    assert len(periodic.pairs_within(grid, box, 1.0)) == 0
    assert len(periodic.pairs_within(grid, box, 1.0 + 1e-9)) == 2 * len(grid)


@pytest.mark.parametrize(("box", "cutoff", "match"), [
    ([4.0, 6.0], 2.0, "half the smallest box side"), ([4.0, 6.0], 0.0, "positive"), ([4.0], 1.0, "2D or 3D"),
    ([4.0, -6.0], 1.0, "positive"),
])
def test_invalid_box_or_cutoff(box, cutoff, match):
    with pytest.raises(ValueError, match=match):
        periodic.pairs_within(np.zeros((4, len(box))), box, cutoff)
