"""mlzemi.gradcam: the hooks give the same map as autograd, and Grad-CAM equals CAM under global average pooling."""

from __future__ import annotations

import torch
from torch import nn

from mlzemi.gradcam import GradCAM


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
