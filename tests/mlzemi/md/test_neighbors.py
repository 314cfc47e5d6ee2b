"""mlzemi.md.neighbors: periodic pair search and Verlet lists against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.md import neighbors, space

needs_lammps = pytest.mark.lammps  # fails (not skipped) where LAMMPS is missing: tests/conftest.py


def test_periodic_pairs_match_brute_force(liquid):
    x, _, _, box = liquid
    radius = 2.8
    found = {tuple(p) for p in neighbors.periodic_pairs(x, box, radius)}
    i, j = np.triu_indices(len(x), k=1)
    dr = space.minimum_image(x[j] - x[i], box)
    expected = {(a, b) for a, b, d in zip(i, j, np.linalg.norm(dr, axis=1), strict=True) if d < radius}
    assert found == expected


def test_verlet_list_rebuilds_when_particles_moved_half_the_skin(liquid):
    x, _, types, box = liquid
    x = x[None]
    images = np.zeros(x.shape, dtype=np.int64)
    nlist = neighbors.build(x, images, types, box, skin=0.4)
    moved = x.copy()
    moved[0, 5, 0] += 0.19
    assert not neighbors.needs_rebuild(nlist, *space.wrap(moved, box), box)
    moved[0, 5, 0] += 0.02
    assert neighbors.needs_rebuild(nlist, *space.wrap(moved, box), box)


def test_verlet_list_update_rebuilds_only_the_systems_that_moved(liquid):
    x, _, types, box = liquid
    batch = np.stack([x, x])
    images = np.zeros(batch.shape, dtype=np.int64)
    nlist = neighbors.build(batch, images, types, box, skin=0.4)
    assert neighbors.update(nlist, batch, images, types, box) is nlist
    moved = batch.copy()
    moved[1, 7] += [0.25, 0.0]
    wrapped, shift = space.wrap(moved, box)
    updated = neighbors.update(nlist, wrapped, shift, types, box)
    assert updated.replica_pairs[0] is nlist.replica_pairs[0]
    expected = neighbors.periodic_pairs(wrapped[1], box, nlist.cutoff + nlist.skin) + len(x)
    np.testing.assert_array_equal(updated.replica_pairs[1], expected)
    assert len(updated.pairs) == len(updated.coefficients["epsilon"])
