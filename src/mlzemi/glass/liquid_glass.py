"""The data of the book's Grad-CAM chapter: liquid configurations, and ageing after a quench.

Two files beside a ``manifest.json`` (SHA-256 and a note each), made by :func:`generate`
(``python -m mlzemi.glass.liquid_glass --out DIR``):

``liquid.npz`` — the "liquid" class. C independent configurations of the 2D Kob–Andersen mixture at the
liquid temperature T_L (default 1.0), prepared like the book's data set (:mod:`.generate`): random
non-overlapping positions → Langevin melt at T = 2 → Langevin equilibration at T_L. The "supercooled"
class is a shipped data set of the book, the *source* (:data:`SOURCE_DATA`, the first edition at T = 0.62,
unless ``--source`` names another): the liquids take its N and box, and its configurations are quenched.

========================== ================= ========= ==================================================
name                       shape             dtype     meaning
========================== ================= ========= ==================================================
positions                  (C, N, 2)         float32   positions (σ_AA), wrapped into the box
types                      (C, N)            int8      0 = A, 1 = B
split                      (C,)              int8      0 = train, 1 = valid, 2 = test
box                        (2,)              float64   box lengths (same as the shipped data)
temperature                ()                float64   T_L (ε_AA / k_B)
metadata                   ()                str       JSON: parameters, engine, versions, seed, command
========================== ================= ========= ==================================================

``ageing.npz`` — the ageing dynamics. Each configuration of the source's ``test`` split (T = 0.62; the splits
in ``Settings.ageing_splits``, in that order) is quenched instantaneously to T_q (default 0.40): velocities drawn at T_q, then a
Langevin run at T_q (friction 1 / τ), R runs with independent velocities and thermostat noise. Recorded:
the displacement magnitude of every particle, plain and cage-relative (neighbours within 1.5 σ at the
quench, :func:`mlzemi.glass.dynamics.cage_relative`), at the times ``times`` after the quench, averaged
over the R runs ("ageing propensity"), and over each half of the runs (for the noise ceiling).

========================== ================= ========= ==================================================
name                       shape             dtype     meaning
========================== ================= ========= ==================================================
source_split               (C,)              int8      0/1/2 = train/valid/test (configuration of that split)
source_index               (C,)              int64     index of the configuration in its split
times                      (T_a,)            float64   times after the quench (τ)
ageing_plain, ageing_cage  (C, T_a, N)       float16   run mean of |Δr_i(t)| after the quench
ageing_plain_halves        (C, 2, T_a, N)    float16   means over the first and the second half of the runs
ageing_cage_halves         (C, 2, T_a, N)    float16
energy                     (C, T_a)          float32   potential energy per particle, run mean
temperature                ()                float64   T_q
initial_temperature        ()                float64   T of the configurations before the quench
n_runs                     ()                int64     R
metadata                   ()                str       JSON
========================== ================= ========= ==================================================
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import artefacts, md
from ..md import configurations
from . import dataset, dynamics

FORMAT = "mlzemi-glass-ka2d-gradcam/1"
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "data" / "ka2d_gradcam"
"""Where the shipped files live inside the package."""

SPLITS = {"train": 0, "valid": 1, "test": 2}

SOURCE_DATA = dataset.PACKAGE_DATA_V1
"""The data set whose configurations form the supercooled class and are quenched (``generate(source=...)``,
``--source``). The shipped ``ka2d_gradcam`` files were made from it; files that do not record a source in their
metadata were made from this first edition (``ka2d_v1``)."""


@dataclass(frozen=True)
class Settings:
    """Everything that defines the generated files (times in τ, temperatures in ε_AA / k_B)."""

    liquid_temperature: float = 1.0
    n_liquid: tuple[int, int, int] = (80, 10, 10)       # train, valid, test
    melt_temperature: float = 2.0
    melt_duration: float = 10.0
    liquid_equilibration: float = 50.0                   # ≈ 6 τ_α (cage-relative τ_α ≈ 7.6 at T = 1.0)
    quench_temperature: float = 0.40
    ageing_times: tuple[float, ...] = (1.0, 3.0, 10.0, 30.0, 100.0)
    n_runs: int = 8
    ageing_splits: tuple[str, ...] = ("test",)
    friction: float = 1.0
    dt: float = 0.005


def liquid_configuration(settings: Settings, engine, index: int, seed: int,
                         source: Path = SOURCE_DATA) -> tuple[np.ndarray, np.ndarray]:
    """One equilibrated liquid configuration ``(positions (N, 2), types (N,))`` with N of the source data."""
    seeds = np.random.SeedSequence([seed, 10, index]).generate_state(3)
    n = dataset.load_split(source, "test").positions.shape[1]
    x, types, box = configurations.random_configuration(n, seed=int(seeds[0]))
    x, _ = engine.equilibrate(x[None], types, box, settings.melt_temperature, settings.melt_duration,
                              seed=int(seeds[1]), friction=settings.friction)
    x, _ = engine.equilibrate(x, types, box, settings.liquid_temperature, settings.liquid_equilibration,
                              seed=int(seeds[2]), friction=settings.friction)
    return x[0], types


def quench(engine, positions: np.ndarray, types: np.ndarray, box, temperature: float, times, n_runs: int,
           seed: int, friction: float = 1.0) -> dict:
    """Instantaneous quench of one configuration to ``temperature``: R Langevin runs, displacements after it.

    Returns:
        dict with ``plain`` and ``cage`` ``(R, T_a, N)`` displacement magnitudes at ``times`` and ``energy``
        ``(R, T_a)`` potential energy per particle.
    """
    dt = engine.dt
    steps = np.round(np.asarray(times) / dt).astype(np.int64)
    rng = np.random.default_rng(seed)
    n = len(positions)
    velocities = configurations.maxwell_boltzmann_velocities((n_runs, n), temperature,
                                                             int(rng.integers(2**31)), exact=True)
    start = np.repeat(np.asarray(positions, dtype=np.float64)[None], n_runs, axis=0)
    traj = engine.run_langevin(start, velocities, types, box, temperature, np.concatenate([[0], steps]),
                               seed=int(rng.integers(2**31)), friction=friction)
    displacement = dynamics.displacements(traj.positions)[:, 1:]              # (R, T_a, N, 2)
    adjacency = dynamics.cage_neighbours(traj.positions[0, 0], box)
    cage = dynamics.cage_relative(displacement, adjacency)
    return {"plain": np.linalg.norm(displacement, axis=-1), "cage": np.linalg.norm(cage, axis=-1),
            "energy": traj.potential_energy[:, 1:] / n}


def _halves(values: np.ndarray) -> np.ndarray:
    half = values.shape[0] // 2
    return np.stack([values[:half].mean(0), values[half:2 * half].mean(0)])


def generate(out: Path, settings: Settings = Settings(), seed: int = 0, engine_name: str = "lammps",
             reuse_liquid: bool = False, log=print, source: Path = SOURCE_DATA) -> dict:
    """Write ``liquid.npz``, ``ageing.npz`` and ``manifest.json`` into ``out``; returns the manifest.

    ``source`` is the data directory whose N and box the liquids take and whose ``settings.ageing_splits`` are
    quenched. With ``reuse_liquid``, an existing ``out/liquid.npz`` made with the same settings, seed, engine and
    source is kept (the liquid runs are deterministic for a given seed and engine, so this only saves time).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    source = Path(source)
    engine = md.engine(engine_name, dt=settings.dt)
    command = f"python -m mlzemi.glass.liquid_glass --seed {seed} --engine {engine_name} --out DIR"
    if source != SOURCE_DATA:
        command += f" --source {source}"
    versions = {"python": sys.version.split()[0], "numpy": np.__version__}
    if engine_name == "lammps":
        versions["lammps"] = md.lammps_engine.lammps_version()
    common = {"settings": settings.__dict__, "engine": engine_name, "seed": seed, "command": command,
              "source": source.name, "versions": versions,
              "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    box = dataset.load_split(source, "test").box

    existing = out / "liquid.npz"
    if reuse_liquid and existing.exists():
        with np.load(existing, allow_pickle=False) as old:
            meta = json.loads(str(old["metadata"]))
        same = {key: meta.get(key) for key in ("engine", "seed")} == {"engine": engine_name, "seed": seed}
        same = same and meta.get("source", SOURCE_DATA.name) == source.name
        same = same and all(meta["settings"].get(key) == json.loads(json.dumps(value))
                            for key, value in settings.__dict__.items()
                            if key in ("liquid_temperature", "n_liquid", "melt_temperature", "melt_duration",
                                       "liquid_equilibration", "friction", "dt"))
        if not same:
            raise ValueError(f"{existing} was made with other settings; remove it or drop reuse_liquid")
        liquid_seconds = meta["seconds"]
        log(f"liquid: kept {existing}")
    else:
        t0 = time.perf_counter()
        positions, types, split = [], [], []
        for name, count in zip(SPLITS, settings.n_liquid, strict=True):
            for _ in range(count):
                x, t = liquid_configuration(settings, engine, len(positions), seed, source)
                positions.append(x.astype(np.float32))
                types.append(t.astype(np.int8))
                split.append(SPLITS[name])
            log(f"liquid {name}: {count} configurations ({time.perf_counter() - t0:.0f} s)")
        liquid_seconds = round(time.perf_counter() - t0, 1)
        dataset.save_split(out, "liquid", {
            "positions": np.stack(positions), "types": np.stack(types), "split": np.array(split, dtype=np.int8),
            "box": box, "temperature": np.float64(settings.liquid_temperature)},
            {**common, "file": "liquid", "seconds": liquid_seconds})

    t0 = time.perf_counter()
    results, source_split, source_index = [], [], []
    for name in settings.ageing_splits:
        part = dataset.load_split(source, name)
        for c in range(part.n_configurations):
            run_seed = int(np.random.SeedSequence([seed, 20, SPLITS[name], c]).generate_state(1)[0])
            results.append(quench(engine, part.positions[c], part.types[c], part.box,
                                  settings.quench_temperature, settings.ageing_times, settings.n_runs,
                                  run_seed, settings.friction))
            source_split.append(SPLITS[name])
            source_index.append(c)
        log(f"ageing {name}: {part.n_configurations} configurations ({time.perf_counter() - t0:.0f} s)")
        initial_temperature = part.temperature
    ageing_seconds = round(time.perf_counter() - t0, 1)
    dataset.save_split(out, "ageing", {
        "source_split": np.array(source_split, dtype=np.int8), "source_index": np.array(source_index),
        "times": np.asarray(settings.ageing_times, dtype=np.float64),
        "ageing_plain": np.stack([r["plain"].mean(0) for r in results]).astype(np.float16),
        "ageing_cage": np.stack([r["cage"].mean(0) for r in results]).astype(np.float16),
        "ageing_plain_halves": np.stack([_halves(r["plain"]) for r in results]).astype(np.float16),
        "ageing_cage_halves": np.stack([_halves(r["cage"]) for r in results]).astype(np.float16),
        "energy": np.stack([r["energy"].mean(0) for r in results]).astype(np.float32),
        "temperature": np.float64(settings.quench_temperature),
        "initial_temperature": np.float64(initial_temperature), "n_runs": np.int64(settings.n_runs)},
        {**common, "file": "ageing", "seconds": ageing_seconds})

    notes = {
        "liquid.npz": (f"{sum(settings.n_liquid)} independent configurations (train/valid/test "
                       f"{'/'.join(map(str, settings.n_liquid))}) of the 2D Kob–Andersen mixture (N and box of "
                       f"{source.name}) equilibrated at T = {settings.liquid_temperature} with the {engine_name} "
                       f"engine ({liquid_seconds} s); made by `{command}`."),
        "ageing.npz": (f"displacements after an instantaneous quench from T = {initial_temperature:g} to "
                       f"T = {settings.quench_temperature} (Langevin, {settings.n_runs} runs) of the "
                       f"{' and '.join(settings.ageing_splits)} configurations of {source.name}, at t = {list(settings.ageing_times)} "
                       f"({ageing_seconds} s); "
                       f"made by `{command}`."),
    }
    artefacts.write_manifest(out, notes, {"command": command, "seed": seed, "engine": engine_name}, fmt=FORMAT)
    return artefacts.read_manifest(out, FORMAT)


def _load(name: str, directory: Path | None) -> dict:
    directory = PACKAGE_DATA if directory is None else Path(directory)
    path = artefacts.verify_file(directory, f"{name}.npz", formats=FORMAT)
    with np.load(path, allow_pickle=False) as data:
        arrays = {key: data[key] for key in data.files}
    arrays["metadata"] = json.loads(str(arrays["metadata"]))
    return {key: (value.astype(np.float64) if value.dtype.kind == "f" else value) if isinstance(value, np.ndarray)
            else value for key, value in arrays.items()}


def load_liquid(directory: Path | None = None) -> dict:
    """``liquid.npz`` as a dict of arrays (floats as float64), after checking its SHA-256."""
    return _load("liquid", directory)


def load_ageing(directory: Path | None = None) -> dict:
    """``ageing.npz`` as a dict of arrays (floats as float64), after checking its SHA-256."""
    return _load("ageing", directory)


def main(argv=None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mlzemi.glass.liquid_glass", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", choices=["lammps", "numpy"], default="lammps")
    parser.add_argument("--small", action="store_true", help="a tiny smoke test (4/1/1 liquids, 2 runs, t ≤ 1)")
    parser.add_argument("--reuse-liquid", action="store_true", help="keep an existing liquid.npz of the same settings")
    parser.add_argument("--source", type=Path, default=SOURCE_DATA,
                        help=f"data set of the supercooled class (default: {SOURCE_DATA.name})")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.small:
        settings = Settings(n_liquid=(4, 1, 1), liquid_equilibration=1.0, melt_duration=1.0,
                            ageing_times=(0.5, 1.0), n_runs=2)
    manifest = generate(args.out, settings, args.seed, args.engine, reuse_liquid=args.reuse_liquid,
                        source=args.source)
    print(f"wrote {len(manifest['files'])} files to {args.out}")


if __name__ == "__main__":
    main()
