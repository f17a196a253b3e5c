"""An article's body before it is rendered: a heading that may serve as its title, and how deep it nests.

Both are found in one bounded pass: a pattern that backtracks would take
minutes over a 10 MB line of spaces or of ``<h1``.
"""

from __future__ import annotations

import re

from feedbuilder.model import BodyFormat

MAX_NESTING = 1_000  # open elements: nh3 (html5ever) takes time quadratic in the depth (100,000 <div>: a minute)

_H1_START = re.compile(r"<h1(?=[\s/>])[^>]{0,1000}>", re.IGNORECASE)
_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)
_START_OR_END_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^<>]*>")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Void elements, and those an HTML parser closes by itself when the next one starts: they add no depth.
_FLAT_ELEMENTS = _words(
    """area base br col embed hr img input link meta param source track wbr
    caption colgroup dd dt li optgroup option p rb rp rt tbody td tfoot th thead tr"""
)


def heading(body: str, body_format: BodyFormat) -> tuple[str, str]:
    """A '# Heading' first in a Markdown body, or the first '<h1>' of an HTML body, as written
    (markup and all), and the body without it; ``("", body)`` if there is none."""
    if body_format == "markdown":
        lines = body.split("\n")
        for index, line in enumerate(lines):
            if line.strip():
                text = _atx_heading(line.strip())
                return (text, "\n".join(lines[:index] + lines[index + 1 :])) if text else ("", body)
    elif body_format == "html":
        start = _H1_START.search(body)
        end = _H1_END.search(body, start.end()) if start else None
        if start and end:
            return body[start.end() : end.start()], body[: start.start()] + body[end.end() :]
    return "", body


def _atx_heading(line: str) -> str:
    """'# Title #' -> 'Title' (CommonMark: a closing run of '#' only after a space); '' if not a level-1 heading."""
    if not (line.startswith("#") and line[1:2].isspace()):
        return ""
    text = line[1:].strip()
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1].isspace()):
        text = closed.rstrip()
    return text


def nesting(body: str) -> int:
    """How deep the body's HTML elements nest, counted up to MAX_NESTING + 1."""
    depth = deepest = 0
    for tag in _START_OR_END_TAG.finditer(body):
        if tag.group(1):
            depth = max(0, depth - 1)
        elif tag.group(2).lower() not in _FLAT_ELEMENTS and not tag.group().endswith("/>"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                break
    return deepest
