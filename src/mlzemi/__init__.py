"""mlzemi — the helper package of the executable book 機械学習ゼミ.

It holds what is not the lesson: Japanese fonts for figures, shipped data with checksums,
the MD engine and analysis for glass data, and periodic graph building. Importing the package
has no side effects; call :func:`mlzemi.plotting.setup_japanese` to set the figure style.
"""

__version__ = "0.1.0"
