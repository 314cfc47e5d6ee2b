"""The published 3D data of Bapst et al. (2020): download it, and read one configuration in the book's conventions.

V. Bapst et al., "Unveiling the predictive power of static structure in glassy systems", Nat. Phys. 16, 448
(2020). Their code is ``glassy_dynamics/`` of https://github.com/google-deepmind/deepmind-research (Apache-2.0);
its README describes the data and ``train.py`` (``load_data``, ``get_targets``) reads it. Facts below are from
those files unless marked otherwise.

**System.** 3D Kob–Andersen binary Lennard-Jones mixture of N = 4096 particles (type A large, B small), periodic
cubic box, simulated with LAMMPS. The repository's test file ``testdata/test_large.pickle`` has 3277 A and 819 B
particles and ``metadata = {temperature: 0.44, pressure: 2.93, fluid: 'Kob Andersen'}``; its box is 15.0433 σ and
that of ``test_small.pickle`` 15.0442 σ: the box differs slightly from file to file, so it is read from each file.
All quantities are in Lennard-Jones units (lengths σ_AA, times τ = σ_AA (m/ε_AA)^½).

**Format.** One file per equilibrated configuration, a Python pickle (protocol 3) of a dict:

* ``positions`` ``(N, 3)`` float64, ``types`` ``(N,)`` int32 (0 = A, 1 = B, the book's convention too),
  ``box`` ``(3,)`` float64;
* ``time`` a list of the logarithmically spaced sampling times (169 in the repository's test files);
* ``time_indices`` a list of 10 indices into ``time``, ``is_values`` ``(10,)``: the times at which the
  intermediate scattering function averaged over the trajectories reaches 0.9, 0.8, …, 0.1 and, last, 1/e
  (so the list is **not** in time order, and the times differ from file to file);
* ``trajectory_start_velocities`` a list of R arrays ``(N, 3)``, and ``trajectory_target_positions`` a list
  (one per time index) of lists (one per trajectory) of ``(N, 3)`` positions, in absolute (unwrapped)
  coordinates; R = 30 in the repository's test files;
* ``metadata`` a dict: ``temperature``, ``pressure``, ``fluid``.

The target of Bapst et al. (``train.get_targets``) is the propensity, the trajectory mean of
``|r_i(t) − r_i(0)|``: :func:`load_configuration` computes it the same way, for all ten times.

**Where.** The README's address is the Google Cloud Storage bucket :data:`BUCKET` (about 100 GB in all, with model
checkpoints), to be copied with ``gsutil``. A public bucket is also served over HTTPS (:data:`BASE_URL`). The object
names used here, ``public_dataset/temperature_044/{train,test}/aggregated_data_<n>.pickle`` with n = 1…400
(train) and 10001…10050 (test), are **not** in the README: they come from third-party download scripts and agree
with the file pattern ``train/aggregated*`` / ``test/aggregated*`` of ``train_binary.py``. Other temperatures
exist under ``public_dataset/temperature_<TTT>/`` (``temperature_050`` is named by third-party code); their file
numbers are not documented, so :data:`FILE_NUMBERS` covers T = 0.44 only.

**Size** (estimated from the array shapes above, not measured): about 32.6 MB per file, of which 29.5 MB are the
target positions (10 × 30 × 4096 × 3 float64), so about 13 GB for the 400 training files of T = 0.44 and 1.6 GB for
the 50 test files.

In Colab, :func:`download_compact` keeps only what the book uses (positions, types, box, propensity, times:
about 0.46 MB per configuration in ``.npz``) and deletes each pickle once it is converted.

**Licence.** The code is Apache-2.0 (the repository's LICENSE). Neither the README nor the repository states a
licence for the data: we do not know it. The book therefore ships none of it and never downloads it when it is
built; a reader downloads the files with :func:`download` (Colab, chapter "Bapst を超えて").

**Safety.** Unpickling can run arbitrary code. :func:`read_record` uses an unpickler that accepts only what these
files contain (dicts, lists, numbers, strings and NumPy arrays) and refuses every other global.
"""

from __future__ import annotations

import pickle
import re
import shutil
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from .. import periodic

BUCKET = "gs://deepmind-research-glassy-dynamics"
"""The bucket named in the README of ``glassy_dynamics`` (``gsutil -m cp -R gs://deepmind-research-glassy-dynamics .``)."""

BASE_URL = "https://storage.googleapis.com/deepmind-research-glassy-dynamics"
"""The same bucket over HTTPS (Google Cloud Storage serves public objects at ``storage.googleapis.com/<bucket>/``)."""

PATH_TEMPLATE = "public_dataset/temperature_{temperature}/{split}/aggregated_data_{number}.pickle"
"""Object name of one configuration inside the bucket (third-party scripts; see the module docstring)."""

