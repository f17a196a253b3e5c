"""Pieces every format check shares: the problem sink, dates, URLs, ids and characters.

Nothing here knows about RSS, Atom or JSON Feed; see :mod:`feedbuilder.check.checker`.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import urllib.parse

from feedbuilder.check.rules import level
from feedbuilder.errors import Level, Problem

FUTURE_SLACK = datetime.timedelta(days=1)
OLDEST_YEAR = 1990  # the W3C validator calls earlier dates implausible
DATE_EXAMPLE_822 = "Mon, 01 Jul 2024 09:00:00 +0000"
DATE_EXAMPLE_3339 = "2024-07-01T09:00:00Z"


@dataclasses.dataclass
class Sink:
    """Collects the problems found in one feed file."""

    path: str
    now: datetime.datetime
    strict: bool = False  # also feedbuilder's own stricter rules (--strict, --best-practice)
    problems: list[Problem] = dataclasses.field(default_factory=list)

    def add(self, code: str, field: str | None, message: str, hint: str | None = None, line: int | None = None) -> None:
        """A finding of the rule `code`, at the rule's level (or dropped when the rule is off at this level)."""
        found = level(code, strict=self.strict)
        if found is None:
            return
        kind = Level.ERROR if found == "error" else Level.WARNING
        problem = Problem(path=self.path, message=message, line=line, field=field, hint=hint, level=kind, code=code)
        self.problems.append(problem)

    def is_on(self, code: str) -> bool:
        """Is this rule reported at this level? (To skip work for rules that are off.)"""
        return level(code, strict=self.strict) is not None


def show(value: object, limit: int = 80) -> str:
    """A value quoted for a message, shortened when long."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return repr(text)


# --- characters -------------------------------------------------------------

_NONCHARACTERS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17))
_BAD_CHAR = re.compile("[\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffd" + _NONCHARACTERS + "]")


def bad_character(text: str) -> tuple[str, str] | None:
    """(message, hint) for the first character readers would show as garbage, if any."""
    found = _BAD_CHAR.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char == "\ufffd":
        what = f"the replacement character {code}, the trace of text decoded with the wrong encoding"
    elif "\ud800" <= char <= "\udfff":
        what = f"the lone surrogate {code}"
    elif ord(char) <= 0x9F:
        what = f"the control character {code}"
    else:
        what = f"the noncharacter {code}"
    return f"contains {what}", "remove it; readers show it as a box or drop the text"


def check_characters(sink: Sink, field: str | None, text: str, line: int | None) -> None:
    found = bad_character(text)
    if found is not None:
        sink.add("bad-character", field, found[0], found[1], line)


# --- dates ------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ZONES = {"UT": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6}
_ZONES |= {"PST": -8, "PDT": -7}
_RFC822 = re.compile(
    rf"(?:(?P<dow>{'|'.join(_DAYS)}), )?(?P<day>\d\d?) (?P<month>{'|'.join(_MONTHS)}) (?P<year>\d{{4}}) "
    rf"(?P<hour>\d\d):(?P<minute>\d\d)(?::(?P<second>\d\d))? (?P<zone>[+-]\d{{4}}|{'|'.join(_ZONES)})",
    re.ASCII,
)
_SHORT_YEAR = re.compile(r".*\b\d\d? \w+ \d\d \d\d:", re.ASCII)
_RFC3339 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)T(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?:\.\d+)?"
    r"(?P<zone>Z|[+-]\d\d:\d\d)",
    re.ASCII,
)


class DateError(ValueError):
    """A date that does not follow its format; args are (message, hint)."""


def parse_rfc822(text: str) -> datetime.datetime:
    """An RSS date, strictly: English names, four-digit year, numeric or named zone."""
    match = _RFC822.fullmatch(text)
    if match is None:
        if _SHORT_YEAR.match(text):
            raise DateError(f"{show(text)} has a two-digit year", f"write the year in full: {DATE_EXAMPLE_822}")
        raise DateError(f"{show(text)} is not an RFC 822 date", f"write it like {DATE_EXAMPLE_822}, in English")
    zone = match["zone"]
    offset = _offset(text, zone[0], zone[1:3], zone[3:]) if zone[0] in "+-" else datetime.timedelta(hours=_ZONES[zone])
    month = _MONTHS.index(match["month"]) + 1
    numbers = [int(match["year"]), month, int(match["day"]), int(match["hour"]), int(match["minute"])]
    when = _make_date(text, [*numbers, int(match["second"] or 0)], offset)
    if match["dow"] and _DAYS[when.weekday()] != match["dow"]:
        day = when.strftime("%A")
        raise DateError(f"{show(text)} says {match['dow']} but that day is a {day}", "fix the weekday or the date")
    return when


def parse_rfc3339(text: str) -> datetime.datetime:
    """An Atom or JSON Feed date: full date and time, upper-case T and Z or a numeric offset."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        if _RFC3339.fullmatch(text.upper()):
            raise DateError(f"{show(text)} uses a lower-case t or z", f"write them upper-case: {DATE_EXAMPLE_3339}")
        raise DateError(f"{show(text)} is not an RFC 3339 date-time", f"write it like {DATE_EXAMPLE_3339}")
    zone = match["zone"]
    offset = datetime.timedelta(0) if zone == "Z" else _offset(text, zone[0], zone[1:3], zone[4:])
    numbers = [int(match[name]) for name in ("year", "month", "day", "hour", "minute", "second")]
    return _make_date(text, numbers, offset)


