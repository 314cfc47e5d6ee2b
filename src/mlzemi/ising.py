"""The two-dimensional Ising model on an L × L square lattice with periodic boundaries.

Energy (coupling J = 1, no field, k_B = 1, temperature T in units of J/k_B):

    E(s) = - Σ_<ij> s_i s_j,     s_i = ±1,

the sum running over the 2 L² nearest-neighbour bonds. Magnetisation per spin m = (1/L²) Σ_i s_i.
The sampler is the Metropolis algorithm (Metropolis et al., J. Chem. Phys. 21, 1087 (1953)) with a
checkerboard update: the two sublattices of a bipartite lattice (L even) have no bonds inside them, so all
spins of one colour can be updated at once, and many independent chains (one per temperature or replica)
are updated together as one NumPy array. Exact results: Onsager, Phys. Rev. 65, 117 (1944);
the spontaneous magnetisation (Yang 1952) is m(T) = (1 − sinh⁻⁴(2/T))^{1/8} for T < T_c.
"""

from __future__ import annotations

import numpy as np

#: Critical temperature of the square-lattice Ising model, T_c = 2 / ln(1 + √2) ≈ 2.269185 (units of J/k_B).
T_C = 2.0 / np.log1p(np.sqrt(2.0))


def energy(spins: np.ndarray) -> np.ndarray:
    """Total energy E = −Σ_<ij> s_i s_j with periodic boundaries.

    spins: (..., L, L) array of ±1. Returns a float array of shape (...,), in units of J.
    """
    s = np.asarray(spins, dtype=np.float64)
    return -np.sum(s * (np.roll(s, 1, axis=-1) + np.roll(s, 1, axis=-2)), axis=(-2, -1))


def magnetization(spins: np.ndarray) -> np.ndarray:
    """Magnetisation per spin m = (1/L²) Σ_i s_i. spins: (..., L, L) of ±1; returns shape (...,)."""
    return np.mean(np.asarray(spins, dtype=np.float64), axis=(-2, -1))


def onsager_magnetization(temperature) -> np.ndarray:
    """Exact spontaneous magnetisation per spin of the infinite lattice, (1 − sinh⁻⁴(2/T))^{1/8} for T < T_c, 0 above.

    temperature: scalar or array (units of J/k_B). Returns an array of the same shape.
    """
    t = np.asarray(temperature, dtype=np.float64)
    x = 1.0 - np.sinh(2.0 / t) ** -4.0
    return np.where(t < T_C, np.clip(x, 0.0, None) ** 0.125, 0.0)


def checkerboard(size: int) -> np.ndarray:
    """Boolean (L, L) mask of the 'black' sublattice, (i + j) even. L must be even for periodic boundaries."""
    if size % 2:
        raise ValueError("the checkerboard update needs an even L with periodic boundaries")
    i, j = np.indices((size, size))
    return (i + j) % 2 == 0


def metropolis_sweep(spins: np.ndarray, beta: np.ndarray, rng: np.random.Generator) -> None:
    """One Metropolis sweep (every spin proposed once), in place, for a batch of independent chains.

    spins: (C, L, L) int8 array of ±1 (C chains, L even); beta: (C,) inverse temperatures 1/T.
    A flip of spin i changes the energy by ΔE = 2 s_i h_i, h_i the sum of its four neighbours; it is accepted
    with probability min(1, exp(−β ΔE)). The black sublattice is updated first, then the white one.
    """
    n_chains, size, _ = spins.shape
    beta = np.broadcast_to(np.asarray(beta, dtype=np.float64), (n_chains,))
    # acceptance probabilities for s_i h_i = 2 and 4 (ΔE = 4, 8); s_i h_i <= 0 is always accepted
    p2 = np.exp(-4.0 * beta).astype(np.float32)[:, None, None]
    p4 = np.exp(-8.0 * beta).astype(np.float32)[:, None, None]
    uniform = rng.random(spins.shape, dtype=np.float32)  # each site is proposed once per sweep
    black = checkerboard(size)
    for colour in (black, ~black):
        field = np.roll(spins, 1, 1) + np.roll(spins, -1, 1) + np.roll(spins, 1, 2) + np.roll(spins, -1, 2)
        sh = spins * field
        accept = (sh <= 0) | ((sh == 2) & (uniform < p2)) | ((sh == 4) & (uniform < p4))
        spins[accept & colour] *= -1


def sample(
    size: int,
    temperatures,
    n_chains: int,
    n_equilibrate: int,
    n_samples: int,
    sweeps_between: int,
    seed: int = 0,
    start: str = "ordered",
) -> np.ndarray:
    """Equilibrium configurations of the L × L Ising model at several temperatures.

    All len(temperatures) × n_chains chains run together. Each chain starts from the all-up state
    (``start="ordered"``, the safe choice below T_c, where a random start coarsens slowly and may stick in
    stripe states) or from random spins (``start="random"``), is equilibrated for n_equilibrate sweeps, then
    n_samples configurations are stored, sweeps_between sweeps apart.

    Returns an int8 array of shape (n_T, n_chains, n_samples, L, L) of ±1.
    """
    rng = np.random.default_rng(seed)
    temperatures = np.asarray(temperatures, dtype=np.float64)
    beta = np.repeat(1.0 / temperatures, n_chains)
    shape = (temperatures.size * n_chains, size, size)
    if start == "ordered":
        spins = np.ones(shape, dtype=np.int8)
    elif start == "random":
        spins = rng.choice(np.array([-1, 1], dtype=np.int8), size=shape)
    else:
        raise ValueError(f"start must be 'ordered' or 'random', not {start!r}")
    for _ in range(n_equilibrate):
        metropolis_sweep(spins, beta, rng)
    out = np.empty((n_samples, *shape), dtype=np.int8)
    for k in range(n_samples):
        for _ in range(sweeps_between):
            metropolis_sweep(spins, beta, rng)
        out[k] = spins
    return out.reshape(n_samples, temperatures.size, n_chains, size, size).transpose(1, 2, 0, 3, 4).copy()
