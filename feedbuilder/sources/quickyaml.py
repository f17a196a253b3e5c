"""Front matter in its everyday shape, read without building PyYAML's node tree.

Almost every article's front matter is a handful of ``key: value`` lines,
lists of tags (``- a`` lines or ``[a, b]``) and a list of authors, each a few
``key: value`` lines.  For that shape, :func:`read_mapping` finds the
structure itself and leaves what a value *means* to PyYAML: each plain
value is resolved by PyYAML's own resolver (``yes``, ``12``, ``2025-01-02``,
``~``) and built by the same constructors the full loader uses, so the
result is the full loader's, value for value.  Anything else (block scalars,
anchors, tags, escapes, comments after a value, flow mappings, deeper
nesting, unusual characters) gives None, and the caller hands the text to
the full loader, which also reports every error.

Checked against PyYAML on generated front matter in tests/sources/test_quickyaml.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

_STR = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

# Characters the subset leaves to PyYAML: tabs, control characters, YAML's other line breaks
# (NEL, LS, PS), a BOM, surrogates and non-characters.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_SKIPPED = re.compile(r" *(?:#.*)?")  # a blank or comment-only line
_ENTRY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?")
_ITEM = re.compile(r"( *)(- +)(.*)")
_DOUBLE = re.compile(r'"([^"\\]*)"')  # no escapes
_SINGLE = re.compile(r"'((?:[^']|'')*)'")
_FLOW = re.compile(r"\[(.*)\]")
# One item of a flow list and the comma after it: double-quoted (no escapes), single-quoted or plain words.
_FLOW_ITEM = re.compile(r""" *(?:"([^"\\]*)"|'((?:[^']|'')*)'|([^,\[\]{}"'#:]*?)) *(?:,|$)""")
_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")


class _NotCommon(Exception):
    """The text is not in the shape read here: the full loader must read it."""


Constructors = Mapping[str, Callable[[Any, yaml.Node], object]]


