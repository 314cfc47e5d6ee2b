"""The teaching engine: molecular dynamics of the 2D Kob–Andersen mixture in NumPy.

Everything is visible: forces from :mod:`.potentials`, Verlet lists from :mod:`.neighbors`, steps from
:mod:`.integrators`. R replicas (or R independent configurations) of the same N are advanced together as
one ``(R, N, 2)`` batch. The interface is that of :class:`mlzemi.md.lammps_engine.LammpsEngine`, so the
two engines can be swapped and compared.
"""

from __future__ import annotations

import numpy as np

from .. import periodic
from . import integrators, neighbors, potentials, quantities
from .trajectory import Trajectory


class VerletForces:
    """Force function of a batch with Verlet lists, each system's rebuilt when one of its particles moved
    more than skin/2.

    Calling it returns ``(energy_per_particle (R, N), forces (R, N, 2))``. It keeps the current list (the
    only state of the teaching engine besides :class:`integrators.State`) and counts rebuilds.
    """

    def __init__(self, types: np.ndarray, box, params: potentials.PairParameters = potentials.KA2D,
                 skin: float = 0.3):
        self.types = np.asarray(types)
        self.box = periodic.as_box(box)
        self.params = params
        self.skin = skin
        self.nlist: neighbors.NeighborList | None = None
        self.rebuilds = 0

    def __call__(self, positions: np.ndarray, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self.nlist is None or self.nlist.reference.shape != positions.shape:
            self.nlist = neighbors.build(positions, images, self.types, self.box, self.params, self.skin)
            self.rebuilds += 1
        else:
            updated = neighbors.update(self.nlist, positions, images, self.types, self.box, self.params)
            self.rebuilds += updated is not self.nlist
            self.nlist = updated
        n_rep, n = positions.shape[:2]
        energy, forces = potentials.pair_energy_forces(positions.reshape(-1, 2), self.nlist.pairs,
                                                       self.nlist.coefficients, self.box)
        return energy.reshape(n_rep, n), forces.reshape(n_rep, n, 2)


class NumpyEngine:
    """Teaching MD engine (NumPy, one process).

    Args:
        params: pair potential (default :data:`potentials.KA2D`).
        dt: time step (τ). skin: Verlet skin (σ_AA).
    """

    name = "numpy"

    def __init__(self, params: potentials.PairParameters = potentials.KA2D, dt: float = 0.005,
                 skin: float = 0.3):
        self.params = params
        self.dt = dt
        self.skin = skin

    def energy_forces(self, positions: np.ndarray, types: np.ndarray, box,
                      ) -> tuple[float, np.ndarray, np.ndarray]:
        """Potential energy, forces and energy per particle of one configuration ``(N, 2)``.

        Returns ``(energy, forces (N, 2), energy_per_particle (N,))`` through the Verlet-list path.
        """
        force_fn = VerletForces(types, box, self.params, self.skin)
        wrapped, _ = periodic.wrap(np.asarray(positions, dtype=np.float64)[None], box)
        energy, forces = force_fn(wrapped, np.zeros(wrapped.shape, dtype=np.int64))
        return float(energy.sum()), forces[0], energy[0]

    def equilibrate(self, positions: np.ndarray, types: np.ndarray, box, temperature: float,
                    duration: float, seed: int = 0, friction: float = 1.0,
                    velocities: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Langevin (BAOAB) run at ``temperature`` for ``duration`` time units, then zero momentum.

        Args:
            positions: ``(R, N, 2)`` starting positions. velocities: ``(R, N, 2)`` or None (Maxwell–Boltzmann).
        Returns:
            ``(positions (R, N, 2) wrapped, velocities (R, N, 2))`` with zero total momentum per system.
        """
        rng = np.random.default_rng(seed)
        positions = np.asarray(positions, dtype=np.float64)
        if velocities is None:
            velocities = quantities.zero_momentum(
                rng.normal(0.0, np.sqrt(temperature), size=positions.shape))
        force_fn = VerletForces(types, box, self.params, self.skin)
        state = integrators.initial_state(positions, velocities, force_fn, box)
        for _ in range(int(round(duration / self.dt))):
            state = integrators.langevin_step(state, force_fn, self.dt, box, temperature, friction, rng)
        return state.positions, quantities.zero_momentum(state.velocities)

    def run_langevin(self, positions: np.ndarray, velocities: np.ndarray, types: np.ndarray, box,
                     temperature: float, sample_steps, seed: int = 0, friction: float = 1.0) -> Trajectory:
        """Langevin (BAOAB) run of a batch at ``temperature``, sampled at the given steps (unwrapped positions).

        The thermostatted counterpart of :meth:`run_nve` (same arguments and output), e.g. for a temperature
        quench: start from positions equilibrated at a higher temperature.
        """
        rng = np.random.default_rng(seed)

        def step(state, force_fn, box):
            return integrators.langevin_step(state, force_fn, self.dt, box, temperature, friction, rng)

        return self._run(positions, velocities, types, box, sample_steps, step)

    def run_nve(self, positions: np.ndarray, velocities: np.ndarray, types: np.ndarray, box,
                sample_steps) -> Trajectory:
        """Velocity-Verlet NVE run of a batch, sampled at the given steps.

        Args:
            positions, velocities: ``(R, N, 2)``. types: ``(N,)``. box: ``(2,)``.
            sample_steps: increasing step numbers ``(T,)``, starting at 0 or later.
        Returns:
            :class:`Trajectory` with unwrapped positions relative to the wrapped input.
        """

        def step(state, force_fn, box):
            return integrators.velocity_verlet_step(state, force_fn, self.dt, box)

        return self._run(positions, velocities, types, box, sample_steps, step)

    def _run(self, positions, velocities, types, box, sample_steps, step) -> Trajectory:
        """Advance with ``step(state, force_fn, box) -> state`` and record the samples of a :class:`Trajectory`."""
        sample_steps = np.asarray(sample_steps, dtype=np.int64)
        if np.any(np.diff(sample_steps) <= 0) or sample_steps[0] < 0:
            raise ValueError("sample_steps must be increasing and non-negative")
        box = periodic.as_box(box)
        force_fn = VerletForces(types, box, self.params, self.skin)
        state = integrators.initial_state(positions, velocities, force_fn, box)
        n_rep, n = state.positions.shape[:2]
        out_x = np.empty((n_rep, len(sample_steps), n, 2))
        out_v = np.empty_like(out_x)
        out_u = np.empty((n_rep, len(sample_steps)))
        for k, target in enumerate(sample_steps):
            while state.step < target:
                state = step(state, force_fn, box)
            out_x[:, k] = periodic.unwrap(state.positions, state.images, box)
            out_v[:, k] = state.velocities
            out_u[:, k] = state.energy.sum(axis=1)
        return Trajectory(steps=sample_steps, dt=self.dt, positions=out_x, velocities=out_v,
                          potential_energy=out_u, types=np.asarray(types), box=box, engine=self.name)
