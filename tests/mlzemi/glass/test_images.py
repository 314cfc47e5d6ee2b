"""mlzemi.glass.images: configurations as periodic images, periodic upsampling, and image maps back to particles."""

from __future__ import annotations

import numpy as np
import torch

from mlzemi.glass import images

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


def test_render_default_width_is_one_pixel():
    positions = np.array([[3.1, 4.7], [8.0, 1.2]])
    types = np.array([0, 1])
    pixel = max(BOX / np.array([48, 30]))
    np.testing.assert_array_equal(images.render(positions, types, BOX, (48, 30)),
                                  images.render(positions, types, BOX, (48, 30), width=pixel))
    assert not np.allclose(images.render(positions, types, BOX, (48, 30)),
                           images.render(positions, types, BOX, (48, 30), width=0.5 * pixel))


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
