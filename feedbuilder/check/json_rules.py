"""JSON Feed 1.1 rules (jsonfeed.org/version/1.1) for the feed checker.

Fields are JSON keys joined by '/', lists counted from 1, and items named
like RSS items: `item[2]/id`, `item[2]/attachments[1]/url`, `authors[1]/name`.
JSON problems carry no line number.
"""

from __future__ import annotations

import json
import re
from typing import Any

from feedbuilder.check.common import (
    LANGUAGE_TAG,
    MIME_TYPE,
    Sink,
    check_characters,
    check_date,
    check_id,
    check_url,
    language_hint,
    show,
)
from feedbuilder.check.html_rules import check_html, check_plain_text

VERSION_PREFIX = "https://jsonfeed.org/version/1"
_URL_KEYS = ("icon", "favicon", "next_url")
_ITEM_URL_KEYS = ("url", "external_url", "image", "banner_image")


def check_json(data: bytes, sink: Sink, expected_url: str | None) -> None:
    """Check a JSON Feed document."""
    try:
        document = json.loads(data, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:  # also JSONDecodeError and UnicodeDecodeError
        message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        sink.error(
            None,
            f"is not valid JSON: {message}",
            "fix the syntax; readers refuse the file",
            getattr(exc, "lineno", None),
        )
        return
    if not isinstance(document, dict):
        sink.error(None, "is not a JSON Feed: the top level is not an object", 'write {"version": ..., "items": [...]}')
        return
    _check_all_strings(sink, document)
    _check_top(sink, document, expected_url)
    items = document.get("items")
    if not isinstance(items, list):
        sink.error("items", "is missing or not a list", "write the items as a list, [] when there are none")
        return
    ids: dict[str, int] = {}
    for index, item in enumerate(items, 1):
        if isinstance(item, dict):
            _check_item(sink, item, index, ids)
        else:
            sink.error(f"item[{index}]", f"is {_kind(item)}, not an object", "write each item as an object")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _check_top(sink: Sink, document: dict[str, Any], expected_url: str | None) -> None:
    version = document.get("version")
    if not isinstance(version, str) or not version.startswith(VERSION_PREFIX):
        hint = f'write "version": "{VERSION_PREFIX}.1"'
        sink.error("version", f"{show(version)} is not a JSON Feed version", hint)
    title = _string(sink, document, "title", "title")
    if not title:
        sink.error("title", "is missing or empty", "give the feed the site's name")
    home = _url(sink, document, "home_page_url", "home_page_url", required=True)
    feed_url = _url(sink, document, "feed_url", "feed_url", required=True)
    for key in _URL_KEYS:
        _url(sink, document, key, key)
    if feed_url is not None and expected_url is not None and feed_url != expected_url:
        message = f"{show(feed_url)} is not where the feed is served, {show(expected_url)}"
        sink.error("feed_url", message, "write the exact URL the file is served at")
    if home is not None and home in (feed_url, expected_url):
        sink.error("home_page_url", f"{show(home)} is the feed's own URL", "make it the website's home page")
    language = _string(sink, document, "language", "language")
    if language is not None and not LANGUAGE_TAG.fullmatch(language):
        sink.error("language", f"{show(language)} is not a language tag", language_hint(language))
    _check_authors(sink, document, "authors")


def _check_item(sink: Sink, item: dict[str, Any], index: int, ids: dict[str, int]) -> None:
    field = f"item[{index}]"
    _check_item_id(sink, item, index, ids)
    html = _string(sink, item, "content_html", f"{field}/content_html")
    text = _string(sink, item, "content_text", f"{field}/content_text")
    if not html and not text:
        sink.error(field, "has neither content_html nor content_text", "give every item its text")
    if html:
        check_html(sink, f"{field}/content_html", html, None)
    for key in ("title", "summary"):
        value = _string(sink, item, key, f"{field}/{key}")
        if value:
            check_plain_text(sink, f"{field}/{key}", value, None, rss=False, hex_refs=False)
    for key in _ITEM_URL_KEYS:
        _url(sink, item, key, f"{field}/{key}")
    for key in ("date_published", "date_modified"):
        date = _string(sink, item, key, f"{field}/{key}")
        if date is not None:
            check_date(sink, f"{field}/{key}", date, None, rfc822=False)
    tags = item.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(isinstance(tag, str) for tag in tags)):
        sink.error(f"{field}/tags", f"is {_kind(tags)}, not a list of strings", 'write "tags": ["one", "two"]')
    _check_authors(sink, item, f"{field}/authors")
    _check_attachments(sink, item, f"{field}/attachments")


