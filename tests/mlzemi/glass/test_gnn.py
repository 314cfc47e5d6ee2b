"""Tests of mlzemi.glass.gnn: graphs, symmetries of the model, training, selection, save/load, shipped weights."""

from __future__ import annotations

import inspect
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("torch_geometric")

from mlzemi.glass import gnn  # noqa: E402
from mlzemi.glass.dataset import PACKAGE_DATA_V1, DataIntegrityError, load_split  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def splits():
    return {name: load_split(PACKAGE_DATA_V1, name) for name in ("train", "valid")}


@pytest.fixture(scope="module")
def statistics(splits):
    return gnn.target_statistics(splits["train"])


def small_configuration(seed=0, n=200, density=1.2):
    """A random non-overlapping-ish 2D configuration (jittered lattice) with 65:35 types."""
    rng = np.random.default_rng(seed)
    side = np.sqrt(n / density)
    cells = int(np.ceil(np.sqrt(n)))
    grid = np.stack(np.meshgrid(np.arange(cells), np.arange(cells)), -1).reshape(-1, 2)[:n] + 0.5
    positions = (grid + rng.uniform(-0.3, 0.3, (n, 2))) * side / cells
    types = (rng.uniform(size=n) < 0.35).astype(np.int64)
    return positions, types, np.array([side, side])


def test_gaussian_rbf_matches_numpy():
    r = np.linspace(0.0, 2.0, 37)
    mu = np.linspace(0.0, 2.0, 16)
    delta = 2.0 / 15
    reference = np.exp(-((r[:, None] - mu) ** 2) / (2 * delta**2))
    got = gnn.gaussian_rbf(torch.as_tensor(r), 16, 2.0).numpy()
    np.testing.assert_allclose(got, reference, rtol=1e-12, atol=0)


def test_graph_features_and_shapes(splits, statistics):
    graph = gnn.graphs_from_split(splits["train"], statistics=statistics)[0]
    n, t = splits["train"].positions.shape[1], len(splits["train"].times)
    assert graph.x.shape == (n, 2) and torch.all(graph.x.sum(1) == 1)
    assert graph.edge_attr.shape == (graph.edge_index.shape[1], 16)
    assert graph.y.shape == (n, t)
    assert torch.equal(graph.mask, torch.as_tensor(splits["train"].types[0] == 0))
    assert float(graph.edge_len.max()) < 2.0
    # about 14 900 directed edges per configuration at r_c = 2 (measured by the lead): between 12 000 and 18 000
    assert 12_000 < graph.edge_index.shape[1] < 18_000


def test_targets_standardised_with_training_statistics(splits, statistics):
    train = gnn.graphs_from_split(splits["train"], statistics=statistics)
    y_a = torch.cat([g.y[g.mask] for g in train]).double()
    np.testing.assert_allclose(y_a.mean(0).numpy(), 0.0, atol=1e-4)
    np.testing.assert_allclose(y_a.std(0, unbiased=False).numpy(), 1.0, atol=1e-4)
    valid = gnn.graphs_from_split(splits["valid"], statistics=statistics)
    np.testing.assert_allclose(valid[0].y_mean.numpy()[0], statistics[0], rtol=1e-6)
    with pytest.raises(ValueError, match="training statistics"):
        gnn.graphs_from_split(splits["valid"])  # valid/test must not standardise with their own statistics


def test_processor_matches_index_add_reference():
    """The PyG processor computes the written equations (reference: plain index_add_)."""
    torch.manual_seed(0)
    positions, types, box = small_configuration()
    graph = gnn.graph_from_configuration(positions, types, box)
    proc = gnn.GNProcessor(8)
    n, e = graph.num_nodes, graph.num_edges
    v, v0, ed, e0 = torch.randn(n, 8), torch.randn(n, 8), torch.randn(e, 8), torch.randn(e, 8)
    source, target = graph.edge_index
    with torch.no_grad():
        new_edge = proc.edge_mlp(torch.cat([ed, e0, v[target], v[source]], dim=1))
        aggregated = torch.zeros(n, 8).index_add_(0, target, new_edge)
        new_node = proc.node_mlp(torch.cat([v, v0, aggregated], dim=1))
        got_node, got_edge = proc(v, v0, ed, e0, graph.edge_index)
    assert torch.allclose(got_edge, new_edge, atol=1e-6)
    assert torch.allclose(got_node, new_node, atol=1e-5)