def _offset(text: str, sign: str, hours: str, minutes: str) -> datetime.timedelta:
    if int(hours) > 23 or int(minutes) > 59:
        raise DateError(f"{show(text)} has an impossible time zone offset", "write +HHMM or Z")
    offset = datetime.timedelta(hours=int(hours), minutes=int(minutes))
    return -offset if sign == "-" else offset


def _make_date(text: str, numbers: list[int], offset: datetime.timedelta) -> datetime.datetime:
    """A datetime from [year, month, day, hour, minute, second] and a UTC offset."""
    year, month, day, hour, minute, second = numbers
    if second > 60:
        raise DateError(f"{show(text)} is not a real date and time", "check the seconds")
    try:
        zone = datetime.timezone(offset)
        return datetime.datetime(year, month, day, hour, minute, min(second, 59), tzinfo=zone)
    except ValueError:
        raise DateError(f"{show(text)} is not a real date and time", "check the day, month and time") from None


def check_date(sink: Sink, field: str, text: str, line: int | None, *, rfc822: bool) -> datetime.datetime | None:
    """Parse a date and report a bad format, a date in the future or one before 1990. RSS dates are
    stripped and may be loose RFC 822 (two-digit year, extra spaces, lower case: a warning, as the W3C
    validator says); Atom and JSON Feed dates are read as written (white space around is an error)."""
    try:
        if rfc822:
            when = _rfc822_date(sink, field, text.strip(), line)
            if when is None:
                return None
        else:
            when = parse_rfc3339(text)
    except DateError as exc:
        sink.add("date-format", field, exc.args[0], exc.args[1], line)
        return None
    if when > sink.now + FUTURE_SLACK:
        sink.add(
            "date-future", field, f"{show(text)} is in the future", "readers pin it to the top; fix the date", line
        )
    elif when.year < OLDEST_YEAR:
        hint = "validators call it implausible; check it"
        sink.add("date-implausible", field, f"{show(text)} is before {OLDEST_YEAR}", hint, line)
    return when


def _rfc822_date(sink: Sink, field: str, text: str, line: int | None) -> datetime.datetime | None:
    """A strict RFC 822 date; or a loose one (reported as date-loose, None); or DateError."""
    try:
        return parse_rfc822(text)
    except DateError as exc:
        if _RFC822.fullmatch(text) or not _LOOSE_RFC822.fullmatch(_without_comments(text).strip().lower()):
            raise
        hint = f"write it like {DATE_EXAMPLE_822}; some readers cannot read it"
        message = exc.args[0] if "two-digit" in exc.args[0] else f"{show(text)} is a loose RFC 822 date"
        sink.add("date-loose", field, message, hint, line)
        return None


