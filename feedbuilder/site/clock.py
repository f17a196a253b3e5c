"""The build's "now": the one clock the pipeline reads (light: the nothing-changed check uses it)."""

from __future__ import annotations

import datetime
import os

from feedbuilder.errors import ConfigError, Problem

LATEST = 253_402_300_799  # 9999-12-31T23:59:59Z: the last second a feed's dates can show


def from_timestamp(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(seconds), datetime.UTC)


def build_time() -> datetime.datetime:
    """'Now' for deciding what is in the future: SOURCE_DATE_EPOCH if set (ConfigError if it is not
    whole seconds since 1970 that a date can show: reproducible builds ask a build to stop then)."""
    written = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not written:
        return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    if not (written.isascii() and written.isdigit()) or int(written) > LATEST:
        shown = written if len(written) <= 40 else written[:40] + "..."
        raise ConfigError(
            Problem(
                path="SOURCE_DATE_EPOCH",
                message=f"{shown!r} is not whole seconds since 1970-01-01 UTC (before the year 10000)",
                hint="set it to the last commit's time, SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it",
            )
        )
    return from_timestamp(int(written))
