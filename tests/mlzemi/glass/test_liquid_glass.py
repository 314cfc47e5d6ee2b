"""mlzemi.glass.liquid_glass: the quench runs, and the shipped chapter-15 data (liquid and ageing files)."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi.glass import dataset, liquid_glass
from mlzemi.md.numpy_engine import NumpyEngine


# -- quench runs ---------------------------------------------------------------------------------------------
def test_quench_returns_displacements_of_every_run(small_liquid):
    x, types, box = small_liquid
    result = liquid_glass.quench(NumpyEngine(), x, types, box, 0.3, (0.5, 1.0), n_runs=2, seed=0)
    assert result["plain"].shape == result["cage"].shape == (2, 2, len(types))
    assert result["energy"].shape == (2, 2)
    assert np.all(result["plain"] >= 0) and np.all(np.isfinite(result["cage"]))


# -- the shipped chapter-15 data -----------------------------------------------------------------------------
shipped = pytest.mark.skipif(not (liquid_glass.PACKAGE_DATA / dataset.MANIFEST).exists(),
                             reason="chapter-15 data not generated")


@shipped
def test_shipped_liquid_and_ageing_files():
    liquid = liquid_glass.load_liquid()
    ageing = liquid_glass.load_ageing()
    test = dataset.load_split(liquid_glass.SOURCE_DATA, "test")            # the data set the files were made from
    for data in (liquid, ageing):
        assert data["metadata"].get("source", liquid_glass.SOURCE_DATA.name) == liquid_glass.SOURCE_DATA.name
    assert liquid["positions"].shape[1:] == test.positions.shape[1:]
    np.testing.assert_allclose(liquid["box"], test.box)
    assert liquid["temperature"] > test.temperature
    assert np.bincount(liquid["split"]).tolist() == [80, 10, 10]
    assert ageing["temperature"] < test.temperature == ageing["initial_temperature"]
    assert ageing["ageing_cage"].shape == (10, len(ageing["times"]), test.positions.shape[1])
    assert np.all(ageing["source_split"] == 2) and sorted(ageing["source_index"]) == list(range(10))
    assert ageing["ageing_cage_halves"].shape == (10, 2, len(ageing["times"]), test.positions.shape[1])
    assert np.all(np.diff(ageing["times"]) > 0)
    assert np.isfinite(ageing["ageing_cage"]).all() and (ageing["ageing_cage"] >= 0).all()


@shipped
def test_shipped_files_are_checked_against_the_manifest(tmp_path):
    import shutil

    for name in ("manifest.json", "liquid.npz", "ageing.npz"):
        shutil.copy(liquid_glass.PACKAGE_DATA / name, tmp_path / name)
    with open(tmp_path / "liquid.npz", "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    with pytest.raises(dataset.DataIntegrityError):
        liquid_glass.load_liquid(tmp_path)
    liquid_glass.load_ageing(tmp_path)                           # the other file is intact