def _without_comments(text: str) -> str:
    """An RFC 822 date without its (comments), nested ones too, and without backslash escapes."""
    text, before = re.sub(r"\\.", "", text), ""
    while before != text:
        before, text = text, re.sub(r"\([^()]*\)", " ", text)
    return text


_LOOSE_RFC822 = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)\s*,\s*)?\d\d?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\s+"
    r"\d\d(?:\d\d)?\s+\d\d:\d\d(?::\d\d)?\s+(?:[+-]\d{4}|ut|gmt|[ecmp][sd]t|[a-ik-z])?"
)


# --- URLs and ids -------------------------------------------------------------

LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*|[xXiI](?:-[A-Za-z0-9]{1,8})+")
EMAIL_ADDRESS = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+")
MIME_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+(?:\s*;\s*[\w.+-]+=(?:\"[^\"]*\"|[\w.+-]+))*", re.ASCII)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_NOT_URI_CHAR = re.compile(r"[^A-Za-z0-9;/?:@&=+$.\-_!~*'()%,#\[\]]")
_TAG_URI = re.compile(
    r"tag:(?:[a-z0-9._-]+@)?[a-z0-9.-]+,\d{4}(?:-\d\d(?:-\d\d)?)?:[A-Za-z0-9;/?:@&=+$.\-_!~*'()%,]*"
    r"(?:#[A-Za-z0-9;/?:@&=+$.\-_!~*'()%,]*)?",
    re.ASCII,
)
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_BROKEN_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URI_PARTS = re.compile(
    r"(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?(?P<path>[^?#]*)(?P<rest>[?#].*)?", re.S
)
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def language_hint(value: str) -> str:
    """How to fix a language tag that is not BCP 47."""
    return f"write {value.replace('_', '-')}" if "_" in value else "write a BCP 47 tag such as en or en-US"


def has_scheme(value: str) -> bool:
    """True for an absolute URI or IRI (one that starts with a scheme)."""
    return _SCHEME.match(value) is not None


def is_web_url(value: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def uri_character(value: str) -> tuple[str, str, bool] | None:
    """(message, hint, is_iri_char) when a URL or id holds a character that must be percent-encoded;
    is_iri_char: a non-ASCII character an IRI may hold (RFC 3987), which strict mode alone refuses."""
    broken = _BROKEN_ESCAPE.search(value)
    found = _NOT_URI_CHAR.search(value)
    if found is None:
        if broken is not None:
            return f"{show(value)} has a '%' that starts no escape", "write '%' as %25", False
        return None
    char = found.group()
    encoded = urllib.parse.quote(char, safe="")
    iri = ord(char) > 0x9F and char.isprintable() and not char.isspace()
    if char.isspace():
        what = "a space" if char == " " else f"the white space character U+{ord(char):04X}"
    elif ord(char) > 0x7F:
        what = f"the non-ASCII character {char!r}"
    else:
        what = f"the character {char!r}"
    if iri and any(not (ord(c) > 0x9F and c.isprintable() and not c.isspace()) for c in _NOT_URI_CHAR.findall(value)):
        iri = False
    return f"{show(value)} contains {what}", f"percent-encode it as {encoded}", iri


def check_url(
    sink: Sink,
    field: str,
    value: str,
    line: int | None,
    *,
    web: bool = True,
    relative: str = "error",
    iri: bool = True,
) -> bool:
    """Report a URL that is empty, holds bad characters, is relative where it must be absolute, or
    (`web`) is not http(s). `relative`: "error" (the spec wants absolute), "strict" (the spec allows it;
    --strict reports it) or "ok" (an absolute xml:base applies). `iri`: non-ASCII characters are
    allowed (Atom, JSON Feed; --strict reports them) or not (RSS: URIs only)."""
    if not value.strip() and relative == "error":
        sink.add("url-empty", field, "is empty", "write the absolute URL", line)
        return False
    found = uri_character(value)
    if found is not None:
        allowed = found[2] and iri
        sink.add("url-non-ascii" if allowed else "url-invalid", field, found[0], found[1], line)
        if not allowed:
            return False
    if not has_scheme(value):
        if relative != "ok":
            code = "url-relative" if relative == "strict" else "url-not-absolute"
            sink.add(code, field, f"{show(value)} is not an absolute URL", "write it in full, https://...", line)
        return relative != "error"
    if value.lower().startswith(("http:", "https:")) and not is_web_url(value):
        sink.add("url-invalid", field, f"{show(value)} has no host", "write it as https://host/path", line)
        return False
    if web and not is_web_url(value):
        sink.add("url-not-web", field, f"{show(value)} is not an http(s) URL", "readers may not fetch it", line)
    return True


_URN = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+", re.IGNORECASE)


def check_id(sink: Sink, field: str, value: str, line: int | None, *, absolute: bool) -> None:
    """An item or entry id, as written: not empty, no white space, a well-formed tag: or urn: URI."""
    if not value.strip():
        hint = "give every item a permanent id such as tag:example.com,2026:slug"
        sink.add("id-empty", field, "is empty", hint, line)
        return
    if absolute and value != value.strip():
        sink.add("atom-whitespace", field, f"{show(value)} has white space around it", "write the id alone", line)
        return
    found = uri_character(value)
    if found is not None:
        sink.add("url-non-ascii" if found[2] else "url-invalid", field, found[0], found[1], line)
        if not found[2]:
            return
    if value.lower().startswith("tag:") and not _TAG_URI.fullmatch(value):
        hint = "write tag:example.com,2026:specific with a lower-case domain and a YYYY[-MM[-DD]] date"
        sink.add("id-bad-uri", field, f"{show(value)} is not a valid tag: URI", hint, line)
    elif value.lower().startswith("urn:") and not _URN.fullmatch(value):
        hint = "write urn:NAMESPACE:SPECIFIC, e.g. urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
        sink.add("id-bad-uri", field, f"{show(value)} is not a valid urn: URI", hint, line)
    elif absolute and not has_scheme(value):
        sink.add(
            "url-not-absolute", field, f"{show(value)} is not an absolute IRI", "use a tag: URI or a full URL", line
        )
    elif absolute:
        canonical = canonical_form(value)
        if canonical != value:
            advice = f"write {canonical}" if canonical else "fix its percent escapes"
            hint = f"ids are compared character by character; {advice}"
            sink.add("id-not-canonical", field, f"{show(value)} is not in canonical form", hint, line)


def canonical_form(uri: str) -> str | None:
    """The URI as ids are compared: lower-case scheme and host, no default port, no dot segments,
    upper-case escapes, unreserved characters unescaped; None when it holds a broken escape."""
    if _BROKEN_ESCAPE.search(uri):
        return None
    uri = _ESCAPE.sub(_tidy_escape, uri)
    parts = _URI_PARTS.fullmatch(uri)
    if parts is None:
        return None
    scheme = (parts["scheme"] or "").lower()
    canonical = f"{scheme}:" if parts["scheme"] else ""
    path = parts["path"]
    if parts["authority"] is not None:
        canonical += "//" + _tidy_authority(parts["authority"], scheme)
        path = _remove_dot_segments(path) or "/"
    return canonical + path + (parts["rest"] or "")


def _tidy_escape(match: re.Match[str]) -> str:
    char = chr(int(match.group()[1:], 16))
    return char if char in _UNRESERVED else match.group().upper()


def _tidy_authority(authority: str, scheme: str) -> str:
    userinfo, at, hostport = authority.rpartition("@")
    host, colon, port = hostport.rpartition(":")
    if not colon or not (port == "" or port.isdigit()):
        host, port = hostport, ""
    if port and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return userinfo + at + host.lower()


def _remove_dot_segments(path: str) -> str:
    kept: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        elif segment == ".":
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return "/".join(kept)
