"""Tests of mlzemi.glass.published on small files written in the published format (no network)."""

from __future__ import annotations

import collections
import itertools
import pickle

import numpy as np
import pytest

from mlzemi.glass import published

L = 5.0
BOX = np.full(3, L)
N_REPLICAS = 3
# Six particles: 0 and 1 are neighbours only through the periodic boundary in x (0.3 apart), 2–3 are 1.95 apart
# (an edge for r_c = 2) and 2–4 are 2.05 apart (no edge); 5 starts outside the box (absolute coordinates).
INITIAL = np.array([
    [0.10, 1.00, 1.00],
    [4.80, 1.00, 1.00],
    [2.50, 3.00, 0.50],
    [2.50, 4.95, 0.50],
    [2.50, 3.00, 2.55],
    [1.00, 2.50, L + 1.20],
])
TYPES = np.array([0, 0, 0, 1, 0, 1], dtype=np.int32)
TIME = [0.0, 0.003, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0]
TIME_INDICES = [2, 5, 9, 11, 7]            # F_s = 0.9, 0.8, 0.5, 0.1, then 1/e: not in time order, as published
IS_VALUES = np.array([0.9, 0.8, 0.5, 0.1, np.exp(-1.0)])


def displacements() -> np.ndarray:
    """``(T, R, N, 3)`` displacements whose lengths are known: particle i of replica r at time k moves along one axis."""
    disp = np.zeros((len(TIME_INDICES), N_REPLICAS, len(INITIAL), 3))
    for k, r, i in itertools.product(range(len(TIME_INDICES)), range(N_REPLICAS), range(len(INITIAL))):
        disp[k, r, i, (i + r) % 3] = (-1) ** r * 0.1 * (k + 1) * (r + 1) * (i + 1)
    disp[:, :, 1, :] = 0.0
    disp[:, :, 1, 0] = 0.6   # particle 1 crosses x = L: its absolute x is 5.4, the true displacement 0.6
    return disp


def record() -> dict:
    """A dict with exactly the entries, types and nesting of a published file (``testdata/test_small.pickle``)."""
    rng = np.random.default_rng(0)
    target = INITIAL + displacements()
    return {
        "positions": INITIAL.copy(),
        "box": BOX.copy(),
        "types": TYPES.copy(),
        "time": list(TIME),
        "is_values": IS_VALUES.copy(),
        "time_indices": list(TIME_INDICES),
        "metadata": {"temperature": 0.44, "pressure": 2.93, "fluid": "Kob Andersen"},
        "trajectory_start_velocities": [rng.normal(size=INITIAL.shape) for _ in range(N_REPLICAS)],
        "trajectory_target_positions": [[target[k, r] for r in range(N_REPLICAS)] for k in range(len(TIME_INDICES))],
    }


def write_published(path, data: dict) -> None:
    """Pickle ``data`` as the published files are: protocol 3, NumPy arrays named as NumPy 1.x names them.

    Protocol 3 writes a global as the text line ``c<module>\\n<name>\\n``; NumPy ≥ 2 names ``numpy._core``, the
    published files (NumPy 1.17) ``numpy.core``, so the module name is put back as it is in the published files.
    """
    raw = pickle.dumps(data, protocol=3).replace(b"cnumpy._core.multiarray\n", b"cnumpy.core.multiarray\n")
    assert raw.startswith(b"\x80\x03}") and b"cnumpy.core.multiarray\n_reconstruct\n" in raw
    path.write_bytes(raw)


@pytest.fixture
def published_file(tmp_path):
    path = tmp_path / "aggregated_data_1.pickle"
    write_published(path, record())
    return path


def test_load_configuration_fields_and_conversion(published_file):
    positions, types, box, prop, times = published.load_configuration(published_file)

    np.testing.assert_array_equal(box, BOX)
    assert types.dtype == np.int64
    np.testing.assert_array_equal(types, TYPES)
    assert positions.shape == (6, 3) and positions.dtype == np.float64
    assert ((positions >= 0) & (positions < L)).all()
    np.testing.assert_allclose(positions[:5], INITIAL[:5], atol=0)
    np.testing.assert_allclose(positions[5], [1.0, 2.5, 1.2], atol=1e-12)   # wrapped into the box

    # times: the file's times at its indices, in increasing order (the 1/e time moves from last to fourth)
    np.testing.assert_array_equal(times, [0.5, 5.0, 20.0, 100.0, 500.0])
    order = [0, 1, 4, 2, 3]                         # file order of the sorted times
    np.testing.assert_array_equal(times, np.array(TIME)[np.array(TIME_INDICES)][order])

    # propensity: the replica mean of |Δr|, here known in closed form
    k, i = np.meshgrid(np.arange(len(TIME_INDICES)), np.arange(6), indexing="ij")
    expected = 0.1 * (k + 1) * (i + 1) * np.mean(np.arange(1, N_REPLICAS + 1))   # |Δr| averaged over replicas
    expected[:, 1] = 0.6
    np.testing.assert_allclose(np.linalg.norm(displacements(), axis=-1).mean(axis=1), expected)
    assert prop.shape == (5, 6)
    np.testing.assert_allclose(prop, expected[order], rtol=1e-12)
    np.testing.assert_allclose(prop[:, 1], 0.6)     # not L − 0.6: absolute coordinates, no periodic image