FILE_NUMBERS = {"train": range(1, 401), "test": range(10001, 10051)}
"""File numbers of the splits of T = 0.44 (``temperature="044"``)."""

KEYS = ("positions", "types", "box", "time", "time_indices", "trajectory_target_positions")
"""The entries :func:`load_configuration` needs (the files have more: see the module docstring)."""

_NAME = re.compile(r"aggregated_data_(\d+)\.pickle$")


def url(split: str, number: int, temperature: str = "044", base_url: str = BASE_URL) -> str:
    """Download address of one file, e.g. ``url("train", 1)`` for the first training configuration at T = 0.44."""
    if split not in FILE_NUMBERS:
        raise ValueError(f"split must be one of {sorted(FILE_NUMBERS)}, got {split!r}")
    return f"{base_url.rstrip('/')}/" + PATH_TEMPLATE.format(temperature=temperature, split=split, number=number)


URLS = {split: tuple(url(split, n) for n in numbers) for split, numbers in FILE_NUMBERS.items()}
"""The download addresses of T = 0.44: 400 training and 50 test files."""


def download(destination: str | Path, split: str = "train", numbers: Iterable[int] | None = None,
             temperature: str = "044", base_url: str = BASE_URL, timeout: float = 120.0,
             log: Callable[[str], None] | None = print) -> list[Path]:
    """Download configurations (``urllib.request``) into ``destination/<object name>``; return their paths.

    Never called by the tests or the build. A file that is already there is not downloaded again; a file is
    written to ``<name>.part`` and renamed only when it is complete and starts like a protocol-3 pickle of a dict,
    so an interrupted download leaves no half file under the real name.

    Args:
        destination: local folder (the bucket's layout is kept below it).
        split: ``"train"`` or ``"test"``. numbers: file numbers (default: the whole split, :data:`FILE_NUMBERS`).
        temperature: ``"044"`` for T = 0.44. base_url: the server (a ``file://`` mirror in the tests).
    """
    destination = Path(destination)
    numbers = FILE_NUMBERS[split] if numbers is None else list(numbers)
    paths = []
    for k, number in enumerate(numbers):
        address = url(split, number, temperature, base_url)
        path = destination / PATH_TEMPLATE.format(temperature=temperature, split=split, number=number)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name(path.name + ".part")
            with urllib.request.urlopen(address, timeout=timeout) as response, open(part, "wb") as out:
                shutil.copyfileobj(response, out, length=1 << 20)
            with open(part, "rb") as f:
                head = f.read(3)
            if head != b"\x80\x03}":
                part.unlink()
                raise ValueError(f"{address}: not a protocol-3 pickle of a dict (starts with {head!r})")
            part.replace(path)
        if log is not None:
            log(f"{k + 1}/{len(numbers)} {path}")
        paths.append(path)
    return paths


def _numpy_global(name: str):
    try:   # NumPy ≥ 2 renamed numpy.core to numpy._core; the files (NumPy 1.17) name numpy.core
        from numpy._core import multiarray
    except ImportError:  # pragma: no cover - NumPy 1.x
        from numpy.core import multiarray
    return getattr(multiarray, name)


class _SafeUnpickler(pickle.Unpickler):
    """An unpickler that builds NumPy arrays and scalars and nothing else."""

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
        ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
        ("numpy", "ndarray"), ("numpy", "dtype"),
    }

    def find_class(self, module, name):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"refusing to load the global {module}.{name}")
        if module == "numpy":
            return getattr(np, name)
        return _numpy_global(name)


def read_record(path: str | Path) -> dict:
    """The dict stored in one file, read with a restricted unpickler (NumPy arrays, builtins only)."""
    with open(path, "rb") as f:
        record = _SafeUnpickler(f).load()
    if not isinstance(record, dict):
        raise ValueError(f"{path}: expected a dict, got {type(record).__name__}")
    missing = [key for key in KEYS if key not in record]
    if missing:
        raise ValueError(f"{path}: missing entries {missing}")
    return record


def files(directory: str | Path) -> list[Path]:
    """The ``aggregated_data_<n>.pickle`` files of a folder, by number n (not by name: 2 before 10)."""
    found = [p for p in Path(directory).iterdir() if _NAME.search(p.name)]
    return sorted(found, key=lambda p: int(_NAME.search(p.name).group(1)))


def propensity(record: dict) -> np.ndarray:
    """``(T, N)`` trajectory mean of ``|r_i(t) − r_i(0)|`` at the file's time indices, in the file's order.

    As ``train.get_targets`` of Bapst et al.: both positions are absolute (unwrapped), so no periodic image is
    applied to the difference.
    """
    initial = np.asarray(record["positions"], dtype=np.float64)               # (N, 3)
    target = np.asarray(record["trajectory_target_positions"], dtype=np.float64)  # (T, R, N, 3)
    if target.ndim != 4 or target.shape[2:] != initial.shape:
        raise ValueError(f"trajectory_target_positions has shape {target.shape}, expected (T, R, {initial.shape})")
    return np.linalg.norm(target - initial, axis=-1).mean(axis=1)


