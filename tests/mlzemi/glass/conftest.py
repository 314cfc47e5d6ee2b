"""Shared fixtures of the glass tests: a perfect triangular lattice, and the quick data set made by the generator."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest


def _triangular_lattice(nx: int, ny: int, spacing: float = 1.0, seed: int = 0):
    """A perfect triangular lattice (ny even) in its periodic box, positions shuffled and translated."""
    i, j = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    x = spacing * (i + 0.5 * (j % 2))
    y = spacing * np.sqrt(3) / 2 * j
    positions = np.stack([x.ravel(), y.ravel()], axis=1) + 0.123
    box = np.array([nx * spacing, ny * spacing * np.sqrt(3) / 2])
    return np.random.default_rng(seed).permutation(positions), box


@pytest.fixture
def triangular_lattice():
    """``triangular_lattice(nx, ny, spacing=1.0, seed=0) -> (positions (N, 2), box (2,))``."""
    return _triangular_lattice


@pytest.fixture(scope="session")
def quick_numpy(tmp_path_factory):
    """The quick preset made with the teaching engine, through the command line, timed (test_generate.py,
    test_dataset.py; marked slow by tests/conftest.py)."""
    out = tmp_path_factory.mktemp("quick_numpy")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mlzemi.glass", "generate", "--preset", "quick", "--seed", "3",
                    "--engine", "numpy", "--out", str(out)], check=True, capture_output=True, text=True)
    return out, time.perf_counter() - start


def _graph_with_bonds(seed: int, n: int = 60):
    """A random 2D graph whose bond target is a known function of the pair distance at t = 0."""
    from mlzemi.glass import gnn, structure

    rng = np.random.default_rng(seed)
    box = np.full(2, (n / 0.8) ** 0.5)
    positions = rng.uniform(0, box, size=(n, 2))
    i, j, vector = structure.directed_pairs(positions, box, 1.2)
    keep = i < j
    pairs = np.stack([i[keep], j[keep]], axis=1)
    distance = np.linalg.norm(vector[keep], axis=1)
    target = np.stack([np.cos(3 * distance), distance - distance.mean()])          # (T_p = 2, P)
    return gnn.graph_from_configuration(positions, (rng.random(n) < 0.35).astype(np.int64), box, cutoff=1.5,
                                        n_rbf=8, y=rng.normal(size=(n, 2)), bonds=(pairs, target)), pairs, target


@pytest.fixture
def graph_with_bonds():
    """``graph_with_bonds(seed, n=60) -> (graph, pairs (P, 2), target (2, P))``: needs torch_geometric."""
    return _graph_with_bonds
