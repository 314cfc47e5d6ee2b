"""A compact graph network in the style of Bapst et al. (2020) that predicts propensity from structure.

V. Bapst et al., "Unveiling the predictive power of static structure in glassy systems", Nat. Phys. 16,
448 (2020); the architecture follows their ``glassy_dynamics`` code (encoder → a graph network with shared
weights applied ``steps`` times, whose input is the current state concatenated with the encoded input →
decoder), shrunk for two CPU cores and the book's 2D data:

* 2D Kob–Andersen, N = 1000 (:mod:`.dataset`), instead of 3D with N = 4096;
* 32 hidden units and 3 message-passing steps instead of 64 and 7;
* edge input = 16 Gaussian radial basis functions of the distance (invariant under rotations and
  reflections, so no data augmentation is needed) instead of the relative vector with augmentation;
* one model predicts all propensity times at once (multi-task) instead of one model per time;
* the checkpoint is chosen on the **validation** split (their script selected on the test split).

Graphs (:func:`graphs_from_split`): every pair closer than ``cutoff`` (minimum image,
:func:`mlzemi.graphs.radius_graph_periodic`), node input = one-hot particle type ``(N, 2)``, edge input
``(E, n_rbf)``, target ``y (N, T_p)`` = cage-relative propensity standardised per time with the mean and
standard deviation of the type-A particles of the **training** split, ``mask (N,)`` = type A (loss and
metric on A particles only, as in Bapst et al.).

Shapes below: N particles, E directed edges, H hidden units, T_p propensity times.

``python -m mlzemi.glass.gnn train --epochs E --seed 0 --out DIR`` trains on the shipped data and writes
``DIR/model.pt`` (state dict), ``DIR/model.json`` (hyperparameters, curves, timing) and ``DIR/manifest.json``
(SHA-256 of both). :func:`load` checks them before reading (:class:`mlzemi.artefacts.DataIntegrityError`).
After every epoch it also writes ``DIR/checkpoint.pt`` (``--checkpoint PATH`` to put it elsewhere), so that
running the same command again resumes an interrupted training (bit-identical on the CPU with one thread).

torch and torch_geometric are imported by this module only (``import mlzemi.glass`` does not need them).
"""

from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch_geometric.data import Batch, Data
from torch_geometric.nn import MessagePassing

from .. import artefacts
from .. import graphs as periodic_graphs
from . import scoring
from .dataset import GlassSplit

FORMAT = "mlzemi-glass-gnn/1"
MANIFEST = artefacts.MANIFEST
WEIGHTS = "model.pt"
INFO = "model.json"
PACKAGE_WEIGHTS = Path(__file__).resolve().parents[1] / "data" / "ka2d_gnn"
"""Where the shipped weights live inside the package."""

__all__ = [
    "GlassGN", "GNProcessor", "evaluate", "gaussian_rbf", "graph_from_configuration", "graphs_from_split", "load", "predict", "save",
    "target_statistics", "train",
]


# ---------------------------------------------------------------------------------------------- graphs
def gaussian_rbf(distance: torch.Tensor, n_rbf: int = 16, cutoff: float = 2.0) -> torch.Tensor:
    """Expand distances in Gaussians: ``exp(−(r − μ_k)² / 2δ²)``, μ_k = k r_c / (n_rbf − 1), δ = r_c / (n_rbf − 1).

    Args:
        distance: ``(E,)`` pair distances (σ). n_rbf: number of Gaussians; cutoff: r_c (σ), the last centre.
    Returns:
        ``(E, n_rbf)``, every entry in (0, 1].
    """
    centres = torch.linspace(0.0, cutoff, n_rbf, dtype=distance.dtype)
    width = cutoff / (n_rbf - 1)
    return torch.exp(-((distance[:, None] - centres) ** 2) / (2 * width**2))


class GlassGraph(Data):
    """A :class:`~torch_geometric.data.Data` whose bond indices (``bond_edge``, ``bond_edge_rev``: positions in
    ``edge_index``) are shifted by the number of edges when graphs are batched, as node indices are by nodes."""

    def __inc__(self, key, value, *args, **kwargs):
        if key in ("bond_edge", "bond_edge_rev"):
            return self.edge_index.size(1)
        return super().__inc__(key, value, *args, **kwargs)


