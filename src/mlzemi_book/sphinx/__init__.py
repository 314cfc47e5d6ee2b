"""The book's Sphinx extensions, one module per feature, each listed in ``_config.yml`` (``sphinx.extra_extensions``).

- :mod:`.numbering` — figures, tables and equations numbered per chapter (図 8.3);
- :mod:`.search_ja` — Japanese search that splits the reader's query as the index was split;
- :mod:`.japanese` — Japanese paragraphs without stray spaces, 「解答」 for sphinx-exercise's solutions;
- :mod:`.results` — the ``{results-table}`` of 付録C 結果一覧;
- :mod:`.html_fixes` — sphinx-thebe's duplicated inline script removed;
- :mod:`.pdf_edition` — the PDF book and handouts (LaTeX), and the site's links to them.
"""