def load_configuration(path_or_dir: str | Path, index: int = 0
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One configuration in the book's conventions.

    Args:
        path_or_dir: a file, or a folder of ``aggregated_data_<n>.pickle`` files (as :func:`download` leaves them).
        index: position in the folder's files ordered by n (:func:`files`); must be 0 for a single file.
    Returns:
        ``positions (N, 3)`` float64 wrapped into ``[0, L)`` (σ), ``types (N,)`` int64 (0 = A, 1 = B),
        ``box (3,)`` float64 (σ), ``propensity (T_p, N)`` float64 (σ, :func:`propensity`) and ``times (T_p,)``
        float64 (τ), with T_p = 10 and the times in increasing order (the file lists the 1/e time last). As the
        scattering function decreases with time, the rows of a published file are its levels 0.9, 0.8, 0.7, 0.6,
        0.5, 0.4, 1/e, 0.3, 0.2, 0.1: row 6 is at τ_α (time index 9 of Bapst et al., their default target).
    """
    path = Path(path_or_dir)
    if path.is_dir():
        found = files(path)
        if not found:
            raise FileNotFoundError(f"{path}: no aggregated_data_<n>.pickle files")
        if not -len(found) <= index < len(found):
            raise IndexError(f"{path}: index {index} out of range for {len(found)} files")
        path = found[index]
    elif index != 0:
        raise IndexError(f"{path} is one file: index must be 0, got {index}")
    record = read_record(path)
    box = np.asarray(record["box"], dtype=np.float64)
    types = np.asarray(record["types"]).astype(np.int64)
    positions, _ = periodic.wrap(record["positions"], box)
    if positions.ndim != 2 or positions.shape[1] != 3 or box.shape != (3,) or types.shape != (len(positions),):
        raise ValueError(f"{path}: positions {positions.shape}, box {box.shape}, types {types.shape}: not 3D")
    if not np.isin(types, (0, 1)).all():
        raise ValueError(f"{path}: types other than 0 (A) and 1 (B): {np.unique(types)}")
    times = np.asarray(record["time"], dtype=np.float64)[np.asarray(record["time_indices"], dtype=np.int64)]
    prop = propensity(record)
    if len(prop) != len(times):
        raise ValueError(f"{path}: {len(prop)} sets of target positions for {len(times)} time indices")
    order = np.argsort(times, kind="stable")
    return positions, types, box, prop[order], times[order]


COMPACT_KEYS = ("positions", "types", "box", "propensity", "times")
"""The arrays of a compact file, in the order :func:`load_configuration` returns them."""


def save_compact(path: str | Path, configuration: tuple) -> Path:
    """Write the tuple of :func:`load_configuration` to an ``.npz`` file (written whole, then renamed)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    with open(part, "wb") as f:
        np.savez(f, **dict(zip(COMPACT_KEYS, configuration, strict=True)))
    part.replace(path)
    return path


def load_compact(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The tuple of :func:`load_configuration` back from a file of :func:`save_compact` (no pickle involved)."""
    with np.load(path, allow_pickle=False) as data:
        return tuple(data[key] for key in COMPACT_KEYS)


def download_compact(destination: str | Path, split: str = "train", numbers: Iterable[int] | None = None,
                     temperature: str = "044", base_url: str = BASE_URL, timeout: float = 120.0,
                     scratch: str | Path | None = None, log: Callable[[str], None] | None = print) -> list[Path]:
    """Download configurations one at a time, keep each as ``destination/<split>/<n>.npz`` and delete the pickle.

    The disk holds at most one pickle (about 33 MB) at a time, in ``scratch`` (default ``destination/raw``; in
    Colab a local folder when ``destination`` is on Google Drive); files already converted are skipped, so the
    call can be repeated after an interruption. Returns the ``.npz`` paths (read them with :func:`load_compact`).
    """
    destination = Path(destination)
    scratch = destination / "raw" if scratch is None else Path(scratch)
    numbers = FILE_NUMBERS[split] if numbers is None else list(numbers)
    paths = []
    for k, number in enumerate(numbers):
        path = destination / split / f"{number}.npz"
        if not path.exists():
            (raw,) = download(scratch, split, [number], temperature, base_url, timeout, log=None)
            save_compact(path, load_configuration(raw))
            raw.unlink()
        if log is not None:
            log(f"{k + 1}/{len(numbers)} {path}")
        paths.append(path)
    return paths
