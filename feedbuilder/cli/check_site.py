"""``feedbuilder check``: every problem of a site, or of feed files, nothing written."""

from __future__ import annotations

import datetime
import pathlib

from feedbuilder.api import judge_site
from feedbuilder.config import load_site
from feedbuilder.errors import Problem
from feedbuilder.model import Progress


def check_site(config_path: pathlib.Path, *, now: datetime.datetime, progress: Progress | None = None) -> list[Problem]:
    """Config, every article, and the feeds they would make (judged in memory, from the build's caches)."""
    return judge_site(load_site(config_path), now=now, progress=progress)
