"""The training runs behind chapters 14 and 16: named, resumable, sharded, each saved with its manifest.

A plan is a list of :class:`Run` (an architecture, a seed, and optionally fewer training configurations or
another number of message-passing steps). ``python -m mlzemi.glass.gnn_runs run --plan v3 --out DIR
--shard i/n`` trains every run of the shard that has no finished model in ``DIR/<run name>/`` yet, with a
checkpoint after every epoch (:func:`mlzemi.glass.gnn.train`), so the same command resumes after an
interruption; ``status`` lists what is finished and the measured training time.

Choices are made on validation only. The architectures are compared by their validation score (mean over
seeds of the mean over times of the validation ρ at the selected epoch); runs whose ``architecture`` is
``"best"`` (the data-scaling and message-passing-step runs) take the architecture that is best on validation
among the finished architecture runs, and wait until all of them are finished.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import artefacts

ARCHITECTURES: dict[str, dict] = {
    # Bapst's recipe in small: encoded input at both end nodes, distances only
    "distances": {"encoded_ends": True, "vector_channels": 0},
    # + vector channels: invariant sums of unit bond vectors, which see bond angles (|F_i|, chapter 14)
    "vectors": {"encoded_ends": True, "vector_channels": 8},
    # + BOTAN's bond target: loss 0.4·node + 0.6·bond after 5 epochs on the bond target alone
    "vectors_bonds": {"encoded_ends": True, "vector_channels": 8, "node_weight": 0.4, "pretrain_epochs": 5},
}
"""Architectures compared in chapter 14 (keyword arguments of :func:`mlzemi.glass.gnn.train`)."""


@dataclass(frozen=True)
class Run:
    architecture: str          # a key of ARCHITECTURES, or "best" (chosen on validation, see the module doc)
    seed: int
    epochs: int = 40
    hidden: int = 32
    steps: int = 3
    n_train: int | None = None  # None: every training configuration

    @property
    def name(self) -> str:
        extra = (f"_n{self.n_train}" if self.n_train is not None else "") + (f"_k{self.steps}" if self.steps != 3 else "")
        return f"{self.architecture}{extra}_s{self.seed}"


SEEDS = (0, 1, 2)
PLANS: dict[str, tuple[Run, ...]] = {
    "v3": (
        *(Run(a, s) for a in ARCHITECTURES for s in SEEDS),
        *(Run("best", s, n_train=n) for n in (60, 120) for s in SEEDS),           # data scaling: ¼, ½ of 240
        *(Run("best", s, steps=k) for k in (1, 2, 4) for s in SEEDS[:1]),          # message-passing steps
    ),
    "tiny": (Run("distances", 0, epochs=2, hidden=4, steps=1), Run("vectors_bonds", 0, epochs=6, hidden=4, steps=1),
             Run("best", 0, epochs=1, hidden=4, steps=1, n_train=2)),
}
"""``v3``: chapter 14's comparison (3 architectures × 3 seeds) and chapter 16's data-scaling and step runs."""


def finished(out: Path, run: Run) -> dict | None:
    """The saved info of a finished run (``None`` if not finished)."""
    directory = Path(out) / run.name
    if not (directory / artefacts.MANIFEST).exists():
        return None
    return json.loads((directory / "model.json").read_text(encoding="utf-8"))


def best_architecture(out: Path, plan: Sequence[Run]) -> str | None:
    """The architecture with the best mean validation score over its seeds; ``None`` until every architecture run
    of the plan is finished."""
    scores: dict[str, list[float]] = {}
    for run in plan:
        if run.architecture == "best":
            continue
        info = finished(out, run)
        if info is None:
            return None
        scores.setdefault(run.architecture, []).append(info["best_valid_score"])
    return max(scores, key=lambda a: np.mean(scores[a])) if scores else None


def train_run(run: Run, out: Path, plan: Sequence[Run], data: Path | None = None, threads: int = 1,
              graphs: Callable[[bool], tuple] | None = None, log: Callable[[str], None] | None = print) -> dict | None:
    """Train (or resume, or skip if finished) one run; returns its info, or ``None`` if it must wait for the
    architecture comparison."""
    import torch

    from . import gnn

    info = finished(out, run)
    if info is not None:
        return info
    architecture = run.architecture
    if architecture == "best":
        architecture = best_architecture(out, plan)
        if architecture is None:
            return None
    options = ARCHITECTURES[architecture]
    with_bonds = options.get("node_weight", 1.0) < 1.0 or options.get("pretrain_epochs", 0) > 0
    torch.set_num_threads(threads)
    train_split, train_graphs, valid_graphs, statistics = (graphs or _graphs(data))(with_bonds)
    train_graphs = gnn.subset(train_graphs, run.n_train)
    directory = Path(out) / run.name
    directory.mkdir(parents=True, exist_ok=True)
    model, history = gnn.train(train_graphs, valid_graphs, epochs=run.epochs, seed=run.seed, hidden=run.hidden,
                               steps=run.steps, checkpoint=directory / "checkpoint.pt", log=log,
                               log_every=5, **options)
    command = f"python -m mlzemi.glass.gnn_runs run --plan <plan> --out {out}" + (f" --data {data}" if data else "")
    info = {**history, "run": dataclasses.asdict(run), "architecture": architecture, "command": command,
            "data": str(data or "shipped"), "cutoff": 2.0, "kind": "cage", "times": train_split.times.tolist(),
            "target_mean": statistics[0].tolist(), "target_std": statistics[1].tolist(),
            "date": time.strftime("%Y-%m-%d"), "threads": threads}
    gnn.save(model, directory, info)
    (directory / "checkpoint.pt").unlink()
    return info


def _graphs(data: Path | None):
    from functools import cache

    from . import gnn

    @cache
    def build(with_bonds: bool):
        return gnn.training_graphs(data, with_bonds)

    return build


def run_plan(plan: str | Sequence[Run], out: Path, data: Path | None = None, shard: tuple[int, int] = (0, 1),
             threads: int = 1, log: Callable[[str], None] | None = print, poll: float = 0.0,
             graphs: Callable[[bool], tuple] | None = None) -> list[str]:
    """Every run of ``plan`` in ``shard`` (every n-th, starting at i); returns the names still waiting for the
    architecture comparison. With ``poll`` > 0 (seconds) a shard that reaches a ``"best"`` run before the other
    shards have finished the architecture runs checks again every ``poll`` seconds instead of returning."""
    plan = PLANS[plan] if isinstance(plan, str) else tuple(plan)
    graphs = graphs or _graphs(data)
    waiting = []
    i, n = shard
    for k, run in enumerate(plan):
        if k % n != i:
            continue
        if log is not None:
            log(f"[{run.name}]")
        while (info := train_run(run, out, plan, data, threads, graphs, log)) is None and poll > 0:
            time.sleep(poll)
        if info is None:
            waiting.append(run.name)
    return waiting


def status(plan: str | Sequence[Run], out: Path) -> dict:
    plan = PLANS[plan] if isinstance(plan, str) else tuple(plan)
    report = {}
    for run in plan:
        info = finished(out, run)
        report[run.name] = None if info is None else {
            "architecture": info["architecture"], "best_epoch": info["best_epoch"],
            "valid_score": round(info["best_valid_score"], 4), "seconds": round(info["seconds"], 1)}
    return report


def main(argv: Sequence[str] | None = None) -> None:
    from .chains import parse_shard

    parser = argparse.ArgumentParser(prog="python -m mlzemi.glass.gnn_runs", description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["run", "status"])
    parser.add_argument("--plan", choices=sorted(PLANS), default="v3")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=None, help="data directory (default: the shipped data)")
    parser.add_argument("--shard", default="0/1")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--poll", type=float, default=60.0,
                        help="seconds between checks while a 'best' run waits for other shards (0: do not wait)")
    args = parser.parse_args(argv)
    if args.action == "run":
        waiting = run_plan(args.plan, args.out, args.data, parse_shard(args.shard), args.threads,
                           log=lambda text: print(f"{time.strftime('%H:%M:%S')} {text}", flush=True),
                           poll=args.poll)
        if waiting:
            print(f"waiting for the architecture comparison: {', '.join(waiting)} (run again when it is finished)")
    else:
        print(json.dumps(status(args.plan, args.out), indent=2))


if __name__ == "__main__":
    main()
