"""Which files under the articles folder are articles.

Skipped without noise: dot-files and dot-folders, editor backups and other
extensions.  Symlinks are followed only while they stay inside the folder.
"""

from __future__ import annotations

import array
import hashlib
import os
import pathlib
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, overload

from feedbuilder.errors import Level, Problem, Report, shown_path

# reStructuredText is read as HTML: docutils renders it when the file is read (sources/rst.py)
ARTICLE_SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".rst": "html",
}


class SourceFile(NamedTuple):
    """An article file: its folder, and how it is named inside it (light: a build lists every file)."""

    folder: str  # the articles folder
    source: str  # inside the articles folder, "/"-separated
    shown_folder: str  # the articles folder as messages name it

    @property
    def path(self) -> pathlib.Path:
        return pathlib.Path(self.folder, self.source)

    @property
    def location(self) -> str:
        """The file's path as text (quicker than :attr:`path` where a string will do)."""
        return f"{self.folder}/{self.source}"

    @property
    def name_parts(self) -> tuple[str, str]:
        """The file name's stem and suffix, as ``PurePosixPath(source)`` gives them (a leading dot is no suffix)."""
        return name_parts(self.source)

    @property
    def shown(self) -> str:
        """The file as messages name it."""
        return f"{self.shown_folder}/{self.source}"


def name_parts(source: str) -> tuple[str, str]:
    """The last part's stem and suffix, as ``PurePosixPath(source).stem`` and ``.suffix`` give them."""
    name = source.rstrip("/").rsplit("/", 1)[-1]
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:
        return name[:dot], name[dot:]
    return name, ""


class Files(Sequence[SourceFile]):
    """Article files by their names inside one folder, the names packed in one string (NUL is in no
    path): light to hold for 100,000 files, and read by forked worker processes without touching, and so
    copying, an object of each file."""

    def __init__(self, folder: str, shown_folder: str, packed: str) -> None:
        self.folder, self.shown_folder, self.packed = folder, shown_folder, packed
        self._ends = array.array("q", (found.start() for found in _NUL.finditer(packed)))
        if packed:
            self._ends.append(len(packed))

    @classmethod
    def of(cls, folder: str, shown_folder: str, sources: Iterable[str]) -> Files:
        return cls(folder, shown_folder, "\x00".join(sources))

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> SourceFile: ...
    @overload
    def __getitem__(self, index: slice) -> list[SourceFile]: ...
    def __getitem__(self, index: int | slice) -> SourceFile | list[SourceFile]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return SourceFile(self.folder, self.source(index), self.shown_folder)

    def source(self, index: int) -> str:
        """File ``index``'s name inside the folder."""
        start = self._ends[index - 1] + 1 if index else 0
        return self.packed[start : self._ends[index]]

    def __iter__(self) -> Iterator[SourceFile]:
        folder, shown = self.folder, self.shown_folder
        return (SourceFile(folder, source, shown) for source in self.sources())

    def sources(self) -> list[str]:
        return self.packed.split("\x00") if self.packed else []


_NUL = re.compile("\x00")


def is_ignored(name: str) -> bool:
    return (
        name.startswith((".", "#", "~"))
        or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak", "#"))
        or os.path.splitext(name)[1].lower() not in ARTICLE_SUFFIXES
    )


def find_articles(root: pathlib.Path, *, report: Report, shown_root: str) -> Files:
    """Every article file under ``root``, sorted by its path inside it."""
    if not root.is_dir():
        report.error(
            shown_root, "the articles folder does not exist", hint="create it or set 'articles:' in feedbuilder.yaml"
        )
        return Files(str(root), shown_root, "")
    return Files.of(str(root), shown_root, article_paths(root, report=report, shown_root=shown_root))


def article_paths(
    root: pathlib.Path, *, report: Report, shown_root: str, listing: Callable[[str], None] | None = None
) -> list[str]:
    """:func:`find_articles` as plain strings (each file's name inside ``root``), sorted; nothing
    reported for a missing folder.  Quick enough to run before every build.

    ``listing`` is called with each folder's path just before the folder is listed."""
    if not root.is_dir():
        return []
    return sorted(_walk(root, root.resolve(), report=report, shown_root=shown_root, listing=listing))


def _walk(
    root: pathlib.Path,
    real_root: pathlib.Path,
    *,
    report: Report,
    shown_root: str,
    listing: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """Each article file's name inside the folder: folders depth first, each one's names sorted.

    One directory listing per folder; a plain file costs no system call of its own (its type comes with
    the listing), which matters with 100,000 articles."""
    seen_dirs: set[str] = set()
    inside = _inside_of(str(real_root))
    pending = [(str(root), ".")]
    while pending:
        folder, relative = pending.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs or not inside(real):
            if relative != "." and not inside(real):
                report.add(_outside(shown_root, relative))
            continue
        seen_dirs.add(real)
        if listing is not None:
            listing(folder)
        try:
            with os.scandir(folder) as entries:
                found = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            report.add(_unreadable(exc))
            continue
        folders = []
        for entry in found:
            if _is_dir(entry):
                # (node_modules: an Eleventy or Astro site's packages, thousands of READMEs and no article)
                if not entry.name.startswith((".", "_site", "__")) and entry.name != "node_modules":
                    folders.append(entry.name)
                continue
            if not is_ignored(entry.name) and (source := _article_source(entry, relative, inside, report, shown_root)):
                yield source
        for name in reversed(folders):
            pending.append((os.path.join(folder, name), name if relative == "." else f"{relative}/{name}"))


def _article_source(
    entry: os.DirEntry[str], relative: str, inside: Callable[[str], bool], report: Report, shown_root: str
) -> str | None:
    """The file's name inside the articles folder, if it is an article to read (problems reported)."""
    source = entry.name if relative == "." else f"{relative}/{entry.name}"
    if not _is_utf8(source):
        report.add(_not_utf8_name(shown_root, source))
        return None
    if entry.is_symlink():
        target = _link_target(pathlib.Path(entry.path))
        if target is None or not inside(str(target)):
            report.add(_outside(shown_root, source) if target else _broken(shown_root, source))
            return None
    return source if _is_file(entry) else None


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # a link to a folder counts, as os.walk(followlinks=True) counts it
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _inside_of(real_root: str) -> Callable[[str], bool]:
    """Whether a resolved path is the folder or inside it."""
    prefix = real_root.rstrip(os.sep) + os.sep
    return lambda path: path == real_root or path.startswith(prefix)


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


def _outside(shown_root: str, source: str) -> Problem:
    return Problem(
        path=f"{shown_root}/{source}",
        message="symlink points outside the articles folder; not followed",
        hint="copy the file into the folder instead of linking to it",
        level=Level.WARNING,
    )


MAX_BYTES = 10_000_000  # no article file is read past this (articles.py refuses larger ones)


def bounded_bytes(path: pathlib.Path | str) -> bytes | None:
    """The file's bytes, or None, before reading any, if it is over MAX_BYTES bytes or not a regular file
    (a FIFO is opened without waiting for a writer, and not read)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_BYTES:
            return None
        parts, got = [], 0
        while got <= MAX_BYTES and (part := os.read(handle, MAX_BYTES + 1 - got)):
            parts.append(part)
            got += len(part)
        return b"".join(parts) if got <= MAX_BYTES else None
    finally:
        os.close(handle)


def file_hash(data: bytes) -> bytes:
    """A short hash of an article file's bytes (cards.py keeps one per file)."""
    return hashlib.blake2b(data, digest_size=16).digest()
