"""The book's glass data format: one compressed ``.npz`` per split, and a manifest with SHA-256 checksums.

A data directory holds ``manifest.json`` and the files it lists, e.g. ``train.npz``, ``valid.npz`` and
``test.npz``. Every file is checked against its SHA-256 before it is opened (:mod:`mlzemi.artefacts`; the
manifest functions here add this format as default); arrays are read with ``allow_pickle=False``. Arrays
of a split file (C configurations, N particles, T_p propensity times, T_f times of the F_s curves):

========================== ================= ========= ==================================================
name                       shape             dtype     meaning
========================== ================= ========= ==================================================
positions                  (C, N, 2)         float32   initial positions (σ_AA), wrapped into the box
types                      (C, N)            int8      0 = A, 1 = B
box                        (2,)              float64   box lengths
temperature                ()                float64   T (ε_AA / k_B)
times                      (T_p,)            float64   times of the propensities (τ)
propensity_plain           (C, T_p, N)       float16   replica mean of |Δr_i(t)|
propensity_cage            (C, T_p, N)       float16   the same for cage-relative displacements
propensity_plain_halves    (C, 2, T_p, N)    float16   means over the first and the second half of the replicas
propensity_cage_halves     (C, 2, T_p, N)    float16   (for the noise ceiling)
n_replicas                 ()                int64     R replicas per configuration
fs_times                   (T_f,)            float64   times of the curves below
fs_plain, fs_cage          (C, T_f)          float32   F_s(k = 6.3, t) of the A particles, replica mean
msd_plain, msd_cage        (C, T_f)          float32   mean squared displacement of the A particles
potential_energy           (C,)              float32   potential energy per particle at t = 0
energy_drift               (C,)              float32   largest NVE energy deviation per particle (replicas)
bond_pairs                 (ΣP, 2)           int16     v3: pairs i < j closer than 1.5 σ at t = 0
bond_change                (T_p, ΣP)         float16   v3: replica mean of |r_ij(t)| − |r_ij(0)| (BOTAN's target)
bond_offsets               (C + 1,)          int64     v3: configuration c owns entries offsets[c]:offsets[c+1]
metadata                   ()                str       JSON: preset, engine, versions, seeds, command, date
========================== ================= ========= ==================================================

float16 keeps 11 significant bits (relative rounding ≤ 4.9e-4), far below the replica noise of a
propensity; positions need float32 (absolute rounding ≈ 1e-6 σ for L ≈ 30).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import artefacts
from ..artefacts import MANIFEST, DataIntegrityError, sha256  # noqa: F401 (also dataset.MANIFEST, dataset.sha256)
from . import dynamics, observables, reliability

FORMAT = "mlzemi-glass-ka2d/2"
READABLE_FORMATS = ("mlzemi-glass-ka2d/1", FORMAT)
"""v2 (data set from Langevin chains, :mod:`.chains`) adds optional per-configuration arrays (see
:class:`GlassSplit`); v1 files read unchanged."""
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data" / "ka2d"
"""Where the book's shipped data set (second edition, :mod:`.chains`) lives inside the package."""
PACKAGE_DATA_V1 = Path(__file__).resolve().parents[1] / "data" / "ka2d_v1"
"""The first edition (:mod:`.generate`, preset ``book``), still read by chapters 13–15 until they move to v2."""


KEEP_DTYPE = ("bond_change",)
"""Arrays kept as stored (float16) when loaded: large, and converted per configuration by :meth:`GlassSplit.bonds`."""

NOT_SPLITS = ("equilibration.npz",)
"""Files of a data directory that are not splits (also every ``<split>_waiting_times.npz``, written by
:func:`.chains.merge` for a set whose first configurations are left out: the F_s curves, energies and positions
of *every* configuration of its chains, to show how they change with the waiting time)."""


def is_split_file(name: str) -> bool:
    return name.endswith(".npz") and name not in NOT_SPLITS and not name.endswith("_waiting_times.npz")


def fs_at_peak(fs_k: np.ndarray, wavenumbers, k_peak: float) -> np.ndarray:
    """F_s at the measured peak ``k_peak`` from the values ``fs_k (..., K)`` stored at ``wavenumbers``; a peak
    outside the grid (tiny test systems) takes the grid's edge."""
    return observables.fs_at(fs_k, wavenumbers, float(np.clip(k_peak, wavenumbers[0], wavenumbers[-1])))