def test_propensity_matches_bapst_get_targets(published_file):
    """The formula of ``glassy_dynamics/train.py::get_targets``, applied time index by time index."""
    data = published.read_record(published_file)
    prop = published.propensity(data)
    for k, targets in enumerate(data["trajectory_target_positions"]):
        reference = np.mean([np.linalg.norm(t - data["positions"], axis=-1) for t in targets], axis=0)
        np.testing.assert_allclose(prop[k], reference.astype(np.float32), rtol=1e-6)


def test_read_record_keeps_every_entry(published_file):
    data = published.read_record(published_file)
    assert set(data) == set(record())
    assert data["metadata"] == {"temperature": 0.44, "pressure": 2.93, "fluid": "Kob Andersen"}
    assert data["types"].dtype == np.int32
    np.testing.assert_array_equal(data["is_values"], IS_VALUES)
    assert len(data["trajectory_start_velocities"]) == N_REPLICAS


def test_folder_is_ordered_by_file_number(tmp_path):
    for number in (10, 2, 1):
        data = record()
        data["box"] = BOX + number           # tell the files apart
        write_published(tmp_path / f"aggregated_data_{number}.pickle", data)
    (tmp_path / "notes.txt").write_text("not a configuration")
    assert [p.name for p in published.files(tmp_path)] == [f"aggregated_data_{n}.pickle" for n in (1, 2, 10)]
    assert [published.load_configuration(tmp_path, k)[2][0] for k in range(3)] == [L + 1, L + 2, L + 10]
    assert published.load_configuration(tmp_path, -1)[2][0] == L + 10
    with pytest.raises(IndexError):
        published.load_configuration(tmp_path, 3)
    with pytest.raises(IndexError):
        published.load_configuration(tmp_path / "aggregated_data_1.pickle", 1)


def test_refuses_other_globals_and_incomplete_files(tmp_path):
    evil = tmp_path / "aggregated_data_1.pickle"
    evil.write_bytes(pickle.dumps({"positions": collections.OrderedDict()}, protocol=3))
    with pytest.raises(pickle.UnpicklingError, match="collections.OrderedDict"):
        published.read_record(evil)
    incomplete = tmp_path / "aggregated_data_2.pickle"
    data = record()
    del data["trajectory_target_positions"]
    write_published(incomplete, data)
    with pytest.raises(ValueError, match="trajectory_target_positions"):
        published.load_configuration(incomplete)


def test_urls():
    assert published.URLS["train"][0] == ("https://storage.googleapis.com/deepmind-research-glassy-dynamics/"
                                          "public_dataset/temperature_044/train/aggregated_data_1.pickle")
    assert len(published.URLS["train"]) == 400 and published.URLS["train"][-1].endswith("/aggregated_data_400.pickle")
    assert len(published.URLS["test"]) == 50
    assert published.URLS["test"][0].endswith("/temperature_044/test/aggregated_data_10001.pickle")
    assert published.URLS["test"][-1].endswith("/aggregated_data_10050.pickle")
    with pytest.raises(ValueError):
        published.url("valid", 1)


def _mirror(tmp_path, published_file, split, numbers):
    """A local copy of the bucket's layout holding ``published_file`` under each of ``numbers``."""
    mirror = tmp_path / "mirror"
    for number in numbers:
        source = mirror / published.PATH_TEMPLATE.format(temperature="044", split=split, number=number)
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(published_file.read_bytes())
    return mirror


def test_download_from_a_local_mirror(tmp_path, published_file, monkeypatch):
    """The real download code, served by ``file://`` from a copy of the bucket's layout: no network."""
    mirror = _mirror(tmp_path, published_file, "train", (1, 2))
    lines = []
    paths = published.download(tmp_path / "data", "train", [1, 2], base_url=mirror.as_uri(), log=lines.append)
    assert [p.relative_to(tmp_path / "data").as_posix() for p in paths] == [
        f"public_dataset/temperature_044/train/aggregated_data_{n}.pickle" for n in (1, 2)]
    assert all(p.read_bytes() == published_file.read_bytes() for p in paths)
    assert len(lines) == 2 and not list((tmp_path / "data").rglob("*.part"))
    folder = paths[0].parent
    np.testing.assert_array_equal(published.load_configuration(folder, 1)[1], TYPES)

    def no_network(*args, **kwargs):
        raise AssertionError("a file that is already there was downloaded again")

    monkeypatch.setattr(published.urllib.request, "urlopen", no_network)
    assert published.download(tmp_path / "data", "train", [1, 2], base_url=mirror.as_uri(), log=None) == paths


