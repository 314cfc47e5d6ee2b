"""Shared fixture of the helper-package tests (md and glass): a small KA2D liquid."""

from __future__ import annotations

import pytest

from mlzemi.md import configurations
from mlzemi.md.numpy_engine import NumpyEngine


@pytest.fixture(scope="module")
def small_liquid():
    positions, types, box = configurations.random_configuration(120, seed=5)
    x, _ = NumpyEngine().equilibrate(positions[None], types, box, temperature=1.0, duration=1.0, seed=6)
    return x[0], types, box
