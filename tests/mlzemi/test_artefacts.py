"""Checksums and manifests of shipped artefacts (mlzemi.artefacts)."""

import hashlib
import json

import pytest

from mlzemi import artefacts
from mlzemi.glass import baselines, dataset, liquid_glass

FMT = "mlzemi-test/1"
PACKAGE_DATA = dataset.PACKAGE_DATA_V1.parent


@pytest.fixture
def directory(tmp_path):
    """Two files and their manifest."""
    (tmp_path / "b.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "a.txt").write_text("ガラス\n", encoding="utf-8")
    artefacts.write_manifest(tmp_path, {"b.bin": "bytes", "a.txt": "テキスト"}, {"command": "made by hand"}, fmt=FMT)
    return tmp_path


def test_round_trip(directory):
    manifest = artefacts.verify(directory, FMT)
    assert list(manifest) == ["format", "command", "files"]
    assert list(manifest["files"]) == ["a.txt", "b.bin"]           # sorted
    entry = manifest["files"]["b.bin"]
    data = (directory / "b.bin").read_bytes()
    assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "note": "bytes"}
    assert artefacts.sha256(directory / "b.bin") == entry["sha256"]
    assert artefacts.verify_file(directory, "a.txt", formats=FMT) == directory / "a.txt"
    text = (directory / artefacts.MANIFEST).read_text(encoding="utf-8")
    assert text == json.dumps(manifest, indent=2, ensure_ascii=False) + "\n" and "テキスト" in text


def test_unsorted_manifest_keeps_the_order_of_the_notes(tmp_path):
    for name in ("z", "a"):
        (tmp_path / name).write_text(name)
    artefacts.write_manifest(tmp_path, {"z": "", "a": ""}, fmt=FMT, sort=False)
    assert list(artefacts.read_manifest(tmp_path, FMT)["files"]) == ["z", "a"]


def _flip(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _truncate(path):
    path.write_bytes(path.read_bytes()[:-1])


@pytest.mark.parametrize("damage, message", [(_flip, "does not match"), (_truncate, "bytes, the manifest says"),
                                             (lambda path: path.unlink(), "missing")])
def test_damaged_file_raises_naming_it(directory, damage, message):
    damage(directory / "b.bin")
    with pytest.raises(artefacts.DataIntegrityError, match=f"b.bin: .*{message}"):
        artefacts.verify(directory, FMT)
    with pytest.raises(artefacts.DataIntegrityError, match="b.bin"):
        artefacts.verify_file(directory, "b.bin", formats=FMT)
    assert artefacts.verify_file(directory, "a.txt", formats=FMT)    # the intact file still verifies


def test_unlisted_file_raises_naming_it(directory):
    (directory / "extra.npz").write_bytes(b"0")
    with pytest.raises(artefacts.DataIntegrityError, match="extra.npz: not listed"):
        artefacts.verify_file(directory, "extra.npz")


def test_wrong_format_and_missing_or_broken_manifest(directory, tmp_path_factory):
    with pytest.raises(artefacts.DataIntegrityError, match="format 'mlzemi-test/1', expected 'other/1'"):
        artefacts.read_manifest(directory, "other/1")
    with pytest.raises(artefacts.DataIntegrityError, match="expected one of"):
        artefacts.verify(directory, ("other/1", "other/2"))
    assert artefacts.read_manifest(directory, ("other/1", FMT))["format"] == FMT
    empty = tmp_path_factory.mktemp("empty")
    with pytest.raises(artefacts.DataIntegrityError, match="manifest.json: no manifest"):
        artefacts.verify(empty, FMT)
    (empty / artefacts.MANIFEST).write_text("{", encoding="utf-8")
    with pytest.raises(artefacts.DataIntegrityError, match="manifest.json: not a readable manifest"):
        artefacts.read_manifest(empty)


def test_atomic_write_and_sidecar(tmp_path):
    path = tmp_path / "sub" / "s000.npz"
    artefacts.write_atomically(path, lambda handle: handle.write(b"first"))
    with pytest.raises(ZeroDivisionError):                       # a failed write keeps the old file
        artefacts.write_atomically(path, lambda handle: (handle.write(b"half"), 1 / 0))
    assert path.read_bytes() == b"first" and sorted(p.name for p in path.parent.iterdir()) == ["s000.npz"]
    assert not artefacts.sidecar_matches(path)
    assert artefacts.write_sidecar(path) == tmp_path / "sub" / "s000.sha256"
    assert artefacts.sidecar_matches(path)
    path.write_bytes(b"other")
    assert not artefacts.sidecar_matches(path)
    path.unlink()
    assert not artefacts.sidecar_matches(path)


def test_dataset_re_exports_the_shared_names():
    assert dataset.sha256 is artefacts.sha256 and dataset.DataIntegrityError is artefacts.DataIntegrityError
    assert dataset.MANIFEST == artefacts.MANIFEST


@pytest.mark.parametrize("name, formats", [("ka2d_v1", dataset.READABLE_FORMATS), ("ka2d_gnn", "mlzemi-glass-gnn/1"),
                                           ("ka2d_gradcam", liquid_glass.FORMAT), ("ka2d_baselines", baselines.FORMAT)])
def test_shipped_manifests_verify_and_are_rewritten_byte_for_byte(name, formats, tmp_path):
    """The shipped manifests verify, and write_manifest reproduces them exactly (same files, same info)."""
    shipped = PACKAGE_DATA / name
    manifest = artefacts.verify(shipped, formats)
    for file in manifest["files"]:
        (tmp_path / file).symlink_to(shipped / file)
    info = {key: value for key, value in manifest.items() if key not in ("format", "files")}
    notes = {file: entry["note"] for file, entry in manifest["files"].items()}
    artefacts.write_manifest(tmp_path, notes, info, fmt=manifest["format"], sort=list(notes) == sorted(notes))
    assert (tmp_path / artefacts.MANIFEST).read_bytes() == (shipped / artefacts.MANIFEST).read_bytes()
