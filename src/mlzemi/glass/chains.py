"""Data set v2: equilibrium configurations taken from long Langevin chains; resumable and sharded.

Protocol (one *chain*): random non-overlapping positions → Langevin melt at T = 2 → Langevin at the
target T for ``equilibration`` (≥ 20 τ_α), its potential energy recorded every ``segment`` → then
``per_chain`` configurations, one every ``spacing`` (≥ 2 τ_α) of further Langevin dynamics. From each
configuration, R iso-configurational NVE replicas (fresh Maxwell–Boltzmann velocities) give the
propensities, F_s(k, t), the MSD and, per replica, the self part of F_s and the overlap used for χ₄.

Because consecutive configurations of one chain are separated by ≥ 2 τ_α, a chain *is* the continuation
test of equilibrium: the energy of configuration j + 3 is that of configuration j after 3 · spacing more.
Configurations of different splits come from different chains (no correlation between train and test).

Every configuration is written to its own file ``<out>/<set>/cCC/sSSS.npz`` (atomically, with its SHA-256
in ``sSSS.sha256``) as soon as it is finished, together with the exact chain state (positions and
velocities, float64). A restarted run verifies what exists and continues every chain from its last
finished configuration: with the same seed the result is identical to an uninterrupted run (each segment
of a chain has its own seed). ``--shard i/n`` runs every n-th chain, so that a cluster job array (one
task per shard) can share the work; ``merge`` writes the split files and the manifest.

Command line::

    python -m mlzemi.glass chains run --plan v2 --out RAW [--shard 0/2] [--engine lammps]
    python -m mlzemi.glass chains status --plan v2 --out RAW
    python -m mlzemi.glass chains merge --plan v2 --out RAW --data DIR

Cost in particle-steps: Σ over sets of N · [n_chains · (melt + equilibration + per_chain · spacing)]
(Langevin) + N · n_chains · per_chain · R · t_max (NVE), divided by dt.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
import platform
import time
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .. import artefacts, md
from ..md import configurations, quantities
from . import dataset, dynamics, isoconfig, observables, structure

OVERLAP_RADIUS = 0.3
"""Cut-off a of the overlap w_i(t) = θ(a − |Δr_i(t)|) used for χ₄ (σ_AA)."""

BOND_RADIUS = 1.5
"""Pairs closer than this at t = 0 (σ_AA; the first shell of neighbours) get the bond target of BOTAN
(Shiba et al. 2023): the replica mean of |r_ij(t)| − |r_ij(0)| at each propensity time."""

WAVENUMBERS = (6.3, 6.6, 6.8, 7.0, 7.1, 7.2, 7.3, 7.4, 7.6)
"""Wave numbers (σ_AA⁻¹) at which F_s(k, t) is stored per replica: a grid around the first peak of S(k)
(≈ 7.2 for this mixture; measured from the configurations by :func:`mlzemi.glass.observables.structure_factor`),
so that τ_α is taken at the measured peak by interpolation in k; 6.3 is the value data set v1 used."""


@dataclass(frozen=True)
class ChainSet:
    """One set of chains at one temperature (times in τ, lengths in σ_AA)."""

    name: str
    temperature: float
    n_chains: int
    per_chain: int
    n_replicas: int
    propensity_times: tuple[float, ...]
    equilibration: float
    spacing: float
    n_particles: int = 1000
    melt_temperature: float = 2.0
    melt_duration: float = 10.0
    friction: float = 1.0
    dt: float = 0.005
    segment: float = 50.0
    fs_t_min: float = 0.01
    n_fs_times: int = 40
    cage_radius: float = dynamics.CAGE_RADIUS
    k: float = dynamics.K_PEAK
    first: int = 0
    """Configurations 0 … first − 1 of every chain are made (they continue the chain) but not merged."""
    split: str = ""
    """Name of the merged split file (default: ``name``); lets a set with longer chains replace an earlier one."""

    @property
    def split_name(self) -> str:
        return self.split or self.name

    @property
    def n_merged(self) -> int:
        return self.n_chains * (self.per_chain - self.first)

    @property
    def merged_waiting_times(self) -> tuple[float, float]:
        """First and last t_w (τ after the melt) of the merged configurations."""
        return (self.equilibration + self.first * self.spacing,
                self.equilibration + (self.per_chain - 1) * self.spacing)

    @property
    def t_max(self) -> float:
        return max(self.propensity_times)

    @property
    def n_configurations(self) -> int:
        return self.n_chains * self.per_chain

    def steps(self) -> tuple[np.ndarray, np.ndarray]:
        """``(all sample steps, indices of the propensity times among them)``."""
        return dynamics.sample_steps(self.propensity_times, self.fs_t_min, self.n_fs_times, self.dt)

    def particle_steps(self) -> dict[str, float]:
        """Cost in particle-steps: Langevin (melt, equilibration, spacing) and NVE (replicas)."""
        langevin = self.n_chains * (self.melt_duration + self.equilibration + self.per_chain * self.spacing)
        nve = self.n_configurations * self.n_replicas * self.t_max
        return {"langevin": self.n_particles * langevin / self.dt, "nve": self.n_particles * nve / self.dt}


TIMES_V2 = (0.1, 0.3, 1.0, 3.0, 10.0, 20.0, 40.0, 70.0, 100.0, 150.0, 200.0, 300.0)
"""Propensity times of data set v2 at T = 0.62 (τ): log-spaced from 0.1 τ to ≈ 3.5 τ_α (cage-relative)."""


def _ladder(temperature: float, tau: float, n_chains: int = 2, equilibration: float = 25.0) -> ChainSet:
    """A short τ_α measurement: ``n_chains`` chains × 3 configurations, R = 4, equilibrated ``equilibration`` × the
    rough prior estimate ``tau`` of τ_α; names other than the v2 default (25 τ_α) carry the factor."""
    times = tuple(float(t) for t in np.round(np.array([0.5, 1.0, 2.0, 4.0]) * tau, 1))
    name = f"ladder_T{temperature:.2f}"
    return ChainSet(name=name if equilibration == 25.0 else f"{name}_eq{equilibration:g}", temperature=temperature,
                    n_chains=n_chains, per_chain=3, n_replicas=4, propensity_times=times,
                    equilibration=round(equilibration * tau, -1), spacing=round(2.5 * tau, -1), split=name)


_TRAIN_60 = ChainSet("train", 0.62, 8, 60, 4, TIMES_V2[:-1], equilibration=3000.0, spacing=200.0)
_TEST_T070 = ChainSet("test_T0.70", 0.70, 4, 5, 32, TIMES_V2[:10], equilibration=2000.0, spacing=100.0)

PLANS: dict[str, tuple[ChainSet, ...]] = {
    "v2": (
        ChainSet("test", 0.62, 4, 5, 32, TIMES_V2, equilibration=3000.0, spacing=200.0),
        ChainSet("valid", 0.62, 2, 5, 32, TIMES_V2, equilibration=3000.0, spacing=200.0),
        _ladder(1.00, 8.0), _ladder(0.85, 16.0), _ladder(0.75, 30.0),
        _TEST_T070,
        ChainSet("train", 0.62, 8, 30, 4, TIMES_V2[:-1], equilibration=3000.0, spacing=200.0),
        _ladder(0.60, 120.0),
    ),
    # The training chains of v2 continued to 60 configurations (t_w up to 14800 τ): the same files, resumed from
    # configuration 29 (seeds depend on the set's name only), to follow the waiting-time dependence of τ_α that
    # chapter 12 measures on v2 (τ_α(2 t_w) / τ_α(t_w) = 0.91 ± 0.05 at t_w = 3000–4400 τ).
    # Also: six more chains for the T = 0.60 ladder (two chains cannot resolve τ_α(0.60) from τ_α(0.62)).
    "v2_extend": (_ladder(0.60, 120.0, n_chains=8), _TRAIN_60),
    # Data set v3: v2 showed τ_α falling with the waiting time up to t_w ≈ 5000 τ (≈ 100 τ_α), so every set is
    # taken from chains equilibrated ≥ 100 τ_α: new test and validation chains (8000 τ), the training chains of
    # v2_extend after t_w = 9000 τ, the second temperature and the τ_α ladders with ≥ 100 τ_α.
    "v3": (
        ChainSet("test_long", 0.62, 5, 4, 32, TIMES_V2[:-1], equilibration=8000.0, spacing=200.0, split="test"),
        ChainSet("valid_long", 0.62, 3, 4, 32, TIMES_V2[:-1], equilibration=8000.0, spacing=200.0, split="valid"),
        dataclasses.replace(_TRAIN_60, first=30),
        ChainSet("test_T0.70_long", 0.70, 4, 5, 32, TIMES_V2[:10], equilibration=3000.0, spacing=100.0,
                 split="test_T0.70"),   # 3000 τ ≈ 130 τ_α(0.70) (v2: 2000 τ ≈ 85 τ_α)
        _ladder(1.00, 8.0, equilibration=100.0), _ladder(0.85, 16.0, equilibration=100.0),
        _ladder(0.75, 30.0, equilibration=100.0), _ladder(0.60, 70.0, n_chains=8, equilibration=100.0),
    ),
    "tiny": (   # for tests: seconds with the NumPy engine
        ChainSet("train", 1.0, 2, 2, 2, (0.05, 0.2), equilibration=2.0, spacing=1.0, n_particles=64,
                 melt_duration=0.5, segment=1.0, n_fs_times=8),
        ChainSet("test_later", 1.0, 1, 3, 4, (0.05, 0.2), equilibration=2.0, spacing=1.0, n_particles=64,
                 melt_duration=0.5, segment=1.0, n_fs_times=8, first=1, split="test"),
    ),
}
"""Plans. ``v2``: the book's data set (chains in priority order: test first, train last; the training set
stops at t = 200 τ ≈ 3 τ_α, which saves a third of its cost, the test set goes on to 300 τ). Ladder sets measure
τ_α(T) at further temperatures; their equilibration and times are scaled by a rough prior estimate of τ_α."""


def units(plan: tuple[ChainSet, ...]) -> list[tuple[ChainSet, int]]:
    """The work units (set, chain) in priority order; ``--shard i/n`` takes every n-th."""
    return [(cset, chain) for cset in plan for chain in range(cset.n_chains)]


def _seed(seed: int, cset: ChainSet, chain: int, *more: int) -> int:
    ss = np.random.SeedSequence([seed, zlib.crc32(cset.name.encode()), chain, *more])
    return int(ss.generate_state(1)[0])


def _write(path: Path, arrays: dict) -> None:
    """Write ``path`` (npz, compressed) atomically, then its SHA-256 beside it."""
    artefacts.write_atomically(path, lambda handle: np.savez_compressed(handle, **arrays))
    artefacts.write_sidecar(path)


def _read(path: Path) -> dict:
    if not artefacts.sidecar_matches(path):
        raise artefacts.DataIntegrityError(f"{path}: missing or does not match its SHA-256")
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


def chain_dir(out: Path, cset: ChainSet, chain: int) -> Path:
    return Path(out) / cset.name / f"c{chain:02d}"


def _equilibrate(engine, cset: ChainSet, chain: int, seed: int, log) -> dict:
    """Melt and equilibrate one chain, recording E_pot/N every ``segment``."""
    x, types, box = configurations.random_configuration(cset.n_particles, seed=_seed(seed, cset, chain, 0))
    x, v = engine.equilibrate(x[None], types, box, cset.melt_temperature, cset.melt_duration,
                              seed=_seed(seed, cset, chain, 1), friction=cset.friction)
    n_segments = int(round(cset.equilibration / cset.segment))
    trace = np.empty(n_segments + 1)
    trace[0] = engine.energy_forces(x[0], types, box)[0] / cset.n_particles
    for s in range(n_segments):
        x, v = engine.equilibrate(x, types, box, cset.temperature, cset.segment,
                                  seed=_seed(seed, cset, chain, 2, s), friction=cset.friction, velocities=v)
        trace[s + 1] = engine.energy_forces(x[0], types, box)[0] / cset.n_particles
    log(f"[{cset.name} c{chain:02d}] equilibrated {cset.equilibration:g} τ: E/N {trace[0]:.3f} → {trace[-1]:.3f}")
    return {"chain_positions": x[0], "chain_velocities": v[0], "types": types.astype(np.int8),
            "box": np.asarray(box, dtype=np.float64),
            "energy_times": np.arange(n_segments + 1) * cset.segment, "energy_trace": trace}


def _sample(engine, cset: ChainSet, chain: int, j: int, state: dict, seed: int) -> dict:
    """Advance the chain by ``spacing`` (none for j = 0), then measure the configuration's mobility."""
    x, v = state["chain_positions"][None], state["chain_velocities"][None]
    types, box = state["types"].astype(np.int64), state["box"]
    if j > 0:
        x, v = engine.equilibrate(x, types, box, cset.temperature, cset.spacing,
                                  seed=_seed(seed, cset, chain, 3, j), friction=cset.friction, velocities=v)
    energy = engine.energy_forces(x[0], types, box)[0] / cset.n_particles
    steps, prop_index = cset.steps()
    traj = isoconfig.run(engine, x[0], types, box, cset.temperature, cset.n_replicas, steps,
                         _seed(seed, cset, chain, 4, j))
    mob = isoconfig.mobility(traj, cset.cage_radius, cset.k)
    a = types == 0
    displacement = dynamics.displacements(traj.positions)
    cage_disp = dynamics.cage_relative(displacement, dynamics.cage_neighbours(traj.positions[0, 0], box,
                                                                                cset.cage_radius))
    half = cset.n_replicas // 2
    plain, cage = mob.plain[:, prop_index], mob.cage[:, prop_index]
    bond_pairs, bond_change = bond_targets(x[0], box, displacement[:, prop_index], BOND_RADIUS)
    return {
        "positions": x[0].astype(np.float32), "types": types.astype(np.int8), "box": box,
        "chain_positions": x[0], "chain_velocities": v[0],
        "propensity_plain": plain.mean(0).astype(np.float16), "propensity_cage": cage.mean(0).astype(np.float16),
        "propensity_plain_halves": np.stack([plain[:half].mean(0), plain[half:2 * half].mean(0)]).astype(np.float16),
        "propensity_cage_halves": np.stack([cage[:half].mean(0), cage[half:2 * half].mean(0)]).astype(np.float16),
        "fs_plain": mob.fs_plain.astype(np.float32), "fs_cage": mob.fs_cage.astype(np.float32),
        "msd_plain": mob.msd_plain.astype(np.float32), "msd_cage": mob.msd_cage.astype(np.float32),
        "fs_cage_k": np.stack([dynamics.self_intermediate_scattering(cage_disp, k, a) for k in WAVENUMBERS],
                              axis=-1).astype(np.float32),                                      # (R, T_f, K)
        "fs_plain_k": np.stack([dynamics.self_intermediate_scattering(displacement, k, a) for k in WAVENUMBERS],
                               axis=-1).astype(np.float32),
        "overlap_cage_replicas": (mob.cage[..., a] < OVERLAP_RADIUS).mean(-1).astype(np.float32),
        "overlap_plain_replicas": (mob.plain[..., a] < OVERLAP_RADIUS).mean(-1).astype(np.float32),
        "potential_energy": np.float32(energy),
        "energy_drift": np.float32(quantities.drift_per_particle(traj.total_energy, cset.n_particles).max()),
        "waiting_time": np.float64(cset.equilibration + j * cset.spacing),
        "chain": np.int64(chain), "sample": np.int64(j), "fs_times": traj.times,
        "bond_pairs": bond_pairs.astype(np.int16), "bond_change": bond_change.astype(np.float16),
    }


