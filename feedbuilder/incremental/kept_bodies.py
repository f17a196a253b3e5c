"""Rendered bodies kept between builds in ``.feedbuilder/render.sqlite``.

A body's HTML depends only on its text, its format and its own URL (links are
made absolute against it), and on this version of feedbuilder; the key is a
hash of exactly those, so a cached value is never stale.  A cache that cannot
be read (corrupt, foreign, another version's layout) is ignored with a
warning and replaced; it is never trusted.
"""

from __future__ import annotations

import contextlib
import pathlib
import sqlite3
from collections.abc import Iterable, Mapping

from feedbuilder.errors import Level, Problem, shown_path
from feedbuilder.render.entries import RENDER_SCHEMA as _SCHEMA
from feedbuilder.render.entries import Rendered

FOLDER = ".feedbuilder"
FILE_NAME = "render.sqlite"


def load(path: pathlib.Path) -> tuple[dict[str, Rendered], list[Problem]]:
    """Every cached rendering, or nothing (with a warning) if the file is not ours."""
    if not path.exists():
        return {}, []
    try:
        with contextlib.closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as db:
            (schema,) = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if schema != _SCHEMA:
                return {}, []  # another feedbuilder version: silently start afresh
            rows = db.execute("SELECT key, summary, html FROM rendered").fetchall()
    except (sqlite3.Error, TypeError, ValueError) as exc:
        return {}, [_unreadable(path, str(exc))]
    if not all(isinstance(s, str) and isinstance(h, str | None) for _, s, h in rows):
        return {}, [_unreadable(path, "values of the wrong types")]
    return {key: (summary, html) for key, summary, html in rows}, []


def _unreadable(path: pathlib.Path, why: str) -> Problem:
    return Problem(
        path=shown_path(path),
        level=Level.WARNING,
        message=f"the render cache cannot be read ({why}); ignored and rebuilt",
        hint=f"nothing to do; delete {FOLDER}/ if this repeats",
    )


def save(path: pathlib.Path, entries: Mapping[str, Rendered]) -> None:
    """Replace the cache with ``entries`` (only what this build used, so it never grows unbounded)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    temporary = path.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(temporary)) as db:
            db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE rendered (key TEXT PRIMARY KEY, summary TEXT, html TEXT)")
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (_SCHEMA,))
            db.executemany("INSERT INTO rendered VALUES (?, ?, ?)", _rows(entries))
            db.commit()
        temporary.replace(path)
    except sqlite3.Error as exc:  # a full disk is "database or disk is full": said as an OSError is
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise OSError(str(exc)) from None
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def _rows(entries: Mapping[str, Rendered]) -> Iterable[tuple[str, str, str | None]]:
    return ((key, summary, html) for key, (summary, html) in sorted(entries.items()))
