"""A build with nothing to do, recognised without reading a single article.

After a successful build, ``.feedbuilder/last-build.json`` records everything
its output depended on: a hash of the site's settings, the build's options,
this feedbuilder, Python, the libraries and the time zone's rules; the stat of
every article file (see fingerprint.py: *equal*, never "not newer"); the stat
of every file it wrote and of ``feedbuilder.ids``; the span of "now" in which
the same articles are past and future; and the warnings it printed.

The next build checks all of that first (a walk of the articles folder and
one stat per file: no reading, no parsing, no pipeline imported).  If every
part is equal, the files on disk are already what the build would write, so it
prints the same warnings and stops.  If anything differs, or the record is
missing, foreign or damaged, the build runs as usual and records itself again.

Not recorded (the build then always runs in full): builds with errors, sites
with no config file, articles dated from git history (a commit moves no stat)
and local enclosures whose length is read from disk.  A file changed within
``fingerprint.SETTLE_NS`` before the build started is recorded with a hash
of its bytes, checked on the next use, because a coarse clock may let a second
edit leave its stat as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import os
import pathlib
from collections.abc import Mapping
from typing import Any

from feedbuilder import fingerprint
from feedbuilder.discover import article_paths
from feedbuilder.errors import Problem, Report, decode_problem, encode_problem, shown_path
from feedbuilder.model import Site

FOLDER = ".feedbuilder"
FILE_NAME = "last-build.json"
KIND = "feedbuilder-last-build"
SCHEMA = 1


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What the CLI says about a build: counts and warnings."""

    articles: int
    feeds: int
    site_items: tuple[int, ...]  # items in each of the site's own feeds
    files: int  # written or left as they were
    problems: tuple[Problem, ...]
    written: int = 0  # files whose bytes changed


@dataclasses.dataclass(frozen=True)
class Span:
    """The times "now" may take without any article moving between past and future."""

    since: datetime.datetime | None  # the newest publication time not after the build's "now"
    until: datetime.datetime | None  # the oldest publication time after it

    def holds(self, now: datetime.datetime) -> bool:
        return (self.since is None or self.since <= now) and (self.until is None or now < self.until)


@dataclasses.dataclass
class Check:
    """The state of the inputs before a build, and whether the last build already made its output."""

    site: Site
    key: str
    started_ns: int
    inputs: dict[str, fingerprint.Stat] | None  # None: the folder could not be listed cleanly
    outcome: Outcome | None = None  # set when nothing changed


def record_path(site: Site) -> pathlib.Path | None:
    return site.config_path.parent / FOLDER / FILE_NAME if site.config_path else None


def check(site: Site, *, options: str, now: datetime.datetime) -> Check:
    """Look at the inputs; ``outcome`` is set when the last build's files are still exactly right.

    ``options``: the build's options that change its output, as text."""
    started = fingerprint.now_ns()
    key = fingerprint.combined(
        [
            KIND,
            str(SCHEMA),
            fingerprint.installed(),
            repr(site),
            os.getcwd(),  # messages name files as seen from here
            fingerprint.zone_digest(site.timezone),
            *fingerprint.mime_files(),
            options,
        ]
    )
    found = Check(site=site, key=key, started_ns=started, inputs=_inputs(site))
    found.outcome = _unchanged(found, now)
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
    path = record_path(found.site)
    if path is None:
        return
    errors = any(p.is_error for p in outcome.problems)
    if errors or not repeatable or found.inputs is None:
        _forget(path)
        return
    inputs: dict[str, list[Any]] = {}
    for source, stat in found.inputs.items():
        entry: list[Any] = list(stat)
        if not fingerprint.settled(stat, found.started_ns):
            digest = fingerprint.digest_of(found.site.articles_dir / source)
            if digest is None:
                _forget(path)
                return
            entry.append(digest)
        inputs[source] = entry
    written = {name: fingerprint.stat_of(file) for name, file in outputs.items()}
    caches = shown_path(path.parent) + "/"  # a cache's warning is for the build that met the damage, not again
    if any(stat is None for stat in written.values()):
        _forget(path)
        return
    data = {
        "kind": KIND,
        "schema": SCHEMA,
        "key": found.key,
        "since": _time(span.since),
        "until": _time(span.until),
        "inputs": inputs,
        "outputs": {name: list(stat or ()) for name, stat in written.items()},
        "outcome": {
            "articles": outcome.articles,
            "feeds": outcome.feeds,
            "site_items": list(outcome.site_items),
            "files": outcome.files,
            "problems": [encode_problem(p) for p in outcome.problems if not p.path.startswith(caches)],
        },
    }
    _write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def _inputs(site: Site) -> dict[str, fingerprint.Stat] | None:
    """Every article file's stat, as the build will find them; None if listing reported anything."""
    listing = Report()
    files = article_paths(site.articles_dir, report=listing, shown_root=shown_path(site.articles_dir))
    if list(listing) or not files:
        return None
    found = {}
    for path, source in files:
        stat = fingerprint.stat_of(path)
        if stat is None:
            return None
        found[source] = stat
    return found


def _unchanged(found: Check, now: datetime.datetime) -> Outcome | None:
    """The last build's outcome if its output is still exactly what this build would write."""
    path = record_path(found.site)
    if path is None or found.inputs is None:
        return None
    try:
        data = json.loads(path.read_bytes())
        return _compare(data, found, now)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # missing, damaged or foreign: build in full, which replaces it


def _compare(data: dict[str, Any], found: Check, now: datetime.datetime) -> Outcome | None:
    if data["kind"] != KIND or data["schema"] != SCHEMA or data["key"] != found.key:
        return None
    if not Span(_parse_time(data["since"]), _parse_time(data["until"])).holds(now):
        return None
    if not (_same_inputs(data["inputs"], found) and _same_outputs(data["outputs"], found.site)):
        return None
    told = data["outcome"]
    return Outcome(
        articles=int(told["articles"]),
        feeds=int(told["feeds"]),
        site_items=tuple(int(n) for n in told["site_items"]),
        files=int(told["files"]),
        problems=tuple(decode_problem(p) for p in told["problems"]),
    )


def _same_inputs(recorded: dict[str, list[Any]], found: Check) -> bool:
    inputs = found.inputs or {}
    if recorded.keys() != inputs.keys():
        return False
    for source, entry in recorded.items():
        if tuple(entry[:5]) != inputs[source]:
            return False
        if len(entry) > 5 and fingerprint.digest_of(found.site.articles_dir / source) != entry[5]:
            return False
    return True


def _same_outputs(recorded: dict[str, list[int]], site: Site) -> bool:
    return all(
        fingerprint.stat_of(_output_file(site, site.output_dir, name)) == tuple(stat) for name, stat in recorded.items()
    )


def _output_file(site: Site, output_dir: pathlib.Path, name: str) -> pathlib.Path:
    """Outputs are named inside the output folder; the id record by its own path."""
    if name == ID_RECORD and site.config_path:
        return site.config_path.parent / "feedbuilder.ids"
    return output_dir / name


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


def _write(path: pathlib.Path, data: bytes) -> None:
    """Replace the record atomically; a record that cannot be written only means a full build next time."""
    import tempfile

    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
        temporary = None
    except OSError:
        _forget(path)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _forget(path: pathlib.Path) -> None:
    """No record: the next build runs in full."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