def bond_targets(positions: np.ndarray, box, displacement: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """BOTAN's bond target for the pairs i < j closer than ``radius`` at t = 0.

    Args:
        positions: ``(N, d)`` at t = 0; displacement: ``(R, T, N, d)`` unwrapped displacements of R replicas.
    Returns:
        ``pairs (P, 2)`` and ``change (T, P)`` = replica mean of |r_ij(t)| − |r_ij(0)|, with
        r_ij(t) = r_ij(0) (minimum image) + Δr_j(t) − Δr_i(t).
    """
    i, j, vector = structure.directed_pairs(positions, box, radius)
    keep = i < j
    i, j, vector = i[keep], j[keep], vector[keep]
    now = vector + displacement[..., j, :] - displacement[..., i, :]                 # (R, T, P, d)
    change = np.linalg.norm(now, axis=-1) - np.linalg.norm(vector, axis=-1)
    return np.stack([i, j], axis=1), change.mean(axis=0)


def run_chain(cset: ChainSet, chain: int, out: Path, seed: int = 0, engine_name: str = "lammps",
              log=print) -> dict:
    """Run (or resume) one chain; returns ``{"done": samples done before, "made": samples made, "seconds"}``."""
    directory = chain_dir(out, cset, chain)
    engine = md.engine(engine_name, dt=cset.dt)
    t0 = time.perf_counter()
    eq_path = directory / "equilibration.npz"
    if artefacts.sidecar_matches(eq_path):
        state = _read(eq_path)
    else:
        state = _equilibrate(engine, cset, chain, seed, log)
        state["seconds"] = np.float64(time.perf_counter() - t0)
        _write(eq_path, state)
    done = 0
    while done < cset.per_chain and artefacts.sidecar_matches(directory / f"s{done:03d}.npz"):
        done += 1
    if done:
        last = _read(directory / f"s{done - 1:03d}.npz")
        state = {**state, "chain_positions": last["chain_positions"], "chain_velocities": last["chain_velocities"]}
    for j in range(done, cset.per_chain):
        t1 = time.perf_counter()
        result = _sample(engine, cset, chain, j, state, seed)
        result["seconds"] = np.float64(time.perf_counter() - t1)
        _write(directory / f"s{j:03d}.npz", result)
        state = {**state, "chain_positions": result["chain_positions"],
                 "chain_velocities": result["chain_velocities"]}
        log(f"[{cset.name} c{chain:02d} s{j:03d}] E/N {float(result['potential_energy']):.4f}, "
            f"{result['seconds']:.0f} s")
    return {"done": done, "made": cset.per_chain - done, "seconds": time.perf_counter() - t0}


def parse_shard(text: str) -> tuple[int, int]:
    """``"i/n"`` → ``(i, n)`` with 0 ≤ i < n."""
    i, n = (int(part) for part in text.split("/"))
    if not 0 <= i < n:
        raise ValueError(f"shard {text!r}: need 0 ≤ i < n")
    return i, n


def run(plan: str | tuple[ChainSet, ...], out: Path, seed: int = 0, engine_name: str = "lammps",
        shard: tuple[int, int] = (0, 1), log=print) -> None:
    """Run (or resume) every unit of ``plan`` that belongs to ``shard``."""
    plan = PLANS[plan] if isinstance(plan, str) else plan
    i, n = shard
    for k, (cset, chain) in enumerate(units(plan)):
        if k % n == i:
            run_chain(cset, chain, out, seed, engine_name, log)


def status(plan: str | tuple[ChainSet, ...], out: Path) -> dict:
    """Finished configurations and measured seconds per set."""
    plan = PLANS[plan] if isinstance(plan, str) else plan
    report = {}
    for cset in plan:
        done = seconds = 0
        for chain in range(cset.n_chains):
            directory = chain_dir(out, cset, chain)
            for path in sorted(directory.glob("*.npz")):
                if ".tmp" in path.name or not artefacts.sidecar_matches(path):   # .tmp.npz: older partial writes
                    continue
                with np.load(path, allow_pickle=False) as data:
                    seconds += float(data["seconds"])
                done += path.name.startswith("s")
        report[cset.name] = {"done": done, "of": cset.n_configurations, "seconds": round(seconds, 1),
                             "particle_steps": cset.particle_steps()}
    return report


def _versions(engine_name: str) -> dict:
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    if engine_name == "lammps":
        versions["lammps"] = md.lammps_engine.lammps_version()
    return versions


PER_CONFIGURATION = ("positions", "types", "propensity_plain", "propensity_cage", "propensity_plain_halves",
                     "propensity_cage_halves", "fs_plain", "fs_cage", "msd_plain", "msd_cage",
                     "fs_cage_k", "fs_plain_k", "overlap_cage_replicas", "overlap_plain_replicas",
                     "potential_energy", "energy_drift", "waiting_time", "chain", "sample")


def reference_peak(plan: tuple[ChainSet, ...], out: Path) -> float:
    """First peak of S_AA(k) over the configurations of the plan's first set: the wave number of F_s and τ_α
    for every set (one definition at all temperatures)."""
    cset = plan[0]
    samples = [_read(chain_dir(out, cset, c) / f"s{j:03d}.npz") for c in range(cset.n_chains)
               for j in range(cset.first, cset.per_chain)]
    positions = np.stack([s["positions"] for s in samples])
    k, s_k = observables.structure_factor(positions, samples[0]["box"],
                                          mask=np.stack([s["types"] for s in samples]) == 0)
    return observables.first_peak(k, s_k)


def merge(plan: str | tuple[ChainSet, ...], out: Path, data: Path, seed: int = 0, engine_name: str = "lammps",
          plan_name: str = "v2", log=print) -> dict:
    """Write one split file per set (format ``dataset.FORMAT``), ``equilibration.npz`` and the manifest."""
    plan = PLANS[plan] if isinstance(plan, str) else plan
    data = Path(data)
    notes, summary = {}, {}
    traces = {}
    k_peak = reference_peak(plan, out)
    log(f"first peak of S_AA(k) of {plan[0].name}: k = {k_peak:.3f}")
    for cset in plan:
        samples, seconds = [], 0.0
        for chain in range(cset.n_chains):
            eq = _read(chain_dir(out, cset, chain) / "equilibration.npz")
            seconds += float(eq["seconds"])
            traces[cset.split_name] = traces.get(cset.split_name, []) + [eq["energy_trace"]]
            times = eq["energy_times"]
            for j in range(cset.per_chain):   # the seconds of configurations not merged count too
                sample = _read(chain_dir(out, cset, chain) / f"s{j:03d}.npz")
                seconds += float(sample["seconds"])
                if j >= cset.first:
                    samples.append(sample)
        if cset.first:
            notes[f"{cset.split_name}_waiting_times.npz"] = _write_waiting_times(data, cset, out, k_peak)
        arrays = {key: np.stack([s[key] for s in samples]) for key in PER_CONFIGURATION}
        if all("bond_pairs" in s for s in samples):   # pairs vary in number: concatenated, with offsets
            arrays["bond_pairs"] = np.concatenate([s["bond_pairs"] for s in samples])
            arrays["bond_change"] = np.concatenate([s["bond_change"] for s in samples], axis=1)
            arrays["bond_offsets"] = np.cumsum([0] + [len(s["bond_pairs"]) for s in samples])
        steps, prop_index = cset.steps()
        arrays.update(box=samples[0]["box"], fs_times=samples[0]["fs_times"], times=steps[prop_index] * cset.dt,
                      temperature=np.float64(cset.temperature), n_replicas=np.int64(cset.n_replicas))
        traces[cset.split_name + "_times"] = [times]
        command = f"python -m mlzemi.glass chains run --plan {plan_name} --seed {seed} --engine {engine_name}"
        metadata = {"format": dataset.FORMAT, "split": cset.split_name, "chain_set": asdict(cset), "engine": engine_name,
                    "seed": seed, "command": command, "versions": _versions(engine_name),
                    "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
                    "seconds": round(seconds, 1), "particle_steps": cset.particle_steps(),
                    "overlap_radius": OVERLAP_RADIUS, "wavenumbers": list(WAVENUMBERS), "k_peak": k_peak}
        dataset.save_split(data, cset.split_name, arrays, metadata)
        summary[cset.split_name] = {"n_configurations": cset.n_merged, "n_replicas": cset.n_replicas,
                              "temperature": cset.temperature, "seconds": round(seconds, 1),
                              "particle_steps": cset.particle_steps(),
                              "max_energy_drift_per_particle": float(arrays["energy_drift"].max()),
                              "tau_alpha_cage": dynamics.relaxation_time(
                                  arrays["fs_times"],
                                  dataset.fs_at_peak(arrays["fs_cage_k"], WAVENUMBERS, k_peak).mean(axis=(0, 1)))}
        t_first, t_last = cset.merged_waiting_times
        notes[f"{cset.split_name}.npz"] = (
            f"{cset.n_merged} configurations of the 2D Kob–Andersen mixture (N = {cset.n_particles}, "
            f"T = {cset.temperature}) from {cset.n_chains} Langevin chains (equilibrated {cset.equilibration:g} τ, "
            f"then one configuration every {cset.spacing:g} τ; merged: t_w = {t_first:g}–{t_last:g} τ), "
            f"{cset.n_replicas} iso-configurational replicas each; made by `{command}` (then `chains merge`)")
        log(f"{cset.split_name}: {cset.n_merged} configurations, {seconds:.0f} s of computing")
    eq_arrays = {}
    for cset in plan:
        eq_arrays[f"{cset.split_name}__energy"] = np.stack(traces[cset.split_name])
        eq_arrays[f"{cset.split_name}__times"] = traces[cset.split_name + "_times"][0]
    np.savez_compressed(data / "equilibration.npz", **eq_arrays)
    notes["equilibration.npz"] = ("E_pot/N along each chain's equilibration (`<set>__energy`, chains × records) "
                                  "at the times `<set>__times` (τ after the melt)")
    info = {"plan": plan_name, "seed": seed, "engine": engine_name, "k_peak": k_peak, "summary": _finite(summary),
            "seconds": round(sum(s["seconds"] for s in summary.values()), 1)}
    dataset.write_manifest(data, notes, info)
    return dataset.read_manifest(data)


def _write_waiting_times(data: Path, cset: ChainSet, out: Path, k_peak: float) -> str:
    """``<split>_waiting_times.npz``: every configuration of the set's chains, merged or not (the note)."""
    rows = [_read(chain_dir(out, cset, c) / f"s{j:03d}.npz") for c in range(cset.n_chains) for j in range(cset.per_chain)]
    arrays = {key: np.stack([r[key] for r in rows]) for key in ("waiting_time", "chain", "sample", "potential_energy",
                                                                 "positions", "types")}
    for kind in ("cage", "plain"):   # replica mean of F_s(k*, t) of the A particles
        arrays[f"fs_{kind}"] = np.stack([dataset.fs_at_peak(r[f"fs_{kind}_k"].mean(axis=0), WAVENUMBERS, k_peak)
                                         for r in rows]).astype(np.float32)
    np.savez_compressed(data / f"{cset.split_name}_waiting_times.npz", **arrays, box=rows[0]["box"],
                        fs_times=rows[0]["fs_times"], merged_from=np.int64(cset.first), k_peak=np.float64(k_peak))
    return (f"all {cset.n_configurations} configurations of the chains of {cset.split_name}.npz, t_w = "
            f"{cset.equilibration:g}–{cset.merged_waiting_times[1]:g} τ (those with sample ≥ {cset.first} are the "
            f"merged ones): waiting_time, chain, sample, potential_energy, positions, types, and the replica mean "
            f"of F_s(k*, t) of the A particles (fs_cage, fs_plain at fs_times) — to see how they change with t_w")


def _finite(value):
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def main(argv=None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mlzemi.glass chains", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["run", "status", "merge", "estimate"])
    parser.add_argument("--plan", choices=sorted(PLANS), default="v2")
    parser.add_argument("--out", type=Path, help="directory of the per-configuration files")
    parser.add_argument("--data", type=Path, help="merge: the data directory to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", choices=["lammps", "numpy"], default="lammps")
    parser.add_argument("--shard", default="0/1", help="i/n: run every n-th chain starting at i")
    args = parser.parse_args(argv)
    if args.action == "run":
        run(args.plan, args.out, args.seed, args.engine, parse_shard(args.shard),
            log=lambda text: print(f"{_dt.datetime.now():%H:%M:%S} {text}", flush=True))
    elif args.action == "status":
        print(json.dumps(status(args.plan, args.out), indent=2))
    elif args.action == "merge":
        manifest = merge(args.plan, args.out, args.data, args.seed, args.engine, args.plan)
        print(f"wrote {len(manifest['files'])} files to {args.data}")
    elif args.action == "estimate":
        cost = {c.name: c.particle_steps() for c in PLANS[args.plan]}
        total = {k: sum(c[k] for c in cost.values()) for k in ("langevin", "nve")}
        print(json.dumps({"sets": cost, "total": total}, indent=2))
