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
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from feedbuilder.sources.values import BadValue, show

UTC = datetime.UTC
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
LAST_YEAR = 9000
PLAUSIBLE_YEAR = 1990  # the W3C Feed Validator warns ImplausibleDate for anything earlier
_HINT = "write 2024-07-01, 2024-07-01T09:30:00+02:00 or 'July 1, 2024 9:30 am'"


def parse_date(value: object, *, tz: ZoneInfo) -> tuple[datetime.datetime, bool]:
    """Return (aware UTC datetime, whether only a day was given)."""
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
        parsed = _parse_written(written)
    return _to_utc(parsed, tz), bool(_DATE_ONLY.fullmatch(written))


def _parse_written(written: str) -> datetime.datetime:
    from dateutil import parser

    # dateutil fills in what is missing: '12' would be the 12th of this month, of no year written.
    if _looks_like_iso(written) or len(written) > 100 or not re.search(r"\d{4}", written):
        raise BadValue(f"{show(written)} is not a date", _HINT)
    quick = _month_day_year(written)
    if quick is not None:
        return quick
    try:
        return parser.parse(written, default=datetime.datetime(2000, 1, 1))
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


def spread_ties(stamps: Sequence[int], order: Sequence[str]) -> array.array[int]:
    """Give equal times (seconds since the epoch) distinct ones, one second apart, deterministically.

    ``order`` names each time's owner (its path); among equal times the owners
    are taken in sorted order, the first keeps its time.  Times only move
    forward, and never onto another one.
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
        moved = stamp
        for index in members[1:]:
            moved += 1
            while moved in taken:
                moved += 1
            taken.add(moved)
            result[index] = moved
    return result


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
