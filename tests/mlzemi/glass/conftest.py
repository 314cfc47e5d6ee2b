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