def bond_target_statistics(split: GlassSplit) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation ``(T_p,)`` of the bond target (:meth:`.dataset.GlassSplit.bonds`) over all
    pairs of a split (use the training split's)."""
    values = split.bond_change.astype(np.float64)                      # (T_p, ΣP)
    return values.mean(axis=1), values.std(axis=1)


def target_statistics(split: GlassSplit, kind: str = "cage") -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation ``(T_p,)``, ``(T_p,)`` of the propensity of the type-A particles of a split."""
    prop = split.propensity(kind)                                       # (C, T_p, N)
    values = np.concatenate([prop[c][:, split.types[c] == 0] for c in range(split.n_configurations)], axis=1)
    return values.mean(axis=1), values.std(axis=1)


def graph_from_configuration(positions: np.ndarray, types: np.ndarray, box: np.ndarray, cutoff: float = 2.0,
                             n_rbf: int = 16, y: np.ndarray | None = None,
                             bonds: tuple[np.ndarray, np.ndarray] | None = None) -> GlassGraph:
    """The input graph of one configuration (float32 tensors).

    Args:
        positions: ``(N, 2)`` (σ); types: ``(N,)`` 0 = A, 1 = B; box: ``(2,)`` periodic box (σ); cutoff: r_c (σ);
        y: optional ``(N, T_p)`` targets.
    Returns:
        ``Data`` with ``x (N, 2)`` one-hot type, ``edge_index (2, E)`` (minimum image, r < r_c),
        ``edge_attr (E, n_rbf)`` = :func:`gaussian_rbf` of ``edge_len (E,)``, ``edge_unit (E, d)`` the unit vector
        from receiver to sender (r_j − r_i)/|r_j − r_i| (used by the vector channels of :class:`GlassGN`),
        ``mask (N,)`` type A, and ``y``. Works for d = 2 and 3.

        With ``bonds = (pairs (P, 2), target (T_p, P))`` (pairs closer than ``cutoff``; BOTAN's bond target),
        also ``bond_edge``, ``bond_edge_rev`` ``(P,)``: the edges j → i and i → j of each pair (i, j), and
        ``bond_y (P, T_p)``.
    """
    edge_index, edge_vec, edge_len = periodic_graphs.radius_graph_periodic(positions, box, cutoff)
    distance = torch.as_tensor(edge_len, dtype=torch.float64)
    types = torch.as_tensor(np.asarray(types).astype(np.int64))
    graph = GlassGraph(
        x=nn.functional.one_hot(types, 2).to(torch.float32),
        edge_index=torch.as_tensor(edge_index, dtype=torch.long),
        edge_attr=gaussian_rbf(distance, n_rbf, cutoff).to(torch.float32),
        edge_len=distance.to(torch.float32),
        edge_unit=torch.as_tensor(edge_vec / edge_len[:, None], dtype=torch.float32),
        mask=types == 0,
    )
    if y is not None:
        graph.y = torch.as_tensor(np.asarray(y), dtype=torch.float32)
    if bonds is not None:
        pairs, target = bonds
        n = len(types)
        edge_key = np.asarray(edge_index[1], dtype=np.int64) * n + np.asarray(edge_index[0])   # receiver, sender
        order = np.argsort(edge_key)
        def find(receiver, sender):
            key = np.asarray(receiver, dtype=np.int64) * n + sender
            at = np.searchsorted(edge_key, key, sorter=order)
            found = order[np.minimum(at, len(order) - 1)]
            if not np.array_equal(edge_key[found], key):
                raise ValueError("a bond pair is not an edge of the graph (farther apart than the cutoff?)")
            return found
        graph.bond_edge = torch.as_tensor(find(pairs[:, 0], pairs[:, 1]), dtype=torch.long)
        graph.bond_edge_rev = torch.as_tensor(find(pairs[:, 1], pairs[:, 0]), dtype=torch.long)
        graph.bond_y = torch.as_tensor(np.asarray(target).T, dtype=torch.float32)
    return graph


def graphs_from_split(split: GlassSplit, cutoff: float = 2.0, n_rbf: int = 16, kind: str = "cage",
                      statistics: tuple[np.ndarray, np.ndarray] | None = None,
                      bond_statistics: tuple[np.ndarray, np.ndarray] | None = None) -> list[GlassGraph]:
    """One graph (:func:`graph_from_configuration`) per configuration of ``split``.

    ``y (N, T_p)`` is the propensity standardised per time, ``(p − mean) / std``; ``y_mean``, ``y_std``
    ``(1, T_p)`` keep the statistics used.

    Args:
        statistics: ``(mean, std)`` from :func:`target_statistics` of the **training** split. ``None`` is allowed
            only for the training split itself (standardising with validation or test statistics would use
            information the model must not see).
        bond_statistics: ``(mean, std)`` from :func:`bond_target_statistics` of the training split: attach the
            bond target standardised with them (splits of data set v3 and later).
    """
    if statistics is None:
        if split.name != "train":
            raise ValueError(f"split {split.name!r}: pass statistics=target_statistics(train) (training statistics)")
        statistics = target_statistics(split, kind)
    mean, std = (np.asarray(s, dtype=np.float64) for s in statistics)
    prop = split.propensity(kind)                                       # (C, T_p, N)
    out = []
    for c in range(split.n_configurations):
        bonds = None
        if bond_statistics is not None:
            pairs, change = split.bonds(c)
            bonds = (pairs, (change - bond_statistics[0][:, None]) / bond_statistics[1][:, None])
        graph = graph_from_configuration(split.positions[c], split.types[c], split.box, cutoff, n_rbf,
                                         y=(prop[c].T - mean) / std, bonds=bonds)
        graph.y_mean = torch.as_tensor(mean, dtype=torch.float32)[None]
        graph.y_std = torch.as_tensor(std, dtype=torch.float32)[None]
        out.append(graph)
    return out


# ----------------------------------------------------------------------------------------------- model
def mlp(n_in: int, n_hidden: int, n_out: int, activate_final: bool = True) -> nn.Sequential:
    """Two linear layers with ReLU (and a final ReLU unless ``activate_final=False``), as Bapst's MLPs."""
    layers: list[nn.Module] = [nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out)]
    return nn.Sequential(*layers, nn.ReLU()) if activate_final else nn.Sequential(*layers)


class GNProcessor(MessagePassing):
    r"""One graph-network step whose input includes the encoded graph (weights shared between steps).

    .. math::
        \mathbf{e}_k' = \phi^e\big(\mathbf{e}_k, \mathbf{e}_k^0, \mathbf{v}_{r_k}, \mathbf{v}_{s_k}
            [, \mathbf{v}^0_{r_k}, \mathbf{v}^0_{s_k}]\big), \qquad
        \mathbf{v}_i' = \phi^v\big(\mathbf{v}_i, \mathbf{v}_i^0, \textstyle\sum_{k:\, r_k = i} \mathbf{e}_k'
            [, |\mathbf{V}_i|^2]\big)

    (r_k receiver = ``edge_index[1]``, s_k sender = ``edge_index[0]``; superscript 0 = encoder output). With
    ``encoded_ends`` the edge update also sees the encoded input of both end nodes, as in Bapst et al. With
    ``vector_channels = K > 0`` each step also forms K vectors per node,
    :math:`\mathbf{V}_{i,c} = \sum_{k:\, r_k = i} w_c(\mathbf{e}_k')\, \hat{\mathbf{r}}_k` (a learned
    pair weight times the unit bond vector, summed like the force on a particle), and passes their squared
    lengths to the node update: these are invariant under rotations and reflections, yet contain bond
    angles, :math:`|\mathbf{V}_{i,c}|^2 = \sum_{jk} w_{c,j} w_{c,k} \cos\theta_{jk}`.
    Shapes: v, v0 (N, H); e, e0 (E, H); edge_unit (E, d) → ((N, H), (E, H)).
    """

    def __init__(self, hidden: int, encoded_ends: bool = False, vector_channels: int = 0):
        super().__init__(aggr="add")
        self.encoded_ends = encoded_ends
        self.vector_channels = vector_channels
        self.edge_mlp = mlp((6 if encoded_ends else 4) * hidden, hidden, hidden)   # φ^e
        self.node_mlp = mlp(3 * hidden + vector_channels, hidden, hidden)           # φ^v
        if vector_channels:
            self.vector_weight = nn.Linear(hidden, vector_channels)                  # w_c(e')

    def forward(self, v, v0, e, e0, edge_index, edge_unit=None):
        ends = torch.cat([v, v0], dim=1) if self.encoded_ends else v
        new_edge = self.edge_updater(edge_index, v=ends, edge_attr=torch.cat([e, e0], dim=1))
        extra = None
        if self.vector_channels:
            weights = self.vector_weight(new_edge)                                        # (E, K)
            vectors = weights[:, :, None] * edge_unit[:, None, :]                         # (E, K, d)
            summed = torch.zeros(v.shape[0], *vectors.shape[1:], dtype=v.dtype, device=v.device)
            summed.index_add_(0, edge_index[1], vectors)                                  # (N, K, d)
            extra = (summed ** 2).sum(-1)                                                 # (N, K)
        size = (v.shape[0], v.shape[0])
        return self.propagate(edge_index, size=size, v=v, v0=v0, edge_attr=new_edge, extra=extra), new_edge

    def edge_update(self, v_i, v_j, edge_attr):  # v_i: receiver (E, ·), v_j: sender (E, ·)
        return self.edge_mlp(torch.cat([edge_attr, v_i, v_j], dim=1))

    def message(self, edge_attr):
        return edge_attr

    def update(self, aggr_out, v, v0, extra):
        parts = [v, v0, aggr_out] + ([extra] if extra is not None else [])
        return self.node_mlp(torch.cat(parts, dim=1))


class GlassGN(nn.Module):
    """Encoder → processor (``steps`` times, shared weights) → decoder; one output per propensity time.

    Input: ``x (N, n_types)``, ``edge_attr (E, n_rbf)``, ``edge_index (2, E)`` and, for ``vector_channels > 0``,
    ``edge_unit (E, d)``; output ``(N, n_outputs)`` (standardised propensity). Permutation equivariant
    (per-node/per-edge functions and sums) and invariant under rotations and reflections of the configuration
    (distances, and squared lengths of summed vectors, are), in 2D and 3D alike. ``encoded_ends`` and
    ``vector_channels`` default to the chapter-14 model of data set v1 (off). ``bond_outputs > 0`` adds BOTAN's
    bond head (Shiba et al. 2023): a decoder of the final edge states, trained on the change of the pair
    distance (:func:`bond_prediction`), an auxiliary target that shapes the edge states the nodes sum.
    """

    def __init__(self, hidden: int = 32, steps: int = 3, n_rbf: int = 16, n_outputs: int = 8, n_types: int = 2,
                 encoded_ends: bool = False, vector_channels: int = 0, bond_outputs: int = 0):
        super().__init__()
        self.hparams = {"hidden": hidden, "steps": steps, "n_rbf": n_rbf, "n_outputs": n_outputs, "n_types": n_types}
        if encoded_ends or vector_channels:
            self.hparams.update(encoded_ends=encoded_ends, vector_channels=vector_channels)
        if bond_outputs:
            self.hparams.update(bond_outputs=bond_outputs)
            self.edge_decoder = mlp(hidden, hidden, bond_outputs, activate_final=False)   # BOTAN's bond head
        self.steps = steps
        self.node_encoder = mlp(n_types, hidden, hidden)
        self.edge_encoder = mlp(n_rbf, hidden, hidden)
        self.processor = GNProcessor(hidden, encoded_ends, vector_channels)
        self.decoder = mlp(hidden, hidden, n_outputs, activate_final=False)

    def forward(self, x, edge_attr, edge_index, edge_unit=None, with_edges: bool = False):
        v0, e0 = self.node_encoder(x), self.edge_encoder(edge_attr)
        v, e = v0, e0
        for _ in range(self.steps):
            v, e = self.processor(v, v0, e, e0, edge_index, edge_unit)
        if with_edges:   # (N, n_outputs), (E, bond_outputs): the bond head reads the last edge state
            return self.decoder(v), self.edge_decoder(e)
        return self.decoder(v)


def _run(model: nn.Module, graph: Data, dtype: torch.dtype | None = None, with_edges: bool = False):
    """``model`` applied to a graph (or batch), inputs cast to ``dtype`` (default: the model's own)."""
    dtype = dtype or next(model.parameters()).dtype
    device = next(model.parameters()).device
    unit = graph.edge_unit.to(device, dtype) if getattr(graph, "edge_unit", None) is not None else None
    inputs = (graph.x.to(device, dtype), graph.edge_attr.to(device, dtype), graph.edge_index.to(device), unit)
    return model(*inputs, with_edges=True) if with_edges else model(*inputs)


def bond_prediction(edge_out: torch.Tensor, graph: Data) -> torch.Tensor:
    """The bond head's prediction ``(P, bond_outputs)`` for the pairs of ``graph``: the mean over the two
    directed edges of each pair (symmetric under i ↔ j)."""
    device = edge_out.device
    return 0.5 * (edge_out[graph.bond_edge.to(device)] + edge_out[graph.bond_edge_rev.to(device)])


def default_device() -> torch.device:
    """CUDA if a GPU is visible (e.g. Colab with a GPU runtime), otherwise the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


# -------------------------------------------------------------------------------------- train, evaluate
def predict(model: nn.Module, graph: Data, dtype: torch.dtype = torch.float64) -> np.ndarray:
    """Model output ``(N, T_p)`` (standardised units) for one graph, computed in ``dtype`` (default float64,
    so that results agree across CPU builds far below the printed precision)."""
    model = copy.deepcopy(model).to(dtype).eval()
    with torch.no_grad():
        out = _run(model, graph, dtype)
    return out.double().cpu().numpy()


def evaluate(model: nn.Module, graphs: Sequence[Data], dtype: torch.dtype = torch.float64,
             per_configuration: bool = False) -> np.ndarray:
    """Pearson ρ between prediction and target on the type-A particles per time (:mod:`.scoring`): the mean over
    configurations ``(T_p,)``, or ``(C, T_p)`` with ``per_configuration=True`` (for paired comparisons)."""
    model = copy.deepcopy(model).to(dtype).eval()
    with torch.no_grad():
        outputs = [_run(model, g, dtype).double().cpu().numpy().T for g in graphs]           # (T_p, N) each
    rhos = scoring.by_configuration(outputs, [g.y.double().numpy().T for g in graphs], [g.mask.numpy() for g in graphs])
    return rhos if per_configuration else rhos.mean(axis=0)


def masked_mse(prediction: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the particles with ``mask`` (type A) and all times."""
    return ((prediction[mask] - target[mask]) ** 2).mean()


def data_fingerprint(graphs: Sequence[Data]) -> str:
    """SHA-256 of the inputs and targets of ``graphs`` (tells whether a checkpoint was made on the same data)."""
    digest = hashlib.sha256()
    for g in graphs:
        for key in ("x", "edge_index", "edge_attr", "edge_unit", "y", "mask"):
            value = getattr(g, key, None)
            if value is not None:
                digest.update(key.encode() + value.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def _state_digest(state: dict) -> str:
    """SHA-256 of the names and values of a state dict (tells whether a checkpoint started from the same one)."""
    digest = hashlib.sha256()
    for key in sorted(state):
        digest.update(key.encode() + state[key].detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()


def _read_checkpoint(path: Path, arguments: dict, epochs: int) -> dict:
    """The checkpoint at ``path``, after checking it was made by a run with the same ``arguments``."""
    state = torch.load(path, map_location="cpu", weights_only=True)
    if state.get("arguments") != arguments:
        saved = state.get("arguments") or {}
        differ = sorted(k for k in saved.keys() | arguments.keys() if saved.get(k) != arguments.get(k))
        details = ", ".join(f"{k}: {saved.get(k)!r} (checkpoint) vs {arguments.get(k)!r} (now)" for k in differ)
        raise ValueError(f"{path}: checkpoint of a different run ({details}); use another checkpoint path")
    if state["epoch"] > epochs:
        raise ValueError(f"{path}: checkpoint is at epoch {state['epoch']}, more than epochs={epochs}")
    return state


def train(train_graphs: Sequence[Data], valid_graphs: Sequence[Data], epochs: int, seed: int = 0,
          lr: float = 1e-3, clip: float = 1.0, batch_size: int = 1, hidden: int = 32, steps: int = 3,
          log: Callable[[str], None] | None = print, log_every: int = 1, encoded_ends: bool = False,
          vector_channels: int = 0, device: torch.device | str | None = None,
          checkpoint: str | Path | None = None, node_weight: float = 1.0,
          pretrain_epochs: int = 0, initial_state: dict | None = None) -> tuple[GlassGN, dict]:
    """Train a :class:`GlassGN` with Adam on the masked MSE; keep the epoch with the best validation ρ.

    ``device``: default :func:`default_device` (a GPU when there is one); the returned model is on the CPU.
    Deterministic for a given ``seed`` (``torch.manual_seed`` for the weights, a ``numpy`` generator for the
    order of the graphs) on one thread. The model is selected on ``valid_graphs`` (mean over times of
    :func:`evaluate`); test graphs are never passed here.

    ``checkpoint``: a file written (atomically) after every epoch with the model, optimizer and RNG states, the
    history and the best epoch so far. If it exists, training resumes from it, and the result equals that of an
    uninterrupted run bit for bit (CPU, one thread); a checkpoint at epoch ``epochs`` just returns the result.
    Raises ``ValueError`` if it was made with other hyperparameters or data (:func:`data_fingerprint`), or is at
    a later epoch than ``epochs``. ``seconds`` adds up over the resumed runs.

    BOTAN's bond target (graphs with ``bond_y``, :func:`graphs_from_split` with ``bond_statistics``): the loss is
    p · MSE(node) + (1 − p) · MSE(bond) with p = ``node_weight`` (1: nodes only, no bond head), after
    ``pretrain_epochs`` epochs on the bond target alone (p = 0), which are not candidates for the selection.

    ``initial_state``: parameters to start from instead of the random initialisation, e.g. those of a model
    trained on another target (fine-tuning): a state dict of a :class:`GlassGN` of the same sizes, or a part of
    one (say without the ``decoder.`` entries when the number of outputs differs); parameters it does not name
    keep their random initial values (drawn from ``seed`` as usual). Raises ``ValueError`` for a name the model
    does not have.

    Returns:
        ``(model, history)``: the model at the best validation epoch (in train mode), and a dict with
        ``train_loss (epochs,)``, ``valid_rho (epochs, T_p)``, ``valid_score (epochs,)``, ``best_epoch``
        (1-based), ``seconds`` and the hyperparameters.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    n_outputs = train_graphs[0].y.shape[1]
    n_rbf = train_graphs[0].edge_attr.shape[1]
    with_bonds = node_weight < 1.0 or pretrain_epochs > 0
    if pretrain_epochs >= epochs:
        raise ValueError(f"pretrain_epochs={pretrain_epochs} leaves no epoch to select among (epochs={epochs})")
    if with_bonds and getattr(train_graphs[0], "bond_y", None) is None:
        raise ValueError("node_weight < 1 or pretrain_epochs > 0 needs graphs with bond targets (bond_statistics)")
    model = GlassGN(hidden=hidden, steps=steps, n_rbf=n_rbf, n_outputs=n_outputs, encoded_ends=encoded_ends,
                    vector_channels=vector_channels,
                    bond_outputs=train_graphs[0].bond_y.shape[1] if with_bonds else 0)
    if initial_state is not None:
        unexpected = sorted(set(initial_state) - set(model.state_dict()))
        if unexpected:
            raise ValueError(f"initial_state has entries the model does not have: {unexpected}")
        model.load_state_dict(initial_state, strict=False)
    model = model.to(device or default_device())
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = {"train_loss": [], "valid_rho": [], "valid_score": []}
    best_score, best_state, best_epoch = -np.inf, None, 0
    done, seconds = 0, 0.0
    path = None if checkpoint is None else Path(checkpoint)
    if path is not None:
        arguments = {"seed": seed, "lr": lr, "clip": clip, "batch_size": batch_size, **model.hparams,
                     **({"node_weight": node_weight, "pretrain_epochs": pretrain_epochs} if with_bonds else {}),
                     **({"initial_state": _state_digest(initial_state)} if initial_state is not None else {}),
                     "n_train": len(train_graphs), "n_valid": len(valid_graphs),
                     "train_data": data_fingerprint(train_graphs), "valid_data": data_fingerprint(valid_graphs)}
        if path.exists():
            state = _read_checkpoint(path, arguments, epochs)
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            rng.bit_generator.state = state["numpy_rng"]
            torch.set_rng_state(state["torch_rng"])
            history = state["history"]
            best_score, best_epoch, best_state = state["best_score"], state["best_epoch"], state["best_state"]
            done, seconds = state["epoch"], state["seconds"]
            if log is not None and done < epochs:
                log(f"resuming from {path} at epoch {done} ({seconds:.0f} s so far)")
    start, elapsed = time.perf_counter(), seconds
    for epoch in range(done + 1, epochs + 1):
        model.train()
        order = rng.permutation(len(train_graphs))
        losses = []
        for first in range(0, len(order), batch_size):
            batch = Batch.from_data_list([train_graphs[k] for k in order[first:first + batch_size]])
            optimizer.zero_grad()
            p = 0.0 if epoch <= pretrain_epochs else node_weight
            if with_bonds:
                out, edge_out = _run(model, batch, with_edges=True)
                bond_loss = ((bond_prediction(edge_out, batch) - batch.bond_y.to(out.device)) ** 2).mean()
                loss = (1.0 - p) * bond_loss
                if p > 0:
                    loss = loss + p * masked_mse(out, batch.y.to(out.device), batch.mask.to(out.device))
            else:
                out = _run(model, batch)
                loss = masked_mse(out, batch.y.to(out.device), batch.mask.to(out.device))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), clip)
            optimizer.step()
            losses.append(loss.item())
        rho = evaluate(model, valid_graphs, dtype=torch.float32)
        history["train_loss"].append(float(np.mean(losses)))
        history["valid_rho"].append(rho.tolist())
        history["valid_score"].append(float(rho.mean()))
        if epoch > pretrain_epochs and rho.mean() > best_score:
            best_score, best_epoch = float(rho.mean()), epoch
            best_state = copy.deepcopy(model.state_dict())
        elapsed = seconds + time.perf_counter() - start
        if path is not None:
            snapshot = {"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                        "numpy_rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(),
                        "history": history, "best_score": best_score, "best_epoch": best_epoch,
                        "best_state": best_state, "epoch": epoch, "epochs": epochs, "seconds": elapsed,
                        "arguments": arguments, "threads": torch.get_num_threads(), "torch": str(torch.__version__)}
            artefacts.write_atomically(path, functools.partial(torch.save, snapshot))   # never half-written
        if log is not None and (epoch % log_every == 0 or epoch == epochs):
            log(f"epoch {epoch:4d}  train loss {history['train_loss'][-1]:.4f}  valid rho {rho.mean():.4f}  "
                f"({elapsed:.0f} s)")
    model.load_state_dict(best_state)
    model.cpu()
    history.update(best_epoch=best_epoch, best_valid_score=best_score, epochs=epochs, seconds=elapsed,
                   seed=seed, lr=lr, clip=clip, batch_size=batch_size, hyperparameters=model.hparams,
                   n_train=len(train_graphs), n_valid=len(valid_graphs),
                   **({"node_weight": node_weight, "pretrain_epochs": pretrain_epochs} if with_bonds else {}))
    return model, history


def training_graphs(data: str | Path | None = None, with_bonds: bool = False):
    """The training and validation graphs of a data directory (default: the shipped data), standardised with the
    training statistics: ``(train split, train graphs, valid graphs, (mean, std))``; with ``with_bonds`` the
    training graphs carry the bond target. Validation keeps the training split's times (in v2 and v3 the valid
    and test splits have one more time, 300 τ)."""
    from .dataset import load_split

    train_split, valid_split = load_split(data, "train"), load_split(data, "valid")
    valid_split = valid_split.at_times(train_split.times)
    statistics = target_statistics(train_split)
    bond_statistics = bond_target_statistics(train_split) if with_bonds else None
    train_graphs = graphs_from_split(train_split, statistics=statistics, bond_statistics=bond_statistics)
    return train_split, train_graphs, graphs_from_split(valid_split, statistics=statistics), statistics


def subset(graphs: Sequence[Data], n: int | None) -> list[Data]:
    """``n`` graphs evenly spaced over ``graphs`` (all for ``None``): a data-scaling point in which every chain
    of the training split keeps some configurations."""
    if n is None:
        return list(graphs)
    keep = np.unique(np.round(np.linspace(0, len(graphs) - 1, n)).astype(int))
    return [graphs[k] for k in keep]


# ------------------------------------------------------------------------------------------ save, load
def save(model: GlassGN, directory: str | Path, info: dict) -> Path:
    """Write ``model.pt`` (state dict), ``model.json`` (``info`` + hyperparameters + torch version) and a manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), directory / WEIGHTS)
    meta = {**info, "hyperparameters": model.hparams, "torch": torch.__version__}
    (directory / INFO).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    notes = {WEIGHTS: "state dict of mlzemi.glass.gnn.GlassGN (float32)",
             INFO: "hyperparameters, training curves, best epoch and training time"}
    artefacts.write_manifest(directory, notes, {"command": info.get("command", "")}, fmt=FORMAT, sort=False)
    return directory


