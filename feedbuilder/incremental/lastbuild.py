"""A build with nothing to do, recognised without reading a single article.

After a successful build, ``.feedbuilder/last-build.json`` records everything
its output depended on: a hash of the config file's bytes and of the command
line's options, this feedbuilder (its code), Python and the installed
libraries, and the time zone's rules; where the config put the articles and
the output; the stat of every article file (see fingerprint.py: *equal*, never
"not newer") and of every folder of articles; the stat of every file it wrote
and of ``feedbuilder.ids``; the span of "now" in which the same articles are
past and future; and the warnings it printed.

The next build checks all of that first, before the config is even parsed:
one stat per folder and per file, and no listing at all when no folder changed
(adding, removing or renaming a file changes its folder's time stamps).  If
every part is equal, the files on disk are already what the build would write,
so it prints the same warnings and stops.  If anything differs, or the record
is missing, foreign or damaged, the build runs as usual and records itself
again.

Not recorded (the build then always runs in full): builds with errors, sites
with no config file, articles dated from git history (a commit moves no stat)
and local enclosures whose length is read from disk.  A file changed within
``fingerprint.SETTLE_NS`` before the build started is recorded with a hash
of its bytes, checked on the next use, because a coarse clock may let a second
edit leave its stat as it was.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import datetime
import json
import os
import pathlib
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from feedbuilder.errors import Problem, Report, decode_problem, encode_problem, shown_path, unusable_record
from feedbuilder.incremental import fingerprint
from feedbuilder.sources.discover import article_paths

if TYPE_CHECKING:
    from feedbuilder.model import Site

FOLDER = fingerprint.FOLDER
FILE_NAME = "last-build.json"
KIND = "feedbuilder-last-build"
SCHEMA = 3


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What the CLI says about a build: counts and warnings."""

    articles: int
    feeds: int
    site_items: tuple[int, ...]  # items in each of the site's own feeds
    files: int  # written or left as they were
    problems: tuple[Problem, ...]
    written: int = 0  # files whose bytes changed
    scheduled: int = 0  # articles dated in the future, left out until then
    next_scheduled: str | None = None  # when the first of them appears (RFC 3339)


@dataclasses.dataclass(frozen=True)
class Span:
    """The times "now" may take without any article moving between past and future."""

    since: datetime.datetime | None  # the newest publication time not after the build's "now"
    until: datetime.datetime | None  # the oldest publication time after it

    def holds(self, now: datetime.datetime) -> bool:
        return (self.since is None or self.since <= now) and (self.until is None or now < self.until)


@dataclasses.dataclass(frozen=True)
class Place:
    """Where a site's files are, as its config and the command line put them."""

    config: str  # the config file
    articles: str  # the folder of articles
    output: str  # the output folder
    zone: str  # the time zone's name: its rules are part of the record

    @classmethod
    def of(cls, site: Site) -> Place:
        return cls(str(site.config_path), str(site.articles_dir), str(site.output_dir), site.timezone.key)

    def output_file(self, name: str) -> str:
        """Outputs are named inside the output folder; the records beside the config by "../" and their name."""
        if name.startswith("../"):  # the id record, feedbuilder.addresses: beside the config
            return os.path.join(os.path.dirname(self.config), name[3:])
        return os.path.join(self.output, name)


Folders = list[tuple[str, fingerprint.Stat]]  # each folder of articles, stat taken before it was listed
_NAMES = re.compile("[^\x00]+")


@dataclasses.dataclass(frozen=True)
class Listing:
    """Every article file as a build finds them: its name inside the folder (sorted), its stat, and a
    hash of the bytes of those changed too recently for their stat to be trusted.  The build that
    follows the check takes its files and stats from here instead of listing and looking again."""

    packed: str  # the sources, NUL between them
    stats: array.array[int]  # five numbers a file (fingerprint.Stat), in the order of the sources
    recent: dict[str, str]  # source -> hash of its bytes
    started_ns: int  # when the stats were taken (or just before)

    def stat(self, index: int) -> fingerprint.Stat:
        at = 5 * index
        return tuple(self.stats[at : at + 5])  # type: ignore[return-value]


@dataclasses.dataclass
class Check:
    """The state of the inputs before a build, and whether the last build already made its output."""

    record: pathlib.Path
    key: str
    started_ns: int
    place: Place | None = None  # known from the record, or once the config is read (see :meth:`attach`)
    inputs: Listing | None = None  # None: not taken yet, or the folder could not be listed cleanly
    folders: Folders | None = None  # None unless every folder was settled when listed
    outcome: Outcome | None = None  # set when nothing changed
    problems: list[Problem] = dataclasses.field(default_factory=list)  # the record on disk was unusable

    def attach(self, site: Site) -> None:
        """The site as its config describes it; take the inputs now if the record did not name them."""
        place = Place.of(site)
        if place != self.place:
            self.place = place
            self.inputs, self.folders = _inputs(place, self.started_ns)


