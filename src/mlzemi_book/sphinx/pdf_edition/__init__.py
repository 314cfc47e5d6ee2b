"""The printed edition of 機械学習ゼミ: the whole book and one handout per chapter, and the site's links to them.

A Sphinx extension (``mlzemi_book.sphinx.pdf_edition`` in ``_config.yml``). It needs nothing from a chapter: the
handouts are the chapters of ``_toc.yml`` (:func:`mlzemi_book.project.chapters`).

LaTeX (``python -m mlzemi_book.pdf`` or ``jupyter-book build . --builder pdflatex``)
    XeLaTeX with xeCJK: Noto Serif CJK JP for the text, Noto Sans CJK JP for headings and emphasis,
    DejaVu Sans Mono with Noto Sans Mono CJK JP for code, FreeSerif/FreeSans for Latin text (``fonts.tex``). The
    layout is in ``mlzemibook.sty`` next to this file.

    * ``latex_documents`` gets one entry per chapter (``howto`` class, file ``<chapter stem>.tex``)
      after the book's own entry, once the sources are read.
    * Chapter titles already read "第1章 …", so parts, chapters and sections are not numbered by
      LaTeX (they stay in the table of contents). Each top-level caption of ``_toc.yml`` becomes a
      ``\\part``; a part's first page with the caption as its title becomes that part's title page.
    * Figures, tables and equations are numbered per chapter, as on the site (図 8.3, 式 (8.1);
      :mod:`..numbering`), in the book and in a handout alike.
    * In a handout, references to other chapters become plain text with the site's numbers.
    * Cells tagged ``hide-input`` / ``hide-output`` / ``hide-cell`` (folded on the site) are left out.
    * The references of a chapter (``{footcite}`` + ``{footbibliography}``) are listed under the
      chapter's 参考文献 heading, cited as [1] in the text, as on the site; the book's bibliography
      page (``{bibliography}``) keeps its list where the page is.

HTML
    A "PDF版" line under the title of every chapter (its handout and the book) and of the front page,
    and the same links in the page's download menu. The PDFs are published in ``_build/html/pdf/``.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging, texescape
from sphinx.util.fileutil import copy_asset_file
from sphinx.writers.latex import CR, LaTeXTranslator

from ... import project
from ..numbering import chapter_prefix

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
STYLE = HERE / "mlzemibook.sty"
PDF_DIR = "pdf"  # under the site's root: _build/html/pdf/
#: width of a figure drawn by a code cell, relative to its size in matplotlib (6 in → 10.7 cm)
FIGURE_SCALE = 70

#: The fonts (fonts.tex next to this file).
FONTS = HERE / "fonts.tex"



def latex_elements(config: Config) -> dict[str, str]:
    """Sphinx ``latex_elements`` for the book and the handouts (the project's own settings win)."""
    return {
        "papersize": "a4paper",
        "pointsize": "10pt",
        "extraclassoptions": "oneside",  # a PDF read on screen: no blank pages before chapters
        "cmappkg": "",  # cmap is for pdfTeX only
        "fontenc": "\\usepackage{xeCJK}",  # loads fontspec
        "fontpkg": FONTS.read_text(encoding="utf-8"),
        "polyglossia": "",
        "babel": "",
        "fncychap": "",  # chapter heads are set in mlzemibook.sty
        "fvset": "\\fvset{fontsize=\\small,formatcom=\\xeCJKVerbAddon}",  # CJK in code keeps its width
        "sphinxsetup": ",".join(
            [
                "hmargin={22mm,22mm}",
                "vmargin={24mm,24mm}",
                "verbatimwrapslines=true",  # long code lines wrap at spaces and punctuation ...
                "verbatimforcewraps=true",  # ... or anywhere, rather than run off the page
                "verbatimmaxunderfull=2",
                "verbatimhintsturnover=false",
                "HeaderFamily=\\sffamily\\bfseries",
                # margin notes ({margin}, LaTeX sidebars): a light box instead of a shadowed one
                "div.topic_box-shadow=none",
                "div.topic_border-width=0.4pt",
                "div.topic_padding=6pt",
                "div.topic_border-TeXcolor={RGB}{190,196,202}",
                "div.topic_background-TeXcolor={RGB}{250,250,250}",
            ]
        ),
        "makeindex": "",  # no index: makeindex cannot sort Japanese by reading
        "printindex": "",
        "preamble": "\n".join([math_macros(config), "\\usepackage{mlzemibook}", titles(config)]),
    }


def math_macros(config: Config) -> str:
    """The site's MathJax macros (``mathjax3_config.tex.macros``) as LaTeX commands."""
    macros = (config.mathjax3_config or {}).get("tex", {}).get("macros", {})
    lines = ["% MathJax macros of the site (mathjax3_config in _config.yml)"]
    for name, value in macros.items():
        body, args = (value[0], int(value[1])) if isinstance(value, list | tuple) else (value, 0)
        arity = f"[{args}]" if args else ""
        lines.append(f"\\providecommand{{\\{name}}}{{}}\\renewcommand{{\\{name}}}{arity}{{{body}}}")
    return "\n".join(lines)


def titles(config: Config) -> str:
    """The book's title (running heads of handouts) and subtitle (title page)."""
    book = texescape.escape(config.html_title or config.project or "", "xelatex")  # jupyter-book: title
    sub = texescape.escape(config.mlzemi_subtitle or "", "xelatex")
    return f"\\renewcommand{{\\mlzemibooktitle}}{{{book}}}\n\\renewcommand{{\\mlzemisubtitle}}{{{sub}}}"


# --------------------------------------------------------------------------------------------------
# Which pages are chapters (handouts), which the book's parts


def chapter_docnames(app: Sphinx) -> list[str]:
    """Docnames of the chapters, in table-of-contents order."""
    return project.chapter_docnames(Path(app.srcdir))


#: "第1章 線形回帰" → "第1章　線形回帰": xeCJK drops a space between two Japanese characters, and a
#: Japanese heading separates its number from its title with a full-width space.
NUMBERED_TITLE = re.compile(r"(?:^|(?<=\s))(第\s*[0-9０-９IVXⅠ-Ⅻ一二三四五六七八九十百]+\s*[章部節])[ \t]+(?=\S)")


def japanese_heading(title: str) -> str:
    return NUMBERED_TITLE.sub("\\1\u3000", title)


def is_wide(char: str) -> bool:
    """A Japanese (full-width) character: kanji, kana, 、。「」 ..."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


#: Text inside these is printed as it is (code, math, raw LaTeX).
VERBATIM = (nodes.literal, nodes.literal_block, nodes.math, nodes.math_block, nodes.raw, nodes.comment)


def keep_japanese_spaces(block: nodes.TextElement) -> None:
    """A space between two Japanese characters becomes a full-width space; the number of 第N章 / 第N部 too.

    xeCJK drops a space between two Japanese characters, as it should for a line break of the source (MyST
    keeps them as spaces; mlzemi_book.sphinx.japanese removes them first). A space left there was written on
    purpose — 「第6章 畳み込み」, 「解答 練習 1」 — and the site shows it.
    """
    texts = list(block.findall(nodes.Text))  # all of them: the neighbours of a space include code and math
    joined = "".join(str(text) for text in texts)
    wide_spaces = {
        i for i, char in enumerate(joined) if char == " " and 0 < i < len(joined) - 1
        and is_wide(joined[i - 1]) and is_wide(joined[i + 1])
    }
    offset = 0
    for text in texts:
        old = str(text)
        start, offset = offset, offset + len(old)
        if any(isinstance(ancestor, VERBATIM) for ancestor in _ancestors(text)):
            continue
        new = "".join("\u3000" if start + i in wide_spaces else char for i, char in enumerate(old))
        new = NUMBERED_TITLE.sub("\\1\u3000", new)
        if new != old:
            text.parent.replace(text, nodes.Text(new))


handout_name = project.handout_name


def book_pdf_name(app: Sphinx) -> str:
    return Path(app.config.latex_documents[0][1]).with_suffix(".pdf").name


def add_handouts(app: Sphinx, env) -> None:
    """After reading: one ``latex_documents`` entry per chapter, after the book's own entry."""
    if app.builder.format != "latex":
        return
    book = [entry for entry in app.config.latex_documents if entry[0] == app.config.root_doc][:1]
    author = book[0][3] if book else ""
    handouts = []
    names = set()
    for docname in chapter_docnames(app):
        name = handout_name(docname)
        if name in names:
            logger.warning("mlzemi_pdf: two chapters named %s; handout file names must be unique", name)
        names.add(name)
        title = texescape.escape(japanese_heading(env.titles[docname].astext()), "xelatex")
        handouts.append((docname, f"{name}.tex", title, author, "howto", False))
    app.config.latex_documents = book + handouts


def handouts_of(app: Sphinx) -> set[str]:
    return {entry[0] for entry in app.config.latex_documents[1:]}


# --------------------------------------------------------------------------------------------------
# LaTeX post-transforms (they act on the doctree assembled for one .tex file)


class _LatexTransform(SphinxPostTransform):
    formats = ("latex",)

    @property
    def startdoc(self) -> str:
        return self.env.docname  # the document the .tex file starts from

    @property
    def is_handout(self) -> bool:
        return self.startdoc in handouts_of(self.app)

    @property
    def is_book(self) -> bool:
        return self.startdoc == self.config.root_doc


class LeaveOutFoldedCells(_LatexTransform):
    """``hide-input`` / ``hide-output`` / ``hide-cell`` (folded on the site) are left out of print."""

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        for cell in list(self.document.findall(nodes.container)):
            classes = set(cell.get("classes", []))
            if "cell" not in classes or cell.parent is None:
                continue
            if "tag_hide-cell" in classes:
                cell.parent.remove(cell)
                continue
            for part, tag in (("cell_input", "tag_hide-input"), ("cell_output", "tag_hide-output")):
                if tag in classes:
                    for child in [c for c in cell.children if part in c.get("classes", [])]:
                        cell.remove(child)


class JapaneseSpaces(_LatexTransform):
    """Spaces written between Japanese words are kept ("第1章　線形回帰", "解答　練習 1"): keep_japanese_spaces.

    (Also: a margin note loses its empty title, which would print as an empty line.)
    """

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        blocks = [
            node for node in self.document.findall(nodes.TextElement)
            if not isinstance(node, VERBATIM) and not any(isinstance(a, nodes.TextElement) for a in _ancestors(node))
        ]
        for block in blocks:
            keep_japanese_spaces(block)
        for sidebar in self.document.findall(nodes.sidebar):
            if sidebar.children and isinstance(sidebar[0], nodes.title) and not sidebar[0].astext().strip():
                sidebar.remove(sidebar[0])


class ScaleCellFigures(_LatexTransform):
    """Figures drawn by code (cell outputs, ``{glue:figure}``) print at 70 % of their matplotlib size.

    (At most the text width; a figure given an explicit width or scale keeps it.)
    """

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        for image in self.document.findall(nodes.image):
            drawn_by_code = "jupyter_execute/" in image.get("uri", "") or any(
                "cell_output" in ancestor.get("classes", [])
                for ancestor in _ancestors(image)
                if isinstance(ancestor, nodes.Element)
            )
            if drawn_by_code and not any(key in image for key in ("width", "height", "scale")):
                image["scale"] = FIGURE_SCALE


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


class ReferencesOutsideHandout(_LatexTransform):
    """In a handout, a reference to another chapter becomes text with the site's number or title.

    (LaTeX cannot number what is not in the file: ``\\ref`` would print ?? and Sphinx the bare label.)
    """

    default_priority = 4  # before Sphinx's MathReferenceTransform (5) and ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        if not self.is_handout:
            return
        inside = set(self.app.builder.docnames)
        for node in list(self.document.findall(addnodes.pending_xref)):
            text = self.text_for(node, inside)
            if text is not None:
                node.replace_self(nodes.inline(text, text, classes=["xref"]))

    def text_for(self, node: addnodes.pending_xref, inside: set[str]) -> str | None:
        domain, kind, target = node.get("refdomain"), node.get("reftype"), node.get("reftarget", "")
        explicit = node.get("refexplicit") and node.astext()
        std = self.env.get_domain("std")
        if domain == "math" and kind in ("eq", "numref"):
            docname = self.env.get_domain("math").data["objects"].get(target, (None, None))[0]
            if docname is None or docname in inside:
                return None
            number = self.number(docname, "displaymath", nodes.make_id(f"equation-{target}"))
            return (self.config.math_eqref_format or "({number})").format(number=number) if number else None
        if domain != "std" or kind not in ("numref", "ref", "doc"):
            return None
        if kind == "doc":
            docname = posixpath.normpath(posixpath.join(posixpath.dirname(node["refdoc"]), target))
            if target.startswith("/"):
                docname = target.lstrip("/")
            docname = re.sub(r"\.(md|ipynb)$", "", docname)
            if docname in inside or docname not in self.env.titles:
                return None
            return explicit or self.env.titles[docname].astext()
        docname, labelid, sectname = std.labels.get(target, (None, None, None))
        if docname is None:
            docname, labelid = std.anonlabels.get(target, (None, None))
        if docname is None or docname in inside:
            return None
        if kind == "ref":
            return explicit or sectname
        for figtype, ids in self.env.toc_fignumbers.get(docname, {}).items():
            if labelid in ids:
                number = ".".join(map(str, ids[labelid]))
                template = explicit or self.config.numfig_format.get(figtype, "%s")
                if "{number}" in template or "{name}" in template:
                    return template.replace("{number}", number).replace("{name}", sectname or "")
                return template % number if "%s" in template else template
        return sectname or None  # a section: its title

    def number(self, docname: str, figtype: str, node_id: str) -> str:
        return ".".join(map(str, self.env.toc_fignumbers.get(docname, {}).get(figtype, {}).get(node_id, ())))


class ChapterNumbers(_LatexTransform):
    """Figures, tables, code blocks and equations numbered per chapter, as on the site (図 8.3, 式 (8.1)).

    The site's numbers come from :mod:`..numbering` (``chapter_prefix``); here every chapter of the book, and
    the chapter of a handout, resets the LaTeX counters and prints them with the same prefix.
    """

    default_priority = 20

    def command(self, docname: str) -> nodes.raw:
        prefix = chapter_prefix(self.env, docname)
        latex = f"\\mlzemichapternumbers{{{prefix[0]}}}" if prefix else "\\mlzemiplainnumbers"
        return nodes.raw("", latex + "\n", format="latex")

    def run(self, **kwargs: Any) -> None:
        for start in list(self.document.findall(addnodes.start_of_file)):
            start.insert(0, self.command(start["docname"]))
        if self.is_handout:
            section = next(iter(self.document.findall(nodes.section)), None)
            if section is not None:
                section.insert(1, self.command(self.startdoc))


class BookParts(_LatexTransform):
    """The book: each top-level caption of _toc.yml becomes a ``\\part``."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        if not self.is_book:
            return
        site_map = getattr(self.env, "external_site_map", None)
        if site_map is None:
            return
        self.front_page_as_chapter()
        starts = {node["docname"]: node for node in self.document.findall(addnodes.start_of_file)}
        for subtree in site_map.root.subtrees:
            files = [str(Path(f).with_suffix("")) if Path(f).suffix in (".md", ".ipynb") else f for f in subtree.files()]
            if not subtree.caption or not files or files[0] not in starts:
                continue
            start = starts[files[0]]
            section = next(iter(start.findall(nodes.section)), None)
            caption = japanese_heading(subtree.caption.strip())
            if section is not None and japanese_heading(section[0].astext().strip()) == caption:
                section["classes"].append("mlzemi-part")  # this page is the part's title page
            else:
                part = nodes.section("", nodes.title(caption, caption), classes=["mlzemi-part"])
                start.parent.insert(start.parent.index(start), part)

    def front_page_as_chapter(self) -> None:
        """The front page's text (if any) follows the contents as one chapter titled like the front page.

        (Its own title became the book's title, so its ## sections would otherwise be chapters, one per page.)
        """
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is None or not root.children or not isinstance(root[0], nodes.title):
            return
        body = []
        for child in root.children[1:]:
            if isinstance(child, nodes.compound) and "toctree-wrapper" in child["classes"]:
                break
            body.append(child)
        if not any(isinstance(node, nodes.Element) and node.astext().strip() for node in body):
            return
        title = root[0].astext()
        chapter = nodes.section("", nodes.title(title, title), classes=["mlzemi-front-page"])
        for node in body:
            root.remove(node)
            chapter += node
        root.insert(1, chapter)


class ChapterReferences(_LatexTransform):
    """A chapter's references ({footcite} → {footbibliography}) as a list under its 参考文献, cited [n].

    Sphinx would turn them into page footnotes and leave the 参考文献 section empty.
    """

    default_priority = 550  # before Sphinx's LaTeXFootnoteTransform (600)

    def run(self, **kwargs: Any) -> None:
        footnotes = [
            fn for fn in self.document.findall(nodes.footnote) if any(i.startswith("footcite-") for i in fn["ids"])
        ]
        if not footnotes:
            return
        labels: dict[tuple[str, str], tuple[str, str]] = {}
        groups: dict[int, list[nodes.footnote]] = {}
        for footnote in footnotes:
            docname = footnote.get("docname") or self.startdoc
            number = footnote[0].astext() if isinstance(footnote[0], nodes.label) else "?"
            label = f"{docname}:{footnote['ids'][0]}"
            labels[(docname, footnote["ids"][0])] = (label, number)
            groups.setdefault(id(footnote.parent), []).append(footnote)
        for group in groups.values():
            parent = group[0].parent
            index = parent.index(group[0])
            items: list[nodes.Node] = [nodes.raw("", "\\begin{mlzemireferences}\n", format="latex")]
            for footnote in group:
                label, number = labels[(footnote.get("docname") or self.startdoc, footnote["ids"][0])]
                items.append(nodes.raw("", f"\\mlzemireferenceitem{{{escape_label(label)}}}{{{number}}}\n", format="latex"))
                items.extend(child.deepcopy() for child in footnote.children if not isinstance(child, nodes.label))
                parent.remove(footnote)
            items.append(nodes.raw("", "\\end{mlzemireferences}\n", format="latex"))
            for offset, item in enumerate(items):
                parent.insert(index + offset, item)
        for reference in list(self.document.findall(nodes.footnote_reference)):
            docname = reference.get("docname") or self.startdoc
            found = labels.get((docname, reference.get("refid", "")))
            if found:
                label, number = found
                reference.replace_self(
                    nodes.raw("", f"\\mlzemicite{{{escape_label(label)}}}{{{number}}}", format="latex")
                )


def escape_label(label: str) -> str:
    return "\\detokenize{" + "".join(c if c.isalnum() or c in "-_:/." else "_" for c in label) + "}"


class BibliographyHere(_LatexTransform):
    """Mark where the bibliography page's list is (Sphinx moves every citation to the end of the file)."""

    default_priority = 740  # before Sphinx's BibliographyTransform (750)

    def run(self, **kwargs: Any) -> None:
        citation = next(iter(self.document.findall(nodes.citation)), None)
        if citation is not None:
            marker = nodes.container(classes=["mlzemi-bibliography-here"])
            citation.parent.insert(citation.parent.index(citation), marker)


class BibliographyBack(_LatexTransform):
    default_priority = 760

    def run(self, **kwargs: Any) -> None:
        marker = next(
            (n for n in self.document.findall(nodes.container) if "mlzemi-bibliography-here" in n["classes"]), None
        )
        bibliography = next(iter(self.document.findall(thebibliography)), None)
        if marker is not None and bibliography is not None:
            bibliography.parent.remove(bibliography)
            marker.replace_self(bibliography)
        elif marker is not None:
            marker.parent.remove(marker)


class BookLaTeXTranslator(LaTeXTranslator):
    """Sphinx's LaTeX writer, with ``\\part`` for the sections that BookParts marked."""

    def visit_title(self, node: nodes.Element) -> None:
        section = node.parent
        if isinstance(section, nodes.section) and "mlzemi-part" in section["classes"] and not self.this_is_the_title:
            self.body.append("\\part{")
            self.context.append("}" + CR + self.hypertarget_to(section))
            self.in_title = 1
            return
        super().visit_title(node)


# --------------------------------------------------------------------------------------------------
# Sphinx events


def configure_latex(app: Sphinx, config: Config) -> None:
    config.latex_engine = "xelatex"
    config.latex_docclass = {"manual": "report", "howto": "article"}  # not jsbook/jreport (pLaTeX classes)
    config.latex_use_xindy = False
    config.latex_elements = {**latex_elements(config), **(config.latex_elements or {})}
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]  # mlzemi_pdf.css


def copy_style(app: Sphinx) -> None:
    if app.builder.format == "latex":
        copy_asset_file(str(STYLE), app.outdir)


def pdf_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under the title of each chapter (and of the front page): PDF版 links."""
    if app.builder.format != "html":
        return
    chapters = chapter_docnames(app)
    if docname not in chapters and docname != app.config.root_doc:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    here = posixpath.dirname(docname) or "."

    def link(filename: str, text: str) -> nodes.reference:
        uri = posixpath.relpath(f"{PDF_DIR}/{filename}", here)
        return nodes.reference(text, text, refuri=uri, internal=False, classes=["mlzemi-pdf-link"])

    paragraph = nodes.paragraph(classes=["mlzemi-pdf-links"])
    paragraph += nodes.Text("PDF版：")
    if docname in chapters:
        paragraph += link(f"{handout_name(docname)}.pdf", "この章の配布資料")
        paragraph += nodes.Text("・")
        paragraph += link(book_pdf_name(app), "本全体")
        paragraph += nodes.Text("（印刷用）")
    else:
        paragraph += link(book_pdf_name(app), "本全体（印刷用）")
        paragraph += nodes.Text("。各章の配布資料 (PDF) は各章の冒頭にあります。")
    section.insert(1, paragraph)


def download_menu(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """sphinx-book-theme's download menu: add the handout and the book next to .md/.ipynb/.pdf(print)."""
    if doctree is None:
        return
    group = next((b for b in context.get("header_buttons", []) if b.get("label") == "download-buttons"), None)
    if group is None:
        return
    pathto = context["pathto"]
    entries = []
    if pagename in chapter_docnames(app):
        entries.append((f"{handout_name(pagename)}.pdf", "PDF版（この章）", "この章の配布資料 (PDF)", "handout"))
    entries.append((book_pdf_name(app), "PDF版（本全体）", "本全体の PDF", "book"))
    for filename, text, tooltip, label in entries:
        group["buttons"].append(
            {
                "type": "link",
                "url": pathto(f"{PDF_DIR}/{filename}", 1),
                "text": text,
                "tooltip": tooltip,
                "icon": "fas fa-file-pdf",
                "label": f"download-{label}-pdf-button",
            }
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("mlzemi_subtitle", "", "env", str)
    app.connect("config-inited", configure_latex, priority=800)
    app.connect("builder-inited", copy_style)
    app.connect("env-updated", add_handouts)
    app.connect("doctree-resolved", pdf_links)
    app.connect("html-page-context", download_menu, priority=502)  # after sphinx-book-theme's buttons (501)
    app.add_css_file("mlzemi_pdf.css")
    app.set_translator("latex", BookLaTeXTranslator)
    for transform in (
        JapaneseSpaces,
        LeaveOutFoldedCells,
        ScaleCellFigures,
        ReferencesOutsideHandout,
        ChapterNumbers,
        BookParts,
        ChapterReferences,
        BibliographyHere,
        BibliographyBack,
    ):
        app.add_post_transform(transform)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
