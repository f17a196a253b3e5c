"""Pieces every format check shares: the problem sink, dates, URLs, ids and characters.

Nothing here knows about RSS, Atom or JSON Feed; see :mod:`feedbuilder.check.checker`.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import urllib.parse

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
    problems: list[Problem] = dataclasses.field(default_factory=list)

    def error(self, field: str | None, message: str, hint: str | None = None, line: int | None = None) -> None:
        self._add(Level.ERROR, field, message, hint, line)

    def warn(self, field: str | None, message: str, hint: str | None = None, line: int | None = None) -> None:
        self._add(Level.WARNING, field, message, hint, line)

    def _add(self, level: Level, field: str | None, message: str, hint: str | None, line: int | None) -> None:
        problem = Problem(path=self.path, message=message, line=line, field=field, hint=hint, level=level)
        self.problems.append(problem)


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
        sink.error(field, found[0], found[1], line)


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
    """Parse a date and report a bad format, a date in the future or one before 1990."""
    try:
        when = parse_rfc822(text) if rfc822 else parse_rfc3339(text)
    except DateError as exc:
        sink.error(field, exc.args[0], exc.args[1], line)
        return None
    if when > sink.now + FUTURE_SLACK:
        sink.error(field, f"{show(text)} is in the future", "readers pin it to the top; fix the date", line)
    elif when.year < OLDEST_YEAR:
        sink.warn(field, f"{show(text)} is before {OLDEST_YEAR}", "validators call it implausible; check it", line)
    return when


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


def uri_character(value: str) -> tuple[str, str] | None:
    """(message, hint) when a URL or id holds a character that must be percent-encoded."""
    found = _NOT_URI_CHAR.search(value)
    if found is None:
        return None
    char = found.group()
    encoded = urllib.parse.quote(char, safe="")
    if char.isspace():
        what = "a space" if char == " " else f"the white space character U+{ord(char):04X}"
    elif ord(char) > 0x7F:
        what = f"the non-ASCII character {char!r}"
    else:
        what = f"the character {char!r}"
    return f"{show(value)} contains {what}", f"percent-encode it as {encoded}"


def check_url(sink: Sink, field: str, value: str, line: int | None, *, web: bool = True) -> bool:
    """Report a URL that is not absolute (http/https when web) or holds bad characters."""
    if not value:
        sink.error(field, "is empty", "write the absolute URL", line)
        return False
    if web and not is_web_url(value):
        sink.error(field, f"{show(value)} is not an absolute http(s) URL", "write it in full, https://...", line)
        return False
    if not web and not has_scheme(value):
        sink.error(field, f"{show(value)} is not an absolute URL", "write it in full, with its scheme", line)
        return False
    found = uri_character(value)
    if found is not None:
        sink.error(field, found[0], found[1], line)
        return False
    return True


def check_id(sink: Sink, field: str, value: str, line: int | None, *, absolute: bool) -> None:
    """An item or entry id: not empty, ASCII without spaces, a well-formed tag: URI when it is one."""
    if not value:
        sink.error(field, "is empty", "give every item a permanent id such as tag:example.com,2026:slug", line)
        return
    found = uri_character(value)
    if found is not None:
        sink.error(field, found[0], found[1], line)
    elif value.startswith("tag:") and not _TAG_URI.fullmatch(value):
        hint = "write tag:example.com,2026:specific with a lower-case domain and a YYYY[-MM[-DD]] date"
        sink.error(field, f"{show(value)} is not a valid tag: URI", hint, line)
    elif absolute and not has_scheme(value):
        sink.error(field, f"{show(value)} is not an absolute IRI", "use a tag: URI or a full URL", line)
    elif absolute:
        canonical = canonical_form(value)
        if canonical != value:
            advice = f"write {canonical}" if canonical else "fix its percent escapes"
            hint = f"ids are compared character by character; {advice}"
            sink.warn(field, f"{show(value)} is not in canonical form", hint, line)


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
