"""Checksums of shipped artefacts: SHA-256, ``manifest.json``, atomic writes and ``.sha256`` sidecars.

Every directory of files that the book ships or reads back (data sets, trained weights) holds a
``manifest.json``::

    {
      "format": "<name>/<version>",
      <further keys describing how the files were made (optional)>,
      "files": {"<name>": {"sha256": "<hex>", "bytes": <size>, "note": "<how it was made>"}, ...}
    }

(indented by two spaces, UTF-8 kept as is, a final newline). :func:`verify_file` checks a file's size and
SHA-256 against it before the file is opened, so that a missing, truncated, changed or unlisted file stops
with a :class:`DataIntegrityError` that names the file, instead of a wrong result later.

Files written one by one during a long computation (:mod:`mlzemi.glass.chains`) carry their SHA-256 in a
sidecar ``<stem>.sha256`` instead (:func:`write_sidecar`, :func:`sidecar_matches`), and are written with
:func:`write_atomically`, so that an interrupted run never leaves a half-written file under the final name.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

MANIFEST = "manifest.json"
SIDECAR_SUFFIX = ".sha256"


class DataIntegrityError(RuntimeError):
    """A data file is missing, truncated, corrupted or not listed in its manifest."""


def sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file (read in blocks of 1 MiB)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------ manifests
def write_manifest(directory: str | Path, notes: dict[str, str], info: dict | None = None, *, fmt: str,
                   sort: bool = True) -> Path:
    """Write ``manifest.json`` listing each file of ``notes`` with its size, SHA-256 and note; returns its path.

    ``fmt`` is the format string, ``info`` further keys written between ``format`` and ``files``. Files are
    listed in sorted order, or in the order of ``notes`` with ``sort=False``.
    """
    directory = Path(directory)
    names = sorted(notes) if sort else list(notes)
    files = {name: {"sha256": sha256(directory / name), "bytes": (directory / name).stat().st_size,
                    "note": notes[name]} for name in names}
    manifest = {"format": fmt, **(info or {}), "files": files}
    path = directory / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _formats(formats: str | Iterable[str] | None) -> tuple[str, ...] | None:
    return None if formats is None else (formats,) if isinstance(formats, str) else tuple(formats)


def read_manifest(directory: str | Path, formats: str | Iterable[str] | None = None) -> dict:
    """The manifest of ``directory``, whose format must be ``formats`` (one string or several; None: any)."""
    path = Path(directory) / MANIFEST
    if not path.exists():
        raise DataIntegrityError(f"{path}: no manifest; every data directory needs {MANIFEST}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataIntegrityError(f"{path}: not a readable manifest ({error})") from error
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise DataIntegrityError(f"{path}: not a manifest (no \"files\" table)")
    allowed = _formats(formats)
    if allowed is not None and manifest.get("format") not in allowed:
        expected = repr(allowed[0]) if len(allowed) == 1 else f"one of {allowed}"
        raise DataIntegrityError(f"{path}: format {manifest.get('format')!r}, expected {expected}")
    return manifest


def verify_file(directory: str | Path, name: str, manifest: dict | None = None,
                formats: str | Iterable[str] | None = None) -> Path:
    """Check one file against the manifest; returns its path or raises :class:`DataIntegrityError` naming it.

    ``manifest`` as returned by :func:`read_manifest` (read from ``directory``, format ``formats``, if None).
    """
    directory = Path(directory)
    manifest = read_manifest(directory, formats) if manifest is None else manifest
    entry = manifest["files"].get(name)
    path = directory / name
    if entry is None:
        raise DataIntegrityError(f"{path}: not listed in {directory / MANIFEST}")
    if not path.exists():
        raise DataIntegrityError(f"{path}: missing (listed in the manifest)")
    size = path.stat().st_size
    if size != entry["bytes"]:
        raise DataIntegrityError(f"{path}: {size} bytes, the manifest says {entry['bytes']} "
                                 "(truncated or replaced file?)")
    digest = sha256(path)
    if digest != entry["sha256"]:
        raise DataIntegrityError(f"{path}: SHA-256 {digest} does not match the manifest ({entry['sha256']}); "
                                 "the file is corrupted or was changed")
    return path


def verify(directory: str | Path, formats: str | Iterable[str] | None = None) -> dict:
    """Check every file listed in the manifest of ``directory`` (format ``formats``); returns the manifest."""
    manifest = read_manifest(directory, formats)
    for name in manifest["files"]:
        verify_file(directory, name, manifest)
    return manifest


# ------------------------------------------------------------------------------- atomic files, sidecars
def write_atomically(path: str | Path, write: Callable[[BinaryIO], object]) -> Path:
    """Create ``path`` by ``write(handle)`` on a temporary file beside it, then ``os.replace``.

    The temporary file (``<name>.<random>.tmp``) is flushed to disk before the rename and removed on any
    error, so ``path`` is either the old file or the complete new one, never a half-written file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "xb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def sidecar(path: str | Path) -> Path:
    """The checksum file of ``path``: ``dir/name.npz`` → ``dir/name.sha256``."""
    return Path(path).with_suffix(SIDECAR_SUFFIX)


def write_sidecar(path: str | Path) -> Path:
    """Write the SHA-256 of ``path`` (hex and a newline) to :func:`sidecar` (atomically); returns the sidecar."""
    digest = sha256(path)
    return write_atomically(sidecar(path), lambda handle: handle.write(f"{digest}\n".encode()))


def sidecar_matches(path: str | Path) -> bool:
    """True if ``path`` and its sidecar exist and the SHA-256 of ``path`` is the one in the sidecar."""
    checksum = sidecar(path)
    return Path(path).exists() and checksum.exists() and checksum.read_text(errors="replace").strip() == sha256(path)
