"""markdown-it containers (``::: name`` ... ``:::``), as Eleventy sites and Astro asides use them, as
``<div class="name">`` blocks whose content stays Markdown.  Nesting follows markdown-it-container (a
closing run of colons at least as long as the opening one); nothing inside fenced code is touched.
"""

from __future__ import annotations

import re

from feedbuilder.sources.syntax.code import closes_fence, fence_opening
from feedbuilder.sources.syntax.common import escape

_OPENING = re.compile(r"^ {0,3}(:{3,})\s*([A-Za-z][\w-]*)(.*)$")
_CLOSING = re.compile(r"^ {0,3}(:{3,})\s*$")


def render(text: str) -> str:
    """The body with its containers as HTML blocks."""
    if ":::" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    opened: list[tuple[int, str]] = []  # colons and closing HTML of each open container
    fence: tuple[str, int] | None = None
    for line in lines:
        if fence is not None:
            fence = None if closes_fence(line, fence) else fence
            out.append(line)
            continue
        fence = fence_opening(line)
        closing = _CLOSING.match(line) if fence is None else None
        opening = _OPENING.match(line) if fence is None else None
        if closing and opened and len(closing.group(1)) >= opened[-1][0]:
            out += ["", opened.pop()[1], ""]
        elif opening:
            start, end = _tags(opening.group(2), opening.group(3).strip())
            opened.append((len(opening.group(1)), end))
            out += ["", start, ""]
        else:
            out.append(line)
    while opened:
        out += ["", opened.pop()[1]]
    return "\n".join(out)


def _tags(name: str, rest: str) -> tuple[str, str]:
    """The HTML that opens and closes a container: a figure with its caption, else a div of that class."""
    if name == "figure" and rest:
        return "<figure>", f"<figcaption>{escape(rest)}</figcaption></figure>"
    return f'<div class="{escape(name)}">', "</div>"
