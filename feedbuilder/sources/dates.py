"""Dates as authors write them -> aware UTC datetimes, in whole seconds.

YAML gives ``date``, naive ``datetime``, aware ``datetime`` or ``str``
depending on how a date is written.  Naive values are in the site's time zone;
date-only values are that day's midnight there.
"""

from __future__ import annotations

import array
import collections
import datetime
import re
import typing
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from feedbuilder.sources.values import BadValue, show

UTC = datetime.UTC
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
LAST_YEAR = 9000
PLAUSIBLE_YEAR = 1990  # the W3C Feed Validator warns ImplausibleDate for anything earlier
_HINT = "write 2024-07-01, 2024-07-01T09:30:00+02:00 or 'July 1, 2024 9:30 am'"


SlashOrder = typing.Literal["day first", "month first"]
_SLASHED = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b")


def parse_date(value: object, *, tz: ZoneInfo, slash_order: SlashOrder | None = None) -> tuple[datetime.datetime, bool]:
    """Return (aware UTC datetime, whether only a day was given).

    ``slash_order``: how the site's own generator reads a date such as 12/06/2026 (a reader of
    generator-specific front matter passes it); without one, a slashed date whose order is not
    settled by its numbers is refused (12/06/2026), one that is (31/12/2026) is read as it must be."""
    if isinstance(value, datetime.datetime):
        return _to_utc(value, tz), False
    if isinstance(value, datetime.date):
        return _to_utc(datetime.datetime.combine(value, datetime.time()), tz), True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise BadValue(f"{show(value)} is not a date", _HINT)
    if not isinstance(value, str) or not value.strip():
        raise BadValue(f"{show(value)} is not a date", _HINT)
    written = value.strip()
    try:
        parsed = datetime.datetime.fromisoformat(written.replace("z", "Z"))
    except ValueError:
        parsed = _parse_written(written, day_first=_day_first(written, slash_order))
    return _to_utc(parsed, tz), bool(_DATE_ONLY.fullmatch(written))


def _day_first(written: str, order: SlashOrder | None) -> bool:
    """Whether a date written 12/06/2026 (or 12.06.2026) has its day first; refused when its order is
    not known: month first and day first read it as two different days."""
    match = _SLASHED.match(written)
    if match is None:
        return False
    first, _, second, year = match.groups()
    if order is None and first != second and int(first) <= 12 and int(second) <= 12:
        day_first = f"{year}-{int(second):02}-{int(first):02}"
        month_first = f"{year}-{int(first):02}-{int(second):02}"
        raise BadValue(
            f"{show(written)} could be {day_first} (day first) or {month_first} (month first)",
            f"write the date as YYYY-MM-DD: {day_first} or {month_first}",
        )
    return order == "day first" or (order is None and int(first) > 12)


# What Ruby's Time.parse (Jekyll) and Go's layouts (Hugo) accept beyond ISO 8601: a day, a time, maybe
# the year again (Ruby ignores it), a numeric offset or Z, then maybe a zone's abbreviation
_LOOSE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"(?:\s+\d{4})?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?(?:\s*[A-Z]{3,5})?"
)


def parse_loose(
    value: object, *, tz: ZoneInfo | datetime.tzinfo, slash_order: SlashOrder | None = None
) -> tuple[datetime.datetime, bool]:
    """:func:`parse_date`, also taking the forms other generators read: Ruby's ``Time.parse``
    (``2023-01-29 18:30:22 2023 -0800``, ``2023-01-29 18:30:22 -0800``) and Go's
    (``2006-01-02 15:04:05 -0700 MST``, ``2006-01-02 15:04:05Z0700``)."""
    try:
        return parse_date(value, tz=tz, slash_order=slash_order)  # type: ignore[arg-type]
    except BadValue:
        match = _LOOSE.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        when = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise BadValue(f"{show(value)} is not a date", _HINT) from None
    if zone and zone not in ("UTC", "GMT", "Z"):
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = datetime.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        when = when.replace(tzinfo=datetime.timezone(sign * offset))
    elif zone:
        when = when.replace(tzinfo=UTC)
    return _to_utc(when, tz), hour is None  # type: ignore[arg-type]