def test_download_compact_keeps_the_arrays_and_deletes_the_pickles(tmp_path, published_file, monkeypatch):
    mirror = _mirror(tmp_path, published_file, "test", (10001, 10002))
    paths = published.download_compact(tmp_path / "data", "test", [10001, 10002], base_url=mirror.as_uri(),
                                       scratch=tmp_path / "scratch", log=None)
    assert [p.relative_to(tmp_path / "data").as_posix() for p in paths] == ["test/10001.npz", "test/10002.npz"]
    for folder in (tmp_path / "data", tmp_path / "scratch"):
        assert not list(folder.rglob("*.pickle")) and not list(folder.rglob("*.part"))
    expected = published.load_configuration(published_file)
    for got, want in zip(published.load_compact(paths[1]), expected, strict=True):
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)

    def no_network(*args, **kwargs):
        raise AssertionError("a converted file was downloaded again")

    monkeypatch.setattr(published.urllib.request, "urlopen", no_network)
    assert published.download_compact(tmp_path / "data", "test", [10001, 10002], base_url=mirror.as_uri(),
                                      log=None) == paths


def test_download_rejects_what_is_not_a_configuration(tmp_path):
    mirror = tmp_path / "mirror"
    page = mirror / published.PATH_TEMPLATE.format(temperature="044", split="test", number=10001)
    page.parent.mkdir(parents=True)
    page.write_text("<html>NoSuchKey</html>")
    with pytest.raises(ValueError, match="not a protocol-3 pickle"):
        published.download(tmp_path / "data", "test", [10001], base_url=mirror.as_uri(), log=None)
    assert not [p for p in (tmp_path / "data").rglob("*") if p.is_file()]


def minimum_image_pairs(positions, box, cutoff):
    """All ordered pairs (i, j), i ≠ j, closer than ``cutoff`` under the minimum image: brute force."""
    d = positions[None, :, :] - positions[:, None, :]
    d -= box * np.round(d / box)
    r = np.linalg.norm(d, axis=-1)
    i, j = np.nonzero((r < cutoff) & ~np.eye(len(positions), dtype=bool))
    return set(zip(i.tolist(), j.tolist(), strict=True)), r


def test_graph_of_a_loaded_3d_configuration(published_file):
    torch = pytest.importorskip("torch")
    pytest.importorskip("torch_geometric")
    from mlzemi.glass import gnn

    positions, types, box, prop, times = published.load_configuration(published_file)
    graph = gnn.graph_from_configuration(positions, types, box, cutoff=2.0, n_rbf=16, y=prop.T)
    receivers, senders = graph.edge_index[1].numpy(), graph.edge_index[0].numpy()
    edges = set(zip(receivers.tolist(), senders.tolist(), strict=True))
    expected, r = minimum_image_pairs(positions, box, 2.0)
    assert edges == expected
    assert (0, 1) in edges and (1, 0) in edges           # 0.3 apart through the boundary
    assert (2, 3) in edges and (2, 4) not in edges        # 1.95 and 2.05 apart
    np.testing.assert_allclose(graph.edge_len.numpy(), r[receivers, senders], rtol=1e-6)
    assert graph.edge_attr.shape == (len(edges), 16) and graph.edge_unit.shape == (len(edges), 3)
    np.testing.assert_allclose(np.linalg.norm(graph.edge_unit.numpy(), axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(graph.x.numpy(), np.eye(2)[types])
    np.testing.assert_array_equal(graph.mask.numpy(), types == 0)
    assert torch.equal(graph.y, torch.as_tensor(prop.T, dtype=torch.float32))


def test_3d_graphs_match_brute_force_and_the_model_needs_no_augmentation():
    """On a denser random 3D configuration: the edges are the minimum-image pairs, and the model's output does
    not change under the cube's rotations and reflections (axis permutations and sign flips), the augmentation of
    Bapst et al. (``graph_model.apply_random_rotation``)."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("torch_geometric")
    from mlzemi.glass import gnn

    rng = np.random.default_rng(1)
    box = np.full(3, 6.0)
    positions = rng.uniform(0, 6.0, size=(150, 3))
    types = (rng.random(150) < 0.2).astype(np.int64)
    graph = gnn.graph_from_configuration(positions, types, box, cutoff=2.0)
    expected, _ = minimum_image_pairs(positions, box, 2.0)
    assert set(zip(graph.edge_index[1].tolist(), graph.edge_index[0].tolist(), strict=True)) == expected

    torch.manual_seed(0)
    model = gnn.GlassGN(hidden=16, steps=3, n_outputs=4, vector_channels=2).double().eval()
    with torch.no_grad():
        out = model(graph.x.double(), graph.edge_attr.double(), graph.edge_index, graph.edge_unit.double())
    for permutation, signs in [((1, 2, 0), (1, 1, 1)), ((0, 1, 2), (-1, 1, 1)), ((2, 0, 1), (1, -1, -1))]:
        moved = np.mod(positions[:, permutation] * np.array(signs), 6.0)
        moved_graph = gnn.graph_from_configuration(moved, types, box, cutoff=2.0)
        assert torch.equal(moved_graph.edge_index, graph.edge_index)
        with torch.no_grad():
            out_moved = model(moved_graph.x.double(), moved_graph.edge_attr.double(), moved_graph.edge_index,
                              moved_graph.edge_unit.double())
        assert (out_moved - out).abs().max() < 1e-5
    assert out.std() > 1e-3
