"""Grad-CAM with PyTorch hooks: the class written in the book's chapter 9, for reuse in later chapters.

Grad-CAM (R. R. Selvaraju et al., ICCV 2017): for a layer whose output is the feature maps A^k (N, K, u, v)
and a class score y^c, the weights α_k = (1/Z) Σ_ij ∂y^c/∂A^k_ij (Z = uv) and the map
L = ReLU(Σ_k α_k A^k). :class:`GradCAM` returns the map *before* the ReLU, so that the negative part (the
evidence against the class) stays available; apply ``torch.relu`` for Grad-CAM proper.

Importing this module imports torch (nothing else happens).
"""

from __future__ import annotations

import torch
from torch import nn


class GradCAM:
    """Grad-CAM of ``model`` at ``layer`` (a sub-module whose output is ``(N, K, u, v)``), via hooks.

    Use as ``cam = GradCAM(model, model.features); maps = cam(x, score_fn); cam.remove()``.
    """

    def __init__(self, model: nn.Module, layer: nn.Module):
        self.model = model
        self.activations = None
        self.gradients = None
        self.handles = [layer.register_forward_hook(self._save_activations),
                        layer.register_full_backward_hook(self._save_gradients)]

    def _save_activations(self, module, inputs, output):
        self.activations = output.detach()

    def _save_gradients(self, module, grad_input, grad_output):
        self.gradients = grad_output[0].detach()

    def __call__(self, x: torch.Tensor, score_fn) -> torch.Tensor:
        """``score_fn(model output) → (N,)`` class scores y^c; returns Σ_k α_k A^k ``(N, u, v)`` (before the ReLU)."""
        self.model.zero_grad()
        x = x.detach().requires_grad_(True)  # a leaf that needs a gradient: the full backward hook then fires
        score_fn(self.model(x)).sum().backward()  # samples are independent: one backward pass for the batch
        alpha = self.gradients.mean(dim=(2, 3))   # (N, K)
        return torch.einsum("nk,nkij->nij", alpha, self.activations)

    def remove(self) -> None:
        """Remove the hooks from the model."""
        for handle in self.handles:
            handle.remove()
