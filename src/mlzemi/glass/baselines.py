"""The structural baselines of Part III, computed one way for every chapter that compares with them.

Chapter 13 builds them step by step; chapters 14 and 16 compare the GNN with them. Every choice is made on the
validation split, never on the test split:

* ``force``: the magnitude of the net force |F_i| (the short-time baseline: for t → 0 the replica-mean
  displacement grows as |F_i| t² / 2m);
* ``single``: the best single column of :data:`SINGLE_COLUMNS`, chosen with its sign at each time;
* ``ridge24``: ridge regression on the 24 descriptors of :func:`.structure.baseline_descriptors`;
* ``ridge76``: + the radial densities G_i(r; β) (52 columns);
* ``ridge_cg``: + the radial densities coarse-grained over L = 1, 2 (Boattini, Smallenburg & Filion,
  PRL 127, 088007 (2021) average their descriptors over a length of this order; 180 columns);
* ``ridge_all``: + |F_i| raw and coarse-grained (184 columns): the strongest linear baseline here.

Ridge targets are the cage-relative propensity of the type-A particles of the training split at every time
(one weight vector per time); λ is chosen per time on validation from :data:`LAMBDAS`. Scores are
:mod:`.scoring`'s per-configuration Pearson ρ on type-A particles.

Command (writes ``scores.npz`` and a manifest; recompute it whenever the data set changes — the manifest
records the SHA-256 of the data files it was computed from, and the tests compare them)::

    python -m mlzemi.glass.baselines --data src/mlzemi/data/ka2d --out src/mlzemi/data/ka2d_baselines
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import artefacts
from . import dataset, scoring, structure

LENGTHS = (1.0, 2.0, 3.0)
"""Coarse-graining lengths of the descriptors and of |F_i| (σ)."""
RADIAL_LENGTHS = (1.0, 2.0)
"""Coarse-graining lengths of the radial densities (σ)."""
LAMBDAS = 10.0 ** np.arange(-2, 7)
"""Candidate ridge strengths, chosen per time on validation."""
FORMAT = "mlzemi-glass-baselines/1"
PACKAGE_SCORES = Path(__file__).resolve().parents[1] / "data" / "ka2d_baselines"


def feature_names() -> list[str]:
    """Column names of :func:`configuration_features`, in order."""
    descriptors = [f"{name}{suffix}" for name in ("energy", "theta", "density", "q4", "q5", "q6")
                   for suffix in [""] + [f"_L{length:g}" for length in LENGTHS]]
    radii = np.round(np.arange(0.5, 3.01, 0.1), 1)
    radial = [f"G{beta}_r{r:.1f}" for beta in "AB" for r in radii]
    radial_cg = [f"{name}_L{length:g}" for name in radial for length in RADIAL_LENGTHS]
    force = ["force"] + [f"force_L{length:g}" for length in LENGTHS]
    return descriptors + radial + radial_cg + force


NAMES = feature_names()
BLOCKS = {"descriptors": slice(0, 24), "radial": slice(24, 76), "radial_cg": slice(76, 180), "force": slice(180, 184)}
COLUMN_SETS = {
    "ridge24": ("descriptors",),
    "ridge76": ("descriptors", "radial"),
    "ridge_cg": ("descriptors", "radial", "radial_cg"),
    "ridge_all": ("descriptors", "radial", "radial_cg", "force"),
}
SINGLE_COLUMNS = np.r_[np.arange(24), 180]
"""Candidates of the ``single`` baseline: the 24 descriptors and |F_i|."""
BASELINES = ("force", "single", *COLUMN_SETS)
LABELS = {"force": "力の大きさ", "single": "最良の単一指標", "ridge24": "リッジ（24 列）", "ridge76": "リッジ（76 列）",
          "ridge_cg": "リッジ（粗視化した動径密度まで、180 列）", "ridge_all": "リッジ（力の大きさも加えた 184 列）"}
"""Japanese names of the baselines, for figures and prose."""


def columns(blocks) -> np.ndarray:
    """Column indices of the named blocks."""
    return np.concatenate([np.arange(len(NAMES))[BLOCKS[name]] for name in blocks])


def configuration_features(positions: np.ndarray, types: np.ndarray, box) -> np.ndarray:
    """All baseline columns of one configuration: ``(N, 184)`` in the order of :data:`NAMES`."""
    descriptors, _ = structure.baseline_descriptors(positions, types, box, LENGTHS)
    radial = structure.radial_densities(positions, types, box).reshape(len(positions), -1)   # (N, 2·26)
    radial_cg = structure.coarse_grain_lengths(radial, positions, box, RADIAL_LENGTHS)[:, :, 1:]
    force = structure.coarse_grain_lengths(structure.net_force(positions, types, box), positions, box, LENGTHS)
    return np.concatenate([descriptors, radial, radial_cg.reshape(len(positions), -1), force], axis=1)


def split_features(split: dataset.GlassSplit, configurations=None) -> np.ndarray:
    """:func:`configuration_features` of ``configurations`` (default all) of a split: ``(C, N, 184)`` float32."""
    index = range(split.n_configurations) if configurations is None else configurations
    return np.stack([configuration_features(split.positions[c], split.types[c], split.box).astype(np.float32)
                     for c in index])


def evenly_spaced(n_total: int, n: int | None) -> np.ndarray:
    """``n`` indices evenly spaced over ``range(n_total)`` (all for ``None``), as :func:`.gnn.subset`."""
    if n is None or n >= n_total:
        return np.arange(n_total)
    return np.unique(np.round(np.linspace(0, n_total - 1, n)).astype(int))


@dataclass
class Ridge:
    """Ridge regression on standardised columns, one weight vector per time, every λ of a grid at once."""

    columns: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray          # (n_λ, F, T)
    intercept: np.ndarray        # (T,)
    lambdas: np.ndarray

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, columns: np.ndarray, lambdas=LAMBDAS) -> Ridge:
        """``x (M, 184)`` rows of training particles, ``y (M, T)`` their targets. The intercept is not
        penalised: with standardised columns it is the mean target; (ZᵀZ + λI) w = Zᵀ(y − ȳ) for every λ,
        solved once through the eigenvectors of ZᵀZ."""
        x = np.asarray(x, dtype=np.float64)[:, columns]
        mean, std = x.mean(axis=0), x.std(axis=0)
        std = np.where(std > 0, std, 1.0)
        z = (x - mean) / std
        y_mean = y.mean(axis=0)
        evals, evecs = np.linalg.eigh(z.T @ z)
        projected = evecs.T @ (z.T @ (y - y_mean))                               # (F, T)
        weights = np.stack([evecs @ (projected / (evals + lam)[:, None]) for lam in lambdas])
        return cls(columns, mean, std, weights, y_mean, np.asarray(lambdas, dtype=np.float64))

    def predict(self, features: np.ndarray) -> np.ndarray:
        """``features (C, N, 184)`` → predictions ``(n_λ, C, T, N)``."""
        z = (np.asarray(features, dtype=np.float64)[..., self.columns] - self.mean) / self.std
        return np.einsum("cnf,lft->lctn", z, self.weights) + self.intercept[None, None, :, None]


@dataclass
class Results:
    """Per-configuration scores of every baseline, and what was chosen on validation."""

    names: tuple[str, ...]
    times: np.ndarray
    scores: dict[str, np.ndarray]                 # split → (B, C, T)
    choice: dict[str, np.ndarray]                 # baseline → (T,): λ (ridge), column index (single), 0 (force)
    sign: np.ndarray                              # (T,) sign of the single column
    n_train: int
    info: dict = field(default_factory=dict)

    def mean(self, split: str) -> np.ndarray:
        """``(B, T)`` mean score over the split's configurations."""
        return self.scores[split].mean(axis=1)

    def best_on_validation(self) -> np.ndarray:
        """``(T,)`` index of the baseline with the highest validation mean at each time."""
        return self.mean("valid").argmax(axis=0)

    def best(self, split: str = "test") -> np.ndarray:
        """``(C, T)`` per-configuration scores of the baseline chosen on validation at each time."""
        chosen = self.best_on_validation()
        return np.stack([self.scores[split][b, :, k] for k, b in enumerate(chosen)], axis=1)


