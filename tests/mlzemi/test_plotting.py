"""Japanese text in figures renders with a real font (no tofu)."""

from __future__ import annotations

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from mlzemi.plotting import MISSING_GLYPH_PATTERN, setup_japanese

LABELS = ("温度 $T$ [LJ単位]", "傾向性（プロペンシティ）", "誤差逆伝播法・ガラス転移", "ａｂｃ１２３ー〜")


def draw(labels) -> list[str]:
    fig, ax = plt.subplots()
    ax.plot([0, 1], [-1, 1], label=labels[0])
    ax.set_xlabel(labels[1])
    ax.set_ylabel(labels[2])
    ax.set_title(labels[3])
    ax.legend()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
        fig.savefig(io.BytesIO(), format="pdf")
    plt.close(fig)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def test_japanese_labels_render_without_missing_glyphs():
    with matplotlib.rc_context():
        setup_japanese(strict=False)
        assert draw(LABELS) == []


def test_without_the_setup_japanese_glyphs_are_missing():
    """The check above can fail: with matplotlib's default font, the same labels lose their glyphs."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        assert draw(LABELS), "expected missing-glyph warnings with DejaVu Sans"


def test_strict_mode_turns_tofu_into_an_error():
    with matplotlib.rc_context():
        setup_japanese(strict=True)
        matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
        fig, ax = plt.subplots()
        ax.set_title("ガラス")
        with pytest.raises(UserWarning, match=MISSING_GLYPH_PATTERN):
            fig.savefig(io.BytesIO(), format="png")
        plt.close(fig)
    warnings.resetwarnings()


def test_importing_the_package_has_no_side_effects():
    import subprocess
    import sys

    code = "import matplotlib as m; f = m.rcParams['font.family']; import mlzemi, mlzemi.plotting; assert m.rcParams['font.family'] == f"
    subprocess.run([sys.executable, "-c", code], check=True)