def test_output_shape_and_permutation_equivariance():
    torch.manual_seed(0)
    positions, types, box = small_configuration(seed=1)
    model = gnn.GlassGN(hidden=16, steps=3, n_outputs=5).double().eval()
    graph = gnn.graph_from_configuration(positions, types, box)
    perm = np.random.default_rng(2).permutation(len(positions))
    permuted = gnn.graph_from_configuration(positions[perm], types[perm], box)  # graph rebuilt from scratch
    with torch.no_grad():
        out = model(graph.x.double(), graph.edge_attr.double(), graph.edge_index)
        out_perm = model(permuted.x.double(), permuted.edge_attr.double(), permuted.edge_index)
    assert out.shape == (len(positions), 5)
    assert (out_perm - out[perm]).abs().max() <= 1e-5
    assert out.std() > 1e-3  # a constant output would pass the check above trivially


def test_rotation_invariance():
    """Rotate a cluster (far from the box edges) by an arbitrary angle and reflect it: same features, same output."""
    torch.manual_seed(0)
    positions, types, _ = small_configuration(seed=3)
    centre = positions.mean(0)
    box = np.array([60.0, 60.0])
    angle = 0.7
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    reflection = np.diag([1.0, -1.0])
    model = gnn.GlassGN(hidden=16, steps=3, n_outputs=3).double().eval()
    reference = gnn.graph_from_configuration(positions - centre + 30.0, types, box)
    with torch.no_grad():
        out = model(reference.x.double(), reference.edge_attr.double(), reference.edge_index)
    for matrix in (rotation, reflection, rotation @ reflection):
        moved = gnn.graph_from_configuration((positions - centre) @ matrix.T + 30.0, types, box)
        assert torch.equal(moved.edge_index, reference.edge_index)
        assert (moved.edge_attr - reference.edge_attr).abs().max() < 1e-5
        with torch.no_grad():
            out_moved = model(moved.x.double(), moved.edge_attr.double(), moved.edge_index)
        assert (out_moved - out).abs().max() < 1e-5


def test_evaluate_matches_pearson_reference(splits, statistics):
    torch.manual_seed(0)
    graphs = gnn.graphs_from_split(splits["valid"], statistics=statistics)[:2]
    model = gnn.GlassGN(n_outputs=graphs[0].y.shape[1])
    rhos = []
    for g in graphs:
        prediction = gnn.predict(model, g)
        m = g.mask.numpy()
        rhos.append([np.corrcoef(prediction[m, k], g.y.numpy()[m, k])[0, 1] for k in range(g.y.shape[1])])
    np.testing.assert_allclose(gnn.evaluate(model, graphs), np.mean(rhos, axis=0), atol=1e-6)


def synthetic_graphs(n_graphs, seed):
    """Targets a message-passing step can compute: Σ_j exp(−r_ij²) and the number of type-B neighbours (r < r_c)."""
    graphs = []
    for k in range(n_graphs):
        positions, types, box = small_configuration(seed=seed + k)
        graph = gnn.graph_from_configuration(positions, types, box)
        source, target = graph.edge_index
        weights = (torch.exp(-graph.edge_len.double() ** 2), torch.as_tensor(types)[source].double())
        sums = torch.stack([torch.zeros(graph.num_nodes, dtype=torch.float64).index_add_(0, target, w)
                            for w in weights], dim=1)
        graph.y = ((sums - sums.mean(0)) / sums.std(0)).float()
        graphs.append(graph)
    return graphs


def test_training_reduces_loss_and_learns_neighbour_counts():
    train_graphs, valid_graphs = synthetic_graphs(3, seed=10), synthetic_graphs(2, seed=20)
    model, history = gnn.train(train_graphs, valid_graphs, epochs=40, seed=0, lr=3e-3, hidden=16, log=None)
    loss = history["train_loss"]
    assert min(loss[-5:]) < 0.5 * loss[0]
    assert gnn.evaluate(model, valid_graphs).min() > 0.6  # sums over neighbours are what message passing computes