def save_split(directory: Path, name: str, arrays: dict, metadata: dict) -> Path:
    """Write ``<directory>/<name>.npz`` (compressed) with ``arrays`` and ``metadata`` as a JSON string."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.npz"
    np.savez_compressed(path, **arrays, metadata=np.array(json.dumps(metadata, ensure_ascii=False)))
    return path


def write_manifest(directory: Path, notes: dict[str, str], info: dict | None = None, fmt: str = FORMAT) -> Path:
    """:func:`mlzemi.artefacts.write_manifest` with this data format as default."""
    return artefacts.write_manifest(directory, notes, info, fmt=fmt)


def read_manifest(directory: Path, fmt: str = FORMAT) -> dict:
    """:func:`mlzemi.artefacts.read_manifest`; ``fmt`` = :data:`FORMAT` accepts every one of :data:`READABLE_FORMATS`."""
    return artefacts.read_manifest(directory, READABLE_FORMATS if fmt == FORMAT else fmt)


def verify_file(directory: Path, name: str, manifest: dict | None = None) -> Path:
    """Check one file against the manifest (read with :func:`read_manifest` if None); returns its path or raises
    :class:`DataIntegrityError` naming the file."""
    return artefacts.verify_file(directory, name, read_manifest(directory) if manifest is None else manifest)


def verify(directory: Path, fmt: str = FORMAT) -> dict:
    """Check every file of a data directory (manifest format ``fmt``); returns the manifest."""
    return artefacts.verify(directory, READABLE_FORMATS if fmt == FORMAT else fmt)


@dataclass(frozen=True)
class GlassSplit:
    """One split of a glass data set (arrays as in the module docstring, converted to float64)."""

    name: str
    positions: np.ndarray
    types: np.ndarray
    box: np.ndarray
    temperature: float
    times: np.ndarray
    propensity_plain: np.ndarray
    propensity_cage: np.ndarray
    propensity_plain_halves: np.ndarray
    propensity_cage_halves: np.ndarray
    n_replicas: int
    fs_times: np.ndarray
    fs_plain: np.ndarray
    fs_cage: np.ndarray
    msd_plain: np.ndarray
    msd_cage: np.ndarray
    potential_energy: np.ndarray
    energy_drift: np.ndarray
    metadata: dict
    # v2 only (None in v1 files): K wave numbers, S = R replicas
    fs_cage_k: np.ndarray | None = None          # (C, R, T_f, K) F_s per replica at metadata["wavenumbers"]
    fs_plain_k: np.ndarray | None = None
    overlap_cage_replicas: np.ndarray | None = None   # (C, R, T_f) overlap Q, a = metadata["overlap_radius"]
    overlap_plain_replicas: np.ndarray | None = None
    waiting_time: np.ndarray | None = None       # (C,) time since the chain reached T
    chain: np.ndarray | None = None              # (C,) chain index
    sample: np.ndarray | None = None             # (C,) position along the chain
    # v3 (BOTAN's bond target, :func:`.chains.bond_targets`): pairs i < j closer than 1.5 σ at t = 0,
    # concatenated over configurations; configuration c owns entries bond_offsets[c]:bond_offsets[c + 1]
    bond_pairs: np.ndarray | None = None         # (ΣP, 2) int16 particle indices
    bond_change: np.ndarray | None = None        # (T_p, ΣP) replica mean of |r_ij(t)| − |r_ij(0)|
    bond_offsets: np.ndarray | None = None       # (C + 1,)

    @property
    def n_configurations(self) -> int:
        return self.positions.shape[0]

    def bonds(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        """Configuration ``c``'s bond pairs ``(P, 2)`` and bond target ``(T_p, P)`` (v3 files)."""
        if self.bond_offsets is None:
            raise ValueError(f"split {self.name!r} has no bond targets (data sets before v3)")
        lo, hi = self.bond_offsets[c], self.bond_offsets[c + 1]
        return self.bond_pairs[lo:hi].astype(np.int64), self.bond_change[:, lo:hi].astype(np.float64)

    def propensity(self, kind: str = "cage") -> np.ndarray:
        """``(C, T_p, N)`` propensity, ``kind`` = ``"cage"`` or ``"plain"``."""
        return {"cage": self.propensity_cage, "plain": self.propensity_plain}[kind]

    def rho_max(self, kind: str = "cage", particle_type: int | None = 0) -> np.ndarray:
        """Noise ceiling ``(T_p,)``: mean over configurations of √(Spearman–Brown reliability) from the halves.

        The half-correlation is :func:`.scoring.by_configuration` of one replica half against the other, on the
        particles that are scored (type A by default; all with ``particle_type=None``).
        """
        from . import scoring

        halves = {"cage": self.propensity_cage_halves, "plain": self.propensity_plain_halves}[kind]
        masks = np.ones(self.types.shape, dtype=bool) if particle_type is None else self.types == particle_type
        r_half = scoring.by_configuration(halves[:, 0], halves[:, 1], masks)
        return reliability.noise_ceiling(reliability.spearman_brown(r_half)).mean(axis=0)

    @property
    def k_peak(self) -> float | None:
        """v2: the wave number of F_s, measured at the merge as the first peak of S_AA(k) (None in v1 files)."""
        value = self.metadata.get("k_peak")
        return None if value is None else float(value)

    def fs(self, kind: str = "cage") -> np.ndarray:
        """``(C, T_f)`` replica-mean F_s(k, t) of the A particles: v2 at ``k_peak`` (interpolated in the stored
        k grid), v1 at the fixed k = 6.3 of its files."""
        if self.k_peak is None:
            return {"cage": self.fs_cage, "plain": self.fs_plain}[kind]
        fs_k = {"cage": self.fs_cage_k, "plain": self.fs_plain_k}[kind]
        return fs_at_peak(fs_k.mean(axis=1), self.metadata["wavenumbers"], self.k_peak)

    def tau_alpha(self, kind: str = "cage") -> float:
        """τ_α: F_s(k, t) of the A particles (:meth:`fs`), averaged over configurations, crosses 1/e."""
        return dynamics.relaxation_time(self.fs_times, self.fs(kind).mean(axis=0))

    def at_times(self, times) -> GlassSplit:
        """The same split with the propensities at ``times`` only (each must be one of :attr:`times`)."""
        index = [int(np.flatnonzero(np.isclose(self.times, t))[0]) for t in np.atleast_1d(times)]
        fields = {name: getattr(self, name)[:, index] for name in ("propensity_plain", "propensity_cage")}
        fields.update({name: getattr(self, name)[:, :, index]
                       for name in ("propensity_plain_halves", "propensity_cage_halves")})
        if self.bond_change is not None:
            fields["bond_change"] = self.bond_change[index]
        return dataclasses.replace(self, times=self.times[index], **fields)


