"""Headline numbers of 第10章 (グラフとメッセージパッシング), read from the executed build.

Thresholds are what the methods must reach, not what one run happened to give:
- layers built from per-edge functions and sums are permutation equivariant up to float32 rounding (≤ 1e-6);
- on a target that is a sum over neighbours, one message-passing layer beats a per-node MLP (MSE ratio < 1).
"""

from __future__ import annotations

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


def test_toy_degree_mlp_lies_between_the_node_mlp_and_message_passing(glue):
    """ch. 10 Ex. 3: giving the node MLP its degree removes most, not all, of what message passing learns."""
    degree_mse = book.glued_number(glue, "toy_degree_mlp_test_mse")
    assert book.glued_number(glue, "toy_mp_test_mse") < degree_mse < book.glued_number(glue, "toy_mlp_test_mse")
    assert 0.5 < degree_mse / book.glued_number(glue, "toy_degree_floor_mse") < 2.0
