"""Turn loosely typed front-matter and config values into our model's types.

Each function raises :class:`BadValue` with a message and a hint; the caller
adds the file, line and field.
"""

from __future__ import annotations

import functools
import mimetypes
import re
import reprlib
import unicodedata
import urllib.parse

from feedbuilder.model import Author, Enclosure


class BadValue(Exception):
    """A value of the wrong shape; ``hint`` says how to write it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxset, _SHORT.maxtuple = 3, 10, 10, 10, 10
_SHORT.maxstring = _SHORT.maxother = 200


def show(value: object) -> str:
    """A value as a message quotes it: short, on one line (a huge or nested value is not printed whole)."""
    text = repr(value[:100]) if isinstance(value, str) else _SHORT.repr(value)
    return text if len(text) <= 60 else text[:57] + "...'"


def text(value: object, *, what: str = "text") -> str:
    """A single line or paragraph of text; numbers are accepted as text."""
    if isinstance(value, bool) or value is None:
        raise BadValue(f"{show(value)} is not {what}", "write plain text, quoted if it has ': '")
    if isinstance(value, (str, int, float)):
        return str(value).strip()
    raise BadValue(f"{show(value)} is not {what}", "write plain text, not a list or mapping")


# Characters that draw nothing although Unicode does not call them spaces or format characters.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})


def visible(text: str) -> bool:
    """Whether the text shows anything: not only spaces, zero-width and other format characters."""
    return any(char not in _BLANK_LETTERS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES for char in text)


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")


def language(value: object) -> str:
    """A BCP 47 language tag: 'en', 'en-GB' (not 'en_GB')."""
    lang = text(value, what="a language")
    if not _LANGUAGE.fullmatch(lang):
        fixed = lang.replace("_", "-")
        hint = f"write '{fixed}'" if _LANGUAGE.fullmatch(fixed) else "write a BCP 47 tag such as en or en-GB"
        raise BadValue(f"{show(lang)} is not a language tag", hint)
    return lang


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


_EMAIL = re.compile(r"[^@\s<>()]+@[^@\s<>()]+\.[^@\s<>()]+")  # length checked first: it backtracks


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
        if email is not None and not (isinstance(email, str) and len(email) <= 254 and _EMAIL.fullmatch(email)):
            raise BadValue(f"{show(email)} is not an e-mail address", "write jane@example.org")
        url = value.get("url", value.get("uri"))
        if url is not None:
            url = absolute_url(url)
        return Author(name=" ".join(name.split()), email=email, url=url)
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
    url = web_reference(value["url"])
    length = value.get("length", 0)
    if isinstance(length, bool) or not re.fullmatch(r"[0-9]{1,18}", str(length)):
        raise BadValue(f"length {show(length)} is not a number of bytes", "write length: 1234567")
    mime = value.get("type") or guess_type(url)
    if not isinstance(mime, str) or not re.fullmatch(r"[\w.+-]+/[\w.+-]+", mime):
        raise BadValue(f"type {show(mime)} is not a media type", "write type: audio/mpeg")
    return Enclosure(url=url, length=int(length), type=mime)


def guess_type(url: str) -> str:
    return mimetypes.guess_type(urllib.parse.urlsplit(url).path)[0] or "application/octet-stream"


# ---------------------------------------------------------------- URLs


def quote_iri(iri: str) -> str:
    """Percent-encode everything a URI may not hold (non-ASCII, spaces)."""
    return urllib.parse.quote(iri, safe="!#$%&'()*+,/:;=?@[]~-._")


_HOST = re.compile(r"[a-z0-9_.-]+|\[[0-9a-f:.]+\]")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host (IDNA if not ASCII), no default port, the rest percent-encoded.

    Raises :class:`BadValue` for a URL with a broken host or port ('http://[::1', ':99999').
    """
    try:
        parts = urllib.parse.urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise BadValue(
            f"{show(url)} is not a valid URL", "check the host and port: https://example.org:8080/"
        ) from None
    host = (parts.hostname or "").lower()
    try:
        host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError:
        host = "?"
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    if host and not _HOST.fullmatch(host):
        raise BadValue(f"{show(url)} is not a valid URL", "check the host name: https://example.org/")
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if port in (None, default) else f"{host}:{port}"
    if parts.username:
        netloc = f"{quote_iri(parts.username)}@{netloc}"
    path = quote_iri(parts.path) or "/"
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), netloc, path, quote_iri(parts.query), quote_iri(parts.fragment))
    )


