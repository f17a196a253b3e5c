"""``feedbuilder check``: every problem of a site, or of feed files, nothing written."""

from __future__ import annotations

import datetime
import pathlib

from feedbuilder.api import judge_site
from feedbuilder.config import load_site
from feedbuilder.errors import Problem


def check_site(config_path: pathlib.Path, *, now: datetime.datetime) -> list[Problem]:
    """Config, every article, and the feeds they would make (judged in memory)."""
    return judge_site(load_site(config_path), now=now)
