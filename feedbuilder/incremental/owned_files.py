"""The output folder is ours only where we wrote it: a manifest of every file a build wrote there.

``.feedbuilder-files`` in the output folder lists each file a build wrote
with a hash of the bytes it wrote.  With it a build:

- replaces only files it wrote, as it wrote them: a file it never wrote (a
  Hugo ``public/index.html``) or one changed since (by another tool) stops
  the build, named, with the fix;
- removes the files it wrote that it no longer makes (a deleted article's
  page, a tag feed no article fills any more), and empty folders they leave;
  one changed since it wrote it is left in place, with a warning;
- lists those removals for ``build --check``.

An output folder without a manifest (written by an earlier feedbuilder) is
taken over where its files are as the last build recorded them
(``.feedbuilder/last-build.json``) or say they are feedbuilder's feeds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pathlib
import re
from collections.abc import Mapping

from feedbuilder.errors import Level, OutputError, Problem, shown_path
from feedbuilder.output import Data, OutputFiles

MANIFEST = ".feedbuilder-files"
HEADER = (
    b"# The files feedbuilder wrote in this folder, each with a hash of its bytes: it replaces or removes no other.\n"
)
_GENERATOR_MARKS = (
    re.compile(rb"<generator>feedbuilder</generator>"),
    re.compile(rb'<generator version="[^"<>]*">feedbuilder</'),
)


@dataclasses.dataclass(frozen=True)
class Owned:
    """What a build may do in its output folder."""

    folder: pathlib.Path
    stale: tuple[str, ...]  # written by an earlier build, not made now: to remove
    changed: tuple[str, ...]  # not made now, but changed since feedbuilder wrote them: left in place
    manifest: bytes  # the next manifest
    manifest_changed: bool  # it is not what the folder's manifest holds: to be written


def digest(data: Data) -> str:
    hashed = hashlib.blake2b(digest_size=16)
    for piece in (data,) if isinstance(data, bytes) else data:
        hashed.update(piece)
    return hashed.hexdigest()


def read_manifest(folder: pathlib.Path) -> dict[str, str] | None:
    """Name -> hash of each file the manifest lists; None when there is none (or it is not one)."""
    try:
        text = (folder / MANIFEST).read_bytes()
    except OSError:
        return None
    if not text.startswith(HEADER[:20]):
        return None
    listed = {}
    for line in text.decode("utf-8", "replace").splitlines()[1:]:
        hashed, _, name = line.partition("\t")
        if name:
            listed[name] = hashed
    return listed


def survey(folder: pathlib.Path, files: Mapping[str, Data], *, last_build: pathlib.Path | None = None) -> Owned:
    """Check that every file the build would replace is one it wrote; raise OutputError naming each that is
    not.  Returns the files to remove and the next manifest."""
    listed = read_manifest(folder)
    known = listed if listed is not None else _recorded(folder, last_build)
    kept = files.kept if isinstance(files, OutputFiles) else frozenset()
    foreign: list[str] = []
    hashes: dict[str, str] = {}
    for name in sorted(files):
        path = folder / name
        if name in kept:
            hashes[name] = (listed or {}).get(name) or _disk_digest(path) or ""
            continue
        data = files[name]
        hashes[name] = digest(data)
        if not path.exists() or _disk_digest(path) == hashes[name]:
            continue
        if not _ours(path, name, known, adopting=listed is None):
            foreign.append(name)
    if foreign:
        raise OutputError([_foreign(folder, name, name in known) for name in foreign])
    stale: list[str] = []
    changed: list[str] = []
    for name, hashed in sorted((listed or {}).items()):
        if name in files or not (folder / name).is_file():
            continue
        (stale if _disk_digest(folder / name) == hashed else changed).append(name)
    lines = b"".join(f"{hashes[name]}\t{name}\n".encode("utf-8", "surrogateescape") for name in sorted(hashes))
    manifest = HEADER + lines
    return Owned(folder, tuple(stale), tuple(changed), manifest, _read(folder / MANIFEST) != manifest)


def _read(path: pathlib.Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _ours(path: pathlib.Path, name: str, known: Mapping[str, object], *, adopting: bool) -> bool:
    """Whether the file on disk is one feedbuilder wrote and nobody changed since."""
    if not adopting:
        return name in known and _disk_digest(path) == known[name]
    if name in known:  # as the last build recorded its stat
        return known[name] is True
    return name.endswith(".xml") and _has_generator_mark(path)


def _recorded(folder: pathlib.Path, last_build: pathlib.Path | None) -> dict[str, bool]:
    """Without a manifest: the output files as .feedbuilder/last-build.json recorded them, each True when
    its stat is still the one recorded (a file the last build wrote, unchanged)."""
    if last_build is None:
        return {}
    try:
        outputs = json.loads(last_build.read_bytes())["outputs"]
        return {
            name: _stat(folder / name) == tuple(stat)
            for name, stat in outputs.items()
            if isinstance(name, str) and isinstance(stat, list) and not name.startswith("../")
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _stat(path: pathlib.Path) -> tuple[int, ...] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def _has_generator_mark(path: pathlib.Path) -> bool:
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return any(mark.search(head) for mark in _GENERATOR_MARKS)


def _disk_digest(path: pathlib.Path) -> str | None:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return None


def _foreign(folder: pathlib.Path, name: str, written: bool) -> Problem:
    why = "changed since feedbuilder wrote it" if written else "not a file feedbuilder wrote"
    return Problem(
        path=shown_path(folder / name),
        message=f"is {why}; the build would replace it",
        hint="move it out of the output folder, or set 'output:' to a folder of feedbuilder's own; "
        "if it is feedbuilder's, delete it and build again. Nothing was written",
    )


def removals(owned: Owned) -> list[str]:
    """The files a build would remove, as messages name them."""
    return [shown_path(owned.folder / name) for name in owned.stale]


def finish(owned: Owned) -> list[Problem]:
    """After the files and the manifest are written: remove the stale ones (and folders they leave
    empty); warnings for files left in place."""
    for name in owned.stale:
        path = owned.folder / name
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(
                Problem(path=shown_path(path), message=f"cannot remove it: {exc.strerror or exc}")
            ) from None
        _prune(path.parent, owned.folder)
    return [
        Problem(
            path=shown_path(owned.folder / name),
            level=Level.WARNING,
            message="is no longer made, but was changed since feedbuilder wrote it: left in place",
            hint="delete it if it is not needed",
        )
        for name in owned.changed
    ]


def _prune(folder: pathlib.Path, root: pathlib.Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty."""
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
