"""Media RSS (search.yahoo.com/mrss/) inside RSS: each media element's attributes, values and cardinality."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check.common import LANGUAGE_TAG, MIME_TYPE, check_url, language_hint, show
from feedbuilder.check.xml_reading import Element, XmlFeed, display_name, line_of

MEDIA = "http://search.yahoo.com/mrss/"
_NPT = re.compile(r"now|\d+(?:\.\d+)?|\d+:\d\d?:\d\d?(?:\.\d+)?")
_ROLES = frozenset(
    (
        "actor",
        "anchor person",
        "author",
        "choreographer",
        "composer",
        "conductor",
        "director",
        "editor",
        "graphic designer",
        "grip",
        "illustrator",
        "lyricist",
        "music arranger",
        "music group",
        "musician",
        "orchestra",
        "performer",
        "photographer",
        "producer",
        "reporter",
        "vocalist",
        "artist",
        "camera operator",
        "host",
        "narrator",
        "presenter",
        "publisher",
        "translator",
        "writer",
    )
)
_RATINGS = {
    "urn:simple": ("adult", "nonadult"),
    "urn:mpaa": ("g", "pg", "pg-13", "r", "nc-17", "x"),
    "urn:v-chip": ("tv-y", "tv-y7", "tv-y7-fv", "tv-g", "tv-pg", "tv-14", "tv-ma"),
}
_HASH_LENGTHS = {"md5": 32, "sha-1": 40}
# per element: attribute -> kind; the attributes it must have
_ATTRIBUTES: dict[str, dict[str, str]] = {
    "content": {
        "url": "url",
        "fileSize": "integer",
        "type": "mime",
        "medium": "image audio video document executable",
        "isDefault": "true false",
        "expression": "sample full nonstop",
        "bitrate": "number",
        "framerate": "number",
        "samplingrate": "number",
        "channels": "integer",
        "duration": "integer",
        "height": "integer",
        "width": "integer",
        "lang": "language",
    },
    "thumbnail": {"url": "url", "height": "integer", "width": "integer", "time": "npt"},
    "player": {"url": "url", "height": "integer", "width": "integer"},
    "title": {"type": "plain html"},
    "description": {"type": "plain html"},
    "text": {"type": "plain html", "lang": "language", "start": "npt", "end": "npt"},
    "category": {"scheme": "uri"},
    "rating": {"scheme": "uri"},
    "credit": {"scheme": "uri"},
    "copyright": {"url": "url"},
    "restriction": {"relationship": "allow deny", "type": "country uri sharing"},
    "hash": {"algo": "md5 sha-1"},
}
_REQUIRED = {"thumbnail": ("url",), "player": ("url",), "restriction": ("relationship",)}
_ONCE = ("title", "description", "copyright", "keywords", "rating", "thumbnail", "player", "hash")


def check_media(feed: XmlFeed, parent: Element, field: str) -> None:
    """Every Media RSS element directly in `parent` (a channel or item), in media:group and media:content."""
    _check_level(feed, parent, field)


def _check_level(feed: XmlFeed, parent: Element, field: str) -> None:
    seen: dict[str, int] = {}
    for element in parent.iterchildren(f"{{{MEDIA}}}*"):
        name = etree.QName(element).localname
        where = f"{field}/{display_name(element)}"
        seen[name] = seen.get(name, 0) + 1
        if name in _ONCE and seen[name] == 2:
            feed.sink.add("media-value", where, "appears twice here", "keep one", line_of(element))
        _check_attributes(feed, element, name, where)
        _check_text(feed, element, name, where)
        if name in ("group", "content"):
            _check_level(feed, element, where)
        if name == "group" and len(element.findall(f"{{{MEDIA}}}content")) < 2:
            hint = "a media:group holds two or more media:content versions of one thing"
            feed.sink.add("media-value", where, "has fewer than two media:content", hint, line_of(element))


def _check_attributes(feed: XmlFeed, element: Element, name: str, field: str) -> None:
    line = line_of(element)
    for required in _REQUIRED.get(name, ()):
        if element.get(required) is None:
            feed.sink.add("media-value", f"{field}/@{required}", "is missing", f"add {required}=", line)
    for attribute, kind in _ATTRIBUTES.get(name, {}).items():
        value = element.get(attribute)
        if value is not None:
            _ATTRIBUTE_CHECKS.get(kind, _check_choice(kind))(feed, f"{field}/@{attribute}", str(value), line)


def _check_text(feed: XmlFeed, element: Element, name: str, field: str) -> None:
    text, line = str(element.text or "").strip(), line_of(element)
    if name == "rating":
        scheme = str(element.get("scheme", "urn:simple"))
        allowed = _RATINGS.get(scheme)
        if allowed is not None and text.lower() not in allowed:
            hint = f"write one of {', '.join(allowed)}"
            feed.sink.add("media-value", field, f"{show(text)} is not a {scheme} rating", hint, line)
    elif name == "hash":
        length = _HASH_LENGTHS.get(str(element.get("algo", "md5")))
        if length is not None and not re.fullmatch(rf"[0-9a-fA-F]{{{length}}}", text):
            hint = f"write the {length} hex digits of the hash"
            feed.sink.add("media-value", field, f"{show(text)} is not a {element.get('algo', 'md5')} hash", hint, line)
    elif name == "credit" and str(element.get("scheme", "urn:ebu")) == "urn:ebu":
        role = element.get("role")
        if role is not None and str(role).lower() not in _ROLES:
            hint = "write an EBU role such as author, producer, actor"
            feed.sink.add("media-role", f"{field}/@role", f"{show(role)} is not a common EBU role", hint, line)


def _check_choice(kind: str) -> Callable[[XmlFeed, str, str, int | None], None]:
    choices = kind.split()

    def check(feed: XmlFeed, field: str, value: str, line: int | None) -> None:
        if value not in choices:
            message = f"{show(value)} is not one of {', '.join(choices)}"
            feed.sink.add("media-value", field, message, f"write {choices[0]}", line)

    return check


def _check_number(feed: XmlFeed, field: str, value: str, line: int | None, *, integer: bool) -> None:
    good = value.isascii() and value.isdigit() if integer else re.fullmatch(r"\d+(?:\.\d+)?", value) is not None
    if not good:
        what = "a whole number" if integer else "a number"
        feed.sink.add("media-value", field, f"{show(value)} is not {what}", f"write {what}", line)


def _check_language(feed: XmlFeed, field: str, value: str, line: int | None) -> None:
    if not LANGUAGE_TAG.fullmatch(value):
        feed.sink.add("bad-language", field, f"{show(value)} is not a language tag", language_hint(value), line)


def _check_npt(feed: XmlFeed, field: str, value: str, line: int | None) -> None:
    if not _NPT.fullmatch(value):
        hint = "write seconds or h:mm:ss.fff (Normal Play Time)"
        feed.sink.add("media-value", field, f"{show(value)} is not a Normal Play Time", hint, line)


def _check_uri(feed: XmlFeed, field: str, value: str, line: int | None) -> None:
    check_url(feed.sink, field, value, line, web=False)


def _check_mime(feed: XmlFeed, field: str, value: str, line: int | None) -> None:
    if not MIME_TYPE.fullmatch(value):
        feed.sink.add("media-value", field, f"{show(value)} is not a MIME type", 'write e.g. "video/mp4"', line)


_ATTRIBUTE_CHECKS: dict[str, Callable[[XmlFeed, str, str, int | None], None]] = {
    "url": _check_uri,
    "uri": _check_uri,
    "integer": lambda feed, field, value, line: _check_number(feed, field, value, line, integer=True),
    "number": lambda feed, field, value, line: _check_number(feed, field, value, line, integer=False),
    "language": _check_language,
    "npt": _check_npt,
    "mime": _check_mime,
}
