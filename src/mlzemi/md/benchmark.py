"""Speed of the two MD engines on the same system: particle-steps per second in NVE.

``python -m mlzemi.md.benchmark [--n 1024] [--out PATH]`` equilibrates one KA2D liquid (N = 1024, T = 0.65)
with LAMMPS, then times velocity-Verlet NVE runs of each engine from the same state (best of
``--repeats``), and writes a JSON file with the machine, the versions, the date and the speeds. The
book reads ``engine_speed_ratio_vs_lammps`` (NumPy speed / LAMMPS speed, one system each) from
``mlzemi/data/engine_benchmark.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import scipy

from . import configurations, quantities
from .lammps_engine import LammpsEngine, lammps_version
from .numpy_engine import NumpyEngine

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "engine_benchmark.json"


def time_nve(engine, positions, velocities, types, box, steps: int) -> float:
    """Wall-clock seconds of one NVE run of ``steps`` steps of the batch ``positions (R, N, 2)``."""
    start = time.perf_counter()
    engine.run_nve(positions, velocities, types, box, [0, steps])
    return time.perf_counter() - start


def machine_info() -> dict:
    """Platform, processor, CPU count, load average and package versions."""
    info = {
        "platform": platform.platform(), "machine": platform.machine(), "processor": platform.processor(),
        "cpu_count": os.cpu_count(), "python": platform.python_version(),
        "numpy": np.__version__, "scipy": scipy.__version__, "lammps": lammps_version(),
    }
    if hasattr(os, "getloadavg"):
        info["load_average_1min_before"] = round(os.getloadavg()[0], 2)
    return info


def run(n_particles: int = 1024, temperature: float = 0.65, repeats: int = 3, seed: int = 0,
        numpy_steps: int = 400, lammps_steps: int = 10000, batch: int = 8) -> dict:
    """Measure both engines; returns the dictionary written to the JSON file."""
    positions, types, box = configurations.random_configuration(n_particles, seed=seed)
    lammps = LammpsEngine()
    x, _ = lammps.equilibrate(positions[None], types, box, temperature=2.0, duration=10.0, seed=seed)
    x, v = lammps.equilibrate(x, types, box, temperature=temperature, duration=50.0, seed=seed + 1)
    v = configurations.maxwell_boltzmann_velocities((1, n_particles), temperature, seed=seed + 2)
    xb = np.repeat(x, batch, axis=0)
    vb = configurations.maxwell_boltzmann_velocities((batch, n_particles), temperature, seed=seed + 3)
    info = machine_info()
    cases = {                       # name: (engine, positions, velocities, steps)
        "lammps": (lammps, x, v, lammps_steps),
        "lammps_plain_lj_cut": (LammpsEngine(pair_style="lj/cut"), x, v, lammps_steps),
        "numpy": (NumpyEngine(), x, v, numpy_steps),
        f"numpy_batch{batch}": (NumpyEngine(), xb, vb, max(numpy_steps // batch, 20)),
    }
    best = dict.fromkeys([*cases, "lammps_langevin"], np.inf)
    for _ in range(repeats):        # interleaved, so that a burst of load elsewhere hits all engines alike
        for name, (engine, xs, vs, steps) in cases.items():
            best[name] = min(best[name], time_nve(engine, xs, vs, types, box, steps))
        start = time.perf_counter()
        lammps.equilibrate(x, types, box, temperature, lammps_steps * lammps.dt, seed=seed, velocities=v)
        best["lammps_langevin"] = min(best["lammps_langevin"], time.perf_counter() - start)
    speeds = {name: xs.shape[0] * n_particles * steps / best[name]
              for name, (_, xs, _, steps) in cases.items()}
    speeds["lammps_langevin"] = n_particles * lammps_steps / best["lammps_langevin"]
    return {
        "lammps_pair_style": lammps.pair_style,
        "cases": {"lammps": "LAMMPS, fix nve", "lammps_plain_lj_cut": "LAMMPS with pair_style lj/cut",
                  "numpy": "NumpyEngine, one system", f"numpy_batch{batch}": f"NumpyEngine, {batch} replicas",
                  "lammps_langevin": "LAMMPS, fix nve + fix langevin (equilibration)"},
        "what": "velocity-Verlet NVE of the 2D Kob-Andersen mixture, one process, best of interleaved repeats",
        "repeats": repeats,
        "n_particles": n_particles, "temperature": temperature, "dt": 0.005, "skin": 0.3,
        "kinetic_temperature_at_start": float(quantities.temperature(v)[0]),
        "particle_steps_per_second": {k: float(s) for k, s in speeds.items()},
        # the teaching engine's speed divided by LAMMPS's (the book's glue name); < 1 means LAMMPS is faster
        "engine_speed_ratio_vs_lammps": float(speeds["numpy"] / speeds["lammps"]),
        "engine_speed_ratio_vs_lammps_batched": float(speeds[f"numpy_batch{batch}"] / speeds["lammps"]),
        "lammps_speedup_over_numpy": float(speeds["lammps"] / speeds["numpy"]),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": info,
        "note": "Measured on a 2-core machine shared with other jobs: absolute speeds vary run to run; "
                "the ratio is the quantity the book uses. Regenerate with `python -m mlzemi.md.benchmark`.",
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    result = run(n_particles=args.n, repeats=args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for name, speed in result["particle_steps_per_second"].items():
        print(f"{name:>14}: {speed / 1e6:6.2f} M particle-steps/s")
    print(f"LAMMPS / NumPy: {result['lammps_speedup_over_numpy']:.1f}×  → {args.out}")


if __name__ == "__main__":
    main()
