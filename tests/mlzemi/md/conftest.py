"""Shared fixture of the MD tests: a KA2D liquid made by the NumPy engine."""

from __future__ import annotations

import pytest

from mlzemi.md import configurations
from mlzemi.md.numpy_engine import NumpyEngine


@pytest.fixture(scope="module")
def liquid():
    """A KA2D liquid of N = 200 at T ≈ 1 (short Langevin run of the NumPy engine from a random start)."""
    positions, types, box = configurations.random_configuration(200, seed=3)
    x, v = NumpyEngine().equilibrate(positions[None], types, box, temperature=1.0, duration=2.0, seed=4)
    return x[0], v[0], types, box
