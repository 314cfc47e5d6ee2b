"""Data set v2 generator (mlzemi.glass.chains): resumable, sharded, merged into the book's format."""

import numpy as np
import pytest

from mlzemi import artefacts
from mlzemi.glass import chains, dataset

PLAN = chains.PLANS["tiny"]


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    out = tmp_path_factory.mktemp("raw")
    chains.run(PLAN, out, seed=3, engine_name="numpy", log=lambda text: None)
    return out


def test_every_configuration_has_its_own_checksummed_file(raw):
    files = sorted(raw.glob("*/c*/s*.npz"))
    assert len(files) == sum(c.n_configurations for c in PLAN)
    for path in files:
        assert path.with_suffix(".sha256").read_text().strip() == artefacts.sha256(path)
    assert not list(raw.glob("*/c*/*.tmp"))   # no temporary file left behind


def test_resume_gives_the_uninterrupted_result(raw, tmp_path):
    """Delete the last configuration of a chain and a damaged one: a new run remakes both identically."""
    import shutil

    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    last = copy / "train" / "c01" / "s001.npz"
    last.unlink()
    damaged = copy / "test_later" / "c00" / "s001.npz"
    damaged.write_bytes(damaged.read_bytes()[:-10])
    report = chains.run_chain(PLAN[0], 1, copy, seed=3, engine_name="numpy", log=lambda text: None)
    assert report == {**report, "done": 1, "made": 1}
    chains.run(PLAN, copy, seed=3, engine_name="numpy", log=lambda text: None)
    for name in ("train/c01/s001.npz", "test_later/c00/s001.npz"):
        with np.load(raw / name) as a, np.load(copy / name) as b:
            for key in ("propensity_cage", "chain_positions", "overlap_cage_replicas"):
                np.testing.assert_array_equal(a[key], b[key])


def test_shards_partition_the_work():
    all_units = chains.units(PLAN)
    shards = [[u for k, u in enumerate(all_units) if k % 3 == i] for i in range(3)]
    assert sorted(sum(shards, []), key=all_units.index) == all_units
    assert chains.parse_shard("1/3") == (1, 3)
    with pytest.raises(ValueError):
        chains.parse_shard("3/3")


def test_a_chain_continues_from_its_previous_configuration(raw):
    """Configuration j + 1 of a chain is configuration j after `spacing` more Langevin dynamics."""
    with np.load(raw / "train" / "c00" / "s000.npz") as a, np.load(raw / "train" / "c00" / "s001.npz") as b:
        assert float(b["waiting_time"]) - float(a["waiting_time"]) == PLAN[0].spacing
        moved = np.linalg.norm(b["chain_positions"] - a["chain_positions"], axis=1)
        assert 0 < np.median(moved) < 2.0


def test_merge_writes_loadable_splits_with_v2_arrays(raw, tmp_path):
    chains.merge(PLAN, raw, tmp_path, seed=3, engine_name="numpy", plan_name="tiny", log=lambda text: None)
    splits = dataset.load_dataset(tmp_path)
    assert set(splits) == {"train", "test"}
    train = splits["train"]
    assert train.n_configurations == 4 and train.fs_cage_k.shape[-1] == len(chains.WAVENUMBERS)
    assert train.overlap_cage_replicas.shape == (4, 2, len(train.fs_times))
    assert np.all((train.overlap_cage_replicas >= 0) & (train.overlap_cage_replicas <= 1))
    # F_s per replica at k = 6.3 averages to the stored replica-mean curve
    np.testing.assert_allclose(train.fs_cage_k[..., 0].mean(1), train.fs_cage, atol=1e-6)
    with np.load(tmp_path / "equilibration.npz") as eq:
        assert eq["train__energy"].shape == (2, len(eq["train__times"]))
        assert eq["test__energy"].shape == (1, len(eq["test__times"]))


