"""JSON Feed 1.0 and 1.1 rules (jsonfeed.org/version/1.1) for the feed checker: every key's type, the
required keys, `_` extensions, authors and the 1.0 author, hubs, attachments, expired.

Fields are JSON keys joined by '/', lists counted from 1, and items named
like RSS items: `item[2]/id`, `item[2]/attachments[1]/url`, `authors[1]/name`.
JSON problems carry no line number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
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

VERSIONS = ("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1")
VERSION_PREFIX = "https://jsonfeed.org/version/1"
# every key JSON Feed defines, with the JSON type of its value ("url": a string holding a URL)
TOP_KEYS = {
    "version": "string",
    "title": "string",
    "home_page_url": "url",
    "feed_url": "url",
    "description": "string",
    "user_comment": "string",
    "next_url": "url",
    "icon": "url",
    "favicon": "url",
    "author": "object",
    "authors": "list",
    "language": "string",
    "expired": "boolean",
    "hubs": "list",
    "items": "list",
}
ITEM_KEYS = {
    "id": "string",
    "url": "url",
    "external_url": "url",
    "title": "string",
    "content_html": "string",
    "content_text": "string",
    "summary": "string",
    "image": "url",
    "banner_image": "url",
    "date_published": "string",
    "date_modified": "string",
    "author": "object",
    "authors": "list",
    "tags": "list",
    "language": "string",
    "attachments": "list",
}
AUTHOR_KEYS = {"name": "string", "url": "url", "avatar": "url"}
ATTACHMENT_KEYS = {
    "url": "url",
    "mime_type": "string",
    "title": "string",
    "size_in_bytes": "number",
    "duration_in_seconds": "number",
}
HUB_KEYS = {"type": "string", "url": "url"}
_IS = {
    "string": lambda value: isinstance(value, str),
    "url": lambda value: isinstance(value, str),
    "object": lambda value: isinstance(value, dict),
    "list": lambda value: isinstance(value, list),
    "boolean": lambda value: isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
}
_SAID = {"url": "a string", "string": "a string", "object": "an object", "list": "a list", "boolean": "true or false"}


def check_json(data: bytes, sink: Sink, expected_url: str | None) -> None:
    """Check a JSON Feed document."""
    try:
        document = json.loads(data, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:  # also JSONDecodeError and UnicodeDecodeError
        message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        hint = "fix the syntax; readers refuse the file"
        sink.add("json-invalid", None, f"is not valid JSON: {message}", hint, getattr(exc, "lineno", None))
        return
    if not isinstance(document, dict):
        hint = 'write {"version": ..., "items": [...]}'
        sink.add("json-type", None, "is not a JSON Feed: the top level is not an object", hint)
        return
    _check_all_strings(sink, document)
    _check_top(sink, document, expected_url)
    items = document.get("items")
    if not isinstance(items, list):
        said = "is missing" if items is None else f"is {_kind(items)}, not a list"
        code = "json-missing" if items is None else "json-type"
        sink.add(code, "items", said, "write the items as a list, [] when there are none")
        return
    ids: dict[str, int] = {}
    for index, item in enumerate(items, 1):
        if isinstance(item, dict):
            _check_item(sink, item, index, ids)
        else:
            sink.add("json-type", f"item[{index}]", f"is {_kind(item)}, not an object", "write each item as an object")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _check_keys(sink: Sink, parent: dict[str, Any], keys: dict[str, str], field: str | None) -> None:
    """Each key JSON Feed defines has its type; any other key starts with '_' (an extension)."""
    for key, value in parent.items():
        where = f"{field}/{key}" if field else key
        kind = keys.get(key)
        if kind is None:
            if not key.startswith("_"):
                hint = f"extensions are named with a leading underscore: _{key}"
                sink.add("json-unknown-key", where, "is not a JSON Feed key", hint)
        elif key != "items" and not _IS[kind](value):
            said = _SAID.get(kind, "a number")
            sink.add("json-type", where, f"{show(value)} is {_kind(value)}, not {said}", f"write it as {said}")


def _check_top(sink: Sink, document: dict[str, Any], expected_url: str | None) -> None:
    _check_keys(sink, document, TOP_KEYS, None)
    version = document.get("version")
    if version is None:
        sink.add("json-missing", "version", "is missing", f'write "version": "{VERSIONS[1]}"')
    elif isinstance(version, str) and version not in VERSIONS:
        sink.add("json-version", "version", f"{show(version)} is not a JSON Feed version", f'write "{VERSIONS[1]}"')
    title = document.get("title")
    if title is None:
        sink.add("json-missing", "title", "is missing", "give the feed the site's name")
    _urls(sink, document, TOP_KEYS, None)
    home, feed_url = _string(document, "home_page_url"), _string(document, "feed_url")
    if feed_url is None and "feed_url" not in document:
        sink.add("json-feed-url-missing", "feed_url", "is missing", "write the URL the file is served at")
    if feed_url is not None and expected_url is not None and feed_url != expected_url:
        message = f"{show(feed_url)} is not where the feed is served, {show(expected_url)}"
        sink.add("self-link-mismatch", "feed_url", message, "write the exact URL the file is served at")
    if home is not None and home in (feed_url, expected_url):
        sink.add("json-home-is-feed", "home_page_url", f"{show(home)} is the feed's own URL", "make it the home page")
    _check_language(sink, document, "language")
    _check_people(sink, document, None, version)
    _check_list(sink, document, "hubs", "hubs", _check_hub)


def _check_item(sink: Sink, item: dict[str, Any], index: int, ids: dict[str, int]) -> None:
    field = f"item[{index}]"
    _check_keys(sink, item, ITEM_KEYS, field)
    _check_item_id(sink, item, index, ids)
    html = _string(item, "content_html")
    if "content_html" not in item and "content_text" not in item:
        sink.add("json-item-no-content", field, "has neither content_html nor content_text", "give every item its text")
    if html:
        check_html(sink, f"{field}/content_html", html, None)
    for key in ("title", "summary"):
        value = _string(item, key)
        if value:
            check_plain_text(sink, f"{field}/{key}", value, None, rss=False, hex_refs=False)
    _urls(sink, item, ITEM_KEYS, field)
    for key in ("date_published", "date_modified"):
        date = _string(item, key)
        if date is not None:
            check_date(sink, f"{field}/{key}", date, None, rfc822=False)
    tags = item.get("tags")
    if isinstance(tags, list):
        for number, tag in enumerate(tags, 1):
            if not isinstance(tag, str):
                sink.add("json-type", f"{field}/tags[{number}]", f"is {_kind(tag)}, not a string", "write a string")
    _check_language(sink, item, f"{field}/language")
    _check_people(sink, item, field, None)
    _check_list(sink, item, "attachments", f"{field}/attachments", _check_attachment)


def _check_item_id(sink: Sink, item: dict[str, Any], index: int, ids: dict[str, int]) -> None:
    field, value = f"item[{index}]/id", item.get("id")
    if value is None:
        hint = "give every item a permanent id such as tag:example.com,2026:slug"
        sink.add("json-missing", field, "is missing", hint)
        return
    value = str(value)
    if not value:
        hint = "give every item a permanent id such as tag:example.com,2026:slug"
        sink.add("id-empty", field, "is empty", hint)
    elif sink.strict:  # JSON Feed ids are any unique string; --strict asks for a clean URI
        check_id(sink, field, value, None, absolute=False)
    if value in ids:
        hint = f"each item needs its own id; items {ids[value]} and {index}"
        sink.add("json-id-duplicate", field, f"{show(value)} appears twice", hint)
    else:
        ids[value] = index


def _check_people(sink: Sink, parent: dict[str, Any], field: str | None, version: object) -> None:
    """`authors` (1.1: a list of objects) and `author` (1.0: one object, deprecated in 1.1)."""
    prefix = f"{field}/" if field else ""
    _check_list(sink, parent, "authors", f"{prefix}authors", _check_author)
    author = parent.get("author")
    if isinstance(author, dict):
        _check_author(sink, author, f"{prefix}author")
        if version == VERSIONS[1] and "authors" not in parent:
            sink.add("json-deprecated", f"{prefix}author", "is deprecated in JSON Feed 1.1", 'write "authors": [...]')


def _check_author(sink: Sink, author: dict[str, Any], field: str) -> None:
    _check_keys(sink, author, AUTHOR_KEYS, field)
    if not any(key in author for key in AUTHOR_KEYS):
        sink.add("json-empty-author", field, "has no name, url or avatar", "give at least a name")
    url = _string(author, "url")
    if url is not None and not re.fullmatch(r"mailto:[^@\s]+@[^@\s]+", url):  # 1.1 allows a mailto: address
        check_url(sink, f"{field}/url", url, None, relative="strict")
    avatar = _string(author, "avatar")
    if avatar is not None:
        check_url(sink, f"{field}/avatar", avatar, None, relative="strict")


def _check_attachment(sink: Sink, attachment: dict[str, Any], field: str) -> None:
    _check_keys(sink, attachment, ATTACHMENT_KEYS, field)
    _required(sink, attachment, ("url", "mime_type"), field, hint='write {"url": ..., "mime_type": ...}')
    _urls(sink, attachment, ATTACHMENT_KEYS, field)
    kind = _string(attachment, "mime_type")
    if kind is not None and not MIME_TYPE.fullmatch(kind):
        sink.add("json-type", f"{field}/mime_type", f"{show(kind)} is not a MIME type", 'write e.g. "audio/mpeg"')


def _check_hub(sink: Sink, hub: dict[str, Any], field: str) -> None:
    _check_keys(sink, hub, HUB_KEYS, field)
    _required(sink, hub, ("type", "url"), field, hint='write {"type": "WebSub", "url": "https://..."}', code="json-hub")
    _urls(sink, hub, HUB_KEYS, field)


def _required(
    sink: Sink, parent: dict[str, Any], keys: tuple[str, ...], field: str, *, hint: str, code: str = "json-missing"
) -> None:
    for key in keys:
        if key not in parent:
            sink.add(code, f"{field}/{key}", "is missing", hint)


def _check_list(
    sink: Sink, parent: dict[str, Any], key: str, field: str, check: Callable[[Sink, dict[str, Any], str], None]
) -> None:
    """Each member of a list of objects (the list's own type is checked with the other keys)."""
    values = parent.get(key)
    if not isinstance(values, list):
        return
    for index, value in enumerate(values, 1):
        where = f"{field}[{index}]"
        if isinstance(value, dict):
            check(sink, value, where)
        else:
            sink.add("json-type", where, f"is {_kind(value)}, not an object", "write each one as an object")


def _urls(sink: Sink, parent: dict[str, Any], keys: dict[str, str], field: str | None) -> None:
    for key, kind in keys.items():
        value = _string(parent, key)
        if kind == "url" and value is not None:
            check_url(sink, f"{field}/{key}" if field else key, value, None, relative="strict")


def _check_language(sink: Sink, parent: dict[str, Any], field: str) -> None:
    language = _string(parent, "language")
    if language is not None and not LANGUAGE_TAG.fullmatch(language):
        sink.add("bad-language", field, f"{show(language)} is not a language tag", language_hint(language))


def _string(parent: dict[str, Any], key: str) -> str | None:
    value = parent.get(key)
    return value if isinstance(value, str) else None


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
