"""Headline numbers of Part III (第10章, 第11章), read from the executed build.

Thresholds are what the methods must reach, not what one run happened to give:
- layers built from per-edge functions and sums are permutation equivariant up to float32 rounding (≤ 1e-6);
- the PyG layers compute exactly the hand-written equations (≤ 1e-6);
- on a target that is a sum over neighbours, one message-passing layer beats a per-node MLP (MSE ratio < 1).
"""

from __future__ import annotations

import math

import pytest

import book


def test_layers_are_permutation_equivariant(glue):
    assert 0.0 <= glue["perm_equivariance_max_abs_diff"] <= 1e-6


def test_flattened_mlp_is_not_equivariant(glue):
    """The counter-example of ch10 must show an O(1) difference, or the check above proves nothing."""
    assert glue["flat_mlp_perm_max_abs_diff"] > 1e-2


def test_gcn_edge_list_matches_dense_formula(glue):
    assert glue["gcn_dense_vs_edgelist_max_abs_diff"] <= 1e-6


def test_message_passing_beats_per_node_mlp(glue):
    assert glue["toy_mp_vs_mlp_test_mse_ratio"] < 1.0
    assert glue["toy_mp_vs_mlp_test_mse_ratio"] == pytest.approx(glue["toy_mp_test_mse"] / glue["toy_mlp_test_mse"])
    # the target is exactly a sum of messages: message passing should explain almost all of its variance
    assert glue["toy_mp_test_mse"] < 0.1 * glue["toy_target_var"]


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


def test_toy_degree_mlp_lies_between_the_node_mlp_and_message_passing(glue):
    """ch. 10 Ex. 3: giving the node MLP its degree removes most, not all, of what message passing learns."""
    degree_mse = book.glued_number(glue, "toy_degree_mlp_test_mse")
    assert book.glued_number(glue, "toy_mp_test_mse") < degree_mse < book.glued_number(glue, "toy_mlp_test_mse")
    assert 0.5 < degree_mse / book.glued_number(glue, "toy_degree_floor_mse") < 2.0
