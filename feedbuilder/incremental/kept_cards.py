"""Cards kept between builds in ``.feedbuilder/cards``: unchanged files are not read again.

A file's card, and the warnings reading it gave, depend only on the file, on
the site's time zone, and on the code and libraries that read it.  A card is
used only while everything it came from is exactly as it was:

- the file's stat (device, inode, size, mtime and ctime in nanoseconds) is
  *equal* to the one recorded, never merely "not newer", so a clock that jumps
  or an ``mtime`` set back cannot make an old card look current;
- a file changed within ``fingerprint.SETTLE_NS`` of being read (or dated in
  the future) may change again without its stat changing (coarse time stamps),
  so its bytes are hashed on every later use and must be the ones the card was
  made from (the card's own ``file_hash``);
- the cache's key matches (see :func:`cache_key`): the config fields reading
  uses, this code, the libraries, the time zone's rules, the articles folder
  and the working folder (warnings name files as seen from it).

Files with errors are never kept; deleted ones drop out.  The file holds the
cards column by column (cards.Cards), each file's stat beside them, under one
hash: anything that is not a cache of ours, or fails its check (garbage,
truncated, edited), is ignored with one warning and replaced, never trusted.
When the files are the ones of the last build, in the same order (the usual
case), the cards are used as they are and only the changed ones replaced.
The file is written again, atomically, only when something changed.
"""

from __future__ import annotations

import array
import hashlib
import marshal
import os
import pathlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from feedbuilder.errors import Problem, Report, decode_problem, encode_problem, shown_path, unusable_record
from feedbuilder.incremental import fingerprint, lastbuild
from feedbuilder.model import Card, Progress, Site
from feedbuilder.sources import cards
from feedbuilder.sources.cards import Cards
from feedbuilder.sources.discover import Files, SourceFile, bounded_bytes, file_hash

FOLDER = fingerprint.FOLDER
FILE_NAME = "cards"
MAGIC = b"feedbuilder-cards\n"
SCHEMA = 3
# the Site fields read_draft uses (tests/incremental/test_kept_cards.py checks this list); all but the
# first two only for a generator's template syntax (sources/syntax): a plain site's key leaves them out
READ_FIELDS = ("timezone", "generator", "variables", "url", "permalink", "title", "description", "author", "language")
Stat = fingerprint.Stat
_stat = fingerprint.stat_of  # tests replace it: a coarse clock
_CHECK = 32  # bytes of the hash that guards the file
_SIZE = 4  # bytes of the head's size
_NO_STAT = (-1, -1, -1, -1, -1)
_IN_PLACE = 1_000  # changed files, at most, whose cards are replaced where they are (the others: gathered anew)


class Kept:
    """The cache's cards, each with its file's stat, whether that stat alone vouches for it, and its warnings."""

    def __init__(self, found: Cards, stats: array.array[int], settled: bytearray, problems: dict[int, Any]) -> None:
        self.cards, self.stats, self.settled, self.problems = found, stats, settled, problems

    @classmethod
    def empty(cls) -> Kept:
        return cls(Cards(), array.array("q"), bytearray(), {})

    def stat(self, index: int) -> Stat:
        at = 5 * index
        return tuple(self.stats[at : at + 5])  # type: ignore[return-value]

    def problems_of(self, index: int) -> list[Problem]:
        return [decode_problem(list(problem)) for problem in self.problems.get(index, ())]

    def add(self, card: Card, stat: Stat, settled: bool, problems: Sequence[Problem], *, source: str) -> None:
        self.cards.add(card, source=source)
        self._keep(len(self.cards) - 1, stat, settled, problems, new=True)

    def add_from(self, other: Kept, index: int) -> None:
        self.cards.add_from(other.cards, index)
        self._keep(
            len(self.cards) - 1, other.stat(index), bool(other.settled[index]), other.problems_of(index), new=True
        )

    def set(self, index: int, card: Card, stat: Stat, settled: bool, problems: Sequence[Problem]) -> None:
        self.cards.set(index, card)
        self._keep(index, stat, settled, problems, new=False)

    def _keep(self, index: int, stat: Stat, settled: bool, problems: Sequence[Problem], *, new: bool) -> None:
        if new:
            self.stats.extend(stat)
            self.settled.append(settled)
        else:
            self.stats[5 * index : 5 * index + 5] = array.array("q", stat)
            self.settled[index] = settled
        if problems:
            self.problems[index] = tuple(tuple(encode_problem(problem)) for problem in problems)
        else:
            self.problems.pop(index, None)


