"""The book machinery of 機械学習ゼミ: what builds, checks and prints the book (not needed by a reader).

Installed with the helper package by ``pip install -e .``; nothing here is imported by a chapter.

- :mod:`.project` — the chapter list (``_toc.yml``), docnames, titles, time budgets, handout names, the repository
  address (``_config.yml``) and the build's folders: read in one place.
- :mod:`.glue` — glued values of the build and of an executed notebook, and the names a chapter's source glues.
- :mod:`.sphinx` — the Sphinx extensions, one module per feature (listed in ``_config.yml``): per-chapter numbering,
  the Japanese search fix, Japanese prose, the results page, an HTML fix, the PDF edition.
- Commands (``python -m mlzemi_book.NAME``): :mod:`.build` (the site and the PDFs, as ``make`` does),
  :mod:`.notebooks` (sync / check / run a chapter), :mod:`.pdf`, :mod:`.links`, :mod:`.standalone`, :mod:`.benchmark`.
"""
