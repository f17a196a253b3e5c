"""An article's body before it is rendered: a heading that may serve as its title, and how deep it nests.

Both are found in one bounded pass: a pattern that backtracks would take
minutes over a 10 MB line of spaces or of ``<h1``.
"""

from __future__ import annotations

import dataclasses
import re

from feedbuilder.model import BodyFormat

MAX_NESTING = 1_000  # open elements: nh3 (html5ever) takes time quadratic in the depth (100,000 <div>: a minute)
MAX_LINE = 200_000  # characters on one line of Markdown (a paragraph of links on one line: ~15 µs a character)
MAX_TABLE_CELLS = 20_000  # cells of one Markdown table (a 9 MB table took 81 s and 6.5 GB to render)

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
# End tags of these close them only when they are the innermost element: otherwise an HTML parser's
# "adoption agency" moves what is inside into a copy of the element, and nesting keeps growing.
_FORMATTING_ELEMENTS = _words("a b big code em font i nobr s small strike strong tt u")


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


@dataclasses.dataclass(frozen=True)
class OverLimit:
    """A limit the body breaks: the line (1 = the body's first) and what to say."""

    line: int
    message: str
    hint: str


def over_limit(body: str, body_format: BodyFormat) -> OverLimit | None:
    """The first limit the body breaks (nesting; for Markdown also line length and table size), in one
    linear pass each, before anything renders it."""
    if body_format == "text":
        return None
    depth, offset = nesting(body)
    if depth > MAX_NESTING:
        return OverLimit(
            body.count("\n", 0, offset) + 1,
            f"HTML elements nest more than {MAX_NESTING:,} deep",
            "close the tags you open (</div>); HTML sanitisers take minutes over markup this deep",
        )
    return _markdown_over_limit(body) if body_format == "markdown" else None


_TABLE_DELIMITER = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_BLANK = re.compile(r"^[ \t>]*$")


def _markdown_over_limit(body: str) -> OverLimit | None:
    lines = body.split("\n")
    rows = columns = 0  # of the table being read (columns 0: none)
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE:
            return OverLimit(
                number,
                f"line is {len(line):,} characters, over the limit of {MAX_LINE:,}",
                "break it into lines or paragraphs",
            )
        if columns and not _BLANK.match(line):
            rows += 1
            if rows * columns > MAX_TABLE_CELLS:
                return OverLimit(
                    number,
                    f"table has more than {MAX_TABLE_CELLS:,} cells",
                    "split it into several tables, or link to a file that holds the data",
                )
        elif "-" in line and "|" in line and _TABLE_DELIMITER.match(line):
            columns, rows = line.strip(" \t>|").count("|") + 1, 1  # the header row
            if rows * columns > MAX_TABLE_CELLS:
                return OverLimit(
                    number,
                    f"table has more than {MAX_TABLE_CELLS:,} cells",
                    "split it into several tables, or link to a file that holds the data",
                )
        else:
            columns = 0
    return None


def nesting(body: str) -> tuple[int, int]:
    """How deep the body's HTML elements nest, counted up to MAX_NESTING + 1, and where (an offset in
    ``body``) the deepest element starts.

    Open elements are kept on a stack, as an HTML parser keeps them: an end tag closes the
    innermost open element of its name and every one inside it, and an end tag that matches no
    open element is ignored (so ``<div></i>`` repeated nests as deep as ``<div>`` repeated); the end
    tag of a formatting element (``</b>``) closes it only when it is innermost (``<b><div></b>``
    repeated nests ever deeper in a parser too).
    Each element is pushed and popped once: linear in the body, however the tags are arranged.
    """
    stack: list[str] = []
    deepest = offset = 0
    open_count: dict[str, int] = {}  # how many of each name are on the stack: an unmatched end tag costs nothing
    for tag in _START_OR_END_TAG.finditer(body):
        name = tag.group(2).lower()
        if tag.group(1):
            if open_count.get(name) and (name not in _FORMATTING_ELEMENTS or stack[-1] == name):
                while True:
                    closed = stack.pop()
                    open_count[closed] -= 1
                    if closed == name:
                        break
        elif name not in _FLAT_ELEMENTS and not tag.group().endswith("/>"):
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            if len(stack) > deepest:
                deepest, offset = len(stack), tag.start()
                if deepest > MAX_NESTING:
                    break
    return deepest, offset
