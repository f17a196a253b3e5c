"""Pelican's article formats: the Markdown metadata header, and reStructuredText through docutils.

Markdown: ``Key: value`` lines first in the file, no ``---`` (Python-Markdown's
meta extension, which Pelican always enables): a key of letters, digits, ``_``
and ``-`` after at most three spaces, lines indented four or more continuing
the value, the header ending at the first blank line or a line that is neither.
reStructuredText: the document title, the docinfo and field list at its top
(``:date:``, ``:tags:``...), the rest rendered to HTML by docutils.  Keys are
read case-insensitively and mapped to the front matter keys we read, as
Pelican maps them: ``Modified`` is the update date, ``Category`` the category,
``Status: draft`` or ``hidden`` (or ``skip``) keeps the article out of feeds,
``Authors`` is split on ``;`` (else ``,``), ``Tags`` on ``,``.
"""

from __future__ import annotations

import re
from typing import Any

from feedbuilder.sources.frontmatter import Parsed

_KEY = re.compile(r"^ {0,3}([A-Za-z0-9_-]+):\s*(.*)$")
_MORE = re.compile(r"^ {4,}(.*)$")
_UNLISTED = ("draft", "hidden", "skip")
_RENAMED = {"modified": "updated", "category": "categories"}
_LISTS = ("tags", "keywords")


_NAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")  # Pelican's FILENAME_METADATA default, at the name's start


def metadata_header(text: str, *, name: str = "") -> Parsed | None:
    """The article's metadata header as front matter and the body after it; None if it has no header
    that names a title (a body that merely starts with 'Note: ...' is not one)."""
    lines = text.split("\n")
    raw: dict[str, list[str]] = {}
    key_lines: dict[str, int] = {}
    key = None
    index = 0
    for index, line in enumerate(lines):
        found = _KEY.match(line)
        more = _MORE.match(line) if key is not None else None
        if found:
            key = found.group(1).lower()
            if key not in raw:  # Pelican keeps the first of a repeated key
                raw[key], key_lines[key] = [found.group(2).strip()], index + 1
            else:
                key = None
        elif more and key is not None:
            raw[key].append(more.group(1).strip())
        else:
            break
    else:
        index = len(lines)
    if "title" not in raw:
        return None
    body_start = index + 1 if index < len(lines) and not lines[index].strip() else index
    written = {key: " ".join(v for v in values if v) for key, values in raw.items()}
    meta, meta_lines = fields(written, key_lines, name=name)
    return Parsed(meta, meta_lines, "\n".join(lines[body_start:]), body_start + 1, True)


def fields(raw: dict[str, str], lines: dict[str, int], *, name: str = "") -> tuple[dict[str, Any], dict[str, int]]:
    """Pelican's metadata as the front matter keys articles.py reads; without a date, the one that
    starts the file's ``name`` (``2012-11-30_notes.rst``)."""
    dated = _NAME_DATE.match(name)
    if "date" not in raw and dated:
        raw = {**raw, "date": dated.group(1)}
    meta: dict[str, Any] = {}
    meta_lines: dict[str, int] = {}
    for key, written in raw.items():
        name, value = _RENAMED.get(key, key), _value(key, written)
        if key == "status":
            name = "draft"
        if name not in meta:
            meta[name] = value
            if key in lines:
                meta_lines[name] = lines[key]
    return meta, meta_lines


def _value(key: str, written: str) -> Any:
    if key == "status":
        return written.strip() in _UNLISTED
    if key == "date":
        return written.replace("_", " ")
    if key in _LISTS:
        return [part.strip() for part in written.split(",") if part.strip()]
    if key == "authors":
        return [part.strip() for part in written.split(";" if ";" in written else ",") if part.strip()]
    return written