def check(config_path: pathlib.Path, *, settings: str, now: datetime.datetime) -> Check:
    """Look at the inputs without reading the config (only its bytes); ``outcome`` is set when the last
    build's files are still exactly right.

    ``settings``: everything besides the config that changes the output (the command line's options)."""
    started = fingerprint.now_ns()
    record = config_path.parent / FOLDER / FILE_NAME
    try:
        config = fingerprint.digest_of(config_path) or "unreadable"  # bounded: --config /dev/zero is not read
    except OSError:
        config = "unreadable"
    key = fingerprint.combined(
        [
            KIND,
            str(SCHEMA),
            fingerprint.installed(),
            config,
            str(config_path.resolve()),
            os.getcwd(),  # messages name files as seen from here
            *fingerprint.mime_files(),
            settings,
        ]
    )
    found = Check(record=record, key=key, started_ns=started)
    data = _recorded(record, key, found.problems) if "last-build" not in fingerprint.measured_without() else None
    if data is None:
        return found
    with contextlib.suppress(KeyError, TypeError, ValueError):
        found.place = _place(data)
    if found.place is None:
        return found
    found.inputs, found.folders = _inputs_as_recorded(data, found.place, started)
    if found.inputs is None:
        found.inputs, found.folders = _inputs(found.place, started)
    if found.inputs is not None:
        found.outcome = _unchanged(data, found, now)
    return found


def remember(
    found: Check,
    *,
    outcome: Outcome,
    outputs: Mapping[str, pathlib.Path],
    span: Span,
    repeatable: bool,
) -> None:
    """Record a finished build (or forget the last one when this build cannot be recorded).

    ``outputs``: every file the build wrote or left as it was, by name."""
    path = found.record
    errors = any(p.is_error for p in outcome.problems)
    if errors or not repeatable or found.inputs is None or found.place is None:
        _forget(path)
        return
    written = {name: fingerprint.stat_of(file) for name, file in outputs.items()}
    if any(stat is None for stat in written.values()):
        _forget(path)
        return
    caches = shown_path(path.parent) + "/"  # a cache's warning is for the build that met the damage, not again
    import zoneinfo

    data = {
        "kind": KIND,
        "schema": SCHEMA,
        "key": found.key,
        "place": dataclasses.asdict(found.place),
        "zone": fingerprint.zone_digest(zoneinfo.ZoneInfo(found.place.zone)),
        "since": _time(span.since),
        "until": _time(span.until),
        "folders": [[folder, *stat] for folder, stat in found.folders] if found.folders is not None else None,
        # the files by name (NUL cannot be in one), their stats as one hash, and hashes of the recent ones
        "inputs": found.inputs.packed,
        "stats": _stats_digest(found.inputs),
        "recent": found.inputs.recent,
        "outputs": {name: list(stat or ()) for name, stat in written.items()},
        "outcome": {
            "articles": outcome.articles,
            "feeds": outcome.feeds,
            "site_items": list(outcome.site_items),
            "files": outcome.files,
            "problems": [encode_problem(p) for p in outcome.problems if not p.path.startswith(caches)],
            "scheduled": [outcome.scheduled, outcome.next_scheduled],
        },
    }
    # written as it is encoded, a piece at a time: the text of 100,000 names is not also held whole, twice
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    _write(path, (piece.encode("utf-8") for piece in encoder.iterencode(data)))