def _a_rows(features: np.ndarray, split: dataset.GlassSplit) -> tuple[np.ndarray, np.ndarray]:
    """Type-A particles of a split, stacked over configurations: features ``(M, F)``, targets ``(M, T)``."""
    is_a = split.types == 0
    return features[is_a], split.propensity("cage").transpose(0, 2, 1)[is_a]


def common_times(*splits: dataset.GlassSplit) -> np.ndarray:
    """Propensity times present in every split."""
    times = splits[0].times
    for split in splits[1:]:
        times = times[np.isclose(times[:, None], split.times[None, :]).any(axis=1)]
    return times


def evaluate(data: dict[str, dataset.GlassSplit], n_train: int | None = None, evaluate_on=("test",),
             features: dict[str, np.ndarray] | None = None, lambdas=LAMBDAS, log=None) -> Results:
    """Fit every baseline on ``n_train`` evenly spaced training configurations (all for ``None``), choose on
    validation, score on ``valid`` and on each split of ``evaluate_on`` (at the times common to train, valid
    and test). ``features`` may hold precomputed :func:`split_features` (the training entry for the chosen
    configurations)."""
    start = time.perf_counter()
    times = common_times(data["train"], data["valid"], data["test"])
    chosen_train = evenly_spaced(data["train"].n_configurations, n_train)
    train = data["train"].at_times(times)
    train = _take(train, chosen_train)
    splits = {"valid": data["valid"].at_times(times)}
    splits.update({name: data[name].at_times(times) for name in evaluate_on})
    features = dict(features or {})
    if "train" not in features:
        features["train"] = split_features(train)
    for name, split in splits.items():
        if name not in features:
            features[name] = split_features(split)
        if log:
            log(f"features of {name}: {time.perf_counter() - start:.0f} s")
    x_train, y_train = _a_rows(features["train"], train)
    scores = {name: [] for name in splits}
    choice = {}
    # |F_i| as it is
    for name, split in splits.items():
        scores[name].append(scoring.split_by_configuration(features[name][..., 180], split))
    choice["force"] = np.zeros(len(times))
    # the best single column with its sign, chosen on validation at each time
    valid_single = np.stack([scoring.split_by_configuration(features["valid"][..., f], splits["valid"]).mean(axis=0)
                             for f in SINGLE_COLUMNS])                                  # (F_s, T)
    best = SINGLE_COLUMNS[np.abs(valid_single).argmax(axis=0)]
    sign = np.sign(valid_single[np.abs(valid_single).argmax(axis=0), np.arange(len(times))])
    for name, split in splits.items():
        per_column = {f: scoring.split_by_configuration(features[name][..., f], split) for f in set(best)}
        scores[name].append(np.stack([sign[k] * per_column[f][:, k] for k, f in enumerate(best)], axis=1))
    choice["single"] = best.astype(float)
    # ridge regressions, λ per time on validation
    for baseline, blocks in COLUMN_SETS.items():
        model = Ridge.fit(x_train, y_train, columns(blocks), lambdas)
        per_lambda = {name: np.stack([scoring.split_by_configuration(p, split) for p in model.predict(features[name])])
                      for name, split in splits.items()}                            # (n_λ, C, T)
        k_lambda = per_lambda["valid"].mean(axis=1).argmax(axis=0)                    # (T,)
        for name in splits:
            scores[name].append(np.stack([per_lambda[name][i, :, k] for k, i in enumerate(k_lambda)], axis=1))
        choice[baseline] = model.lambdas[k_lambda]
        if log:
            log(f"{baseline}: {time.perf_counter() - start:.0f} s")
    return Results(names=BASELINES, times=times, scores={name: np.stack(s) for name, s in scores.items()},
                   choice=choice, sign=sign, n_train=len(chosen_train),
                   info={"seconds": round(time.perf_counter() - start, 1),
                         "train_configurations": chosen_train.tolist()})