def absolute_url(value: object) -> str:
    """An absolute http(s) URL, made canonical."""
    url = text(value, what="a URL")
    canonical = canonical_url(url)
    parts = urllib.parse.urlsplit(canonical)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadValue(f"{show(url)} is not an absolute http(s) URL", "write https://example.org/...")
    return canonical


MAX_REFERENCE = 2_048  # characters of a URL, id or slug written in an article (browsers go little further)


def short(value: str, what: str) -> str:
    """``value``, if it is at most MAX_REFERENCE characters long."""
    if len(value) > MAX_REFERENCE:
        raise BadValue(
            f"{show(value[:40] + '…')} is {len(value):,} characters, over the limit of {MAX_REFERENCE:,} for {what}",
            "shorten it",
        )
    return value


def web_reference(value: object) -> str:
    """A link to a page or file: absolute http(s), or relative to the article ('photo.jpg', '/about/')."""
    reference = short(text(value, what="a URL"), "a URL")
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", reference)
    if not reference or (scheme and scheme.group(1).lower() not in ("http", "https")):
        raise BadValue(
            f"{show(reference)} is not a web address", "write https://example.org/... or a path such as media/photo.jpg"
        )
    try:
        join_url("https://example.org/", reference)
    except BadValue as exc:  # a broken host or port, named as the user wrote it
        raise BadValue(f"{show(reference)} is not a valid URL", exc.hint) from None
    return reference


def join_url(base: str, reference: str) -> str:
    """``reference`` resolved against ``base``, percent-encoded."""
    try:
        quoted = quote_iri(reference.strip())
        direct = _joined_directly(base, quoted)
        if direct is not None:
            return direct
        joined = urllib.parse.urljoin(base, quoted)
    except ValueError:  # 'http://[::1', or text that is not Unicode
        raise BadValue(f"{show(reference)} is not a valid URL", "check the host and port") from None
    return canonical_url(joined)


# The common case takes a short way: a plain path (safe characters; no '.', '..' or empty
# segment) joined to a canonical http(s) address that ends with '/' is only appended to it,
# or to its scheme and host when it starts with '/'.  tests/cli/test_load_speed.py checks the
# short way against the general one.
_SEGMENT = r"(?!\.\.?(?:/|\Z))[A-Za-z0-9_.~%-]+"
_PLAIN_RELATIVE = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*/?")  # '2026/07/slug/'
_PLAIN_ROOTED = re.compile(rf"/(?:{_SEGMENT}(?:/{_SEGMENT})*/?)?")  # '/media/photo.jpg'
_BASE_LENGTH = 2000
_PLAIN_BASE = re.compile(rf"(https?://[^/?#;@\\\s]+)(?:/{_SEGMENT})*/")  # 'https://example.org/blog/'


def _joined_directly(base: str, quoted: str) -> str | None:
    """``quoted`` joined to ``base`` the short way; None when the short way does not apply."""
    if len(base) > _BASE_LENGTH:  # not remembered: a hostile file could make the memory large
        return None
    if _PLAIN_RELATIVE.fullmatch(quoted):
        plain = _plain_base(base)
        return None if plain is None else base + quoted
    if _PLAIN_ROOTED.fullmatch(quoted):
        plain = _plain_base(base)
        return None if plain is None else plain + quoted
    return None


@functools.lru_cache(maxsize=64)
def _plain_base(base: str) -> str | None:
    """The scheme and host of ``base`` if plain paths may be joined to it the short way; else None."""
    match = _PLAIN_BASE.fullmatch(base)
    if match is None:
        return None
    try:
        return match.group(1) if canonical_url(base) == base else None
    except BadValue:
        return None


_SYMBOLS = str.maketrans({"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "})


def slugify(value: str) -> str:
    """A readable, stable URL segment for any name: 'C++ & Rust' -> 'c-plus-plus-and-rust', '中朝' -> '中朝'."""
    normal = unicodedata.normalize("NFKC", value).lower().translate(_SYMBOLS)
    words = re.findall(r"\w+", normal)
    return "-".join(words).strip("_") or "untitled"


def is_absolute_uri(value: str) -> bool:
    return bool(re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S", value)) and " " not in value
