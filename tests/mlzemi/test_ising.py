"""Unit tests of mlzemi.ising: energies against a bond-by-bond loop, the sampler against exact enumeration
of a 4 × 4 lattice (2^16 states) and against Onsager's (Yang's) exact spontaneous magnetisation."""

from __future__ import annotations

import numpy as np
import pytest

from mlzemi import ising


def energy_by_loop(spins: np.ndarray) -> float:
    """E = −Σ_<ij> s_i s_j, each bond (right and down neighbour, periodic) counted once."""
    size = spins.shape[0]
    total = 0.0
    for i in range(size):
        for j in range(size):
            total -= spins[i, j] * (spins[i, (j + 1) % size] + spins[(i + 1) % size, j])
    return total


def exact_averages(size: int, temperature: float) -> tuple[float, float]:
    """⟨E⟩/N and ⟨|m|⟩ by summing over all 2^(L²) states (L = 4: 65,536 states)."""
    n_sites = size * size
    codes = np.arange(2**n_sites)
    bits = (codes[:, None] >> np.arange(n_sites)) & 1
    states = (2 * bits - 1).reshape(-1, size, size)
    e = ising.energy(states)
    m = np.abs(ising.magnetization(states))
    weight = np.exp(-(e - e.min()) / temperature)
    weight /= weight.sum()
    return float(weight @ e) / n_sites, float(weight @ m)


def test_t_c_is_onsager_value():
    assert ising.T_C == pytest.approx(2.269185314213022, abs=1e-12)


def test_energy_and_magnetization_against_loops():
    rng = np.random.default_rng(1)
    spins = rng.choice(np.array([-1, 1], dtype=np.int8), size=(5, 6, 6))
    assert ising.energy(spins) == pytest.approx([energy_by_loop(s) for s in spins])
    assert ising.magnetization(spins) == pytest.approx(spins.reshape(5, -1).mean(axis=1))
    ground = np.ones((4, 4))
    assert ising.energy(ground) == -2 * 16  # 2 L² bonds, all satisfied
    assert ising.energy(ising.checkerboard(4) * 2 - 1) == 2 * 16  # Néel state: all bonds broken


def test_exact_enumeration_reference_limits():
    """The reference itself: at high T, ⟨E⟩ → 0; at low T the ground state (E/N = −2, |m| = 1)."""
    e_hot, _ = exact_averages(4, 1e4)
    e_cold, m_cold = exact_averages(4, 0.2)
    assert abs(e_hot) < 1e-3
    assert e_cold == pytest.approx(-2.0, abs=1e-6) and m_cold == pytest.approx(1.0, abs=1e-6)


def test_checkerboard_mask():
    mask = ising.checkerboard(4)
    assert mask.sum() == 8
    assert not np.any(mask & np.roll(mask, 1, axis=0)) and not np.any(mask & np.roll(mask, 1, axis=1))
    with pytest.raises(ValueError):
        ising.checkerboard(5)


def test_infinite_temperature_flips_every_spin():
    """β = 0: every proposal is accepted, so one sweep flips all spins."""
    rng = np.random.default_rng(0)
    spins = rng.choice(np.array([-1, 1], dtype=np.int8), size=(3, 8, 8))
    before = spins.copy()
    ising.metropolis_sweep(spins, np.zeros(3), rng)
    assert np.array_equal(spins, -before) and spins.dtype == np.int8


def test_sample_shape_and_values():
    configs = ising.sample(6, [1.5, 3.0], n_chains=3, n_equilibrate=2, n_samples=4, sweeps_between=1, seed=0)
    assert configs.shape == (2, 3, 4, 6, 6) and configs.dtype == np.int8
    assert set(np.unique(configs)) <= {-1, 1}
    again = ising.sample(6, [1.5, 3.0], n_chains=3, n_equilibrate=2, n_samples=4, sweeps_between=1, seed=0)
    assert np.array_equal(configs, again)  # reproducible with a seed


@pytest.mark.parametrize("temperature", [1.8, 2.3, 3.0])
def test_sampler_matches_exact_enumeration_4x4(temperature):
    e_exact, m_exact = exact_averages(4, temperature)
    n_chains = 64
    configs = ising.sample(4, [temperature], n_chains, n_equilibrate=100, n_samples=400, sweeps_between=1,
                           seed=int(100 * temperature))[0]
    e_chain = ising.energy(configs).mean(axis=1) / 16  # one mean per independent chain
    m_chain = np.abs(ising.magnetization(configs)).mean(axis=1)
    for chain_means, exact in ((e_chain, e_exact), (m_chain, m_exact)):
        stderr = chain_means.std(ddof=1) / np.sqrt(n_chains)
        assert abs(chain_means.mean() - exact) < 4 * stderr + 1e-3, (chain_means.mean(), exact, stderr)


def test_sampler_detects_a_wrong_temperature():
    """The check above can fail: samples at T = 2.5 do not pass for the exact values at T = 2.3."""
    e_exact, _ = exact_averages(4, 2.3)
    configs = ising.sample(4, [2.5], 64, n_equilibrate=100, n_samples=400, sweeps_between=1, seed=7)[0]
    e_chain = ising.energy(configs).mean(axis=1) / 16
    stderr = e_chain.std(ddof=1) / np.sqrt(64)
    assert abs(e_chain.mean() - e_exact) > 4 * stderr + 1e-3


def test_onsager_magnetization_values():
    # m(2.0) = (1 - sinh(1)^-4)^(1/8), computed by hand; zero above T_c; → 1 as T → 0
    assert ising.onsager_magnetization(2.0) == pytest.approx((1 - np.sinh(1.0) ** -4) ** 0.125, rel=1e-12)
    assert ising.onsager_magnetization(2.0) == pytest.approx(0.911319, abs=1e-6)
    assert ising.onsager_magnetization(ising.T_C + 0.01) == 0.0
    assert ising.onsager_magnetization(0.5) == pytest.approx(1.0, abs=1e-6)


def test_sampler_magnetization_against_onsager():
    """|m|(T) on a 32 × 32 lattice agrees with the infinite-lattice exact result below T_c (finite-size effects
    are tiny there: the correlation length is a few lattice spacings at most)."""
    temperatures = np.array([1.5, 1.9, 2.1])
    configs = ising.sample(32, temperatures, n_chains=8, n_equilibrate=300, n_samples=50, sweeps_between=4, seed=3)
    m_chain = np.abs(ising.magnetization(configs)).mean(axis=2)  # (n_T, n_chains)
    stderr = m_chain.std(axis=1, ddof=1) / np.sqrt(m_chain.shape[1])
    exact = ising.onsager_magnetization(temperatures)
    assert np.all(np.abs(m_chain.mean(axis=1) - exact) < 3 * stderr + 0.01), (m_chain.mean(axis=1), exact)
