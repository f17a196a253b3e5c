"""Turn loosely typed front-matter and config values into our model's types.

Each function raises :class:`BadValue` with a message and a hint; the caller
adds the file, line and field.
"""

from __future__ import annotations

import contextlib
import mimetypes
import re
import unicodedata
import urllib.parse

from feedbuilder.model import Author, Enclosure


class BadValue(Exception):
    """A value of the wrong shape; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def show(value: object) -> str:
    """A value as a message quotes it: short, on one line."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def text(value: object, *, what: str = "text") -> str:
    """A single line or paragraph of text; numbers are accepted as text."""
    if isinstance(value, bool) or value is None:
        raise BadValue(f"{show(value)} is not {what}", "write plain text, quoted if it has ': '")
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    raise BadValue(f"{show(value)} is not {what}", "write plain text, not a list or mapping")


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "yes", "on", "false", "no", "off"}:
        return value.strip().lower() in {"true", "yes", "on"}
    raise BadValue(f"{show(value)} is not true or false", "write true or false")


def string_list(value: object) -> tuple[str, ...]:
    """A list of names, or one comma-separated string; empties and repeats dropped."""
    if value is None:
        return ()
    items: list[object]
    if isinstance(value, str):
        items = list(value.split(","))
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        items = [value]
    else:
        raise BadValue(f"{show(value)} is not a list", "write [a, b] or 'a, b'")
    seen: dict[str, None] = {}
    for item in items:
        name = " ".join(text(item, what="a name").split())
        if name:
            seen.setdefault(name, None)
    return tuple(seen)


def author(value: object) -> Author:
    """A name, or a mapping with name and optional email and url."""
    if isinstance(value, str) and value.strip():
        return Author(name=" ".join(value.split()))
    if isinstance(value, dict):
        unknown = sorted(set(map(str, value)) - {"name", "email", "url", "uri"})
        if unknown:
            raise BadValue(f"unknown author key '{unknown[0]}'", "use name, email and url")
        name = text(value.get("name", ""), what="a name")
        if not name:
            raise BadValue("author has no name", "write {name: Jane Doe, email: jane@example.org}")
        email = value.get("email")
        if email is not None and not re.fullmatch(r"[^@\s<>()]+@[^@\s<>()]+\.[^@\s<>()]+", str(email)):
            raise BadValue(f"{show(email)} is not an e-mail address", "write jane@example.org")
        url = value.get("url", value.get("uri"))
        if url is not None:
            url = absolute_url(url)
        return Author(name=" ".join(name.split()), email=email and str(email), url=url)
    raise BadValue(f"{show(value)} is not an author", "write a name, or {name: ..., email: ...}")


def authors(value: object) -> tuple[Author, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    found: dict[Author, None] = {}
    for item in items:
        found.setdefault(author(item), None)
    return tuple(found)


def enclosure(value: object) -> Enclosure:
    if isinstance(value, str):
        value = {"url": value}
    if not isinstance(value, dict) or "url" not in value:
        raise BadValue(f"{show(value)} is not an enclosure", "write {url: ..., length: 1234, type: audio/mpeg}")
    length = value.get("length", 0)
    if isinstance(length, bool) or not (isinstance(length, int) or str(length).isdigit()):
        raise BadValue(f"length {show(length)} is not a number of bytes", "write length: 1234567")
    mime = str(value.get("type") or guess_type(str(value["url"])))
    if not re.fullmatch(r"[\w.+-]+/[\w.+-]+", mime):
        raise BadValue(f"type {show(mime)} is not a media type", "write type: audio/mpeg")
    return Enclosure(url=str(value["url"]).strip(), length=int(length), type=mime)


def guess_type(url: str) -> str:
    return mimetypes.guess_type(urllib.parse.urlsplit(url).path)[0] or "application/octet-stream"


# ---------------------------------------------------------------- URLs


def quote_iri(iri: str) -> str:
    """Percent-encode everything a URI may not hold (non-ASCII, spaces)."""
    return urllib.parse.quote(iri, safe="!#$%&'()*+,/:;=?@[]~-._")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, ASCII only."""
    parts = urllib.parse.urlsplit(quote_iri(url.strip()))
    host = (parts.hostname or "").lower()
    if host and not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    port = parts.port
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port in (None, default) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    path = parts.path or "/"
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, parts.query, parts.fragment))


def absolute_url(value: object) -> str:
    """An absolute http(s) URL, made canonical."""
    url = text(value, what="a URL")
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise BadValue(f"{show(url)} is not an absolute http(s) URL", "write https://example.org/...")
    return canonical_url(url)


def join_url(base: str, reference: str) -> str:
    """``reference`` resolved against ``base``, percent-encoded."""
    return canonical_url(urllib.parse.urljoin(base, quote_iri(reference.strip())))


_SYMBOLS = str.maketrans({"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "})


def slugify(value: str) -> str:
    """A readable, stable URL segment for any name: 'C++ & Rust' -> 'c-plus-plus-and-rust', '中朝' -> '中朝'."""
    normal = unicodedata.normalize("NFKC", value).lower().translate(_SYMBOLS)
    words = re.findall(r"\w+", normal)
    return "-".join(words).strip("_") or "untitled"


def is_absolute_uri(value: str) -> bool:
    return bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S", value)) and " " not in value
