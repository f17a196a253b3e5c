"""``.feedbuilder/checks.json``: what ``feedbuilder check`` found in each feed file, by the key the build made it with.

A feed file made from the same inputs as when it was last judged has the same bytes, so its problems are the
same: ``check`` judges only the feed files whose key changed (on a 20,000-article site, judging all 732 takes
about 9 s; a cached build about 1 s).  A file that cannot be read or written is treated as empty: the checks
run again, nothing is lost.
"""

from __future__ import annotations

import json
import pathlib
from collections.abc import Mapping

from feedbuilder.errors import FeedbuilderError, Level, Problem
from feedbuilder.output import write_files

FILE_NAME = "checks.json"
VERSION = 1


def load(path: pathlib.Path | None) -> dict[str, tuple[str, tuple[Problem, ...]]]:
    """Feed path -> (key, problems) as last judged; empty when there is no readable record."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != VERSION:
            return {}
        return {
            name: (str(entry["key"]), tuple(_problem(p) for p in entry["problems"]))
            for name, entry in data["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save(path: pathlib.Path | None, judged: Mapping[str, tuple[str, tuple[Problem, ...]]]) -> None:
    """Write the record (only if its bytes change); a failure to write only means judging again next time."""
    if path is None:
        return
    files = {name: {"key": key, "problems": [_plain(p) for p in problems]} for name, (key, problems) in judged.items()}
    data = json.dumps({"version": VERSION, "files": dict(sorted(files.items()))}, ensure_ascii=False).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_files({path.name: data}, path.parent)
    except (OSError, FeedbuilderError):
        pass


def _plain(problem: Problem) -> dict[str, object]:
    return {
        "path": problem.path,
        "message": problem.message,
        "line": problem.line,
        "field": problem.field,
        "hint": problem.hint,
        "level": problem.level.name,
        "code": problem.code,
    }


def _problem(data: Mapping[str, object]) -> Problem:
    line = data.get("line")
    return Problem(
        path=str(data["path"]),
        message=str(data["message"]),
        line=line if isinstance(line, int) else None,
        field=str(data["field"]) if data.get("field") is not None else None,
        hint=str(data["hint"]) if data.get("hint") is not None else None,
        level=Level[str(data["level"])],
        code=str(data["code"]) if data.get("code") is not None else None,  # the checker's rule
    )
