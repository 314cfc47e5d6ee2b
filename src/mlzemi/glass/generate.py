"""Generate a propensity data set of the 2D Kob–Andersen mixture.

For every configuration (independent: its own random start, seed derived from the global seed, split and
index): random non-overlapping positions → Langevin melt at T = 2 → Langevin equilibration at T →
momentum zeroed → R iso-configurational NVE replicas with fresh Maxwell–Boltzmann velocities →
propensities (plain and cage-relative) at the preset's times, F_s(k, t) and MSD curves. Results are written
in the format of :mod:`.dataset`, with a manifest.

Cost in particle-steps: C · N · (t_melt + t_eq + R · t_max) / dt, summed over the splits.

Command line: ``python -m mlzemi.glass generate --preset quick --seed 0 --out DIR --engine numpy``;
``python -m mlzemi.glass calibrate`` measures τ_α at a few temperatures; ``python -m mlzemi.glass estimate
--preset book`` prints the cost of a preset from the measured engine speed.
"""

from __future__ import annotations

import concurrent.futures
import datetime as _dt
import json
import multiprocessing
import platform
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .. import md
from ..md import configurations, quantities
from . import dataset, dynamics, isoconfig

SPLIT_IDS = {"train": 0, "valid": 1, "test": 2, "calibration": 3}


@dataclass(frozen=True)
class Split:
    name: str
    n_configurations: int
    n_replicas: int


@dataclass(frozen=True)
class Preset:
    """Everything that defines a generated data set (times in τ, lengths in σ_AA)."""

    name: str
    description: str
    n_particles: int
    temperature: float
    splits: tuple[Split, ...]
    propensity_times: tuple[float, ...]
    equilibration: float
    melt_temperature: float = 2.0
    melt_duration: float = 10.0
    friction: float = 1.0
    dt: float = 0.005
    fs_t_min: float = 0.01
    n_fs_times: int = 40
    cage_radius: float = dynamics.CAGE_RADIUS
    k: float = dynamics.K_PEAK
    expected: dict = field(default_factory=dict)

    @property
    def t_max(self) -> float:
        return max(self.propensity_times)

    def steps(self) -> tuple[np.ndarray, np.ndarray]:
        """``(all sample steps, indices of the propensity times among them)``."""
        return dynamics.sample_steps(self.propensity_times, self.fs_t_min, self.n_fs_times, self.dt)

    def particle_steps(self) -> dict[str, float]:
        """Cost of each stage in particle-steps: Langevin (melt + equilibration) and NVE (replicas)."""
        langevin = nve = 0.0
        for split in self.splits:
            langevin += split.n_configurations * self.n_particles * (self.melt_duration + self.equilibration)
            nve += split.n_configurations * self.n_particles * split.n_replicas * self.t_max
        return {"langevin": langevin / self.dt, "nve": nve / self.dt}


PRESETS = {
    "quick": Preset(
        name="quick",
        description="a tiny smoke test of the whole pipeline (N = 100, T = 1.0): "
                    "≈ 10 s with the NumPy engine, ≈ 2 s with LAMMPS",
        n_particles=100, temperature=1.0,
        splits=(Split("train", 3, 4), Split("valid", 1, 8), Split("test", 1, 8)),
        propensity_times=(0.1, 0.5, 2.0, 8.0), equilibration=10.0, melt_duration=2.0, n_fs_times=20),
    "book": Preset(
        name="book",
        description="the book's data set: N = 1000 at T = 0.62, 80/10/10 independent configurations, "
                    "R = 8 (train) and 32 (valid, test), times 0.1 τ to ≈ 1.5 τ_α (cage-relative)",
        n_particles=1000, temperature=0.62,
        splits=(Split("train", 80, 8), Split("valid", 10, 32), Split("test", 10, 32)),
        propensity_times=(0.1, 0.5, 2.0, 8.0, 20.0, 40.0, 70.0, 100.0), equilibration=500.0,
        expected={"tau_alpha_cage": 68.0, "tau_alpha_plain": 10.0}),
    "liquid": Preset(
        name="liquid",
        description="a normal liquid for contrast: N = 1000 at T = 1.0, 20/5/5 configurations, "
                    "R = 8 / 32 / 32, times 0.05 τ to ≈ 1.3 τ_α (cage-relative τ_α ≈ 7.6): "
                    "120 s with LAMMPS, 2 processes",
        n_particles=1000, temperature=1.0,
        splits=(Split("train", 20, 8), Split("valid", 5, 32), Split("test", 5, 32)),
        propensity_times=(0.05, 0.2, 0.5, 1.5, 3.0, 6.0, 10.0), equilibration=50.0),
}
"""Presets. ``book``: T and times chosen from a short τ_α measurement (see the package's
``data/ka2d_calibration.json``); its ``expected`` values are those estimates, not results."""