def _check_item_id(sink: Sink, item: dict[str, Any], index: int, ids: dict[str, int]) -> None:
    field, value = f"item[{index}]/id", item.get("id")
    if value is None:
        sink.error(field, "is missing", "give every item a permanent id such as tag:example.com,2026:slug")
        return
    if not isinstance(value, str):
        sink.error(field, f"{show(value)} is {_kind(value)}, not a string", "write the id as a string")
        value = str(value)
    check_id(sink, field, value, None, absolute=False)
    if value in ids:
        hint = f"each item needs its own id; items {ids[value]} and {index}"
        sink.error(field, f"{show(value)} appears twice", hint)
    else:
        ids[value] = index


def _check_authors(sink: Sink, parent: dict[str, Any], field: str) -> None:
    authors = parent.get("authors")
    if authors is None:
        return
    if not isinstance(authors, list):
        sink.error(field, f"is {_kind(authors)}, not a list", 'write "authors": [{"name": "..."}]')
        return
    for index, author in enumerate(authors, 1):
        where = f"{field}[{index}]"
        if not isinstance(author, dict):
            sink.error(where, f"is {_kind(author)}, not an object", 'write {"name": "..."}')
            continue
        name = _string(sink, author, "name", f"{where}/name")
        url = _author_url(sink, author, f"{where}/url")
        avatar = _url(sink, author, "avatar", f"{where}/avatar")
        if not (name or url or avatar):
            sink.error(where, "has no name, url or avatar", "give at least a name")


def _check_attachments(sink: Sink, item: dict[str, Any], field: str) -> None:
    attachments = item.get("attachments")
    if attachments is None:
        return
    if not isinstance(attachments, list):
        sink.error(
            field, f"is {_kind(attachments)}, not a list", 'write "attachments": [{"url": ..., "mime_type": ...}]'
        )
        return
    for index, attachment in enumerate(attachments, 1):
        where = f"{field}[{index}]"
        if not isinstance(attachment, dict):
            sink.error(where, f"is {_kind(attachment)}, not an object", 'write {"url": ..., "mime_type": ...}')
            continue
        _url(sink, attachment, "url", f"{where}/url", required=True)
        kind = _string(sink, attachment, "mime_type", f"{where}/mime_type")
        if kind is None or not MIME_TYPE.fullmatch(kind):
            said = "is missing" if kind is None else f"{show(kind)} is not a MIME type"
            sink.error(f"{where}/mime_type", said, 'write the MIME type, e.g. "audio/mpeg"')
        size = attachment.get("size_in_bytes")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            sink.error(f"{where}/size_in_bytes", f"{show(size)} is not a whole number of bytes", "write the size")


def _string(sink: Sink, parent: dict[str, Any], key: str, field: str) -> str | None:
    """The string under key; None (after a report) when it is there but not a string."""
    value = parent.get(key)
    if value is None or isinstance(value, str):
        return value
    sink.error(field, f"{show(value)} is {_kind(value)}, not a string", "write it as a JSON string")
    return None


def _url(sink: Sink, parent: dict[str, Any], key: str, field: str, *, required: bool = False) -> str | None:
    value = _string(sink, parent, key, field)
    if value is None:
        if required and key not in parent:
            sink.error(field, "is missing", "write the absolute URL")
        return None
    return value if check_url(sink, field, value, None) else None


def _author_url(sink: Sink, author: dict[str, Any], field: str) -> str | None:
    """An author's url: a web page, or (JSON Feed 1.1 allows it) a mailto: address."""
    value = author.get("url")
    if isinstance(value, str) and re.fullmatch(r"mailto:[^@\s]+@[^@\s]+", value):
        return value
    return _url(sink, author, "url", field)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _check_all_strings(sink: Sink, document: dict[str, Any]) -> None:
    """Characters readers show as garbage, in any key or string of the document."""
    stack: list[tuple[str, object]] = [("", document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            check_characters(sink, path or None, value, None)
        elif isinstance(value, dict):
            for key, child in reversed(value.items()):
                check_characters(sink, path or "(top level)", key, None)
                stack.append((f"{path}/{key}" if path else key, child))
        elif isinstance(value, list):
            prefix = "item" if path == "items" else path
            stack.extend((f"{prefix}[{index}]", child) for index, child in reversed(list(enumerate(value, 1))))
