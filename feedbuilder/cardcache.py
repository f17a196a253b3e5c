"""Cards kept between builds in ``.feedbuilder/cards``: unchanged files are not read again.

A file's card, and the warnings reading it gave, depend only on the file, on
the site's time zone, and on the code and libraries that read it.  An entry is
used only while everything it came from is exactly as it was:

- the file's stat (device, inode, size, mtime and ctime in nanoseconds) is
  *equal* to the one recorded, never merely "not newer", so a clock that jumps
  or an ``mtime`` set back cannot make an old entry look current;
- a file changed within ``fingerprint.SETTLE_NS`` of being read (or dated in
  the future) may change again without its stat changing (coarse time stamps),
  so its bytes are hashed on every later use and must be the ones the card was
  made from (the card's own ``file_hash``);
- the cache's key matches (see :func:`cache_key`): the config fields reading
  uses, this code, the libraries, the time zone's rules, the articles folder
  and the working folder (warnings name files as seen from it).

Files with errors are never kept; deleted ones drop out.  The file is one
hash-checked block: anything that is not a cache of ours, or fails its check
(garbage, truncated, edited), is ignored with one warning and replaced, never
trusted.  It is written again, atomically, only when something changed.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import pathlib
from collections.abc import Sequence
from typing import Any, NamedTuple

from feedbuilder import articles, cards, fingerprint
from feedbuilder.discover import SourceFile
from feedbuilder.errors import Problem, Report, decode_problem, encode_problem, shown_path, unusable_record
from feedbuilder.model import Card, Site

FOLDER = fingerprint.FOLDER
FILE_NAME = "cards"
MAGIC = b"feedbuilder-cards\n"
SCHEMA = 1
READ_FIELDS = ("timezone",)  # the Site fields read_draft uses (tests/test_cache.py checks this list)
Stat = fingerprint.Stat
_stat = fingerprint.stat_of  # tests replace these two: a coarse clock, a clock that moves
_now_ns = fingerprint.now_ns
_CHECK = 32  # bytes of the hash that guards the file


class Entry(NamedTuple):
    """What the cache knows of one file."""

    stat: Stat
    settled: bool  # changed well before it was read: its stat alone tells whether it changed since
    card: Card
    problems: tuple[Problem, ...]  # the warnings reading it gave


class CardCache:
    """Cards through the cache: the files it cannot answer for are read, in parallel when there are many."""

    def __init__(self, path: pathlib.Path, key: str) -> None:
        self.path, self.key = path, key
        self.problems: list[Problem] = []  # a warning if the file on disk is not a usable cache
        self._known: dict[str, Entry] = {}
        self._next: dict[str, Entry] = {}  # the entries of this build's files
        self._changed = False

    @classmethod
    def open(cls, path: pathlib.Path, site: Site) -> CardCache:
        """The cache at ``path`` for ``site``; empty if absent or made for another key, with a warning if not ours."""
        cache = cls(path, cache_key(site))
        try:
            cache._known = _read(path, cache.key)
        except _Unusable as exc:
            cache.problems.append(_warning(path, f"cannot be used ({exc})"))
        return cache

    def scan(self, files: Sequence[SourceFile], *, site: Site, report: Report) -> cards.Cards:
        """:func:`cards.scan` through the cache: every usable file's card, every file's problems, in the
        order of ``files``, exactly as reading each file would give them."""
        found: list[tuple[Entry | None, tuple[SourceFile, int, Stat | None]]] = []
        for file in files:
            started, stat = _now_ns(), _stat(file.path)
            found.append((self._use(file, stat), (file, started, stat)))
        missing = [job for entry, job in found if entry is None]
        read = articles.each_in_order(functools.partial(_read_entry, site=site), missing)
        result = cards.Cards()
        for known, (file, _, _) in found:
            if known is None:
                card, problems, made = next(read)
                report.extend(problems)
                if made is not None:
                    self._next[file.source] = made
                self._changed = True
            else:
                report.extend(known.problems)
                card = known.card
                self._next[file.source] = known
            if card is not None:
                result.add(card, source=file.source)
        if set(self._next) != set(self._known):
            self._changed = True
        return result

    def _use(self, file: SourceFile, stat: Stat | None) -> Entry | None:
        """The file's entry, if the file is exactly as it was when the entry was made."""
        entry = self._known.get(file.source)
        if entry is None or stat is None or entry.stat != stat:
            return None
        if not entry.settled and _hash_of(file.path) != entry.card.file_hash:
            return None
        return entry

    def save(self, *, report: Report) -> bool:
        """Write the entries of this build's files if anything changed; whether it wrote.

        A cache that cannot be written is only a warning: the next build reads every file."""
        if not (self._changed or self.problems):
            return False
        data = marshal.dumps((SCHEMA, self.key, [_encoded(source, entry) for source, entry in self._next.items()]))
        if fingerprint.replace_file(self.path, MAGIC + hashlib.blake2b(data, digest_size=_CHECK).digest() + data):
            return True
        report.warn(
            shown_path(self.path),
            "cannot write the article cache",
            hint=f"make {FOLDER}/ a folder you can write (the next build reads every article again)",
        )
        return False


