"""reStructuredText articles rendered to HTML with docutils, their fields read as Pelican reads them.

The document title is the title; the docinfo and the field list at the top
give the other fields (``:date:``, ``:tags:``, ``:category:``, ``:slug:``,
``:summary:``, ``:status:``, ``:authors:``); the rest of the document is the
body, as docutils writes it (the sanitiser cleans it later).  Nothing is read
from or written to disk: file inclusion and raw directives are turned off.
"""

from __future__ import annotations

import io
from typing import Any

import docutils.core
import docutils.nodes
from docutils.parsers.rst import Directive, directives

from feedbuilder.sources import pelican
from feedbuilder.sources.frontmatter import Parsed

_SETTINGS = {
    "file_insertion_enabled": False,  # no ".. include::" of files on the machine
    "raw_enabled": False,
    "report_level": 5,  # quiet: problems are gathered from the document instead
    "halt_level": 5,
    "warning_stream": io.StringIO(),
    "doctitle_xform": True,
    "docinfo_xform": True,
    "initial_header_level": 2,
    "syntax_highlight": "none",
    "input_encoding": "unicode",
    "output_encoding": "unicode",
    "embed_stylesheet": False,
}


class _AnyOption(dict[str, Any]):
    """Every option allowed, its value kept as written (Pygments' linenos, hl_lines, ...)."""

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged


class _Code(Directive):
    """Pelican's ``code-block`` and ``sourcecode``: a code block in its language (highlighting is the
    reader's), whatever Pygments options it is given."""

    optional_arguments = 1
    has_content = True
    option_spec = _AnyOption(linenos=directives.unchanged)  # not empty: docutils reads options only then

    def run(self) -> list[docutils.nodes.Node]:
        code = "\n".join(self.content)
        block = docutils.nodes.literal_block(code, code)
        block["classes"] += ["code", *self.arguments[:1]]
        return [block]


for _name in ("code-block", "sourcecode"):
    directives.register_directive(_name, _Code)

_FIELD_NAMES = {"author": "author", "authors": "authors", "date": "date", "status": "status"}


def read(text: str, *, path: str, name: str = "") -> tuple[Parsed, list[tuple[int, str]]]:
    """The article's fields and HTML body, and docutils' problems with it (line, message)."""
    settings = dict(_SETTINGS, warning_stream=io.StringIO())
    parts = docutils.core.publish_parts(text, source_path=path, writer="html5", settings_overrides=settings)
    document = docutils.core.publish_doctree(text, source_path=path, settings_overrides=settings)
    raw: dict[str, str] = {}
    lines: dict[str, int] = {}
    if parts.get("title"):
        raw["title"] = _plain(document, "title") or parts["title"]
        lines["title"] = 1
    for key, value, line in _docinfo(document):
        raw.setdefault(key, value)
        if line:
            lines.setdefault(key, line)
    problems = [
        (node.get("line") or 1, node.astext().strip().split("\n")[0])
        for node in document.findall(docutils.nodes.system_message)
        if node.get("level", 0) >= 3
    ]
    meta, meta_lines = pelican.fields(raw, lines, name=name)
    return Parsed(meta, meta_lines, parts["body"], 1, True), problems


def _plain(document: docutils.nodes.document, what: str) -> str:
    for node in document.findall(docutils.nodes.title):
        return str(node.astext())
    return ""


def _docinfo(document: docutils.nodes.document) -> list[tuple[str, str, int | None]]:
    """(field name, value as text, line) of the document's docinfo and leading field list."""
    found: list[tuple[str, str, int | None]] = []
    for info in document.findall(docutils.nodes.docinfo):
        for node in info.children:
            if isinstance(node, docutils.nodes.field):
                found.append(_field(node))
            elif isinstance(node, docutils.nodes.authors):
                found.append(("authors", "; ".join(child.astext() for child in node.children), node.line))
            elif isinstance(node, docutils.nodes.Element):  # :date:, :author: ... become their own nodes
                found.append((node.tagname.lower(), node.astext(), node.line))
    return found


def _field(node: Any) -> tuple[str, str, int | None]:
    name = node.children[0].astext().strip().lower()
    return _FIELD_NAMES.get(name, name), node.children[1].astext().strip(), node.line