def test_merge_leaves_out_the_first_configurations_of_a_chain(raw, tmp_path):
    """A set with ``first`` = 1 and ``split`` = "test" is merged as test.npz from configurations 1, 2 only."""
    chains.merge(PLAN, raw, tmp_path, seed=3, engine_name="numpy", plan_name="tiny", log=lambda text: None)
    cset = PLAN[1]
    test = dataset.load_dataset(tmp_path)["test"]
    assert test.n_configurations == cset.n_merged == 2
    np.testing.assert_array_equal(test.waiting_time, [cset.equilibration + j * cset.spacing for j in (1, 2)])
    with np.load(raw / "test_later" / "c00" / "s002.npz") as last:
        np.testing.assert_array_equal(test.positions[-1], last["positions"])
    manifest = dataset.read_manifest(tmp_path)
    assert manifest["summary"]["test"]["n_configurations"] == 2
    assert "t_w = 3–4 τ" in manifest["files"]["test.npz"]["note"]


def test_cost_is_counted_from_the_plan():
    cset = PLAN[0]
    cost = cset.particle_steps()
    assert cost["nve"] == pytest.approx(64 * 4 * 2 * 0.2 / 0.005)
    assert cost["langevin"] == pytest.approx(64 * 2 * (0.5 + 2.0 + 2 * 1.0) / 0.005)


def test_bond_target_is_the_replica_mean_change_of_the_pair_distance():
    """Two replicas move particle 1 away from 0 by 0.2 and 0.4: ⟨|r_01(t)| − |r_01(0)|⟩ = 0.3; the pair (0, 2)
    across the periodic boundary (distance 0.9) is found and does not change."""
    positions = np.array([[0.5, 0.5], [1.5, 0.5], [9.6, 0.5]])
    displacement = np.zeros((2, 1, 3, 2))
    displacement[0, 0, 1, 0], displacement[1, 0, 1, 0] = 0.2, 0.4
    pairs, change = chains.bond_targets(positions, np.array([10.0, 10.0]), displacement, radius=1.5)
    order = np.lexsort(pairs.T[::-1])
    np.testing.assert_array_equal(pairs[order], [[0, 1], [0, 2]])
    np.testing.assert_allclose(change[:, order], [[0.3, 0.0]], atol=1e-12)


def test_merged_bond_targets_follow_their_configurations(raw, tmp_path):
    chains.merge(PLAN, raw, tmp_path, seed=3, engine_name="numpy", plan_name="tiny", log=lambda text: None)
    train = np.load(tmp_path / "train.npz")
    offsets = train["bond_offsets"]
    assert offsets[0] == 0 and offsets[-1] == len(train["bond_pairs"]) == train["bond_change"].shape[1]
    with np.load(raw / "train" / "c01" / "s001.npz") as last:
        np.testing.assert_array_equal(train["bond_pairs"][offsets[-2]:], last["bond_pairs"])
        np.testing.assert_array_equal(train["bond_change"][:, offsets[-2]:], last["bond_change"])
        assert len(last["bond_pairs"]) > 64   # a first shell of several neighbours per particle


def test_split_returns_each_configurations_bonds(raw, tmp_path):
    chains.merge(PLAN, raw, tmp_path, seed=3, engine_name="numpy", plan_name="tiny", log=lambda text: None)
    train = dataset.load_split(tmp_path, "train")
    pairs, change = train.bonds(1)
    with np.load(raw / "train" / "c00" / "s001.npz") as second:
        np.testing.assert_array_equal(pairs, second["bond_pairs"])
        np.testing.assert_array_equal(change, second["bond_change"].astype(np.float64))
    late = train.at_times(train.times[-1:])
    np.testing.assert_array_equal(late.bonds(1)[1], change[-1:])


def test_waiting_time_file_keeps_every_configuration_of_the_chains(raw, tmp_path):
    chains.merge(PLAN, raw, tmp_path, seed=3, engine_name="numpy", plan_name="tiny", log=lambda text: None)
    assert set(dataset.load_dataset(tmp_path)) == {"train", "test"}   # not a split
    dataset.verify_file(tmp_path, "test_waiting_times.npz")
    with np.load(tmp_path / "test_waiting_times.npz") as every:
        np.testing.assert_array_equal(every["sample"], [0, 1, 2])
        test = dataset.load_split(tmp_path, "test")
        np.testing.assert_allclose(every["fs_cage"][1:], test.fs("cage"), atol=1e-6)