def _parse_written(written: str, *, day_first: bool = False) -> datetime.datetime:
    from dateutil import parser

    # dateutil fills in what is missing: '12' would be the 12th of this month, of no year written.
    if _looks_like_iso(written) or len(written) > 100 or not re.search(r"\d{4}", written):
        raise BadValue(f"{show(written)} is not a date", _HINT)
    quick = _month_day_year(written)
    if quick is not None:
        return quick
    try:
        return parser.parse(written, default=datetime.datetime(2000, 1, 1), dayfirst=day_first)
    except (ValueError, OverflowError, parser.ParserError):
        raise BadValue(f"{show(written)} is not a date", _HINT) from None


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_DAY_YEAR = re.compile(
    rf"({'|'.join(_MONTHS)}) (0?[1-9]|[12][0-9]|3[01]), ([1-9][0-9]{{3}})(?: (0?[1-9]|1[0-2]):([0-5][0-9]) ([ap]m))?"
)


def _month_day_year(written: str) -> datetime.datetime | None:
    """'July 1, 2026 9:30 am' or 'July 1, 2026' as dateutil reads it, without dateutil (which takes
    a third of a millisecond); None for any other text, or a day the month does not have.
    tests/cli/test_load_speed.py checks it against dateutil."""
    match = _MONTH_DAY_YEAR.fullmatch(written)
    if match is None:
        return None
    month, day, year, hour, minute, half = match.groups()
    hours = 0 if hour is None else int(hour) % 12 + (12 if half == "pm" else 0)
    try:
        return datetime.datetime(int(year), _MONTHS.index(month) + 1, int(day), hours, int(minute or 0))
    except ValueError:  # February 30
        return None


def _looks_like_iso(written: str) -> bool:
    """ISO-shaped text that fromisoformat refused is impossible (2024-13-45)."""
    return bool(re.match(r"\d{4}-\d{1,2}-\d{1,2}", written))


def _to_utc(value: datetime.datetime, tz: ZoneInfo) -> datetime.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    if value.year < 1900:
        raise BadValue(f"{show(value.isoformat())} is before 1900", _HINT)
    if value.year > LAST_YEAR:  # years near 9999 overflow when moved to UTC or a second later
        raise BadValue(f"{show(value.isoformat())} is after {LAST_YEAR}", _HINT)
    return value.astimezone(UTC).replace(microsecond=0)


def spread_ties(
    stamps: Sequence[int], order: Sequence[str], *, day_start: Callable[[int], bool] | None = None
) -> array.array[int]:
    """Give equal times (seconds since the epoch) distinct ones, one second apart, deterministically.

    ``order`` names each time's owner (its path); among equal times the owners
    are taken in sorted order, each a second after the one before.  The last
    keeps its time and the others move earlier, so that a tie never moves an
    article into the future (three ``feedbuilder new`` within one second are
    all out now); only a tie at the start of a day (``day_start``: a date
    written without a time) moves later, so that each stays on its day.  Never
    onto another time.
    """
    result = array.array("q", stamps)
    counts = collections.Counter(stamps)
    tied = {stamp for stamp, count in counts.items() if count > 1}
    groups: dict[int, list[int]] = {}
    for index, stamp in enumerate(stamps) if tied else ():
        if stamp in tied:
            groups.setdefault(stamp, []).append(index)
    taken = set(counts)
    for stamp, members in groups.items():
        members.sort(key=lambda i: order[i])
        step = 1 if day_start is not None and day_start(stamp) else -1
        moved = stamp
        for index in members[1:] if step > 0 else reversed(members[:-1]):
            moved += step
            while moved in taken:
                moved += step
            taken.add(moved)
            result[index] = moved
    return result


def day_start(tz: ZoneInfo) -> Callable[[int], bool]:
    """Whether a time (seconds) is midnight in ``tz``: a date written without a time."""

    def starts(stamp: int) -> bool:
        return (_EPOCH + datetime.timedelta(seconds=stamp)).astimezone(tz).time() == datetime.time()

    return starts


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = datetime.timedelta(seconds=1)


@typing.overload
def to_seconds(value: datetime.datetime) -> int: ...
@typing.overload
def to_seconds(value: None) -> None: ...
def to_seconds(value: datetime.datetime | None) -> int | None:
    """A time in whole seconds since the epoch (any year: times before 1970 are negative)."""
    return None if value is None else (value - _EPOCH) // _SECOND


def from_seconds(value: int) -> datetime.datetime:
    """The aware UTC time :func:`to_seconds` was given."""
    return _EPOCH + datetime.timedelta(seconds=value)


def rfc3339(value: datetime.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