class CardCache:
    """Cards through the cache: the files it cannot answer for are read, in parallel when there are many."""

    def __init__(self, path: pathlib.Path, key: str) -> None:
        self.path, self.key = path, key
        self.problems: list[Problem] = []  # a warning if the file on disk is not a usable cache
        self._kept = Kept.empty()
        self._next: Kept | None = None
        self._changed = False
        self.check = b""  # the hash that guards the file as read, then as written: which cards these are
        self.loaded_check = b""  # that hash as the file was read (b"" if there was none to use)
        # after scan: the cards replaced where they were (their index and old card), when the files are the
        # last build's in the same order; None when the cards were gathered afresh
        self.changes: list[tuple[int, Card]] | None = None

    @classmethod
    def open(cls, path: pathlib.Path, site: Site) -> CardCache:
        """The cache at ``path`` for ``site``; empty if absent or made for another key, with a warning if not ours."""
        cache = cls(path, cache_key(site))
        try:
            cache._kept, cache.check = _read(path, cache.key)
            cache.loaded_check = cache.check
        except _Unusable as exc:
            cache.problems.append(_warning(path, f"cannot be used ({exc})"))
        return cache

    def scan(
        self,
        files: Files,
        *,
        site: Site,
        report: Report,
        seen: lastbuild.Listing | None = None,
        progress: Progress | None = None,
    ) -> Cards:
        """:func:`cards.scan` through the cache: every usable file's card, every file's problems, in the
        order of ``files``, exactly as reading each file would give them.

        ``seen``: the stats of ``files`` (in their order), taken a moment ago (lastbuild.py)."""
        kept = self._kept
        started = seen.started_ns if seen is not None else fingerprint.now_ns()
        same_files = "\x00".join(kept.cards.sources) == files.packed
        at = range(len(files)) if same_files else _positions(kept.cards.sources, files)
        unread = _Unread()
        if same_files and seen is not None:  # the usual case: only the files whose stats differ are looked at
            usable = _unchanged(kept, files, seen)
            for index in (index for index, ok in enumerate(usable) if not ok):
                unread.add(index, seen.stat(index))
        else:
            usable = bytearray(len(files))
            for index, (file, j) in enumerate(zip(files, at, strict=True)):
                stat = seen.stat(index) if seen is not None else _stat(file.location)
                if j >= 0 and self._usable(kept, j, stat, file):
                    usable[index] = True
                else:
                    unread.add(index, stat)
        self._changed = bool(unread) or not same_files
        reading = cards.each_read(Files.of(files.folder, files.shown_folder, map(files.source, unread.at)), site=site)
        if progress is not None:
            reading = progress(reading, len(unread), "reading")
        if not same_files or len(unread) > _IN_PLACE:  # gathered afresh, each card as it comes
            return self._gathered(files, at, usable, unread, reading, started=started, report=report)
        fresh = list(reading)
        made = [card for card, _ in fresh if card is not None]
        if len(made) == len(fresh):
            self._next = kept  # the usual case: the changed cards are replaced where they are
            self.changes = []
            for number, (index, card, (_, problems)) in enumerate(zip(unread.at, made, fresh, strict=True)):
                self.changes.append((index, kept.cards.card(index)))
                kept.set(index, card, *_kept_as(unread.stat(number), started), problems)
            for index in sorted(kept.problems):
                report.extend(kept.problems_of(index))
            return kept.cards
        return self._gathered(files, at, usable, unread, iter(fresh), started=started, report=report)

    def _gathered(
        self,
        files: Files,
        at: Sequence[int],
        usable: bytearray,
        unread: _Unread,
        read: Iterator[tuple[Card | None, list[Problem]]],
        *,
        started: int,
        report: Report,
    ) -> Cards:
        """New cards, in the order of ``files``: the usable ones from the cache (file ``i`` is card
        ``at[i]`` there), the others as ``read`` gives them."""
        result, number = Kept.empty(), 0
        for index, (j, ok) in enumerate(zip(at, usable, strict=True)):
            if ok:
                report.extend(self._kept.problems_of(j))
                result.add_from(self._kept, j)
                continue
            new, problems = next(read)
            report.extend(problems)
            if new is not None:
                result.add(new, *_kept_as(unread.stat(number), started), problems, source=files.source(index))
            number += 1
        self._next = result
        return result.cards

    @staticmethod
    def _usable(kept: Kept, index: int, stat: Stat | None, file: SourceFile) -> bool:
        """Whether kept card ``index`` answers for the file: the file is exactly as it was."""
        if stat is None or kept.stat(index) != stat:
            return False
        return bool(kept.settled[index]) or _hash_of(file.location) == kept.cards.card(index).file_hash

    def save(self, *, report: Report) -> bool:
        """Write the cards of this build's files if anything changed; whether it wrote.

        A cache that cannot be written is only a warning: the next build reads every file."""
        if self._next is None or not (self._changed or self.problems):
            return False
        kept = self._next
        columns = {
            "cards": kept.cards.columns(),
            "stats": kept.stats,
            "settled": kept.settled,
            "problems": kept.problems,
        }
        pieces = packed(self.key, columns)
        hashed = hashlib.blake2b(digest_size=_CHECK)
        for piece in pieces:
            hashed.update(piece)
        check = hashed.digest()
        if fingerprint.replace_file(self.path, (MAGIC, check, *pieces)):
            self.check = check
            return True
        self.check = b""
        report.warn(
            shown_path(self.path),
            "cannot write the article cache, so the next build reads every article again",
            hint=f"make {FOLDER}/ a folder you can write",
        )
        return False