def read_mapping(
    text: str, *, constructors: Constructors, first_line: int = 1
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """The mapping and each top-level key's line, exactly as the full loader gives them; None if the
    text is not in the everyday shape (the full loader must then read it).

    ``constructors`` are the full loader's, by tag (``yaml_constructors`` of its class): a value
    such as ``2025-13-40`` is built (or kept as text) exactly as that loader builds it.
    """
    if _UNUSUAL.search(text) or " \n" in text or text.endswith(" "):  # trailing spaces: left to PyYAML
        return None
    lines = text.split("\n")
    rows = [(number, line) for number, line in enumerate(lines) if not _SKIPPED.fullmatch(line)]
    try:
        return _Reader(constructors, lines).top_level(rows, first_line)
    except _NotCommon:
        return None


_BLOCK_SCALARS = {">-": " ", "|-": "\n"}  # folded and literal, final line break stripped: how lines join


def _block_scalar(rows: list[tuple[int, str]], after: list[str], *, first: int, joiner: str) -> str:
    """The text of a ``>-`` or ``|-`` value: its lines, from line ``first`` on, one after another and all
    indented alike; ``after`` are the skipped lines that follow them (only blank ones may)."""
    if not rows or rows[0][0] != first or any(line.strip(" ") for line in after):
        raise _NotCommon  # a blank line before its text is a line break; a '#' line after it is text
    indent = len(rows[0][1]) - len(rows[0][1].lstrip(" "))
    for at, (number, line) in enumerate(rows):
        # a blank line between (folded into a line break), a line indented more or less, a '#' line: PyYAML's
        if number != first + at or len(line) - len(line.lstrip(" ")) != indent or line[indent] == "#":
            raise _NotCommon
    return joiner.join(line[indent:] for _, line in rows)


class _Reader:
    def __init__(self, constructors: Constructors, lines: list[str]) -> None:
        self._constructors = constructors
        self._lines = lines  # every line of the text, skipped ones too

    def top_level(self, rows: list[tuple[int, str]], first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
        data: dict[str, Any] = {}
        lines: dict[str, int] = {}
        at = 0
        while at < len(rows):
            number, line = rows[at]
            entry = _ENTRY.fullmatch(line)
            if entry is None or entry.group(1):
                raise _NotCommon
            key = self._key(entry.group(2))
            if key in lines:
                raise _NotCommon  # a key given twice: the full loader says where
            at += 1
            value: object
            if entry.group(3) in _BLOCK_SCALARS:
                end = at
                while end < len(rows) and rows[end][1].startswith(" "):
                    end += 1
                following = rows[end][0] if end < len(rows) else len(self._lines)
                after = self._lines[rows[end - 1][0] + 1 : following] if end > at else []
                value = _block_scalar(rows[at:end], after, first=number + 1, joiner=_BLOCK_SCALARS[entry.group(3)])
                at = end
            elif entry.group(3) is not None:
                value = self._scalar(entry.group(3))
            else:
                end = at
                while end < len(rows) and (rows[end][1].startswith(" ") or rows[end][1].startswith("- ")):
                    end += 1
                value = self._block([line for _, line in rows[at:end]]) if end > at else None
                at = end
            data[key] = value
            lines[key] = first_line + number
        return data, lines

    def _block(self, lines: list[str]) -> object:
        """The value of a key written on the lines below it: a list of items or a mapping, one level."""
        item = _ITEM.fullmatch(lines[0])
        if item is None:
            indent = len(lines[0]) - len(lines[0].lstrip(" "))
            return self._entries(lines, indent)
        dash = item.group(1)
        values: list[object] = []
        at = 0
        while at < len(lines):
            item = _ITEM.fullmatch(lines[at])
            if item is None or item.group(1) != dash:
                raise _NotCommon
            column = len(item.group(1)) + len(item.group(2))
            end = at + 1
            while end < len(lines) and lines[end][:column].strip(" ") == "" and len(lines[end]) > column:
                end += 1
            inner = _ENTRY.fullmatch(item.group(3))
            if inner is None:
                if end > at + 1:
                    raise _NotCommon
                values.append(self._scalar(item.group(3)))
            else:
                values.append(self._entries([" " * column + item.group(3), *lines[at + 1 : end]], column))
            at = end
        return values

    def _entries(self, lines: list[str], indent: int) -> dict[object, object]:
        """``key: value`` lines, all at ``indent``, every value on its own line."""
        mapping: dict[object, object] = {}
        for line in lines:
            entry = _ENTRY.fullmatch(line)
            if entry is None or len(entry.group(1)) != indent or entry.group(3) is None:
                raise _NotCommon
            key = self._key(entry.group(2))
            if key in mapping:
                raise _NotCommon
            mapping[key] = self._scalar(entry.group(3))
        return mapping

    def _key(self, text: str) -> str:
        if _tag(text) != _STR:  # yes: True, null: None
            raise _NotCommon
        return text

    def _scalar(self, text: str) -> object:
        """A value written on one line: quoted, a flow list of plain words, or plain."""
        quoted = _DOUBLE.fullmatch(text)
        if quoted is not None:
            return quoted.group(1)
        quoted = _SINGLE.fullmatch(text)
        if quoted is not None:
            return quoted.group(1).replace("''", "'")
        flow = _FLOW.fullmatch(text)
        if flow is not None:
            return self._flow(flow.group(1))
        return self._plain(text)

    def _flow(self, inside: str) -> list[object]:
        """The items of ``[a, "b c", 'd']``."""
        if not inside.strip(" "):
            return []
        items: list[object] = []
        at = 0
        while at < len(inside):
            item = _FLOW_ITEM.match(inside, at)
            if item is None or item.end() == at:
                raise _NotCommon
            double, single, plain = item.groups()
            if double is not None:
                items.append(double)
            elif single is not None:
                items.append(single.replace("''", "'"))
            else:
                items.append(self._plain(plain))
            at = item.end()
        return items

    def _plain(self, text: str) -> object:
        """A plain (unquoted) value, resolved and built the way the full loader does."""
        if not text or text[0] in _PLAIN_FIRST or ": " in text or " #" in text or text.endswith(":"):
            raise _NotCommon
        tag = _tag(text)
        if tag == _STR:
            return text
        construct = self._constructors.get(tag)
        if construct is None:
            raise _NotCommon
        try:
            return construct(_CONSTRUCTOR, yaml.ScalarNode(tag, text))
        except yaml.YAMLError:  # a value the full loader refuses: let it say so
            raise _NotCommon from None


_TAGS: dict[str, str] = {}  # the tag PyYAML's resolver gives a plain value: the same words recur in every article


_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)  # first characters the resolver looks further at


def _tag(plain: str) -> str:
    if plain and plain[0] not in _RESOLVED_FIRST and None not in _RESOLVED_FIRST:
        return _STR  # as the resolver would say: no implicit type starts with this character
    tag = _TAGS.get(plain)
    if tag is None:
        if len(_TAGS) > 10_000:
            _TAGS.clear()
        tag = _TAGS[plain] = str(_RESOLVER.resolve(yaml.ScalarNode, plain, (True, False)))  # type: ignore[no-untyped-call]
    return tag
