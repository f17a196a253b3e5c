"""What a cached result depends on besides its own input file, and how files are seen.

Shared by the caches in ``.feedbuilder/`` (kept_cards.py, kept_places.py,
kept_bodies.py, lastbuild.py, kept_files.py).  Light on purpose: the check that a build has
nothing to do imports this and not the pipeline.

A file is "exactly as it was" when its stat (device, inode, size, mtime and
ctime in nanoseconds) is *equal* to the one recorded; never merely "not
newer", so a clock that jumps or an mtime set back cannot make an old entry
look current.  A file changed within :data:`SETTLE_NS` of being read may change
again without its stat changing (coarse time stamps): it is not *settled*, and
the caches either keep a hash of its bytes or do not trust it at all.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import os
import pathlib
import sys
import time
import zoneinfo
from collections.abc import Iterable, Iterator

import feedbuilder
from feedbuilder import output
from feedbuilder.sources import discover

FOLDER = ".feedbuilder"  # next to the config: every cache and record of past builds, ignored by git
SETTLE_NS = 2_000_000_000  # a file changed this recently may change again within one time-stamp tick
DEPENDENCIES = ("PyYAML", "python-dateutil", "nh3", "lxml", "markdown-it-py", "mdit-py-plugins", "tzdata", "feedgen")
CTIME_TRACKS_CHANGES = os.name != "nt"  # Windows' st_ctime is the creation time
now_ns = time.time_ns  # tests move the clock through the modules that use it

Stat = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns


def stat_of(path: pathlib.Path | str) -> Stat | None:
    """The file's stat as the caches compare it; None if it cannot be seen."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


def settled(stat: Stat, started_ns: int) -> bool:
    """Whether any later change must change the stat: the file was last changed well before it was read."""
    return CTIME_TRACKS_CHANGES and max(stat[3], stat[4]) < started_ns - SETTLE_NS


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def digest_of(path: pathlib.Path) -> str | None:
    """A hash of the file's bytes; for a file over discover.MAX_BYTES (or not a regular file) a hash of its
    stat instead, taken without reading it; None if it cannot be read."""
    try:
        data = discover.bounded_bytes(path)
        return digest(data) if data is not None else digest(repr(stat_of(path)).encode())
    except OSError:
        return None


def combined(parts: Iterable[str]) -> str:
    """One hash of several strings (separated, so that no two lists give the same text)."""
    return digest("\x00".join(parts).encode("utf-8", "surrogatepass"))


def software() -> str:
    """This feedbuilder (its code, so a development edit counts), Python and the libraries, hashed."""
    return combined((feedbuilder.__version__, code_digest(), sys.version, *library_versions()))


@functools.cache
def code_digest() -> str:
    """This feedbuilder's code: a development edit counts as another version."""
    folder = pathlib.Path(feedbuilder.__file__).parent
    found = hashlib.blake2b(digest_size=20)
    for source in sorted(folder.rglob("*.py")):
        found.update(source.relative_to(folder).as_posix().encode() + b"\x00" + source.read_bytes() + b"\x00")
    return found.hexdigest()


def installed() -> str:
    """The installed libraries as a hash of where they live and when those folders last changed.

    Installing, upgrading or removing a package adds or removes a folder of
    its metadata in site-packages, which changes that folder's time stamp; so
    this changes whenever :func:`library_versions` would, and costs a few
    ``stat`` calls instead of reading every package's metadata."""
    folders = []
    for folder in sys.path:
        if folder.endswith(("site-packages", "dist-packages")):
            stat = stat_of(folder)
            folders.append(f"{folder}:{stat[3] if stat else None}")
    return combined((feedbuilder.__version__, code_digest(), sys.version, *folders))


@functools.cache
def library_versions() -> tuple[str, ...]:
    import importlib.metadata

    found = []
    for name in DEPENDENCIES:
        try:
            found.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    try:
        import yaml

        found.append(f"libyaml={yaml.__with_libyaml__}")
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        found.append("libyaml=none")
    return tuple(found)


def zone_digest(zone: zoneinfo.ZoneInfo) -> str:
    """The time zone's rules (a tzdata update may move local dates), found where ZoneInfo looks."""
    key = zone.key or ""
    for folder in zoneinfo.TZPATH:
        candidate = pathlib.Path(folder, key)
        if key and candidate.is_file():
            return digest(candidate.read_bytes())
    try:
        import importlib.resources

        package, _, name = f"tzdata.zoneinfo.{key}".replace("/", ".").rpartition(".")
        return digest(importlib.resources.files(package).joinpath(name).read_bytes())
    except (ImportError, OSError, ValueError):
        return f"zone={key}"


def mime_files() -> Iterator[str]:
    """Enclosure types are guessed from the system's MIME tables."""
    for name in mimetypes.knownfiles:
        stat = stat_of(pathlib.Path(name))
        if stat is not None:
            yield f"{name}:{stat}"


def replace_file(path: pathlib.Path, data: bytes | Iterable[bytes | memoryview]) -> bool:
    """Write a file of ``FOLDER`` atomically (a temporary file renamed over it); False if that failed,
    leaving no temporary file behind.  The folder is made, with a .gitignore, when missing.  ``data``
    may come in pieces (written one after another: a large file is not joined first)."""
    import contextlib
    import tempfile

    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        output.remove_leftovers([path.parent])  # of builds killed while writing here
        handle, temporary = tempfile.mkstemp(prefix=output.temporary_prefix(path), suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            for piece in [data] if isinstance(data, bytes) else data:
                stream.write(piece)
        os.replace(temporary, path)
        temporary = None
        return True
    except OSError:
        return False
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def measured_without() -> frozenset[str]:
    """The kept results a benchmark turned off to measure their worth (benchmarks/README.md): names from
    ``FEEDBUILDER_MEASURE_WITHOUT`` (comma-separated: last-build, cards, places, bodies, files)."""
    return frozenset(os.environ.get("FEEDBUILDER_MEASURE_WITHOUT", "").split(","))