def configuration_seeds(seed: int, split: str, index: int) -> np.ndarray:
    """Four independent integer seeds of one configuration (positions, melt, equilibration, replicas)."""
    return np.random.SeedSequence([seed, SPLIT_IDS[split], index]).generate_state(4)


def simulate_configuration(preset: Preset, engine_name: str, split: Split, index: int, seed: int) -> dict:
    """Prepare one equilibrated configuration, run its iso-configurational replicas, measure its mobility."""
    seeds = configuration_seeds(seed, split.name, index)
    engine = md.engine(engine_name, dt=preset.dt)
    x, types, box = configurations.random_configuration(preset.n_particles, seed=int(seeds[0]))
    x, _ = engine.equilibrate(x[None], types, box, preset.melt_temperature, preset.melt_duration,
                              seed=int(seeds[1]), friction=preset.friction)
    x, _ = engine.equilibrate(x, types, box, preset.temperature, preset.equilibration, seed=int(seeds[2]),
                              friction=preset.friction)
    steps, prop_index = preset.steps()
    traj = isoconfig.run(engine, x[0], types, box, preset.temperature, split.n_replicas, steps, int(seeds[3]))
    mob = isoconfig.mobility(traj, preset.cage_radius, preset.k)
    half = split.n_replicas // 2
    plain, cage = mob.plain[:, prop_index], mob.cage[:, prop_index]          # (R, T_p, N)
    return {
        "positions": x[0].astype(np.float32), "types": types.astype(np.int8),
        "propensity_plain": plain.mean(0).astype(np.float16), "propensity_cage": cage.mean(0).astype(np.float16),
        "propensity_plain_halves": np.stack([plain[:half].mean(0), plain[half:2 * half].mean(0)]).astype(np.float16),
        "propensity_cage_halves": np.stack([cage[:half].mean(0), cage[half:2 * half].mean(0)]).astype(np.float16),
        "fs_plain": mob.fs_plain.astype(np.float32), "fs_cage": mob.fs_cage.astype(np.float32),
        "msd_plain": mob.msd_plain.astype(np.float32), "msd_cage": mob.msd_cage.astype(np.float32),
        "potential_energy": np.float32(traj.potential_energy[0, 0] / preset.n_particles),
        "energy_drift": np.float32(quantities.drift_per_particle(traj.total_energy, preset.n_particles).max()),
        "box": box, "fs_times": traj.times,
    }


def _map(function, tasks: list[tuple], jobs: int) -> list:
    if jobs <= 1:
        return [function(*task) for task in tasks]
    context = multiprocessing.get_context("spawn")       # a fresh interpreter: MPI and LAMMPS per process
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(function, *task) for task in tasks]
        return [f.result() for f in futures]


