"""How every prediction of propensity is scored in Part III: one definition, used by every chapter and model.

The score at a propensity time t is the Pearson correlation ρ_c(t) between prediction and measured propensity
over the particles of one type (A by default, as Bapst et al. and the Roadmap do) in configuration c, then
averaged over the configurations of a split. Comparisons between two predictors are *paired*: the difference
of their per-configuration scores, with its standard error over configurations. Results are read at the
propensity time nearest to the split's τ_α (:func:`time_index_near_tau_alpha`) and set beside the noise
ceiling ρ_max of the same particles (:meth:`.dataset.GlassSplit.rho_max`, which uses :func:`by_configuration`
on the two replica halves).
"""

from __future__ import annotations

import numpy as np

from . import reliability


def by_configuration(predictions, targets, masks) -> np.ndarray:
    """Per-configuration Pearson ρ over the particles of ``masks``: ``(C, T_p)``.

    Args:
        predictions: ``(C, N)`` (one value per particle, the same for every time) or ``(C, T_p, N)``; a list of
            such arrays when configurations differ in N.
        targets: ``(C, T_p, N)`` (or a list). masks: ``(C, N)`` booleans, the scored particles.
    """
    rhos = [reliability.pearson(np.asarray(p, dtype=np.float64)[..., m], np.asarray(y, dtype=np.float64)[:, m])
            for p, y, m in zip(predictions, targets, masks, strict=True)]
    return np.array(rhos)


def split_by_configuration(predictions, split, kind: str = "cage", particle_type: int = 0) -> np.ndarray:
    """:func:`by_configuration` against a split's propensity (``kind`` = ``"cage"`` or ``"plain"``) on the
    particles of ``particle_type``: ``(C, T_p)``."""
    return by_configuration(predictions, split.propensity(kind), split.types == particle_type)


def mean_and_sem(per_configuration: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean over configurations (axis 0) and its standard error."""
    values = np.asarray(per_configuration, dtype=np.float64)
    return values.mean(axis=0), values.std(axis=0, ddof=1) / np.sqrt(len(values))


def paired_difference(per_configuration_a, per_configuration_b) -> tuple[np.ndarray, np.ndarray]:
    """Mean of b − a over configurations and its standard error (per time when the inputs are ``(C, T_p)``)."""
    return mean_and_sem(np.asarray(per_configuration_b, dtype=np.float64) - np.asarray(per_configuration_a))


def time_index_near_tau_alpha(split, kind: str = "cage") -> int:
    """Index of the propensity time nearest to the split's τ_α (:meth:`.dataset.GlassSplit.tau_alpha`)."""
    return int(np.argmin(np.abs(split.times - split.tau_alpha(kind))))
