"""Notebook helpers that behave the same on the book's site, in Colab and in Binder.

:func:`glue` records a number for the text of the book. It writes exactly the output of ``myst_nb.glue`` (MyST-NB
reads it back when it builds the site), but needs only IPython, so a chapter also runs in Colab, which has no
``myst_nb``. Reference: MyST-NB, ``myst_nb/ext/glue/__init__.py`` (version 1.x).
"""

from __future__ import annotations

from typing import Any

#: The MIME prefix MyST-NB (and papermill) use for values recorded without being shown.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, variable: Any, display: bool = False) -> None:
    """Record ``variable`` under ``name``; the book's text shows it with ``{glue:text}`name:.3f```.

    Parameters
    ----------
    name
        The glue name (a headline number's name is fixed by its issue, e.g. ``"digits_cnn_test_acc"``).
    variable
        The value, as a plain Python object: glue ``float(x)``, not a NumPy scalar.
    display
        Also show the value as a cell output. Off by default (``myst_nb.glue`` shows it): the book shows its numbers
        in the prose, formatted, not as bare reprs under the code.
    """
    # imported here: importing mlzemi has no side effects
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipython_display

    mimebundle, metadata = format_display_data(variable)
    mime_prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": mime_prefix}
    ipython_display({mime_prefix + key: value for key, value in mimebundle.items()}, raw=True, metadata=metadata)
