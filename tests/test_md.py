"""The MD engines: geometry, neighbour lists and forces against brute force; NumPy engine against LAMMPS."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mlzemi.md import configurations, integrators, neighbors, potentials, quantities, space
from mlzemi.md.lammps_engine import LammpsEngine
from mlzemi.md.numpy_engine import NumpyEngine, VerletForces

needs_lammps = pytest.mark.lammps  # fails (not skipped) where LAMMPS is missing: tests/conftest.py


@pytest.fixture(scope="module")
def liquid():
    """A KA2D liquid of N = 200 at T ≈ 1 (short Langevin run of the NumPy engine from a random start)."""
    positions, types, box = configurations.random_configuration(200, seed=3)
    x, v = NumpyEngine().equilibrate(positions[None], types, box, temperature=1.0, duration=2.0, seed=4)
    return x[0], v[0], types, box


# -- periodic geometry ----------------------------------------------------------------------------------
def test_minimum_image_matches_brute_force_over_images():
    rng = np.random.default_rng(0)
    box = np.array([5.0, 7.0])
    dr = rng.uniform(-20, 20, size=(500, 2))
    shifts = np.array(list(itertools.product(range(-5, 6), repeat=2))) * box
    candidates = dr[:, None, :] + shifts[None]
    best = candidates[np.arange(len(dr)), np.argmin(np.linalg.norm(candidates, axis=-1), axis=1)]
    np.testing.assert_allclose(space.minimum_image(dr, box), best, atol=1e-12)


def test_wrap_and_unwrap_round_trip():
    rng = np.random.default_rng(1)
    box = space.as_box(4.0)
    x = rng.uniform(-30, 30, size=(3, 50, 2))
    x[0, 0] = [-1e-17, 4.0]                            # rounding edge cases
    wrapped, shift = space.wrap(x, box)
    assert np.all((wrapped >= 0) & (wrapped < box))
    np.testing.assert_allclose(space.unwrap(wrapped, shift, box), x, atol=1e-12)


def test_periodic_pairs_match_brute_force(liquid):
    x, _, _, box = liquid
    radius = 2.8
    found = {tuple(p) for p in neighbors.periodic_pairs(x, box, radius)}
    i, j = np.triu_indices(len(x), k=1)
    dr = space.minimum_image(x[j] - x[i], box)
    expected = {(a, b) for a, b, d in zip(i, j, np.linalg.norm(dr, axis=1), strict=True) if d < radius}
    assert found == expected


def test_verlet_list_rebuilds_when_particles_moved_half_the_skin(liquid):
    x, _, types, box = liquid
    x = x[None]
    images = np.zeros(x.shape, dtype=np.int64)
    nlist = neighbors.build(x, images, types, box, skin=0.4)
    moved = x.copy()
    moved[0, 5, 0] += 0.19
    assert not neighbors.needs_rebuild(nlist, *space.wrap(moved, box), box)
    moved[0, 5, 0] += 0.02
    assert neighbors.needs_rebuild(nlist, *space.wrap(moved, box), box)


def test_verlet_list_update_rebuilds_only_the_systems_that_moved(liquid):
    x, _, types, box = liquid
    batch = np.stack([x, x])
    images = np.zeros(batch.shape, dtype=np.int64)
    nlist = neighbors.build(batch, images, types, box, skin=0.4)
    assert neighbors.update(nlist, batch, images, types, box) is nlist
    moved = batch.copy()
    moved[1, 7] += [0.25, 0.0]
    wrapped, shift = space.wrap(moved, box)
    updated = neighbors.update(nlist, wrapped, shift, types, box)
    assert updated.replica_pairs[0] is nlist.replica_pairs[0]
    expected = neighbors.periodic_pairs(wrapped[1], box, nlist.cutoff + nlist.skin) + len(x)
    np.testing.assert_array_equal(updated.replica_pairs[1], expected)
    assert len(updated.pairs) == len(updated.coefficients["epsilon"])


# -- potential and forces ---------------------------------------------------------------------------------
def test_pair_potential_values():
    """u(σ) = −u(r_c) (shifted), u(r_c) = 0, the minimum sits at 2^(1/6) σ, force zero there."""
    p = potentials.KA2D
    for a, b in [(0, 0), (0, 1), (1, 1)]:
        eps, sig, rc = p.epsilon[a, b], p.sigma[a, b], p.cutoff[a, b]
        c = potentials.pair_coefficients(np.array([a]), np.array([b]), p)
        r = np.array([sig, 2 ** (1 / 6) * sig, rc * (1 - 1e-12), rc])
        u, f = potentials.lennard_jones(r ** 2, c["epsilon"], c["sigma2"], c["cutoff2"], c["shift"])
        shift = 4 * eps * (rc ** -12 * sig ** 12 - rc ** -6 * sig ** 6)
        np.testing.assert_allclose(u, [-shift, -eps - shift, 0.0, 0.0], atol=1e-9)
        assert abs(f[1]) < 1e-10 and f[3] == 0.0


def test_verlet_list_forces_match_brute_force(liquid):
    x, _, types, box = liquid
    energy, forces = potentials.energy_forces(x, types, box)
    e2, f2, per_particle = NumpyEngine().energy_forces(x, types, box)
    assert abs(e2 - energy) <= 1e-12 * abs(energy)
    np.testing.assert_allclose(f2, forces, rtol=0, atol=1e-10 * np.abs(forces).max())
    assert abs(per_particle.sum() - energy) <= 1e-10 * abs(energy)


def test_forces_are_minus_the_energy_gradient(liquid):
    x, _, types, box = liquid
    _, forces = potentials.energy_forces(x, types, box)
    h = 1e-6
    for i, d in [(0, 0), (17, 1), (150, 0), (199, 1)]:
        plus, minus = x.copy(), x.copy()
        plus[i, d] += h
        minus[i, d] -= h
        numeric = -(potentials.energy_forces(plus, types, box)[0]
                    - potentials.energy_forces(minus, types, box)[0]) / (2 * h)
        assert abs(numeric - forces[i, d]) < 1e-5 * max(1.0, abs(forces[i, d]))


# -- dynamics of the teaching engine ---------------------------------------------------------------------
@pytest.mark.slow
def test_nve_conserves_energy_and_momentum(liquid):
    x, v, types, box = liquid
    velocities = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.8, seed=5)
    traj = NumpyEngine().run_nve(np.stack([x, x]), velocities, types, box, np.arange(0, 4001, 100))
    # velocity Verlet, dt = 0.005, 20 τ: a bounded O(dt²) fluctuation (≈ 1e-3 per particle at T ≈ 1) and
    # no systematic drift (slope fitted after the first sample; its noise is ≈ 2e-5 per particle per τ)
    assert np.all(quantities.drift_per_particle(traj.total_energy, len(types)) < 4e-3)
    rate = quantities.drift_rate_per_particle(traj.total_energy[:, 1:], traj.times[1:], len(types))
    assert np.all(np.abs(rate) < 1e-4), rate
    np.testing.assert_allclose(quantities.total_momentum(traj.velocities), 0.0, atol=1e-10)
    # the two replicas start from the same positions with different velocities: they diverge
    assert np.abs(traj.positions[0, -1] - traj.positions[1, -1]).max() > 0.1


def test_batch_equals_single_systems(liquid):
    x, v, types, box = liquid
    engine = NumpyEngine()
    velocities = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.8, seed=6)
    batch = engine.run_nve(np.stack([x, x]), velocities, types, box, [0, 40])
    single = engine.run_nve(x[None], velocities[1:], types, box, [0, 40])
    np.testing.assert_allclose(batch.positions[1], single.positions[0], atol=1e-10)


def test_langevin_reaches_its_temperature(liquid):
    x, _, types, box = liquid
    rng = np.random.default_rng(7)
    force_fn = VerletForces(types, box)
    state = integrators.initial_state(np.stack([x, x]), np.zeros((2, len(types), 2)), force_fn, box)
    temps = []
    for step in range(1500):
        state = integrators.langevin_step(state, force_fn, 0.005, box, 0.7, 2.0, rng)
        if step >= 500:
            temps.append(quantities.temperature(state.velocities, fixed_momentum=False))
    assert abs(np.mean(temps) - 0.7) < 0.03


def test_maxwell_boltzmann_velocities_are_exact():
    v = configurations.maxwell_boltzmann_velocities((4, 300), 0.65, seed=0)
    np.testing.assert_allclose(quantities.temperature(v), 0.65, rtol=1e-12)
    np.testing.assert_allclose(quantities.total_momentum(v), 0.0, atol=1e-12)


def test_random_configuration_has_no_strong_overlaps():
    x, types, box = configurations.random_configuration(300, seed=2)
    pairs = neighbors.periodic_pairs(x, box, 1.0)
    r = np.linalg.norm(space.minimum_image(x[pairs[:, 1]] - x[pairs[:, 0]], box), axis=1)
    sigma = potentials.KA2D.sigma[types[pairs[:, 0]], types[pairs[:, 1]]]
    assert np.all(r > 0.88 * sigma)
    assert np.mean(types == 0) == pytest.approx(0.65, abs=0.01)
    assert box[0] ** 2 == pytest.approx(300 / 1.2)


# -- cross-check against LAMMPS ----------------------------------------------------------------------------
@needs_lammps
@pytest.mark.parametrize("pair_style", ["lj/cut", "lj/cut/opt"])
def test_energy_and_forces_agree_with_lammps(liquid, pair_style):
    x, _, types, box = liquid
    e_np, f_np, u_np = NumpyEngine().energy_forces(x, types, box)
    e_l, f_l, u_l = LammpsEngine(pair_style=pair_style).energy_forces(x, types, box)
    assert abs(e_np - e_l) <= 1e-8 * abs(e_l)
    np.testing.assert_allclose(f_np, f_l, rtol=0, atol=1e-8 * np.abs(f_l).max())
    np.testing.assert_allclose(u_np, u_l, rtol=0, atol=1e-8 * np.abs(u_l).max())


@needs_lammps
@pytest.mark.parametrize("pair_style", ["lj/cut", "lj/cut/opt"])
def test_nve_trajectory_agrees_with_lammps(liquid, pair_style):
    """50 steps from the same positions and velocities (two replicas, the second with fresh velocities):
    positions and velocities agree to 1e-9 (σ, σ/τ), potential energies to 1e-9 ε per particle; after
    400 steps positions still agree to 1e-6 σ."""
    x, v, types, box = liquid
    positions = np.stack([x, x])
    velocities = np.stack([v, configurations.maxwell_boltzmann_velocities((len(types),), 0.8, seed=9)])
    steps = [0, 1, 10, 50, 400]
    a = NumpyEngine().run_nve(positions, velocities, types, box, steps)
    b = LammpsEngine(pair_style=pair_style).run_nve(positions, velocities, types, box, steps)
    np.testing.assert_allclose(a.positions[:, :4], b.positions[:, :4], rtol=0, atol=1e-9)
    np.testing.assert_allclose(a.velocities[:, :4], b.velocities[:, :4], rtol=0, atol=1e-9)
    np.testing.assert_allclose(a.potential_energy[:, :4], b.potential_energy[:, :4], rtol=0, atol=1e-9 * len(types))
    # after 400 steps (2 τ) rounding differences have grown chaotically but stay tiny; particles have
    # crossed the periodic boundaries, so this also checks LAMMPS's image flags against our counters
    np.testing.assert_allclose(a.positions[:, 4], b.positions[:, 4], rtol=0, atol=1e-6)
    assert np.any((a.positions[:, 4] < 0) | (a.positions[:, 4] >= box))


@needs_lammps
def test_lammps_equilibration_zeroes_momentum_and_conserves_energy(liquid):
    x, _, types, box = liquid
    engine = LammpsEngine()
    xe, ve = engine.equilibrate(x[None], types, box, temperature=0.8, duration=5.0, seed=1)
    np.testing.assert_allclose(quantities.total_momentum(ve), 0.0, atol=1e-10)
    assert abs(quantities.temperature(ve)[0] - 0.8) < 0.15
    traj = engine.run_nve(xe, ve, types, box, np.arange(0, 8001, 200))
    assert quantities.drift_per_particle(traj.total_energy, len(types))[0] < 4e-3
    rate = quantities.drift_rate_per_particle(traj.total_energy[:, 1:], traj.times[1:], len(types))
    assert abs(rate[0]) < 1e-4, rate
    np.testing.assert_allclose(quantities.total_momentum(traj.velocities), 0.0, atol=1e-9)


@needs_lammps
@pytest.mark.slow
def test_relaxation_slows_down_on_cooling():
    """τ_α from F_s(k = 6.3) of the A particles, plain and cage-relative, grows from T = 1.0 to T = 0.6.

    A cheap version of the real measurement: N = 256, one configuration per temperature, 4 replicas,
    30 τ of Langevin equilibration. At T = 0.6 the cage-relative τ_α (≈ 70–100 at N = 1024) is longer than
    the run, so it is only required to exceed the T = 1.0 value (or not to be reached, NaN).
    """
    from mlzemi.glass import dynamics, isoconfig

    engine = LammpsEngine()
    x0, types, box = configurations.random_configuration(256, seed=11)
    steps = dynamics.log_spaced_steps(0.05, 40.0, 24, engine.dt)
    tau = {}
    for temperature in (1.0, 0.6):
        x, _ = engine.equilibrate(x0[None], types, box, temperature=temperature, duration=30.0, seed=12)
        traj = isoconfig.run(engine, x[0], types, box, temperature, 4, steps, seed=13)
        mob = isoconfig.mobility(traj)
        tau[temperature] = (dynamics.relaxation_time(traj.times, mob.fs_plain),
                            dynamics.relaxation_time(traj.times, mob.fs_cage))
    plain_hot, cage_hot = tau[1.0]
    plain_cold, cage_cold = tau[0.6]
    assert np.isfinite(plain_hot) and np.isfinite(cage_hot) and np.isfinite(plain_cold)
    assert plain_cold > 2 * plain_hot
    assert cage_hot > plain_hot                                  # cage-relative decays more slowly
    assert not cage_cold <= 2 * cage_hot                         # NaN (not reached) passes


def test_benchmark_result_is_shipped():
    """The measured speeds that the book quotes are in the package, with their provenance."""
    import json
    from pathlib import Path

    import mlzemi.md.benchmark as benchmark

    result = json.loads(Path(benchmark.DEFAULT_OUT).read_text(encoding="utf-8"))
    speeds = result["particle_steps_per_second"]
    assert result["n_particles"] == 1024 and {"lammps", "numpy", "lammps_langevin"} <= set(speeds)
    assert result["engine_speed_ratio_vs_lammps"] == pytest.approx(speeds["numpy"] / speeds["lammps"])
    assert result["lammps_speedup_over_numpy"] == pytest.approx(1 / result["engine_speed_ratio_vs_lammps"])
    assert result["engine_speed_ratio_vs_lammps"] < 1 / 3       # a compiled engine must be well ahead
    assert {"date", "machine"} <= set(result) and result["machine"]["lammps"]
