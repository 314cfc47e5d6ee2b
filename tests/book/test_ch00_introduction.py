"""Headline numbers of 第0章 (book/intro/ch00_introduction.md), read from the executed build.

The chapter draws Angell-plot curves with the conventions log10 η(T_g) = 12 and log10 η_∞ = -4 (Pa s), and
T_0/T_g = 0.5 and 0.8 for the two VFT liquids. The expected values below follow from those choices analytically.
"""

from __future__ import annotations

import math

import pytest

LOG10_ETA_GLASS, LOG10_ETA_HIGH_T = 12.0, -4.0
M_MIN = LOG10_ETA_GLASS - LOG10_ETA_HIGH_T


def test_viscosity_range(glue):
    assert glue["intro_viscosity_decades"] == pytest.approx(M_MIN)


@pytest.mark.parametrize(
    ("name", "t0_over_tg"),
    [("intro_arrhenius_fragility_m", 0.0), ("intro_vft_fragility_m_intermediate", 0.5), ("intro_vft_fragility_m", 0.8)],
)
def test_fragility_matches_closed_form(glue, name, t0_over_tg):
    """Numerical slope at T_g equals m = m_min / (1 - T_0/T_g) (eq-ch00-m-vft)."""
    assert glue[name] == pytest.approx(M_MIN / (1.0 - t0_over_tg), rel=1e-3)


def test_fragility_order(glue):
    assert glue["intro_arrhenius_fragility_m"] < glue["intro_vft_fragility_m_intermediate"] < glue["intro_vft_fragility_m"]


@pytest.mark.parametrize(("name", "t0_over_tg"), [("intro_vft_strength_D_intermediate", 0.5), ("intro_vft_strength_D", 0.8)])
def test_vft_strength(glue, name, t0_over_tg):
    assert glue[name] == pytest.approx(M_MIN * math.log(10.0) * (1 - t0_over_tg) / t0_over_tg, rel=1e-9)


@pytest.mark.parametrize(("name", "t0_over_tg"), [("intro_arrhenius_T1_over_Tg", 0.0), ("intro_vft_T1_over_Tg", 0.8)])
def test_temperature_of_one_pascal_second(glue, name, t0_over_tg):
    """log10 η = 0 at x = T_g/T solving -4 + A x / (1 - t0 x) = 0 with A = m_min (1 - t0)."""
    amplitude = M_MIN * (1 - t0_over_tg)
    x = -LOG10_ETA_HIGH_T / (amplitude - LOG10_ETA_HIGH_T * t0_over_tg)
    assert glue[name] == pytest.approx(1.0 / x, rel=1e-6)


def test_percus_yevick_peak_grows_smoothly(glue):
    """PY hard spheres: first peak of S(k) about 2 at φ = 0.40 and about 3 at φ = 0.50, increasing with φ."""
    low, high = glue["intro_py_peak_low"], glue["intro_py_peak_high"]
    assert 1.6 < low < 2.5
    assert 2.6 < high < 3.8
    assert high > low


def test_fa_model_slows_down_and_correlates(glue):
    """1D FA model, T = 1.0 → 0.5: τ ~ c^-3 grows about tenfold; the dynamic correlation length grows."""
    tau_hot, tau_cold = glue["intro_fa_tau_hot"], glue["intro_fa_tau_cold"]
    xi_hot, xi_cold = glue["intro_fa_xi_hot"], glue["intro_fa_xi_cold"]
    assert 2.0 < tau_hot < 30.0
    assert tau_cold > 5.0 * tau_hot
    assert 1.0 < xi_hot < xi_cold
    assert xi_cold > 1.5 * xi_hot


def test_exercise_3_continues_the_trend_and_compares_with_c_minus_3(glue):
    """Ex 0.3: at T = 0.45 both τ and ξ exceed their T = 0.5 values; τ(0.5)/τ(1.0) is within a factor 1.5 of the
    asymptotic (c → 0) law τ ∝ c^-3, and the glued difference is the one between the two ratios."""
    assert glue["intro_ex3_tau_cold"] > glue["intro_fa_tau_cold"]
    assert glue["intro_ex3_xi_cold"] > glue["intro_fa_xi_cold"]
    ratio, law = glue["intro_ex3_tau_ratio"], glue["intro_ex3_c_ratio"]
    assert law == pytest.approx((1 + math.exp(2)) ** 3 / (1 + math.e) ** 3, rel=1e-12)
    assert 1 / 1.5 < ratio / law < 1.5
    assert glue["intro_ex3_ratio_difference_percent"] == pytest.approx(abs(ratio / law - 1) * 100, rel=1e-9)
    assert glue["intro_ex3_c_hot"] == pytest.approx(1 / (1 + math.e), rel=1e-12)
