"""When each article file was first committed: one ``git log`` for the folder.

Used only for articles that give no date.  A shallow clone would stamp every
article with the date of its one commit, so it is refused with a warning.
"""

from __future__ import annotations

import datetime
import pathlib
import subprocess

from feedbuilder.errors import Report
from feedbuilder.site.clock import from_timestamp

_MARK = "\x1e"


def dates_added(folder: pathlib.Path, *, report: Report, shown: str) -> dict[str, datetime.datetime]:
    """Path inside ``folder`` -> time of the commit that added it (oldest add wins)."""
    shallow = _git(folder, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return {}
    if shallow.strip() == "true":
        report.warn(
            shown,
            "the git clone is shallow, so commit dates would all be the same; not used",
            hint="fetch full history (git fetch --unshallow) or give each article a 'date:'",
        )
        return {}
    log = _git(
        folder,
        "log",
        "--diff-filter=A",
        "--no-renames",
        "--relative",
        f"--format={_MARK}%ct",
        "--name-only",
        "-z",
        "--",
        ".",
    )
    return parse_log(log or "")


def parse_log(log: str) -> dict[str, datetime.datetime]:
    """Read ``git log --format=<RS>%ct --name-only -z`` output (newest commit first)."""
    added: dict[str, datetime.datetime] = {}
    for record in log.split(_MARK)[1:]:
        stamp, *names = record.split("\x00")
        if not stamp.strip().isdigit():
            continue
        when = from_timestamp(int(stamp.strip()))
        for raw in names:
            name = raw.strip("\n")
            if name:
                added[name] = when  # later records are older commits
    return added


def _git(folder: pathlib.Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
