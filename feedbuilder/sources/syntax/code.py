"""Where a Markdown or HTML body holds code: fenced blocks, inline code spans, <pre> and <code> elements.

Template syntax inside code is shown as written when nothing renders it, and
containers (``:::``) are never looked for there.  One bounded pass each.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_TICKS = re.compile(r"`+")
_HTML_CODE = re.compile(r"<(pre|code)(?=[\s>])[^>]{0,1000}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def fence_opening(line: str) -> tuple[str, int] | None:
    """The fence character and length a line opens a fenced code block with, or None."""
    found = _FENCE.match(line)
    if found is None or (found.group(1)[0] == "`" and "`" in found.group(2)):
        return None
    return found.group(1)[0], len(found.group(1))


def closes_fence(line: str, fence: tuple[str, int]) -> bool:
    """Whether the line closes a fenced block opened with ``fence``."""
    found = _FENCE.match(line)
    if found is None or found.group(2).strip():
        return False
    return found.group(1)[0] == fence[0] and len(found.group(1)) >= fence[1]


class Code:
    """The spans of a text that are code, asked for by position."""

    def __init__(self, text: str) -> None:
        spans = _fenced(text)
        spans += _inline(text, spans)
        spans += [(m.start(), m.end()) for m in _HTML_CODE.finditer(text)]
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def holds(self, position: int) -> bool:
        """Whether ``position`` is inside code."""
        at = bisect.bisect_right(self._starts, position) - 1
        return at >= 0 and position < self._ends[at]


def _fenced(text: str) -> list[tuple[int, int]]:
    spans = []
    fence: tuple[str, int] | None = None
    offset = start = 0
    for line in text.split("\n"):
        if fence is None:
            fence = fence_opening(line)
            if fence is not None:
                start = offset
        elif closes_fence(line, fence):
            spans.append((start, offset + len(line)))
            fence = None
        offset += len(line) + 1
    if fence is not None:
        spans.append((start, len(text)))
    return spans


def _inline(text: str, fenced: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Backtick code spans outside fenced blocks: a run of backticks closed by a run as long, in one paragraph."""
    spans: list[tuple[int, int]] = []
    starts = [start for start, _ in fenced]
    position = 0
    while (opening := _TICKS.search(text, position)) is not None:
        at = bisect.bisect_right(starts, opening.start()) - 1
        if at >= 0 and opening.start() < fenced[at][1]:
            position = fenced[at][1]
            continue
        width = opening.end() - opening.start()
        paragraph_end = text.find("\n\n", opening.end())
        limit = len(text) if paragraph_end < 0 else paragraph_end
        closing = _TICKS.search(text, opening.end(), limit)
        while closing is not None and closing.end() - closing.start() != width:
            closing = _TICKS.search(text, closing.end(), limit)
        if closing is None:
            position = opening.end()
            continue
        spans.append((opening.start(), closing.end()))
        position = closing.end()
    return spans


def rewrite_each(text: str, opening: re.Pattern[str], one: Callable[[int, list[str]], int]) -> str:
    """``text`` with each match of ``opening`` handed to ``one(start, out)``, which appends what stands for
    it to ``out`` and returns where the text goes on; the text between is kept as it is."""
    out: list[str] = []
    position = 0
    while (found := opening.search(text, position)) is not None:
        out.append(text[position : found.start()])
        position = one(found.start(), out)
    out.append(text[position:])
    return "".join(out)
