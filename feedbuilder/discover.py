"""Which files under the articles folder are articles.

Skipped without noise: dot-files and dot-folders, editor backups and other
extensions.  Symlinks are followed only while they stay inside the folder.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
from collections.abc import Iterator

from feedbuilder.errors import Level, Problem, Report, shown_path

ARTICLE_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".txt": "text"}


@dataclasses.dataclass(frozen=True)
class SourceFile:
    """An article file: where it is, and how it is named inside the folder."""

    path: pathlib.Path
    source: str  # inside the articles folder, "/"-separated
    shown: str  # as messages name it


def is_ignored(name: str) -> bool:
    return (
        name.startswith((".", "#", "~"))
        or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak", "#"))
        or pathlib.PurePath(name).suffix.lower() not in ARTICLE_SUFFIXES
    )


def find_articles(root: pathlib.Path, *, report: Report, shown_root: str) -> list[SourceFile]:
    """Every article file under ``root``, sorted by its path inside it."""
    if not root.is_dir():
        report.error(
            shown_root, "the articles folder does not exist", hint="create it or set 'articles:' in feedbuilder.yaml"
        )
        return []
    real_root = root.resolve()
    found = [
        SourceFile(path=path, source=source, shown=f"{shown_root}/{source}")
        for path, source in _walk(root, real_root, report=report, shown_root=shown_root)
    ]
    return sorted(found, key=lambda f: f.source)


def _walk(
    root: pathlib.Path, real_root: pathlib.Path, *, report: Report, shown_root: str
) -> Iterator[tuple[pathlib.Path, str]]:
    seen_dirs: set[pathlib.Path] = set()
    for folder, dirs, files in os.walk(root, followlinks=True, onerror=lambda exc: report.add(_unreadable(exc))):
        here = pathlib.Path(folder)
        real = here.resolve()
        relative = here.relative_to(root).as_posix()
        if real in seen_dirs or not _inside(real, real_root):
            if here != root and not _inside(real, real_root):
                report.add(_outside(shown_root, relative))
            dirs.clear()
            continue
        seen_dirs.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_site", "__")))
        for name in sorted(files):
            if is_ignored(name):
                continue
            path = here / name
            source = name if relative == "." else f"{relative}/{name}"
            if not _is_utf8(source):
                report.add(_not_utf8_name(shown_root, source))
                continue
            if path.is_symlink():
                target = _link_target(path)
                if target is None or not _inside(target, real_root):
                    report.add(_outside(shown_root, source) if target else _broken(shown_root, source))
                    continue
            if path.is_file():
                yield path, source


def _link_target(path: pathlib.Path) -> pathlib.Path | None:
    """Where a symlink ends; None for a loop of links or a link to nothing."""
    try:
        return pathlib.Path(os.path.realpath(path, strict=True))
    except OSError:
        return None


def _is_utf8(name: str) -> bool:
    """File names that are not UTF-8 reach Python as lone surrogates ('caf\\udce9.md')."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _not_utf8_name(shown_root: str, source: str) -> Problem:
    readable = source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return Problem(
        path=f"{shown_root}/{readable}",
        message="the file name is not UTF-8",
        hint="rename the file; ids and addresses are made from its name",
    )


def _broken(shown_root: str, source: str) -> Problem:
    return Problem(
        path=f"{shown_root}/{source}",
        message="symlink leads nowhere (its target is missing, or links loop); skipped",
        hint="delete the link or point it at an article",
        level=Level.WARNING,
    )


def _unreadable(exc: OSError) -> Problem:
    return Problem(path=shown_path(pathlib.Path(exc.filename)), message=f"cannot read the folder: {exc.strerror}")


def _inside(path: pathlib.Path, root: pathlib.Path) -> bool:
    return path == root or root in path.parents


def _outside(shown_root: str, source: str) -> Problem:
    return Problem(
        path=f"{shown_root}/{source}",
        message="symlink points outside the articles folder; not followed",
        hint="copy the file into the folder instead of linking to it",
        level=Level.WARNING,
    )
