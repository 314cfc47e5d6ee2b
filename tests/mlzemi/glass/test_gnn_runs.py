"""Training plans (mlzemi.glass.gnn_runs): resumable, sharded, choices made on validation."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("torch_geometric")


from mlzemi.glass import gnn, gnn_runs  # noqa: E402


@pytest.fixture
def fake_graphs(graph_with_bonds):
    """Training/validation graphs with bond targets, in place of a data directory."""
    graphs = [graph_with_bonds(seed)[0] for seed in range(3)]
    split = type("Split", (), {"times": np.array([1.0, 10.0])})()
    return lambda with_bonds: (split, graphs, graphs[:1], (np.zeros(2), np.ones(2)))


def test_plan_trains_every_run_once_and_resolves_best_on_validation(tmp_path, fake_graphs):
    plan = gnn_runs.PLANS["tiny"]
    waiting = gnn_runs.run_plan(plan, tmp_path, shard=(1, 2), log=None, graphs=fake_graphs)
    assert waiting == []                                   # shard 1 holds only the second architecture run
    waiting = gnn_runs.run_plan(plan[2:], tmp_path, log=None, graphs=fake_graphs)
    assert waiting == [plan[2].name]                       # the first architecture is not finished yet
    gnn_runs.run_plan(plan, tmp_path, log=None, graphs=fake_graphs)
    report = gnn_runs.status(plan, tmp_path)
    assert all(report[run.name] is not None for run in plan)
    scores = {run.architecture: report[run.name]["valid_score"] for run in plan[:2]}
    assert report[plan[2].name]["architecture"] == max(scores, key=scores.get)
    model, info = gnn.load(tmp_path / plan[1].name)
    assert model.hparams["bond_outputs"] == 2 and info["pretrain_epochs"] == 5
    assert not (tmp_path / plan[1].name / "checkpoint.pt").exists()
    stamp = (tmp_path / plan[0].name / "model.json").stat().st_mtime_ns
    gnn_runs.run_plan(plan, tmp_path, log=None, graphs=fake_graphs)          # finished: nothing is retrained
    assert (tmp_path / plan[0].name / "model.json").stat().st_mtime_ns == stamp
    assert json.loads((tmp_path / plan[2].name / "model.json").read_text())["run"]["n_train"] == 2


def test_run_names_are_unique_in_every_plan():
    for plan in gnn_runs.PLANS.values():
        names = [run.name for run in plan]
        assert len(set(names)) == len(names)
    assert {run.architecture for run in gnn_runs.PLANS["v3"]} >= set(gnn_runs.ARCHITECTURES)
