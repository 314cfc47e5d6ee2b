"""mlzemi.graphs: periodic radius graphs against a brute-force search over all periodic images."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest

from mlzemi import periodic
from mlzemi.graphs import radius_graph_periodic, to_pyg_data


def brute_force_edges(positions, box, cutoff):
    """Reference: every ordered pair (j -> i), j != i, and every periodic image of j, with no wrapping.

    The image shifts n (integer vectors) range far enough along each axis to cover positions that lie
    several boxes away from [0, L). Returns a dict {(j, i): r_j + n L - r_i} and asserts that at most one image of j
    is within the cutoff (which the condition r_c < L/2 guarantees).
    """
    positions = np.asarray(positions, dtype=float)
    box = np.asarray(box, dtype=float)
    # along each axis, enough images to bring any raw difference r_j - r_i back within one box of zero
    span = np.ceil(np.ptp(positions, axis=0) / box).astype(int) + 1
    shifts = np.array(list(itertools.product(*(range(-k, k + 1) for k in span)))) * box  # (S, d)
    edges = {}
    for i in range(len(positions)):
        for j in range(len(positions)):
            if i == j:
                continue
            vectors = positions[j] + shifts - positions[i]
            close = vectors[np.linalg.norm(vectors, axis=1) < cutoff]
            assert len(close) <= 1
            if len(close):
                edges[(j, i)] = close[0]
    return edges


def as_dict(edge_index, edge_vec):
    return {(int(j), int(i)): v for (j, i), v in zip(edge_index.T, edge_vec, strict=True)}


CASES = [
    # (box, cutoff as a fraction of min(box)/2)
    (np.array([5.0, 5.0]), 0.3),
    (np.array([4.0, 7.0]), 0.6),
    (np.array([4.0, 7.0]), 0.999),
    (np.array([4.0, 5.0, 6.0]), 0.4),
    (np.array([4.0, 5.0, 6.0]), 0.999),
    (np.array([3.0, 3.0, 3.0]), 0.999),
]


@pytest.mark.parametrize(("box", "fraction"), CASES)
@pytest.mark.parametrize("outside", [False, True])
def test_matches_brute_force_over_periodic_images(box, fraction, outside):
    rng = np.random.default_rng(7)
    n = 40 if len(box) == 2 else 50
    positions = rng.uniform(0, 1, (n, len(box))) * box
    if outside:  # shift by whole boxes, up to three boxes in either direction
        positions = positions + rng.integers(-3, 4, positions.shape) * box
    cutoff = fraction * 0.5 * box.min()
    edge_index, edge_vec, edge_len = radius_graph_periodic(positions, box, cutoff)
    reference = brute_force_edges(positions, box, cutoff)
    got = as_dict(edge_index, edge_vec)
    assert len(reference) > 0
    assert set(got) == set(reference)
    for key, vec in reference.items():
        np.testing.assert_allclose(got[key], vec, atol=1e-9)
    np.testing.assert_allclose(edge_len, np.linalg.norm(edge_vec, axis=1), atol=1e-12)
    assert edge_index.dtype == np.int64 and edge_index.shape == (2, len(reference))
    assert edge_vec.shape == (len(reference), len(box))


@pytest.mark.parametrize("dim", [2, 3])
def test_symmetric_sorted_and_without_self_loops(dim):
    rng = np.random.default_rng(1)
    box = np.array([6.0, 8.0, 7.0][:dim])
    positions = rng.uniform(-10, 10, (300, dim))
    edge_index, edge_vec, edge_len = radius_graph_periodic(positions, box, 2.5)
    source, target = edge_index
    assert np.all(source != target)
    assert np.all((edge_len >= 0) & (edge_len < 2.5))
    order = np.lexsort((target, source))
    np.testing.assert_array_equal(order, np.arange(len(source)))  # sorted by source, then target
    reverse = np.lexsort((source, target))  # the edges (i, j), in the same order as (j, i) above
    np.testing.assert_array_equal(edge_index[:, reverse], edge_index[::-1])  # every edge has its reverse
    np.testing.assert_allclose(edge_vec[reverse], -edge_vec, atol=1e-12)  # ... with the opposite vector
    assert len(as_dict(edge_index, edge_vec)) == edge_index.shape[1]  # no duplicate edges


def test_vector_points_from_target_to_source_across_the_boundary():
    box = np.array([10.0, 10.0])
    positions = np.array([[0.2, 5.0], [9.9, 5.0]])  # 0.3 apart through the x boundary
    edge_index, edge_vec, edge_len = radius_graph_periodic(positions, box, 1.0)
    edges = as_dict(edge_index, edge_vec)
    np.testing.assert_allclose(edges[(1, 0)], [-0.3, 0.0], atol=1e-12)  # neighbour 1 seen from particle 0
    np.testing.assert_allclose(edges[(0, 1)], [0.3, 0.0], atol=1e-12)
    np.testing.assert_allclose(edge_len, [0.3, 0.3], atol=1e-12)


def test_no_periodic_effects_far_from_the_boundary():
    """In a huge box the result is the ordinary (open-boundary) radius graph."""
    rng = np.random.default_rng(3)
    positions = rng.uniform(40, 60, (200, 3))
    edge_index, edge_vec, _ = radius_graph_periodic(positions, np.array([100.0, 100.0, 100.0]), 3.0)
    distance = np.linalg.norm(positions[None, :, :] - positions[:, None, :], axis=-1)
    i, j = np.nonzero((distance < 3.0) & ~np.eye(200, dtype=bool))
    assert set(as_dict(edge_index, edge_vec)) == set(zip(j.tolist(), i.tolist(), strict=True))
    np.testing.assert_allclose(edge_vec, positions[edge_index[0]] - positions[edge_index[1]], atol=1e-12)


def test_too_few_particles_gives_empty_graph():
    for n in (0, 1):
        edge_index, edge_vec, edge_len = radius_graph_periodic(np.zeros((n, 3)), np.ones(3) * 5, 1.0)
        assert edge_index.shape == (2, 0) and edge_vec.shape == (0, 3) and edge_len.shape == (0,)


@pytest.mark.parametrize(
    ("positions", "box", "cutoff", "match"),
    [
        (np.zeros((4, 2)), [4.0, 6.0], 2.0, "half the smallest box side"),
        (np.zeros((4, 2)), [4.0, 6.0], 2.5, "half the smallest box side"),
        (np.zeros((4, 2)), [4.0, 6.0], 0.0, "positive"),
        (np.zeros((4, 2)), [4.0, 6.0], np.nan, "positive"),
        (np.zeros((4, 3)), [4.0, 6.0], 1.0, "shape"),
        (np.zeros(4), [4.0, 6.0], 1.0, "shape"),
        (np.zeros((4, 1)), [4.0], 1.0, "2D or 3D"),
        (np.zeros((4, 2)), [4.0, -6.0], 1.0, "positive"),
        (np.full((4, 2), np.nan), [4.0, 6.0], 1.0, "NaN"),
    ],
)
def test_invalid_input_raises_a_clear_error(positions, box, cutoff, match):
    with pytest.raises(ValueError, match=match):
        radius_graph_periodic(positions, box, cutoff)


def test_fast_for_thousands_of_particles():
    rng = np.random.default_rng(0)
    n, density, cutoff = 4000, 1.2, 2.0
    side = np.sqrt(n / density)
    positions = rng.uniform(0, side, (n, 2))
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        edge_index, _, _ = radius_graph_periodic(positions, np.array([side, side]), cutoff)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.5, timings
    mean_degree = edge_index.shape[1] / n
    assert abs(mean_degree - density * np.pi * cutoff**2) < 0.5  # ideal-gas coordination number


def test_to_pyg_data_and_batching():
    torch = pytest.importorskip("torch")
    pytest.importorskip("torch_geometric")
    from torch_geometric.data import Batch
    from torch_geometric.utils import coalesce, is_undirected

    rng = np.random.default_rng(5)
    box = np.array([5.0, 6.0])
    graphs = []
    for n in (30, 45):
        positions = rng.uniform(-5, 10, (n, 2))
        types = rng.integers(0, 2, n)
        data = to_pyg_data(positions, box, 2.0, x=types[:, None].astype(np.float64), particle_type=types)
        edge_index, edge_vec, edge_len = radius_graph_periodic(positions, box, 2.0)
        np.testing.assert_array_equal(data.edge_index.numpy(), edge_index)
        np.testing.assert_allclose(data.edge_attr.numpy(), edge_vec, atol=1e-6)
        np.testing.assert_allclose(data.edge_len.numpy(), edge_len, atol=1e-6)
        np.testing.assert_allclose(data.pos.numpy(), periodic.wrap(positions, box)[0], atol=1e-6)
        assert data.x.dtype == torch.float32 and data.particle_type.dtype == torch.int64
        assert data.num_nodes == n and data.box.shape == (1, 2)
        assert is_undirected(data.edge_index)
        assert torch.equal(coalesce(data.edge_index), data.edge_index)  # PyG's sorted order
        graphs.append(data)
    batch = Batch.from_data_list(graphs)
    assert batch.box.shape == (2, 2) and batch.num_nodes == 75
    assert torch.equal(batch.edge_index[:, graphs[0].num_edges:], graphs[1].edge_index + 30)