def _finite(value):
    """NaN (a τ_α not reached) as None, so that the JSON is standard."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _versions(engine_name: str) -> dict:
    versions = {"python": platform.python_version(), "numpy": np.__version__}
    if engine_name == "lammps":
        versions["lammps"] = md.lammps_engine.lammps_version()
    return versions


def generate(preset: Preset | str, out: Path, seed: int = 0, engine_name: str = "lammps", jobs: int = 1,
             log=print) -> dict:
    """Generate all splits of ``preset`` into ``out`` (npz files and manifest); returns the manifest."""
    preset = PRESETS[preset] if isinstance(preset, str) else preset
    out = Path(out)
    start = time.perf_counter()
    steps, prop_index = preset.steps()
    notes, summary = {}, {}
    command = f"python -m mlzemi.glass generate --preset {preset.name} --seed {seed} --engine {engine_name}"
    for split in preset.splits:
        t0 = time.perf_counter()
        tasks = [(preset, engine_name, split, index, seed) for index in range(split.n_configurations)]
        results = _map(simulate_configuration, tasks, jobs)
        arrays = {key: np.stack([r[key] for r in results]) for key in results[0] if key not in ("box", "fs_times")}
        arrays.update(box=results[0]["box"], fs_times=results[0]["fs_times"],
                      times=steps[prop_index] * preset.dt, temperature=np.float64(preset.temperature),
                      n_replicas=np.int64(split.n_replicas))
        metadata = {
            "format": dataset.FORMAT, "split": split.name, "preset": asdict(preset), "engine": engine_name,
            "seed": seed, "command": command, "versions": _versions(engine_name),
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        dataset.save_split(out, split.name, arrays, metadata)
        fs_plain, fs_cage = arrays["fs_plain"].mean(0), arrays["fs_cage"].mean(0)
        summary[split.name] = {
            "n_configurations": split.n_configurations, "n_replicas": split.n_replicas,
            "tau_alpha_plain": dynamics.relaxation_time(arrays["fs_times"], fs_plain),
            "tau_alpha_cage": dynamics.relaxation_time(arrays["fs_times"], fs_cage),
            "max_energy_drift_per_particle": float(arrays["energy_drift"].max()),
            "seconds": metadata["seconds"],
        }
        notes[f"{split.name}.npz"] = (
            f"{split.n_configurations} independent configurations of the 2D Kob–Andersen mixture "
            f"(N = {preset.n_particles}, T = {preset.temperature}), {split.n_replicas} iso-configurational "
            f"replicas each; made by `{command}` with the {engine_name} engine ({preset.description}).")
        log(f"[{preset.name}] {split.name}: {split.n_configurations} configurations × {split.n_replicas} replicas "
            f"in {metadata['seconds']} s; τα plain {summary[split.name]['tau_alpha_plain']:.3g}, "
            f"cage {summary[split.name]['tau_alpha_cage']:.3g}")
    info = {"preset": preset.name, "seed": seed, "engine": engine_name, "command": command,
            "summary": _finite(summary), "seconds": round(time.perf_counter() - start, 1)}
    dataset.write_manifest(out, notes, info)
    return dataset.read_manifest(out)


def calibrate(temperatures=(0.60, 0.65, 0.70), n_particles: int = 1024, n_configurations: int = 1,
              n_replicas: int = 4, equilibration: float = 400.0, t_max: float = 300.0, seed: int = 0,
              engine_name: str = "lammps", jobs: int = 1, log=print) -> dict:
    """Short τ_α measurement (plain and cage-relative, A particles, F_s = 1/e) at a few temperatures."""
    result = {"n_particles": n_particles, "n_configurations": n_configurations, "n_replicas": n_replicas,
              "equilibration": equilibration, "t_max": t_max, "engine": engine_name, "seed": seed,
              "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"), "temperatures": {}}
    for temperature in temperatures:
        preset = Preset(name="calibration", description="τ_α calibration", n_particles=n_particles,
                        temperature=float(temperature),
                        splits=(Split("calibration", n_configurations, n_replicas),),
                        propensity_times=(t_max,), equilibration=equilibration)
        t0 = time.perf_counter()
        split = preset.splits[0]
        runs = _map(simulate_configuration, [(preset, engine_name, split, i, seed)
                                             for i in range(n_configurations)], jobs)
        fs_times = runs[0]["fs_times"]
        fs_plain = np.mean([r["fs_plain"] for r in runs], axis=0)
        fs_cage = np.mean([r["fs_cage"] for r in runs], axis=0)
        entry = {
            "tau_alpha_plain": dynamics.relaxation_time(fs_times, fs_plain),
            "tau_alpha_cage": dynamics.relaxation_time(fs_times, fs_cage),
            "tau_alpha_plain_each": [dynamics.relaxation_time(fs_times, r["fs_plain"]) for r in runs],
            "tau_alpha_cage_each": [dynamics.relaxation_time(fs_times, r["fs_cage"]) for r in runs],
            "potential_energy_per_particle": [float(r["potential_energy"]) for r in runs],
            "seconds": round(time.perf_counter() - t0, 1),
        }
        result["temperatures"][f"{temperature:g}"] = entry
        log(f"T = {temperature:g}: τα plain {entry['tau_alpha_plain']:.3g}, cage {entry['tau_alpha_cage']:.3g} "
            f"({entry['seconds']} s)")
    return result


def estimate(preset: Preset | str, benchmark: Path | None = None, jobs: int = 2) -> dict:
    """Wall-clock estimate of a preset with LAMMPS from the measured engine speeds (``engine_benchmark.json``).

    ``jobs`` processes are assumed to run in parallel at the single-process speed (2 free cores).
    """
    preset = PRESETS[preset] if isinstance(preset, str) else preset
    path = benchmark or Path(__file__).resolve().parents[1] / "data" / "engine_benchmark.json"
    bench = json.loads(Path(path).read_text(encoding="utf-8"))
    speed = bench["particle_steps_per_second"]
    cost = preset.particle_steps()
    seconds = (cost["langevin"] / speed["lammps_langevin"] + cost["nve"] / speed["lammps"]) / jobs
    return {"preset": preset.name, "particle_steps": cost, "particle_steps_per_second": speed,
            "jobs": jobs, "estimated_seconds": seconds,
            "numpy_engine_estimated_seconds": seconds * bench["lammps_speedup_over_numpy"]}


def main(argv=None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mlzemi.glass", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="generate a data set")
    gen.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--out", type=Path, required=True)
    gen.add_argument("--engine", choices=["lammps", "numpy"], default="lammps")
    gen.add_argument("--jobs", type=int, default=1)
    cal = sub.add_parser("calibrate", help="measure τ_α at a few temperatures")
    cal.add_argument("--temperatures", type=float, nargs="+", default=[0.60, 0.65, 0.70])
    cal.add_argument("--n", type=int, default=1024)
    cal.add_argument("--configurations", type=int, default=1)
    cal.add_argument("--replicas", type=int, default=4)
    cal.add_argument("--equilibration", type=float, default=400.0)
    cal.add_argument("--t-max", type=float, default=300.0)
    cal.add_argument("--engine", choices=["lammps", "numpy"], default="lammps")
    cal.add_argument("--jobs", type=int, default=1)
    cal.add_argument("--seed", type=int, default=0)
    cal.add_argument("--out", type=Path)
    est = sub.add_parser("estimate", help="estimate the cost of a preset")
    est.add_argument("--preset", choices=sorted(PRESETS), default="book")
    est.add_argument("--jobs", type=int, default=2)
    ver = sub.add_parser("verify", help="check a data directory against its manifest")
    ver.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        manifest = generate(args.preset, args.out, args.seed, args.engine, args.jobs)
        print(f"wrote {len(manifest['files'])} files to {args.out} in {manifest['seconds']} s")
    elif args.command == "calibrate":
        result = calibrate(args.temperatures, args.n, args.configurations, args.replicas, args.equilibration,
                           args.t_max, args.seed, args.engine, args.jobs)
        if args.out:
            args.out.write_text(json.dumps(_finite(result), indent=2) + "\n", encoding="utf-8")
    elif args.command == "estimate":
        print(json.dumps(estimate(args.preset, jobs=args.jobs), indent=2))
    elif args.command == "verify":
        manifest = dataset.verify(args.directory)
        print(f"{args.directory}: {len(manifest['files'])} files match the manifest")
    sys.stdout.flush()