def load_split(directory: Path | None = None, name: str = "train") -> GlassSplit:
    """Load ``<directory>/<name>.npz`` after checking it against the manifest (default: the shipped data)."""
    directory = PACKAGE_DATA if directory is None else Path(directory)
    path = verify_file(directory, f"{name}.npz")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (OSError, ValueError, EOFError) as error:      # e.g. a damaged zip that still matches (cannot
        raise DataIntegrityError(f"{path}: cannot be read ({error})") from error   # happen after SHA-256)
    metadata = json.loads(str(arrays.pop("metadata")))
    fields = {key: (value.astype(np.float64) if value.dtype.kind == "f" and value.ndim > 0 and key not in KEEP_DTYPE
                    else value) for key, value in arrays.items()}
    fields["temperature"] = float(fields["temperature"])
    fields["n_replicas"] = int(fields["n_replicas"])
    return GlassSplit(name=name, metadata=metadata, **fields)


def load_dataset(directory: Path | None = None) -> dict[str, GlassSplit]:
    """All splits listed in the manifest of ``directory`` (default: the shipped data), checked first."""
    directory = PACKAGE_DATA if directory is None else Path(directory)
    manifest = verify(directory)
    return {Path(name).stem: load_split(directory, Path(name).stem)
            for name in manifest["files"] if is_split_file(name)}
