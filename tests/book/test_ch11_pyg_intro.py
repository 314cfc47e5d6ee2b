"""Headline numbers of 第11章 (PyTorch Geometric入門), read from the executed build.

Thresholds are what the methods must reach, not what one run happened to give:
- the PyG layers compute exactly the hand-written equations (≤ 1e-6);
- a periodic radius graph of uniform random positions has the ideal-gas coordination; building it with a
  k-d tree is fast, and batching small graphs pays off.
"""

from __future__ import annotations

import math

import pytest


def test_pyg_layers_match_hand_written_ones(glue):
    assert 0.0 <= glue["gnn_pyg_vs_scratch_max_abs_diff"] <= 1e-6


def test_periodic_graph_has_ideal_gas_coordination(glue):
    """Uniform random positions: mean degree ρπr_c²(N−1)/N; one configuration of 96 particles fluctuates by ≈ 0.4."""
    assert glue["pbc_ideal_gas_degree"] == pytest.approx(1.2 * math.pi * 1.5**2 * 95 / 96)
    assert abs(glue["pbc_mean_degree"] - glue["pbc_ideal_gas_degree"]) < 1.5


def test_kdtree_graph_building_is_fast(glue):
    assert glue["graph_build_ms_n4000"] < 1000.0
    assert glue["graph_build_kdtree_ms_n2000"] < glue["graph_build_bruteforce_ms_n2000"]


def test_batching_small_graphs_pays_off(glue):
    """For 50-particle graphs the per-call overhead dominates: batching 64 of them must be clearly faster."""
    assert glue["batch_speedup_n50"] > 1.5
    assert glue["batch_best_speedup_n400"] >= glue["batch_speedup_n400"]
