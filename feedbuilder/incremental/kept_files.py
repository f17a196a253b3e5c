"""Output files that a build would write again byte for byte, kept instead of made.

Each file a build writes (a feed in a format, the index page, the OPML list,
an article's page) depends on a few things only: the site's config, this
feedbuilder (code and libraries), and for each article it shows, everything
that article is made from (plan.py says which).  After a build is written,
``.feedbuilder/feeds.json`` records for each file a hash of exactly those, the
number of items it holds, the warnings rendering it gave, and the file's stat
once written.  The next build hashes each planned file; when the hash and the
file's stat are both what was recorded, the file's bytes are taken from disk
instead of being made.  So a build after one article changed renders only the
files that show it, and reads only the articles those files show.

A record that is missing, damaged, foreign or of another version is ignored
(everything is made); it is never trusted beyond what it says about files
whose stat is unchanged.
"""

from __future__ import annotations

import contextlib
import json
import pathlib
from collections.abc import Mapping
from typing import Any

from feedbuilder.errors import Problem, decode_problem, encode_problem, shown_path, unusable_record
from feedbuilder.incremental import fingerprint
from feedbuilder.model import Site
from feedbuilder.render.plan import MadeFile as Rendered

FOLDER = fingerprint.FOLDER
FILE_NAME = "feeds.json"
KIND = "feedbuilder-feed-files"
SCHEMA = 2


class FeedCache:
    """Last build's output files, and this build's, by path inside the output folder (plan.Kept)."""

    def __init__(self, site: Site, known: Mapping[str, tuple[Rendered, fingerprint.Stat]]) -> None:
        self._site = site
        self._known = known
        # what every file depends on: the config (all of it), this feedbuilder, where messages see the files from
        self._common = [KIND, fingerprint.software(), repr(site), shown_path(site.output_dir)]
        self.made: dict[str, Rendered] = {}  # this build's files
        self.problems: list[Problem] = []  # a warning when the record on disk could not be used

    @classmethod
    def open(cls, site: Site) -> FeedCache:
        path = record_path(site)
        known, problems = _read(path) if path else ({}, [])
        cache = cls(site, known)
        cache.problems = problems
        return cache

    def key(self, parts: list[str]) -> str:
        """A hash of everything a file's bytes depend on: ``parts``, and what every file depends on."""
        return fingerprint.combined([*self._common, *parts])

    def kept(self, path: str, key: str) -> Rendered | None:
        """What making the file gave, if the file on disk was made from the same inputs (and is as it was)."""
        known = self._known.get(path)
        if known is None or known[0].key != key:
            return None
        return known[0] if fingerprint.stat_of(self._site.output_dir / path) == known[1] else None


def record_path(site: Site) -> pathlib.Path | None:
    return site.config_path.parent / FOLDER / FILE_NAME if site.config_path else None


def save(site: Site, made: Mapping[str, Rendered]) -> None:
    """Record the feed files just written (their stat now); a record that cannot be written is no loss."""
    path = record_path(site)
    if path is None:
        return
    files = {}
    for name, rendered in sorted(made.items()):
        stat = fingerprint.stat_of(site.output_dir / name)
        if stat is not None:
            files[name] = [rendered.key, rendered.items, [encode_problem(p) for p in rendered.problems], list(stat)]
    data = json.dumps({"kind": KIND, "schema": SCHEMA, "files": files}, ensure_ascii=False, separators=(",", ":"))
    if not fingerprint.replace_file(path, data.encode("utf-8")):
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _read(path: pathlib.Path) -> tuple[dict[str, tuple[Rendered, fingerprint.Stat]], list[Problem]]:
    """The record's files; nothing if there is none or it is another version's, and a warning if it is
    damaged or not ours."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return {}, []  # no record yet (or no folder for one: the caches say why)
    except OSError as exc:
        return {}, [unusable_record(shown_path(path), f"the record of feed files cannot be read ({exc.strerror})")]
    try:
        data: Any = json.loads(raw)
        if data["kind"] != KIND:
            raise ValueError("not a record of feed files")
        if data["schema"] != SCHEMA:
            return {}, []  # another version of feedbuilder: start afresh, silently
        known = {}
        for name, (key, items, problems, stat) in data["files"].items():
            if not (isinstance(key, str) and type(items) is int and all(type(n) is int for n in stat)):
                raise TypeError("an entry of the wrong types")
            rendered = Rendered(key, items, tuple(decode_problem(p) for p in problems))
            known[str(name)] = (rendered, (stat[0], stat[1], stat[2], stat[3], stat[4]))
        return known, []
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return {}, [unusable_record(shown_path(path), f"the record of feed files cannot be used ({exc})")]
