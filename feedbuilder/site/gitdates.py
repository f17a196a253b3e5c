"""When each article file was first committed: one ``git log`` for the folder.

Used only for articles that give no date.  Renames are followed: a file moved into the folder keeps
the date of the commit that added it where it was before.  A shallow clone would stamp every
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
    """Path inside ``folder`` -> time of the commit that first added its content (oldest add wins; a
    file moved keeps the date it had before the move, as ``git log --follow`` finds it)."""
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
    prefix = _git(folder, "rev-parse", "--show-prefix")
    log = _git(folder, "log", "-M", "--diff-filter=AR", f"--format={_MARK}%ct", "--name-status", "-z")
    return follow_renames(log or "", (prefix or "").strip())


def follow_renames(log: str, prefix: str) -> dict[str, datetime.datetime]:
    """Read ``git log -M --diff-filter=AR --format=<RS>%ct --name-status -z`` (newest commit first, paths
    from the repository's top): each file under ``prefix`` (its path inside it) -> the time of the commit
    that first added its content, following it back through renames, as ``git log --follow`` does."""
    added: dict[str, datetime.datetime] = {}
    names: dict[str, list[str]] = {}  # a path as it was at this point of history -> the files it became

    def became(path: str) -> list[str]:
        found = names.pop(path, None)
        if found is None:
            found = [path[len(prefix) :]] if path.startswith(prefix) else []
        return found

    for record in log.split(_MARK)[1:]:
        stamp, *fields = record.split("\x00")
        if not stamp.strip().isdigit():
            continue
        when = from_timestamp(int(stamp.strip()))
        fields = [field.strip("\n") for field in fields]
        while fields:
            status = fields.pop(0)
            if status.startswith("R") and len(fields) >= 2:
                old, new = fields.pop(0), fields.pop(0)
                files = became(new)
                for name in files:
                    added[name] = when  # at least since the move; an older commit that added it wins
                if files:
                    names.setdefault(old, []).extend(files)
            elif status == "A" and fields:
                path = fields.pop(0)
                files = became(path)
                for name in files:
                    added[name] = when
                names[path] = files  # added again before, after a delete: the oldest add wins
    return added


def _git(folder: pathlib.Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
