"""mlzemi.md.neighbors: Verlet lists rebuilt when, and only where, a particle moved half the skin."""

from __future__ import annotations

import numpy as np

from mlzemi import periodic
from mlzemi.md import neighbors


def test_verlet_list_rebuilds_when_particles_moved_half_the_skin(liquid):
    x, _, types, box = liquid
    x = x[None]
    images = np.zeros(x.shape, dtype=np.int64)
    nlist = neighbors.build(x, images, types, box, skin=0.4)
    moved = x.copy()
    moved[0, 5, 0] += 0.19
    assert neighbors.update(nlist, *periodic.wrap(moved, box), types, box) is nlist
    moved[0, 5, 0] += 0.02
    assert neighbors.update(nlist, *periodic.wrap(moved, box), types, box) is not nlist


def test_verlet_list_update_rebuilds_only_the_systems_that_moved(liquid):
    x, _, types, box = liquid
    batch = np.stack([x, x])
    images = np.zeros(batch.shape, dtype=np.int64)
    nlist = neighbors.build(batch, images, types, box, skin=0.4)
    assert neighbors.update(nlist, batch, images, types, box) is nlist
    moved = batch.copy()
    moved[1, 7] += [0.25, 0.0]
    wrapped, shift = periodic.wrap(moved, box)
    updated = neighbors.update(nlist, wrapped, shift, types, box)
    assert updated.replica_pairs[0] is nlist.replica_pairs[0]
    expected = periodic.pairs_within(wrapped[1], box, nlist.cutoff + nlist.skin) + len(x)
    np.testing.assert_array_equal(updated.replica_pairs[1], expected)
    assert len(updated.pairs) == len(updated.coefficients["epsilon"])
