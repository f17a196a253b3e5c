"""dates.py: every way a date is written becomes the right instant."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest

from feedbuilder.errors import ConfigError
from feedbuilder.site.clock import build_time
from feedbuilder.sources.dates import UTC, from_seconds, parse_date, rfc3339, spread_ties, to_seconds
from feedbuilder.sources.values import BadValue

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("written", "expected", "date_only"),
    [
        (datetime.date(2026, 7, 1), "2026-06-30T23:00:00Z", True),
        (datetime.datetime(2026, 7, 1, 9, 30), "2026-07-01T08:30:00Z", False),
        (datetime.datetime(2026, 7, 1, 9, 30, tzinfo=UTC), "2026-07-01T09:30:00Z", False),
        ("2026-07-01", "2026-06-30T23:00:00Z", True),
        ("2026-07-01T09:30:00+02:00", "2026-07-01T07:30:00Z", False),
        ("2026-07-01T09:30:00Z", "2026-07-01T09:30:00Z", False),
        ("2026-01-15 10:00", "2026-01-15T10:00:00Z", False),
        ("July 11, 2021 9:30 am", "2021-07-11T08:30:00Z", False),
        ("Sat, 03 Oct 2026 18:30:00 +0000", "2026-10-03T18:30:00Z", False),
        ("2026-07-01T09:30:00.123456+00:00", "2026-07-01T09:30:00Z", False),
    ],
)
def test_written_dates_become_utc_instants(written: object, expected: str, date_only: bool) -> None:
    """A naive date lands in the site's time zone, an aware one keeps its offset."""
    value, only_day = parse_date(written, tz=LONDON)
    assert rfc3339(value) == expected
    assert only_day is date_only
    assert value.tzinfo is UTC and value.microsecond == 0


@pytest.mark.parametrize("written", ["2024-13-45", "2024-02-30", "next tuesday-ish", "", 20240101, True, None, [2024]])
def test_impossible_dates_are_refused_with_a_hint(written: object) -> None:
    """A date that cannot be is an error that shows how to write one."""
    with pytest.raises(BadValue) as caught:
        parse_date(written, tz=LONDON)
    assert "is not a date" in caught.value.message
    assert caught.value.hint and "2024-07-01" in caught.value.hint


def test_source_date_epoch_is_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH pins 'now' for reproducible builds."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert rfc3339(build_time()) == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize("written", ["abc", "-5", "1.5", "1e9", "\u00b2", "99999999999999999", "253402300800"])
def test_a_source_date_epoch_that_is_no_time_is_an_error(monkeypatch: pytest.MonkeyPatch, written: str) -> None:
    """Reproducible builds ask a build to stop on a malformed SOURCE_DATE_EPOCH, not to fall back to the
    clock (nor to crash: a number past year 9999 is no date Python can hold)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", written)
    with pytest.raises(ConfigError) as caught:
        build_time()
    (problem,) = caught.value.problems
    assert problem.path == "SOURCE_DATE_EPOCH" and repr(written) in problem.message
    assert problem.hint and "git log -1 --format=%ct" in problem.hint


def test_the_last_source_date_epoch_and_an_empty_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert rfc3339(build_time()) == "9999-12-31T23:59:59Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")  # set but empty: as if unset
    assert build_time().year >= 2026


def test_ties_get_distinct_deterministic_times() -> None:
    """Equal dates move apart by whole seconds, in path order, never onto another date."""
    day = to_seconds(datetime.datetime(2026, 5, 1, tzinfo=UTC))
    assert day is not None
    stamps = [day, day, day + 1, day]
    spread = list(spread_ties(stamps, ["c.md", "a.md", "x.md", "b.md"], day_start=lambda s: s % 86_400 == 0))
    assert spread == [day + 3, day, day + 1, day + 2]  # a date without a time: later, on its day
    assert len(set(spread)) == len(spread)


def test_ties_at_a_time_move_earlier_never_into_the_future() -> None:
    """Three articles made within one second: the last (by path) keeps the time, the others go before it."""
    now = to_seconds(datetime.datetime(2026, 5, 1, 9, 30, tzinfo=UTC))
    assert now is not None
    spread = list(spread_ties([now, now, now - 1, now], ["c.md", "a.md", "x.md", "b.md"]))
    assert spread == [now, now - 3, now - 1, now - 2]
    assert max(spread) == now


def test_times_in_seconds_of_any_year() -> None:
    """Dates long before 1970 and far in the future keep their second through the columns of times."""
    for when in (
        datetime.datetime(1, 1, 1, tzinfo=UTC),
        datetime.datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime.datetime(8999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ):
        seconds = to_seconds(when)
        assert seconds is not None and from_seconds(seconds) == when
