"""mlzemi.md.benchmark: the measured engine speeds that the book quotes are shipped."""

from __future__ import annotations

import pytest


def test_benchmark_result_is_shipped():
    """The measured speeds that the book quotes are in the package, with their provenance."""
    import json
    from pathlib import Path

    import mlzemi.md.benchmark as benchmark

    result = json.loads(Path(benchmark.DEFAULT_OUT).read_text(encoding="utf-8"))
    speeds = result["particle_steps_per_second"]
    assert result["n_particles"] == 1024 and {"lammps", "numpy", "lammps_langevin"} <= set(speeds)
    assert result["engine_speed_ratio_vs_lammps"] == pytest.approx(speeds["numpy"] / speeds["lammps"])
    assert result["lammps_speedup_over_numpy"] == pytest.approx(1 / result["engine_speed_ratio_vs_lammps"])
    assert result["engine_speed_ratio_vs_lammps"] < 1 / 3       # a compiled engine must be well ahead
    assert {"date", "machine"} <= set(result) and result["machine"]["lammps"]