def _read_entry(
    job: tuple[SourceFile, int, Stat | None], *, site: Site
) -> tuple[Card | None, list[Problem], Entry | None]:
    """Read a file the cache cannot answer for (perhaps in a worker process): its card (None if unusable),
    its problems, and the entry to keep for it (None if it may not be kept)."""
    file, started, stat = job
    card, problems = cards.read_card(file, site=site)
    if card is None or stat is None or any(problem.is_error for problem in problems):
        return card, problems, None
    return card, problems, Entry(stat, fingerprint.settled(stat, started), card, tuple(problems))


def _hash_of(path: pathlib.Path) -> bytes | None:
    try:
        return fingerprint.file_hash(path.read_bytes())
    except OSError:
        return None


def cache_path(site: Site) -> pathlib.Path | None:
    """``.feedbuilder/cards`` next to the config; None for a site without a config file."""
    return site.config_path.parent / FOLDER / FILE_NAME if site.config_path else None


def cache_key(site: Site) -> str:
    """Everything besides the file that reading depends on, hashed."""
    return fingerprint.combined(
        [
            str(SCHEMA),
            fingerprint.software(),
            *(repr(getattr(site, name)) for name in READ_FIELDS),
            fingerprint.zone_digest(site.timezone),
            str(site.articles_dir.resolve()),
            os.getcwd(),  # warnings name the files as seen from here
            *fingerprint.mime_files(),
            ",".join(Card._fields),
        ]
    )


# ---------------------------------------------------------------- the file


class _Unusable(Exception):
    """A file that is not a cache of ours, or not whole."""


def _read(path: pathlib.Path, key: str) -> dict[str, Entry]:
    """The entries of the cache at ``path``; none if there is none, or it is of another version or key."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except OSError as exc:
        raise _Unusable(exc.strerror or str(exc)) from None
    if not data.startswith(MAGIC):
        raise _Unusable("not a feedbuilder article cache")
    check, payload = data[len(MAGIC) : len(MAGIC) + _CHECK], memoryview(data)[len(MAGIC) + _CHECK :]
    if hashlib.blake2b(payload, digest_size=_CHECK).digest() != check:
        raise _Unusable("it fails its check: damaged or cut short")
    try:
        schema, stored_key, entries = marshal.loads(payload)  # noqa: S302 (our own file, its hash checked above)
    except (ValueError, EOFError, TypeError) as exc:
        raise _Unusable(str(exc)) from None
    if schema != SCHEMA or stored_key != key:
        return {}  # another version of feedbuilder, or another config: start afresh, silently
    try:
        return dict(_decoded(entry) for entry in entries)
    except (ValueError, TypeError) as exc:
        raise _Unusable(f"an entry of the wrong shape ({exc})") from None


def _encoded(source: str, entry: Entry) -> tuple[Any, ...]:
    problems = tuple(tuple(encode_problem(problem)) for problem in entry.problems)
    return (source, entry.stat, entry.settled, tuple(entry.card), problems)


def _decoded(value: Any) -> tuple[str, Entry]:
    source, stat, settled, card, problems = value
    if not (type(source) is str and type(stat) is tuple and len(stat) == 5 and type(card) is tuple):
        raise TypeError("an entry of the wrong types")
    made = Card(*card)
    if made.source != source or type(made.file_hash) is not bytes:
        raise TypeError("a card of the wrong types")
    return source, Entry(stat, bool(settled), made, tuple(decode_problem(list(p)) for p in problems))


def _warning(path: pathlib.Path, what: str) -> Problem:
    return unusable_record(shown_path(path), f"the article cache {what}")
