"""Molecular dynamics of the two-dimensional Kob–Andersen mixture: two engines, one interface.

Modules, split by concern as in jax-md (periodic boundaries, shared with the graphs of Part III, are
:mod:`mlzemi.periodic`):

* :mod:`.potentials` — the KA2D pair potential, energies and forces;
* :mod:`.neighbors` — Verlet neighbour lists (cKDTree with periodic ``boxsize``);
* :mod:`.integrators` — velocity Verlet (NVE) and Langevin BAOAB (NVT) for a batch ``(R, N, 2)``;
* :mod:`.quantities` — kinetic energy, temperature, momentum;
* :mod:`.configurations` — initial positions and Maxwell–Boltzmann velocities from a seed;
* :mod:`.trajectory` — the common output of both engines;
* :mod:`.numpy_engine` — the teaching engine (NumPy); :mod:`.lammps_engine` — the production engine;
* :mod:`.benchmark` — particle-steps per second of both engines (``python -m mlzemi.md.benchmark``).

Importing this package loads neither LAMMPS nor MPI; :class:`LammpsEngine` does so when first used.
"""

from .lammps_engine import LammpsEngine, lammps_available
from .numpy_engine import NumpyEngine
from .potentials import KA2D, KA2D_DENSITY, KA2D_FRACTION_A, PairParameters, ka2d_types
from .trajectory import Trajectory

__all__ = [
    "KA2D", "KA2D_DENSITY", "KA2D_FRACTION_A", "LammpsEngine", "NumpyEngine", "PairParameters",
    "Trajectory", "ka2d_types", "lammps_available",
]


def engine(name: str, **kwargs):
    """An engine by name: ``"numpy"`` (teaching) or ``"lammps"`` (production)."""
    engines = {"numpy": NumpyEngine, "lammps": LammpsEngine}
    if name not in engines:
        raise ValueError(f"unknown engine {name!r}; choose one of {sorted(engines)}")
    return engines[name](**kwargs)