def _place(data: dict[str, Any]) -> Place | None:
    """Where the record's site is, if the rules of its time zone are still those it was built with."""
    import zoneinfo

    place = Place(**{name: str(value) for name, value in data["place"].items()})
    try:
        zone = fingerprint.zone_digest(zoneinfo.ZoneInfo(place.zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return place if zone == data["zone"] else None


def _inputs(place: Place, started_ns: int) -> tuple[Listing | None, Folders | None]:
    """Every article file's stat as the build will find them (None if listing reported anything), with a
    hash of those changed too recently for their stat to be trusted; and each folder's stat, taken
    before it was listed (None unless every folder was settled)."""
    folders: list[tuple[str, fingerprint.Stat | None]] = []
    problems = Report()
    articles = pathlib.Path(place.articles)
    files = article_paths(
        articles,
        report=problems,
        shown_root=shown_path(articles),
        listing=lambda folder: folders.append((folder, fingerprint.stat_of(folder))),
    )
    if list(problems) or not files:
        return None, None
    found = _stats("\x00".join(files), os.path.join(place.articles, ""), started_ns)
    settled = [(folder, stat) for folder, stat in folders if stat and fingerprint.settled(stat, started_ns)]
    return found, settled if len(settled) == len(folders) else None


def _stats(packed: str, prefix: str, started_ns: int) -> Listing | None:
    """Each file's stat, and a hash of its bytes if it changed too recently; None if one cannot be seen."""
    stats = array.array("q")
    recent = {}
    for found in _NAMES.finditer(packed):
        source = found.group()
        stat = fingerprint.stat_of(prefix + source)
        if stat is None:
            return None
        stats.extend(stat)
        if not fingerprint.settled(stat, started_ns):
            recent[source] = fingerprint.digest_of(pathlib.Path(prefix + source)) or ""
    return Listing(packed, stats, recent, started_ns)


def _inputs_as_recorded(data: dict[str, Any], place: Place, started_ns: int) -> tuple[Listing | None, Folders | None]:
    """The inputs without listing any folder: when no folder of articles changed since the last
    build listed it, the same files are there (adding, removing or renaming one changes its
    folder's time stamps), and only their stats need taking."""
    try:
        folders: Folders = [(str(path), (*stat,)) for path, *stat in data["folders"]]
        packed = str(data["inputs"])
    except (KeyError, TypeError, ValueError):
        return None, None
    if not folders or any(fingerprint.stat_of(path) != stat for path, stat in folders):
        return None, None
    found = _stats(packed, os.path.join(place.articles, ""), started_ns)
    return (found, folders) if found is not None else (None, None)


def _recorded(path: pathlib.Path, key: str, problems: list[Problem]) -> dict[str, Any] | None:
    """The last build's record, if it is ours and of this key (a warning if it is damaged or not ours)."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None  # no record yet: build in full, which writes one
    except OSError as exc:  # a folder in its place, say: every build would run in full, unexplained
        what = f"the record of the last build cannot be read ({exc.strerror})"
        problems.append(unusable_record(shown_path(path), what))
        return None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data["kind"] != KIND:
            raise ValueError("not a record of a build")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        problems.append(unusable_record(shown_path(path), f"the record of the last build cannot be used ({exc})"))
        return None
    if data.get("schema") != SCHEMA or data.get("key") != key:
        return None  # another version, config or command line: build in full, silently
    return data


def _unchanged(data: dict[str, Any], found: Check, now: datetime.datetime) -> Outcome | None:
    """The last build's outcome if its output is still exactly what this build would write."""
    try:
        return _compare(data, found, now)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


def _compare(data: dict[str, Any], found: Check, now: datetime.datetime) -> Outcome | None:
    if found.place is None or not Span(_parse_time(data["since"]), _parse_time(data["until"])).holds(now):
        return None
    if found.inputs is None or not (
        _same_inputs(data, found.inputs, found.place) and _same_outputs(data["outputs"], found.place)
    ):
        return None
    told = data["outcome"]
    return Outcome(
        articles=int(told["articles"]),
        feeds=int(told["feeds"]),
        site_items=tuple(int(n) for n in told["site_items"]),
        files=int(told["files"]),
        problems=tuple(decode_problem(p) for p in told["problems"]),
        scheduled=int(told["scheduled"][0]),
        next_scheduled=str(told["scheduled"][1]) if told["scheduled"][1] is not None else None,
    )


def _same_inputs(data: dict[str, Any], inputs: Listing, place: Place) -> bool:
    """The same files, each with the same stat, and the recent ones with the same bytes."""
    if data["inputs"] != inputs.packed or data["stats"] != _stats_digest(inputs):
        return False
    prefix = os.path.join(place.articles, "")
    recent: dict[str, str] = data["recent"]
    return all(fingerprint.digest_of(pathlib.Path(prefix + source)) == digest for source, digest in recent.items())


def _stats_digest(inputs: Listing) -> str:
    return fingerprint.digest(inputs.stats.tobytes())


def _same_outputs(recorded: dict[str, list[int]], place: Place) -> bool:
    return all(fingerprint.stat_of(place.output_file(name)) == tuple(stat) for name, stat in recorded.items())


ID_RECORD = "../feedbuilder.ids"  # the id record among the outputs: a name no output file can have


def _time(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value: object) -> datetime.datetime | None:
    if value is None:
        return None
    parsed = datetime.datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        raise ValueError("a time without an offset")
    return parsed


def _write(path: pathlib.Path, data: Iterable[bytes]) -> None:
    """Replace the record; a record that cannot be written only means a full build next time."""
    if not fingerprint.replace_file(path, data):
        _forget(path)


def _forget(path: pathlib.Path) -> None:
    """No record: the next build runs in full."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
