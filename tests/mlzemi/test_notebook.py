"""mlzemi.notebook.glue writes what myst_nb.glue writes (the reference), without needing myst_nb."""

from __future__ import annotations

import subprocess
import sys

import pytest

import mlzemi.notebook


def recorded(module, function, monkeypatch, *args, **kwargs) -> list[tuple]:
    calls = []
    monkeypatch.setattr(module, "ipy_display", lambda *a, **k: calls.append((a, k)), raising=False)
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: calls.append((a, k)))
    function(*args, **kwargs)
    return calls


@pytest.mark.parametrize("value", [0.96875, 3, "テキスト", [1.0, 2.5]])
@pytest.mark.parametrize("display", [True, False])
def test_glue_matches_myst_nb(monkeypatch, value, display):
    import myst_nb.ext.glue as reference

    ours = recorded(mlzemi.notebook, mlzemi.notebook.glue, monkeypatch, "x_value", value, display=display)
    theirs = recorded(reference, reference.glue, monkeypatch, "x_value", value, display=display)
    assert len(ours) == len(theirs) == 1
    assert ours == theirs
    assert mlzemi.notebook.GLUE_PREFIX == reference.GLUE_PREFIX


def test_glue_needs_no_myst_nb():
    """Colab has no myst_nb: importing and calling glue must not import it."""
    code = ("import sys; sys.modules['myst_nb'] = None; from mlzemi.notebook import glue; glue('a', 1.0); "
            "assert 'myst_nb' not in [m for m in sys.modules if sys.modules[m] is not None]")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
