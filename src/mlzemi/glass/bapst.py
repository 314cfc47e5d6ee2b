"""Reader for the published data of Bapst et al. (2020): one pickle file per equilibrated configuration.

V. Bapst et al., "Unveiling the predictive power of static structure in glassy systems", Nat. Phys. 16,
448 (2020); data format as described in the ``glassy_dynamics`` directory of ``deepmind/deepmind-research``.
Each file holds a dictionary with

* ``positions`` (N, d) and ``types`` (N,) (0 = A, 1 = B) of the equilibrated system, ``box`` (d,);
* ``time`` (T,) the logarithmically sampled times, ``time_indices`` (K,) the indices of the K times at which
  target positions are stored, ``is_values`` (K,) the intermediate scattering function there;
* ``trajectory_start_velocities`` (R, N, d) the Maxwell–Boltzmann velocities of the R trajectories;
* ``trajectory_target_positions`` (K, R, N, d) absolute (unwrapped) positions at those times;
* ``metadata`` with ``temperature``, ``pressure``, ``fluid``.

.. warning::
   Pickle files can run arbitrary code when loaded. Load **only files you trust** (e.g. the published data
   set whose checksum you verified). The book's own data use ``.npz`` without pickle (:mod:`.dataset`).
"""

from __future__ import annotations

import glob
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REQUIRED = ("positions", "types", "box", "time", "time_indices", "is_values", "trajectory_target_positions")


@dataclass(frozen=True)
class BapstConfiguration:
    """One configuration of the Bapst et al. data set (arrays as in the module docstring)."""

    positions: np.ndarray
    types: np.ndarray
    box: np.ndarray
    time: np.ndarray
    time_indices: np.ndarray
    is_values: np.ndarray
    start_velocities: np.ndarray | None
    target_positions: np.ndarray
    metadata: dict
    path: str = ""

    @property
    def times(self) -> np.ndarray:
        """``(K,)`` the times of the stored target positions."""
        return self.time[self.time_indices]

    @property
    def n_replicas(self) -> int:
        return self.target_positions.shape[1]

    def propensity(self) -> np.ndarray:
        """``(K, N)`` mean over trajectories of |r_i(t) − r_i(0)| (their ``get_targets``)."""
        return np.linalg.norm(self.target_positions - self.positions[None, None], axis=-1).mean(axis=1)


def load_file(path: str | Path) -> BapstConfiguration:
    """Read one pickle file of the Bapst et al. format. **Trusted files only** (pickle can run code)."""
    with open(path, "rb") as handle:
        data = pickle.load(handle)  # noqa: S301  (third-party format that requires pickle; trusted files)
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise KeyError(f"{path}: not in the Bapst et al. format, missing {missing}")
    targets = np.asarray(data["trajectory_target_positions"], dtype=np.float64)
    if targets.ndim != 4:
        raise ValueError(f"{path}: trajectory_target_positions has shape {targets.shape}, expected (K, R, N, d)")
    velocities = data.get("trajectory_start_velocities")
    return BapstConfiguration(
        positions=np.asarray(data["positions"], dtype=np.float64),
        types=np.asarray(data["types"], dtype=np.int64),
        box=np.asarray(data["box"], dtype=np.float64),
        time=np.asarray(data["time"], dtype=np.float64),
        time_indices=np.asarray(data["time_indices"], dtype=np.int64),
        is_values=np.asarray(data["is_values"], dtype=np.float64),
        start_velocities=None if velocities is None else np.asarray(velocities, dtype=np.float64),
        target_positions=targets,
        metadata=dict(data.get("metadata", {})),
        path=str(path),
    )


def load_files(pattern: str, max_files: int | None = None) -> list[BapstConfiguration]:
    """All files matching a glob ``pattern`` (sorted), e.g. ``"data/train/*.pickle"``. Trusted files only."""
    paths = sorted(glob.glob(pattern))[:max_files]
    if not paths:
        raise FileNotFoundError(f"no files match {pattern!r}")
    return [load_file(p) for p in paths]
