"""mlzemi.glass.observables against cases with a known answer."""

import numpy as np
import pytest

from mlzemi.glass import observables as ob


def test_radial_distribution_of_an_ideal_gas_is_one():
    rng = np.random.default_rng(0)
    box = np.array([20.0, 20.0])
    x = rng.uniform(0, 20, size=(20, 400, 2))
    r, g = ob.radial_distribution(x, box, r_max=6.0, dr=0.5)
    assert np.all(np.abs(g[2:] - 1) < 0.05)


def test_structure_factor_of_an_ideal_gas_is_one_and_a_lattice_has_a_bragg_peak():
    rng = np.random.default_rng(1)
    box = np.array([20.0, 20.0])
    k, s = ob.structure_factor(rng.uniform(0, 20, size=(20, 400, 2)), box, k_max=10)
    assert abs(s[k > 2].mean() - 1) < 0.05
    grid = np.stack(np.meshgrid(np.arange(20.0), np.arange(20.0)), -1).reshape(-1, 2)
    k, s = ob.structure_factor(grid, box, k_max=8)
    assert abs(ob.first_peak(k, s) - 2 * np.pi) < 2 * np.pi / 20      # within the k resolution of the box


def test_hexatic_order_is_one_on_a_triangular_lattice_and_low_in_a_gas():
    nx = 12
    pts = np.array([(i + 0.5 * (j % 2), j * np.sqrt(3) / 2) for j in range(nx) for i in range(nx)])
    box = np.array([nx, nx * np.sqrt(3) / 2])
    np.testing.assert_allclose(ob.hexatic_order(pts, box), 1.0, atol=1e-9)
    rng = np.random.default_rng(2)
    gas = ob.hexatic_order(rng.uniform(0, 12, size=(144, 2)), np.array([12.0, 12.0]))
    assert gas.mean() < 0.45


def test_chi4_of_independent_particles_is_the_bernoulli_variance():
    rng = np.random.default_rng(3)
    n, p = 500, 0.3
    q = (rng.random((4000, 3, n)) < p).mean(-1)
    np.testing.assert_allclose(ob.chi4(q, n), p * (1 - p), rtol=0.1)


def test_spatial_correlation_and_length_of_a_known_field():
    rng = np.random.default_rng(4)
    box = np.array([30.0, 30.0])
    x = rng.uniform(0, 30, size=(4, 900, 2))
    noise_r, noise_c = ob.spatial_correlation(rng.normal(size=(4, 900)), x, box, r_max=8, dr=0.5)
    assert np.all(np.abs(noise_c) < 0.1)
    # a smooth field: Gaussian-smoothed noise with a known length → C(r) decays, length of order it
    kx = 2 * np.pi * np.fft.fftfreq(64, d=30 / 64)
    smooth = []
    for c in range(4):
        field = np.fft.ifft2(np.fft.fft2(rng.normal(size=(64, 64)))
                             * np.exp(-0.5 * (kx[:, None] ** 2 + kx[None] ** 2) * 1.5 ** 2)).real
        cell = np.floor(x[c] / 30 * 64).astype(int) % 64
        smooth.append(field[cell[:, 0], cell[:, 1]])
    r, c = ob.spatial_correlation(np.array(smooth), x, box, r_max=8, dr=0.5)
    assert c[0] > 0.8 and c[-1] < 0.2
    assert 1.0 < ob.correlation_length(r, c, r_min=0.5, floor=0.05) < 6.0


def test_fs_interpolation_in_k_is_exact_at_grid_points():
    fs = np.arange(12.0).reshape(2, 2, 3)
    assert np.allclose(ob.fs_at(fs, [6.0, 7.0, 8.0], 7.0), fs[..., 1])
    assert np.allclose(ob.fs_at(fs, [6.0, 7.0, 8.0], 7.5), 0.5 * (fs[..., 1] + fs[..., 2]))
    with pytest.raises(ValueError):
        ob.fs_at(fs, [6.0, 7.0, 8.0], 9.0)


def test_fits_recover_their_parameters():
    t = np.array([0.6, 0.65, 0.7, 0.8, 1.0])
    tau = 0.5 * np.exp(1.2 * 0.3 / (t - 0.3))
    vft = ob.fit_vft(t, tau)
    assert vft["T0"] == pytest.approx(0.3, rel=1e-3) and vft["D"] == pytest.approx(1.2, rel=1e-3)
    arr = ob.fit_arrhenius(t, 2.0 * np.exp(3.0 / t))
    assert arr["E"] == pytest.approx(3.0) and arr["tau0"] == pytest.approx(2.0)
    slope, se = ob.linear_trend(np.arange(10.0), 2.0 * np.arange(10.0) + 1)
    assert slope == pytest.approx(2.0) and se < 1e-9
    mean, se = ob.paired_difference([1.0, 2.0, 3.0], [2.0, 3.5, 3.5])
    assert mean == pytest.approx(1.0) and se == pytest.approx(np.std([1, 1.5, 0.5], ddof=1) / np.sqrt(3))