def load(directory: str | Path | None = None) -> tuple[GlassGN, dict]:
    """Read weights written by :func:`save` (default: the shipped ones) after checking their SHA-256.

    Returns ``(model in eval mode, info dict)``. Raises :class:`mlzemi.artefacts.DataIntegrityError` naming the
    file if a file is missing, changed or corrupted.
    """
    directory = PACKAGE_WEIGHTS if directory is None else Path(directory)
    manifest = artefacts.read_manifest(directory, FORMAT)
    info = json.loads(artefacts.verify_file(directory, INFO, manifest).read_text(encoding="utf-8"))
    state = torch.load(artefacts.verify_file(directory, WEIGHTS, manifest), weights_only=True)
    model = GlassGN(**info["hyperparameters"])
    model.load_state_dict(state)
    return model.eval(), info


# ------------------------------------------------------------------------------------------------- CLI
def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mlzemi.glass.gnn", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("train", help="train on the shipped data (train split), select on valid, save")
    p.add_argument("--epochs", type=int, default=150)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--encoded-ends", action="store_true", help="v⁰ of both end nodes in the edge update (Bapst)")
    p.add_argument("--vector-channels", type=int, default=0, help="K vector channels (0: distances only)")
    p.add_argument("--node-weight", type=float, default=1.0,
                   help="BOTAN: loss = p·node + (1 − p)·bond with p = this (1: no bond target)")
    p.add_argument("--pretrain-epochs", type=int, default=0, help="BOTAN: epochs on the bond target alone first")
    p.add_argument("--n-train", type=int, default=None,
                   help="use N training configurations only, evenly spaced over the split (every chain keeps some)")
    p.add_argument("--data", type=Path, default=None, help="data directory (default: the shipped data)")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--checkpoint", type=Path, default=None,
                   help="checkpoint written after every epoch; the same command again resumes from it "
                        "(default: OUT/checkpoint.pt)")
    args = parser.parse_args(argv)

    torch.set_num_threads(args.threads)
    with_bonds = args.node_weight < 1.0 or args.pretrain_epochs > 0
    train_split, train_graphs, valid_graphs, statistics = training_graphs(args.data, with_bonds)
    train_graphs = subset(train_graphs, args.n_train)
    model, history = train(train_graphs, valid_graphs, epochs=args.epochs, seed=args.seed, lr=args.lr,
                           batch_size=args.batch_size, hidden=args.hidden, steps=args.steps,
                           encoded_ends=args.encoded_ends, vector_channels=args.vector_channels,
                           checkpoint=args.checkpoint or args.out / "checkpoint.pt",
                           node_weight=args.node_weight, pretrain_epochs=args.pretrain_epochs)
    command = (f"python -m mlzemi.glass.gnn train --epochs {args.epochs} --seed {args.seed} --lr {args.lr:g} "
               f"--batch-size {args.batch_size} --threads {args.threads} --hidden {args.hidden} --steps {args.steps}"
               + (" --encoded-ends" if args.encoded_ends else "")
               + (f" --vector-channels {args.vector_channels}" if args.vector_channels else "")
               + (f" --node-weight {args.node_weight:g}" if args.node_weight < 1.0 else "")
               + (f" --pretrain-epochs {args.pretrain_epochs}" if args.pretrain_epochs else "")
               + (f" --n-train {args.n_train}" if args.n_train is not None else "")
               + (f" --data {args.data}" if args.data else "")
               + f" --out {args.out}"
               + (f" --checkpoint {args.checkpoint}" if args.checkpoint else ""))
    info = {**history, "command": command, "data": str(args.data or "shipped"), "cutoff": 2.0, "kind": "cage",
            "times": train_split.times.tolist(),
            "target_mean": statistics[0].tolist(), "target_std": statistics[1].tolist(),
            "date": time.strftime("%Y-%m-%d"), "threads": args.threads}
    save(model, args.out, info)
    print(f"best epoch {history['best_epoch']} of {args.epochs}, valid rho {history['best_valid_score']:.4f}, "
          f"{history['seconds']:.0f} s; written to {args.out}")


if __name__ == "__main__":
    main()