def _unchanged(kept: Kept, files: Files, seen: lastbuild.Listing) -> bytearray:
    """For files that are those of the cache in the same order: whether each is as its card was made from
    (its stat the recorded one, and, for a card not vouched for by its stat, its bytes the same)."""
    usable = bytearray(b"\x01") * len(files)
    block = 5 * 1024  # stats compared a thousand files at a time, then one at a time where they differ
    for start in range(0, len(seen.stats), block):
        if kept.stats[start : start + block] != seen.stats[start : start + block]:
            for index in range(start // 5, min(len(files), (start + block) // 5)):
                if kept.stat(index) != seen.stat(index):
                    usable[index] = False
    at = kept.settled.find(0)
    while at >= 0:  # the cards of files changed just before they were read: their bytes must be the same
        if usable[at] and _hash_of(files[at].location) != kept.cards.card(at).file_hash:
            usable[at] = False
        at = kept.settled.find(0, at + 1)
    return usable


def _positions(sources: list[str], files: Sequence[SourceFile]) -> list[int]:
    """Where each file's card is among ``sources`` (-1 if it has none)."""
    where = {source: index for index, source in enumerate(sources)}
    return [where.get(file.source, -1) for file in files]


def _kept_as(stat: Stat, started: int) -> tuple[Stat, bool]:
    """The stat a card is kept with, and whether that stat alone vouches for the file (for a file that
    could not be seen, _NO_STAT: a stat no file has, so the next build reads it again)."""
    return stat, stat != _NO_STAT and fingerprint.settled(stat, started)


class _Unread:
    """The files the cache cannot answer for: where each is among the files, and its stat as taken
    before it is read (_NO_STAT for a file that could not be seen).  Two arrays: a first build of a
    large folder has a hundred thousand of them."""

    def __init__(self) -> None:
        self.at = array.array("q")
        self._stats = array.array("q")

    def add(self, index: int, stat: Stat | None) -> None:
        self.at.append(index)
        self._stats.extend(stat if stat is not None else _NO_STAT)

    def stat(self, number: int) -> Stat:
        return tuple(self._stats[5 * number : 5 * number + 5])  # type: ignore[return-value]

    def __len__(self) -> int:
        return len(self.at)


def _hash_of(path: str) -> bytes | None:
    """A hash of the file's bytes; None, without reading it, for a file over the size limit."""
    try:
        data = bounded_bytes(path)
    except OSError:
        return None
    return file_hash(data) if data is not None else None


def cache_path(site: Site) -> pathlib.Path | None:
    """``.feedbuilder/cards`` next to the config; None for a site without a config file."""
    return site.config_path.parent / FOLDER / FILE_NAME if site.config_path else None


def cache_key(site: Site) -> str:
    """Everything besides the file that reading depends on, hashed."""
    return fingerprint.combined(
        [
            str(SCHEMA),
            fingerprint.software(),
            *(repr(getattr(site, name)) for name in (READ_FIELDS if site.generator else READ_FIELDS[:2])),
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


def _read(path: pathlib.Path, key: str) -> tuple[Kept, bytes]:
    """The cards of the cache at ``path`` and the hash that guards them; none if there is none, or it is
    of another version or key."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return Kept.empty(), b""
    except OSError as exc:
        raise _Unusable(exc.strerror or str(exc)) from None
    if not data.startswith(MAGIC):
        raise _Unusable("not a feedbuilder article cache")
    check, payload = data[len(MAGIC) : len(MAGIC) + _CHECK], memoryview(data)[len(MAGIC) + _CHECK :]
    if hashlib.blake2b(payload, digest_size=_CHECK).digest() != check:
        raise _Unusable("it fails its check: damaged or cut short")
    size = int.from_bytes(payload[:_SIZE], "big")
    if size > len(payload) - _SIZE:
        return Kept.empty(), b""  # laid out as another version of feedbuilder lays it out: start afresh, silently
    try:  # our own file, its hash checked above
        schema, stored_key = marshal.loads(payload[_SIZE : _SIZE + size])  # noqa: S302
        if schema != SCHEMA or stored_key != key:
            return Kept.empty(), b""  # another version of feedbuilder, or another config: start afresh, silently
        columns = marshal.loads(payload[_SIZE + size :])  # noqa: S302 (only now: a foreign cache is never unpacked)
    except (ValueError, EOFError, TypeError) as exc:
        raise _Unusable(str(exc)) from None
    try:
        found = Cards.from_columns(columns["cards"])
        stats = array.array("q")
        stats.frombytes(columns["stats"])
        settled = bytearray(columns["settled"])
        problems = columns["problems"]
        if len(stats) != 5 * len(found) or len(settled) != len(found) or not isinstance(problems, dict):
            raise ValueError("columns of different lengths")
        for index, stored in problems.items():
            [decode_problem(list(problem)) for problem in stored]  # each problem checked once, here
            if not (type(index) is int and 0 <= index < len(found)):
                raise ValueError("warnings of no card")
    except (ValueError, TypeError, KeyError) as exc:
        raise _Unusable(f"an entry of the wrong shape ({exc})") from None
    return Kept(found, stats, settled, problems), check


def packed(key: str, columns: Mapping[str, object]) -> tuple[bytes, bytes, bytes]:
    """The file's payload: the size of its head, the head (schema and key), then the columns; a cache
    of another version or key is known from its head, without unpacking the 17 MB of a large one's cards
    (which would leave the process that much larger)."""
    head = marshal.dumps((SCHEMA, key))
    return len(head).to_bytes(_SIZE, "big"), head, marshal.dumps(dict(columns))


def _warning(path: pathlib.Path, what: str) -> Problem:
    return unusable_record(shown_path(path), f"the article cache {what}")
