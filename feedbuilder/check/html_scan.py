"""A linear scan of HTML for the checker: the start tags with their attributes, and the text between tags.

Every step moves forward through the string and never looks back, so hostile markup (thousands of
unclosed `<!--` or `<a `) costs time in proportion to its length; html.parser and the usual tag regexes
rescan the rest of the string at each unclosed construct and take time in proportion to its square.
"""

from __future__ import annotations

import dataclasses
import html
import re

_NAME = re.compile(r"[A-Za-z][^\s/>]*")
_ATTRIBUTE = re.compile(r"[\s/]*([^\s\"'>/=][^\s\"'>/=]*)(\s*=\s*)?")
_UNQUOTED = re.compile(r"[^\s>]*")
_SPACE = re.compile(r"[\s/]*")


@dataclasses.dataclass
class Scanned:
    """Start tags as (name, attributes, line within the markup counted from 1) and the text outside tags."""

    tags: list[tuple[str, list[tuple[str, str | None]], int]]
    text: str


def scan(markup: str) -> Scanned:
    tags: list[tuple[str, list[tuple[str, str | None]], int]] = []
    text: list[str] = []
    position, line, counted = 0, 1, 0
    while (start := markup.find("<", position)) >= 0:
        text.append(markup[position:start])
        line += markup.count("\n", counted, start)
        counted = start
        end = _skip_markup(markup, start)
        if end is None:  # a '<' that starts nothing: text
            text.append("<")
            position = start + 1
            continue
        if end < 0:  # unclosed to the end of the string: text, as readers show it
            return Scanned(tags, "".join([*text, markup[start:]]))
        if end == 0:
            found = _start_tag(markup, start, line)
            if found is None:
                return Scanned(tags, "".join([*text, markup[start:]]))
            tags.append(found[0])
            end = found[1]
        text.append(" ")
        position = end
    text.append(markup[position:])
    return Scanned(tags, "".join(text))


def _skip_markup(markup: str, start: int) -> int | None:
    """Where a comment, end tag or declaration at `start` ends; 0 for a start tag; -1 when it never
    ends; None when the '<' starts nothing."""
    following = markup[start + 1 : start + 2]
    if markup.startswith("<!--", start):
        close = markup.find("-->", start + 4)
        return -1 if close < 0 else close + 3
    second = markup[start + 2 : start + 3]
    if (
        following == "?"
        or (following == "/" and second.isalpha())
        or (following == "!" and (second.isalpha() or second == "["))
    ):
        close = markup.find(">", start + 2)
        return -1 if close < 0 else close + 1
    return 0 if following.isalpha() else None


def _start_tag(markup: str, start: int, line: int) -> tuple[tuple[str, list[tuple[str, str | None]], int], int] | None:
    """The start tag at `start` and where it ends; None when it runs to the end of the string."""
    name = _NAME.match(markup, start + 1)
    if name is None:
        return None
    attributes: list[tuple[str, str | None]] = []
    index = name.end()
    while True:
        index = _SPACE.match(markup, index).end()  # type: ignore[union-attr]  # matches ''
        if index >= len(markup):
            return None
        if markup[index] == ">":
            return (name.group().lower(), attributes, line), index + 1
        attribute = _ATTRIBUTE.match(markup, index)
        if attribute is None:  # a stray quote: skip it
            index += 1
            continue
        index = attribute.end()
        value: str | None = None
        if attribute.group(2) is not None:
            value, index = _value(markup, index)
            if index < 0:
                return None
        attributes.append((attribute.group(1).lower(), None if value is None else html.unescape(value)))


def _value(markup: str, index: int) -> tuple[str, int]:
    """An attribute value at `index` (quoted or not) and where it ends; index -1 when it never ends."""
    quote = markup[index : index + 1]
    if quote in ('"', "'"):
        close = markup.find(quote, index + 1)
        return ("", -1) if close < 0 else (markup[index + 1 : close], close + 1)
    unquoted = _UNQUOTED.match(markup, index)
    return unquoted.group(), unquoted.end()  # type: ignore[union-attr]  # it matches the empty string
