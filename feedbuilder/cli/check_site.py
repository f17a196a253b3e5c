"""``feedbuilder check``: every problem of a site, or of feed files, nothing written."""

from __future__ import annotations

import datetime
import pathlib

from feedbuilder.api import judge_site
from feedbuilder.cli.plain_build import scheduled_line
from feedbuilder.cli.scaffold import placeholders
from feedbuilder.config import load_site
from feedbuilder.errors import Problem
from feedbuilder.model import Progress
from feedbuilder.sources.dates import rfc3339


def check_site(
    config_path: pathlib.Path, *, now: datetime.datetime, progress: Progress | None = None
) -> tuple[list[Problem], list[str]]:
    """Config (init's examples too), every article, and the feeds they would make (judged in memory, from
    the build's caches); and what is worth knowing that is no problem (articles scheduled for later)."""
    site = load_site(config_path)
    told: list[tuple[int, datetime.datetime | None]] = []
    problems = [*placeholders(site), *judge_site(site, now=now, progress=progress, scheduled=told)]
    number, first = told[0] if told else (0, None)
    notes = [scheduled_line(number, rfc3339(first) if first else None)] if number else []
    return problems, notes