def test_training_is_deterministic_and_selects_on_valid():
    train_graphs, valid_graphs = synthetic_graphs(2, seed=30), synthetic_graphs(1, seed=40)
    model_a, history_a = gnn.train(train_graphs, valid_graphs, epochs=6, seed=5, hidden=8, log=None)
    model_b, history_b = gnn.train(train_graphs, valid_graphs, epochs=6, seed=5, hidden=8, log=None)
    assert history_a["train_loss"] == history_b["train_loss"]
    for a, b in zip(model_a.state_dict().values(), model_b.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    # the kept model is the one of the best validation epoch, and its score is reproduced
    assert history_a["best_epoch"] == int(np.argmax(history_a["valid_score"])) + 1
    np.testing.assert_allclose(gnn.evaluate(model_a, valid_graphs, dtype=torch.float32).mean(),
                               history_a["best_valid_score"], rtol=1e-6)
    assert history_a["n_valid"] == len(valid_graphs)


def test_resumed_training_is_bit_identical(tmp_path):
    """2 epochs, then resume to 4 from the checkpoint = 4 epochs in one go (weights and history, CPU, 1 thread)."""
    train_graphs, valid_graphs = synthetic_graphs(2, seed=30), synthetic_graphs(1, seed=40)
    kwargs = {"seed": 3, "hidden": 8, "steps": 2, "log": None, "device": "cpu"}
    model_ref, history_ref = gnn.train(train_graphs, valid_graphs, epochs=4, **kwargs)
    path = tmp_path / "run" / "checkpoint.pt"
    _, history_2 = gnn.train(train_graphs, valid_graphs, epochs=2, checkpoint=path, **kwargs)
    state = torch.load(path, weights_only=True)
    assert state["epoch"] == 2 and state["history"]["train_loss"] == history_2["train_loss"]
    assert {"model", "optimizer", "numpy_rng", "torch_rng", "best_state", "seconds", "arguments"} <= set(state)
    assert [f.name for f in path.parent.iterdir()] == [path.name]        # no temporary file left behind
    model, history = gnn.train(train_graphs, valid_graphs, epochs=4, checkpoint=path, **kwargs)
    for a, b in zip(model.state_dict().values(), model_ref.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    assert {k: v for k, v in history.items() if k != "seconds"} == {k: v for k, v in history_ref.items()
                                                                     if k != "seconds"}
    assert history["seconds"] >= history_2["seconds"] > 0                # seconds add up over the runs
    # a finished checkpoint just returns its result
    model_again, history_again = gnn.train(train_graphs, valid_graphs, epochs=4, checkpoint=path, **kwargs)
    assert history_again == history
    assert all(torch.equal(a, b) for a, b in zip(model_again.state_dict().values(), model.state_dict().values(),
                                             strict=True))


def test_checkpoint_of_another_run_raises(tmp_path):
    train_graphs, valid_graphs = synthetic_graphs(1, seed=30), synthetic_graphs(1, seed=40)
    path = tmp_path / "checkpoint.pt"
    gnn.train(train_graphs, valid_graphs, epochs=2, hidden=8, steps=1, log=None, device="cpu", checkpoint=path)
    with pytest.raises(ValueError, match="different run.*lr"):
        gnn.train(train_graphs, valid_graphs, epochs=2, hidden=8, steps=1, lr=1e-2, log=None, checkpoint=path)
    with pytest.raises(ValueError, match="train_data"):
        gnn.train(synthetic_graphs(1, seed=31), valid_graphs, epochs=2, hidden=8, steps=1, log=None, checkpoint=path)
    with pytest.raises(ValueError, match="epoch 2"):
        gnn.train(train_graphs, valid_graphs, epochs=1, hidden=8, steps=1, log=None, checkpoint=path)


def test_cli_aligns_valid_times_with_train_and_resumes(tmp_path, monkeypatch, splits):
    """v2: valid has one time more than train (300 τ); the CLI drops it, records the data, and a rerun resumes."""
    import dataclasses

    from mlzemi.glass import dataset

    def small(split, times):
        split = split.at_times(times)
        return dataclasses.replace(split, **{name: getattr(split, name)[:1] for name in (
            "positions", "types", "propensity_plain", "propensity_cage", "propensity_plain_halves",
            "propensity_cage_halves")})

    times = splits["train"].times
    fake = {"train": small(splits["train"], times[:-1]), "valid": small(splits["valid"], times)}
    monkeypatch.setattr(dataset, "load_split", lambda directory, name: fake[name])
    argv = ["train", "--epochs", "1", "--hidden", "4", "--steps", "1", "--data", str(tmp_path / "v2"),
            "--out", str(tmp_path / "out")]
    gnn.main(argv)
    model, info = gnn.load(tmp_path / "out")
    assert info["times"] == times[:-1].tolist() and model.hparams["n_outputs"] == len(times) - 1
    assert len(info["valid_rho"][0]) == len(times) - 1
    assert info["data"] == str(tmp_path / "v2") and f"--data {tmp_path / 'v2'}" in info["command"]
    assert (tmp_path / "out" / "checkpoint.pt").exists()
    gnn.main(argv)                                                       # finished checkpoint: same result
    assert gnn.load(tmp_path / "out")[1]["valid_score"] == info["valid_score"]


def test_train_cannot_receive_test_graphs():
    parameters = inspect.signature(gnn.train).parameters
    assert list(parameters)[:2] == ["train_graphs", "valid_graphs"]
    assert not any("test" in name for name in parameters)


def test_save_load_round_trip(tmp_path):
    torch.manual_seed(1)
    graph = synthetic_graphs(1, seed=50)[0]
    model = gnn.GlassGN(hidden=8, n_outputs=2)
    gnn.save(model, tmp_path, {"epochs": 0, "note": "test"})
    loaded, info = gnn.load(tmp_path)
    assert info["hyperparameters"] == model.hparams and info["note"] == "test"
    model.eval()
    with torch.no_grad():
        assert torch.equal(loaded(graph.x, graph.edge_attr, graph.edge_index),
                           model(graph.x, graph.edge_attr, graph.edge_index))


@pytest.mark.parametrize("name", [gnn.WEIGHTS, gnn.INFO])
def test_corrupted_file_raises_naming_it(tmp_path, name):
    gnn.save(gnn.GlassGN(hidden=8, n_outputs=2), tmp_path, {"epochs": 0})
    path = tmp_path / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(DataIntegrityError, match=name):
        gnn.load(tmp_path)


def test_missing_manifest_raises(tmp_path):
    with pytest.raises(DataIntegrityError, match="manifest"):
        gnn.load(tmp_path)


def test_shipped_weights(splits, statistics):
    """The shipped model loads, was selected on valid, and reproduces its recorded validation score."""
    model, info = gnn.load()
    assert info["hyperparameters"] == {"hidden": 32, "steps": 3, "n_rbf": 16, "n_outputs": 8, "n_types": 2}
    assert 1 <= info["best_epoch"] <= info["epochs"] == len(info["valid_score"])
    assert info["best_valid_score"] == pytest.approx(max(info["valid_score"]))
    assert info["n_train"] == 80 and info["n_valid"] == 10
    np.testing.assert_allclose(info["target_mean"], statistics[0], rtol=1e-9)
    valid = gnn.graphs_from_split(splits["valid"], statistics=statistics)
    score = gnn.evaluate(model, valid).mean()
    assert score == pytest.approx(info["best_valid_score"], abs=1e-4)   # float64 vs float32 evaluation
    assert (gnn.PACKAGE_WEIGHTS / gnn.WEIGHTS).stat().st_size < 1_000_000
    manifest = json.loads((gnn.PACKAGE_WEIGHTS / gnn.MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {gnn.WEIGHTS, gnn.INFO}


def test_glass_package_imports_without_torch_modules():
    """`import mlzemi.glass` must not import this module (torch is optional for the rest of the package)."""
    import subprocess
    import sys

    code = "import sys, mlzemi.glass, mlzemi.glass.dataset; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_batched_graphs_give_the_same_outputs_and_training_runs():
    """A PyG batch is a block-diagonal graph: outputs equal those of each graph alone; batch_size > 1 trains."""
    from torch_geometric.data import Batch

    torch.manual_seed(0)
    graphs = synthetic_graphs(2, seed=60)
    model = gnn.GlassGN(hidden=8, n_outputs=2).double().eval()
    batch = Batch.from_data_list(graphs)
    with torch.no_grad():
        together = model(batch.x.double(), batch.edge_attr.double(), batch.edge_index)
        alone = torch.cat([model(g.x.double(), g.edge_attr.double(), g.edge_index) for g in graphs])
    assert (together - alone).abs().max() < 1e-10
    _, history = gnn.train(graphs, graphs[:1], epochs=3, seed=0, hidden=8, batch_size=2, log=None)
    assert len(history["train_loss"]) == 3 and history["batch_size"] == 2


def _random_graph(dim: int, n: int = 60, seed: int = 0):
    rng = np.random.default_rng(seed)
    box = np.full(dim, (n / 0.8) ** (1 / dim))
    types = (rng.random(n) < 0.35).astype(np.int64)
    return gnn.graph_from_configuration(rng.uniform(0, box, size=(n, dim)), types, box, cutoff=1.5, n_rbf=8,
                                        y=rng.normal(size=(n, 3))), rng


@pytest.mark.parametrize("dim", [2, 3])
def test_vector_channels_are_invariant_under_rotations_and_reflections(dim):
    """Rotating or reflecting every bond vector (a symmetry of the configuration) leaves the output unchanged."""
    graph, rng = _random_graph(dim)
    torch.manual_seed(0)
    model = gnn.GlassGN(hidden=16, steps=2, n_rbf=8, n_outputs=3, encoded_ends=True, vector_channels=4).double()
    q, _ = np.linalg.qr(rng.normal(size=(dim, dim)))          # a random orthogonal matrix (rotation or reflection)
    out = gnn._run(model, graph, torch.float64)
    rotated = graph.clone()
    rotated.edge_unit = graph.edge_unit.double() @ torch.as_tensor(q.T)
    torch.testing.assert_close(gnn._run(model, rotated, torch.float64), out)
    assert graph.edge_unit.shape[1] == dim
    torch.testing.assert_close(graph.edge_unit.norm(dim=1), torch.ones(graph.edge_unit.shape[0]))


def test_vector_channels_see_bond_angles_that_distances_miss():
    """A particle with two neighbours at the same distances, at 60° or at 180°: only the vector model differs."""
    def star(angle):
        x = np.array([[5.0, 5.0], [6.0, 5.0], [5.0 + np.cos(angle), 5.0 + np.sin(angle)]])
        graph = gnn.graph_from_configuration(x, np.zeros(3, dtype=int), np.array([10.0, 10.0]), cutoff=1.2, n_rbf=8)
        keep = graph.edge_index[1] == 0                          # only the bonds into particle 0
        graph.edge_index, graph.edge_attr, graph.edge_unit = (graph.edge_index[:, keep], graph.edge_attr[keep],
                                                              graph.edge_unit[keep])
        return graph

    torch.manual_seed(1)
    plain = gnn.GlassGN(hidden=8, steps=1, n_rbf=8, n_outputs=1).double()
    vector = gnn.GlassGN(hidden=8, steps=1, n_rbf=8, n_outputs=1, vector_channels=2).double()
    a, b = star(np.pi / 3), star(np.pi)
    assert torch.allclose(gnn._run(plain, a)[0], gnn._run(plain, b)[0])
    assert not torch.allclose(gnn._run(vector, a)[0], gnn._run(vector, b)[0])


def test_training_can_start_from_given_parameters():
    """Fine-tuning: the named parameters start from the given values (unchanged with lr = 0), the others from the
    seed's random initialisation; a name the model does not have is an error."""
    graphs = [_random_graph(2, seed=s)[0] for s in range(3)]
    first, _ = gnn.train(graphs[:2], graphs[2:], epochs=1, hidden=8, steps=1, seed=0, log=None)
    body = {k: v for k, v in first.state_dict().items() if not k.startswith("decoder")}
    for g in graphs:
        g.y = g.y[:, :1]                                          # another target, another decoder
    tuned, _ = gnn.train(graphs[:2], graphs[2:], epochs=1, hidden=8, steps=1, seed=1, lr=0.0, log=None,
                         initial_state=body)
    fresh, _ = gnn.train(graphs[:2], graphs[2:], epochs=1, hidden=8, steps=1, seed=1, lr=0.0, log=None)
    state, fresh_state = tuned.state_dict(), fresh.state_dict()
    for key, value in body.items():
        torch.testing.assert_close(state[key], value, rtol=0, atol=0)
    for key in state:
        if key.startswith("decoder"):
            torch.testing.assert_close(state[key], fresh_state[key], rtol=0, atol=0)
    with pytest.raises(ValueError, match="does not have"):
        gnn.train(graphs[:2], graphs[2:], epochs=1, hidden=8, steps=1, log=None,
                  initial_state={**body, "processor.vector_weight.weight": torch.zeros(2, 8)})


def test_a_3d_periodic_system_trains():
    graphs = [_random_graph(3, seed=s)[0] for s in range(3)]
    for g in graphs:
        g.y = g.y[:, :2]
    model, history = gnn.train(graphs[:2], graphs[2:], epochs=3, hidden=8, steps=2, encoded_ends=True,
                               vector_channels=2, device="cpu", log=None)
    assert np.all(np.isfinite(history["train_loss"])) and history["train_loss"][-1] < history["train_loss"][0]
    assert gnn.predict(model, graphs[0]).shape == (60, 2)
    assert gnn.default_device().type in ("cpu", "cuda")


def test_bond_edges_point_at_the_pairs_and_survive_batching(graph_with_bonds):
    from torch_geometric.data import Batch

    graphs = [graph_with_bonds(seed)[0] for seed in (1, 2)]
    for graph, (pairs, _) in zip(graphs, [graph_with_bonds(s)[1:] for s in (1, 2)], strict=True):
        sender, receiver = graph.edge_index
        np.testing.assert_array_equal(receiver[graph.bond_edge].numpy(), pairs[:, 0])
        np.testing.assert_array_equal(sender[graph.bond_edge].numpy(), pairs[:, 1])
        np.testing.assert_array_equal(receiver[graph.bond_edge_rev].numpy(), pairs[:, 1])
    batch = Batch.from_data_list(graphs)
    n_edges, n_nodes = graphs[0].edge_index.shape[1], graphs[0].num_nodes
    second = batch.bond_edge[len(graphs[0].bond_edge):]
    torch.testing.assert_close(second, graphs[1].bond_edge + n_edges)          # shifted by edges, not nodes
    torch.testing.assert_close(batch.edge_index[1, second], graphs[1].edge_index[1, graphs[1].bond_edge] + n_nodes)


def test_bond_prediction_is_symmetric_and_the_bond_head_learns_a_distance_function(graph_with_bonds):
    """Trained on the bond target alone (p → 0), the bond loss falls to a few per cent of its start: the target
    is a function of the pair distance, which the edges carry."""
    graphs = [graph_with_bonds(seed)[0] for seed in range(4)]
    model, history = gnn.train(graphs, graphs[:1], epochs=40, seed=0, hidden=16, steps=1, lr=3e-3, log=None,
                               node_weight=1e-9)
    assert history["node_weight"] < 1 and model.hparams["bond_outputs"] == 2
    assert history["train_loss"][-1] < 0.02 * history["train_loss"][0]
    model = model.double().eval()
    with torch.no_grad():
        _, edge_out = gnn._run(model, graphs[0], torch.float64, with_edges=True)
    swapped = graphs[0].clone()
    swapped.bond_edge, swapped.bond_edge_rev = graphs[0].bond_edge_rev, graphs[0].bond_edge
    np.testing.assert_allclose(gnn.bond_prediction(edge_out, swapped).numpy(),
                               gnn.bond_prediction(edge_out, graphs[0]).numpy())


def test_pretraining_epochs_are_not_selected_and_need_bond_targets(graph_with_bonds):
    graphs = [graph_with_bonds(seed)[0] for seed in range(2)]
    _, history = gnn.train(graphs, graphs[:1], epochs=4, seed=0, hidden=8, log=None, node_weight=0.4,
                           pretrain_epochs=2)
    assert history["best_epoch"] > 2
    plain = [synthetic_graphs(1, seed=5)[0]]
    with pytest.raises(ValueError, match="bond targets"):
        gnn.train(plain, plain, epochs=1, log=None, node_weight=0.4)