def _take(split: dataset.GlassSplit, configurations: np.ndarray) -> dataset.GlassSplit:
    """The split restricted to some configurations (the arrays a baseline reads)."""
    per_configuration = ("positions", "types", "propensity_plain", "propensity_cage", "propensity_plain_halves",
                         "propensity_cage_halves")
    return dataclasses.replace(split, **{name: getattr(split, name)[configurations] for name in per_configuration})


# ------------------------------------------------------------------------------------------ save, load
def save(results: dict[int, Results], directory: Path, data_directory: Path, command: str) -> Path:
    """Write ``scores.npz`` (every ``n_train`` in ``results``) and a manifest recording the data files' SHA-256."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    arrays = {}
    for n, res in results.items():
        arrays[f"n{n}_times"] = res.times
        arrays[f"n{n}_sign"] = res.sign
        for split, values in res.scores.items():
            arrays[f"n{n}_{split}"] = values
        for baseline, values in res.choice.items():
            arrays[f"n{n}_choice_{baseline}"] = values
    data_manifest = dataset.read_manifest(data_directory)
    info = {"names": list(BASELINES), "n_train": sorted(results), "command": command,
            "data_sha256": {name: entry["sha256"] for name, entry in data_manifest["files"].items()},
            "seconds": {str(n): res.info["seconds"] for n, res in results.items()}}
    path = directory / "scores.npz"
    artefacts.write_atomically(path, lambda handle: np.savez_compressed(handle, **arrays))
    artefacts.write_manifest(directory, {"scores.npz": "per-configuration scores (B, C, T) of the baselines"},
                             info, fmt=FORMAT)
    return path


def load(directory: Path | None = None, n_train: int | None = None) -> Results:
    """The shipped scores (checked against their manifest); ``n_train`` default: the largest computed."""
    directory = PACKAGE_SCORES if directory is None else Path(directory)
    manifest = artefacts.verify(directory, FORMAT)
    info = {key: value for key, value in manifest.items() if key not in ("format", "files")}
    n = max(info["n_train"]) if n_train is None else n_train
    with np.load(Path(directory) / "scores.npz") as data:
        scores = {key.split("_", 1)[1]: data[key] for key in data.files
                  if key.startswith(f"n{n}_") and not key.startswith((f"n{n}_times", f"n{n}_sign", f"n{n}_choice"))}
        choice = {key.split("_choice_")[1]: data[key] for key in data.files if key.startswith(f"n{n}_choice_")}
        return Results(names=tuple(info["names"]), times=data[f"n{n}_times"], scores=scores, choice=choice,
                       sign=data[f"n{n}_sign"], n_train=n, info=info)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=dataset.PACKAGE_DATA)
    parser.add_argument("--out", type=Path, default=PACKAGE_SCORES)
    parser.add_argument("--n-train", type=int, nargs="*", default=[60, 120],
                        help="also fit on these numbers of training configurations (the saturation check)")
    parser.add_argument("--evaluate-on", nargs="*", default=["test"])
    args = parser.parse_args(argv)
    data = dataset.load_dataset(args.data)
    evaluate_on = [name for name in args.evaluate_on if name in data]
    times = common_times(data["train"], data["valid"], data["test"])
    features = {name: split_features(data[name]) for name in ["train", "valid", *evaluate_on]}
    results = {}
    for n in [None, *args.n_train]:
        chosen = evenly_spaced(data["train"].n_configurations, n)
        res = evaluate(data, n, evaluate_on, features={**features, "train": features["train"][chosen]})
        results[res.n_train] = res
        k_tau = scoring.time_index_near_tau_alpha(data["test"].at_times(times))
        print(f"n_train = {res.n_train}: test ρ near τ_α", dict(zip(BASELINES, res.mean("test")[:, k_tau].round(3), strict=True)))
    command = " ".join(["python -m mlzemi.glass.baselines", *(sys.argv[1:] if argv is None else argv)])
    save(results, args.out, args.data, command)


if __name__ == "__main__":
    main()
