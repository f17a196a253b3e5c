"""The build's "now": the one clock the pipeline reads (light: the nothing-changed check uses it)."""

from __future__ import annotations

import datetime
import os


def from_timestamp(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(seconds), datetime.UTC)


def build_time() -> datetime.datetime:
    """'Now' for deciding what is in the future: SOURCE_DATE_EPOCH if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return from_timestamp(int(epoch))
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
