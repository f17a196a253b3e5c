"""Feed -> JSON Feed 1.1 bytes (jsonfeed.org/version/1.1).

The text is what ``json.dumps(document, ensure_ascii=False, indent=2)``
writes, made faster: json's C encoder does not indent, so :func:`_encode`
writes the same text itself, and each item is written once per build and
reused by every feed that carries the same entry (see shared_items.py).
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

from feedbuilder.model import Author, Entry, Feed
from feedbuilder.render import shared_items
from feedbuilder.sources.dates import rfc3339

FILE_NAME = "feed.json"
MEDIA_TYPE = "application/feed+json"
VERSION = "https://jsonfeed.org/version/1.1"
_ITEM_INDENT = "    "  # items are at depth 2: document -> "items" -> item
_FIRST, _BETWEEN = b"\n    ", b",\n    "  # before the first item, before each other one
_HOLE = "\x00"  # where the items go; JSON text never holds a raw NUL (strings write it as \u0000)
ITEMS = shared_items.ItemCache("json")  # this build's items, as UTF-8 JSON text at their depth


class _Encoded(str):
    """JSON text already written, put into the document as it is."""


def render(feed: Feed[Entry], *, file_name: str = FILE_NAME, reuse: bool = True) -> bytes:
    """The JSON Feed document for ``feed``: indented, keys in a fixed order, UTF-8.

    ``reuse=False`` writes the whole document afresh with :func:`json.dumps`:
    the bytes the fast path must equal.
    """
    document: dict[str, Any] = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url_of(file_name),
        "description": feed.description,
        "authors": [_person(a) for a in feed.authors],
    }
    if feed.language:
        document["language"] = feed.language
    if feed.hubs:
        document["hubs"] = [{"type": "WebSub", "url": hub} for hub in feed.hubs]
    if not reuse:
        document["items"] = [_item(entry) for entry in feed.entries]
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if not feed.entries:
        document["items"] = []
        return (_encode(document, "") + "\n").encode("utf-8")
    document["items"] = _Encoded(_HOLE)  # "items" is the last key: the list closes the document
    head, tail = (_encode(document, "") + "\n").encode("utf-8").split(_HOLE.encode())
    known = [ITEMS.get(entry) for entry in feed.entries]
    items = [
        item if item is not None else _encode(_item(entry), _ITEM_INDENT).encode("utf-8")
        for entry, item in zip(feed.entries, known, strict=True)
    ]
    whole, places = shared_items.join(head + b"[", items, b"\n  ]" + tail, first=_FIRST, between=_BETWEEN)
    for entry, item, place in zip(feed.entries, known, places, strict=True):
        if item is None:
            ITEMS.put(entry, place)
    return whole


def _encode(value: object, indent: str) -> str:
    """``value`` as ``json.dumps(ensure_ascii=False, indent=2)`` writes it at ``indent`` (its depth's spaces).

    Only the types a feed holds: dicts with string keys, lists, strings, integers, booleans, None.
    """
    if isinstance(value, str):
        return str(value) if isinstance(value, _Encoded) else encode_basestring(value)
    if isinstance(value, dict | list):
        return _encode_container(value, indent)
    if value is None or isinstance(value, bool | int):
        return json.dumps(value)
    raise TypeError(f"{type(value).__name__} is not written to JSON Feed")


def _encode_container(value: dict[str, object] | list[object], indent: str) -> str:
    """A dict or list: each member on a line of its own, one level deeper; ``{}`` and ``[]`` when empty."""
    inner = indent + "  "
    if isinstance(value, dict):
        members = [f"{encode_basestring(key)}: {_encode(member, inner)}" for key, member in value.items()]
        opening, closing = "{", "}"
    else:
        members = [_encode(member, inner) for member in value]
        opening, closing = "[", "]"
    if not members:
        return opening + closing
    return f"{opening}\n{inner}" + f",\n{inner}".join(members) + f"\n{indent}{closing}"


def _item(entry: Entry) -> dict[str, Any]:
    article = entry.article
    item: dict[str, Any] = {"id": article.id, "url": article.url, "title": article.title}
    if entry.content_html:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary or article.title
    if entry.summary:
        item["summary"] = entry.summary
    if article.image:
        item["image"] = article.image
    item["date_published"] = rfc3339(article.published)
    item["date_modified"] = rfc3339(article.updated)
    item["authors"] = [_person(a) for a in entry.authors]
    tags = list(dict.fromkeys(article.tags + article.categories))
    if tags:
        item["tags"] = tags
    if article.lang:
        item["language"] = article.lang
    if article.enclosure:
        enclosure = article.enclosure
        attachment: dict[str, Any] = {"url": enclosure.url, "mime_type": enclosure.type}
        if enclosure.length:
            attachment["size_in_bytes"] = enclosure.length
        item["attachments"] = [attachment]
    return item


def _person(author: Author) -> dict[str, str]:
    person = {"name": author.name}
    if author.url:
        person["url"] = author.url
    elif author.email:
        person["url"] = f"mailto:{author.email}"
    return person
