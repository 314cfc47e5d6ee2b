"""Figure style for the book: a Japanese font that renders on the site, in the PDF and in Colab.

The font is IPAexGothic, shipped inside the PyPI package ``matplotlib-fontja`` (IPA Font License),
so nothing is downloaded and nothing depends on the system's fonts.
"""

from __future__ import annotations

import warnings

import matplotlib as mpl
from matplotlib import font_manager

JAPANESE_FONT = "IPAexGothic"

#: matplotlib's message when a glyph is not in the font (rendered as a box, "tofu").
MISSING_GLYPH_PATTERN = r"Glyph \d+ .*missing from"


def register_japanese_font() -> str:
    """Register the bundled IPAexGothic with matplotlib and return its file path."""
    import matplotlib_fontja  # imported here so that importing mlzemi has no side effects

    path = matplotlib_fontja.get_font_ttf_path()
    if JAPANESE_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
    return path


def setup_japanese(*, dpi: int = 110, strict: bool = True) -> None:
    """Set the book's figure style: Japanese font, readable sizes, no tofu.

    Parameters
    ----------
    dpi
        Resolution of figures shown in notebooks (``figure.dpi``).
    strict
        If True, a missing-glyph warning becomes an error, so a label that would render as a
        box fails loudly instead of silently.
    """
    register_japanese_font()
    mpl.rcParams.update(
        {
            # IPAexGothic first; DejaVu Sans as fallback for symbols IPAexGothic lacks.
            "font.family": [JAPANESE_FONT, "DejaVu Sans"],
            "axes.unicode_minus": False,  # the ASCII hyphen-minus renders in every font
            "figure.dpi": dpi,
            "savefig.dpi": 150,
            "figure.figsize": (6.0, 4.0),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "legend.fontsize": 10,
            "mathtext.fontset": "dejavusans",
        }
    )
    if strict:
        warnings.filterwarnings("error", message=MISSING_GLYPH_PATTERN, category=UserWarning)
