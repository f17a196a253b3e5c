"""Write feed files atomically; leave files whose bytes did not change alone.

Every new file is first written in full to a temporary file beside its
target and flushed to disk (many at once), then all are renamed into place.
A failure before the renames leaves every previous file byte-identical;
unchanged files keep their modification time, so servers' ETag and
Last-Modified stay valid.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import os
import pathlib
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence

from feedbuilder.errors import OutputError, Problem, shown_path

Data = bytes | Sequence[bytes | memoryview]  # a file's bytes, or its pieces in order (a large file is not joined)


@dataclasses.dataclass(frozen=True)
class Written:
    changed: tuple[str, ...]
    unchanged: tuple[str, ...]


class OutputFiles(Mapping[str, bytes]):
    """Every file of a build by name: the bytes of those it made, and the files it kept as they are on
    disk (the last build made them from the same inputs: kept_files.py), read only if asked for."""

    def __init__(self, folder: pathlib.Path, made: dict[str, bytes], kept: Iterable[str] = ()) -> None:
        self.folder, self.made = folder, made
        self.kept = frozenset(kept) - made.keys()

    def __getitem__(self, name: str) -> bytes:
        if name in self.made:
            return self.made[name]
        if name in self.kept:
            return (self.folder / name).read_bytes()
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        yield from self.made
        yield from sorted(self.kept)

    def __len__(self) -> int:
        return len(self.made) + len(self.kept)


def changed_files(files: Mapping[str, Data], folder: pathlib.Path) -> list[str]:
    """Names (relative, "/"-separated) whose bytes differ from what is on disk (kept files do not)."""
    kept = files.kept if isinstance(files, OutputFiles) else frozenset()
    return [name for name in sorted(files) if name not in kept and not _same(folder / name, files[name])]


NAME_MAX = 255  # bytes of one file or folder name on the usual file systems (ext4, APFS, NTFS in UTF-16 units)


def too_long(names: Iterable[str], folder: pathlib.Path) -> list[Problem]:
    """A problem for each output file whose path has a name longer than file systems allow."""
    return [
        Problem(
            path=shown_path(folder / name),
            message=f"a name in this path is over {NAME_MAX} bytes: file systems refuse it",
            hint="shorten the slug, title or file name the article gives its address with",
        )
        for name in sorted(names)
        if any(len(part.encode("utf-8", "surrogatepass")) > NAME_MAX for part in name.split("/"))
    ]


def write_files(files: Mapping[str, Data], folder: pathlib.Path) -> Written:
    """Write ``files`` (relative name -> bytes) under ``folder``; nothing at all if a name is too long."""
    refused = too_long(files, folder)
    if refused:
        raise OutputError(refused)
    changed = changed_files(files, folder)
    staged: list[tuple[pathlib.Path, pathlib.Path]] = []
    target = folder
    try:
        for name in changed:
            target = folder / name
            staged.append((_stage(target, files[name]), target))
        _flush_to_disk([temporary for temporary, _ in staged])
        for temporary, target in staged:  # ``target`` names the file in the error below
            os.replace(temporary, target)
    except BaseException as exc:  # an interrupt too: no temporary file is left behind
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        where = target if exc.filename is None or _is_temporary(exc.filename) else pathlib.Path(exc.filename)
        raise OutputError(
            Problem(
                path=shown_path(where),
                message=f"cannot write the feeds: {exc.strerror or exc}",
                hint="check the folder exists, is writable and the disk has space; the previous feeds are unchanged",
            )
        ) from None
    return Written(tuple(changed), tuple(sorted(set(files) - set(changed))))


def _is_temporary(filename: object) -> bool:
    return pathlib.Path(str(filename)).name.endswith(".tmp")


def _same(path: pathlib.Path, data: Data) -> bool:
    """Whether the file holds exactly ``data`` (read only when the sizes agree, a piece at a time)."""
    pieces = (data,) if isinstance(data, bytes) else data
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size != sum(len(piece) for piece in pieces):
                return False
            return all(stream.read(len(piece)) == piece for piece in pieces)
    except OSError:
        return False


def _stage(target: pathlib.Path, data: Data) -> pathlib.Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = pathlib.Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in (data,) if isinstance(data, bytes) else data:
                stream.write(piece)
        temporary.chmod(0o644)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


_TOGETHER_FROM = 8  # staged files; fewer are flushed one after another
_AT_ONCE = 16


def _flush_to_disk(paths: list[pathlib.Path]) -> None:
    """Every staged file's bytes on disk before any is renamed into place.  Many are flushed several at a
    time, so that the file system commits them together (measured here, 600 files of 40 KB: 0.31 s one
    by one, 0.13 s sixteen at a time)."""
    if len(paths) < _TOGETHER_FROM:
        for path in paths:
            _fsync(path)
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=_AT_ONCE) as pool:
        for _ in pool.map(_fsync, paths):
            pass


def _fsync(path: pathlib.Path) -> None:
    handle = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # writable: Windows flushes no other
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
