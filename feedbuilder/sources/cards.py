"""Every article file in brief: one :class:`Card` each, held column by column in :class:`Cards`.

A build must read every file (any of them may be the newest, or carry a tag),
but holds on to very little of each: its dates, tags, categories, author
names, ids and addresses as written, and hashes of what readers see and of
the file's bytes.  From the cards alone the folder is placed (placing.py) and
the feeds' articles chosen (select.py); only those are then read in full
(articles.py).  So what a build holds grows with its feeds, not with the
archive: about 200 bytes an article, the path most of it.  Files are read in
worker processes when there are many.
"""

from __future__ import annotations

import array
import functools
import hashlib
import itertools
import sys
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from feedbuilder.errors import Problem, Report
from feedbuilder.model import Card, Progress, Site
from feedbuilder.sources import articles, forking, likeness
from feedbuilder.sources.addresses import is_http
from feedbuilder.sources.articles import Draft
from feedbuilder.sources.dates import to_seconds
from feedbuilder.sources.discover import SourceFile

NO_TIME = -(2**63)  # in a column of times: none given (an updated time the file does not give)
DRAFT, MEASURED = 1, 2  # flags
_DIGEST, _TITLE, _HASH = 10, 4, 16  # bytes of each hash, as kept
_SKETCH = 2 * likeness.SKETCH_SIZE  # bytes of a sketch, zeros after its last sample


class Shown(Protocol):
    """What a reader sees of an article (Draft and Article both have it)."""

    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def body_utf8(self) -> bytes: ...


def digest(article: Shown) -> str:
    """A hash of what a reader sees of the article."""
    joined = hashlib.sha256("\x00".join((article.title, article.summary or "", "")).encode("utf-8", "surrogatepass"))
    joined.update(article.body_utf8)  # the same bytes as the body's text joined in and encoded
    return joined.hexdigest()[:20]


def title_key(title: str) -> str:
    return hashlib.sha256(" ".join(title.casefold().split()).encode("utf-8", "surrogatepass")).hexdigest()[:8]


class Cards:
    """Cards column by column: each field of every card in one array or list (index ``i`` is card ``i``).

    Names (tags, categories, authors) are kept once each however many cards carry them, and so are
    equal tuples of them; ids, addresses and slugs as written are kept only for the cards that have one.
    """

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.published = array.array("q")  # seconds since the epoch, NO_TIME if the file gives none
        self.updated = array.array("q")
        self.flags = bytearray()
        self.tags: list[tuple[str, ...]] = []
        self.categories: list[tuple[str, ...]] = []
        self.authors: list[tuple[str, ...]] = []
        self.digests = bytearray()
        self.title_keys = bytearray()
        self.sketches = bytearray()
        self.file_hashes = bytearray()
        self.written: dict[int, tuple[str | None, str | None, str | None]] = {}  # given id, url, slug
        self._shared: dict[object, object] = {}

    def __len__(self) -> int:
        return len(self.sources)

    def __iter__(self) -> Iterator[Card]:
        return map(self.card, range(len(self.sources)))

    def add(self, card: Card, *, source: str | None = None) -> None:
        """Add a card; ``source``, if given, is its path as the caller holds it (the same text, one object fewer)."""
        self.sources.append(card.source if source is None else source)
        self.published.append(0)
        self.updated.append(0)
        self.flags.append(0)
        self.tags.append(())
        self.categories.append(())
        self.authors.append(())
        self.digests += bytes(_DIGEST)
        self.title_keys += bytes(_TITLE)
        self.sketches += bytes(_SKETCH)
        self.file_hashes += bytes(_HASH)
        self.set(len(self.sources) - 1, card)

    def set(self, index: int, card: Card) -> None:
        """Card ``index`` becomes ``card`` (of the same file)."""
        self.published[index] = NO_TIME if card.published is None else card.published
        self.updated[index] = NO_TIME if card.updated is None else card.updated
        self.flags[index] = (DRAFT if card.draft else 0) | (MEASURED if card.measured else 0)
        self.tags[index] = self._share(card.tags)
        self.categories[index] = self._share(card.categories)
        self.authors[index] = self._share(card.authors)
        self.digests[index * _DIGEST : (index + 1) * _DIGEST] = bytes.fromhex(card.digest)
        self.title_keys[index * _TITLE : (index + 1) * _TITLE] = bytes.fromhex(card.title_key)
        self.sketches[index * _SKETCH : (index + 1) * _SKETCH] = bytes.fromhex(card.sketch).ljust(_SKETCH, b"\0")
        self.file_hashes[index * _HASH : (index + 1) * _HASH] = card.file_hash
        if card.given_id is not None or card.given_url is not None or card.slug is not None:
            self.written[index] = (card.given_id, card.given_url, card.slug)
        else:
            self.written.pop(index, None)

    def extend(self, other: Cards) -> None:
        """Add every card of ``other``."""
        start = len(self.sources)
        self.sources += other.sources
        self.published += other.published
        self.updated += other.updated
        self.flags += other.flags
        self.tags.extend(map(self._share, other.tags))
        self.categories.extend(map(self._share, other.categories))
        self.authors.extend(map(self._share, other.authors))
        self.digests += other.digests
        self.title_keys += other.title_keys
        self.sketches += other.sketches
        self.file_hashes += other.file_hashes
        self.written.update((start + index, written) for index, written in other.written.items())

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_shared"] = {}  # rebuilt where the cards arrive
        return state

    def add_from(self, other: Cards, index: int) -> None:
        """Add card ``index`` of ``other``."""
        self.sources.append(other.sources[index])
        self.published.append(other.published[index])
        self.updated.append(other.updated[index])
        self.flags.append(other.flags[index])
        self.tags.append(self._share(other.tags[index]))
        self.categories.append(self._share(other.categories[index]))
        self.authors.append(self._share(other.authors[index]))
        self.digests += other.digests[index * _DIGEST : (index + 1) * _DIGEST]
        self.title_keys += other.title_keys[index * _TITLE : (index + 1) * _TITLE]
        self.sketches += other.sketches[index * _SKETCH : (index + 1) * _SKETCH]
        self.file_hashes += other.file_hashes[index * _HASH : (index + 1) * _HASH]
        written = other.written.get(index)
        if written is not None:
            self.written[len(self.sources) - 1] = written

    def columns(self) -> dict[str, object]:
        """Every column, as plain values (for the article cache)."""
        return {  # marshal writes arrays and bytearrays as bytes, without a copy made first
            "sources": self.sources,
            "published": self.published,
            "updated": self.updated,
            "flags": self.flags,
            "tags": self.tags,
            "categories": self.categories,
            "authors": self.authors,
            "digests": self.digests,
            "title_keys": self.title_keys,
            "sketches": self.sketches,
            "file_hashes": self.file_hashes,
            "written": self.written,
        }

    @classmethod
    def from_columns(cls, columns: object) -> Cards:
        """The cards whose :meth:`columns` these are; TypeError or ValueError for anything else."""
        if not isinstance(columns, dict):
            raise TypeError("not columns of cards")
        found = cls()
        found.sources = _list_of(columns["sources"], str)
        count = len(found.sources)
        found.published.frombytes(_sized(columns["published"], 8 * count))
        found.updated.frombytes(_sized(columns["updated"], 8 * count))
        found.flags = bytearray(_sized(columns["flags"], count))
        found.tags, found.categories, found.authors = (
            _names_column(columns[name], count) for name in ("tags", "categories", "authors")
        )
        found.digests = bytearray(_sized(columns["digests"], _DIGEST * count))
        found.title_keys = bytearray(_sized(columns["title_keys"], _TITLE * count))
        found.sketches = bytearray(_sized(columns["sketches"], _SKETCH * count))
        found.file_hashes = bytearray(_sized(columns["file_hashes"], _HASH * count))
        written = columns["written"]
        if not (isinstance(written, dict) and all(type(v) is tuple and len(v) == 3 for v in written.values())):
            raise TypeError("ids, addresses and slugs of the wrong shape")
        found.written = written
        return found

    def card(self, index: int) -> Card:
        """Card ``index`` as it was added."""
        given_id, given_url, slug = self.written.get(index, (None, None, None))
        published, updated = self.published[index], self.updated[index]
        return Card(
            source=self.sources[index],
            published=None if published == NO_TIME else published,
            updated=None if updated == NO_TIME else updated,
            given_id=given_id,
            given_url=given_url,
            slug=slug,
            draft=bool(self.flags[index] & DRAFT),
            tags=self.tags[index],
            categories=self.categories[index],
            authors=self.authors[index],
            digest=self.digest(index),
            title_key=self.title_key(index),
            sketch=self.sketch(index),
            file_hash=bytes(self.file_hashes[index * _HASH : (index + 1) * _HASH]),
            measured=bool(self.flags[index] & MEASURED),
        )

    def digest(self, index: int) -> str:
        return self.digests[index * _DIGEST : (index + 1) * _DIGEST].hex()

    def title_key(self, index: int) -> str:
        return self.title_keys[index * _TITLE : (index + 1) * _TITLE].hex()

    def sketch(self, index: int) -> str:
        sketched = self.sketches[index * _SKETCH : (index + 1) * _SKETCH].hex()
        while sketched.endswith("0000"):
            sketched = sketched[:-4]
        return sketched

    def given_slug(self, index: int) -> str | None:
        written = self.written.get(index)
        return written[2] if written is not None else None

    def given_id(self, index: int) -> str | None:
        written = self.written.get(index)
        return written[0] if written is not None else None

    def _share(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The one tuple equal to ``names`` that the cards hold, of names held once each."""
        found = self._shared.get(names)
        if found is None:
            if not all(type(name) is str for name in names):
                raise TypeError("a name that is not text")
            found = tuple(sys.intern(name) for name in names)
            self._shared[found] = found
        return found  # type: ignore[return-value]


def _list_of(value: object, kind: type, count: int | None = None) -> list[Any]:
    if type(value) is not list or not set(map(type, value)) <= {kind}:  # one pass in C, however long
        raise TypeError(f"a column that is not a list of {kind.__name__}")
    if count is not None and len(value) != count:
        raise ValueError("columns of different lengths")
    return value


def _names_column(value: object, count: int) -> list[tuple[str, ...]]:
    """A column of name tuples (each distinct tuple checked once: most cards share theirs with others)."""
    column = _list_of(value, tuple, count)
    if not set(map(type, itertools.chain.from_iterable(set(column)))) <= {str}:
        raise TypeError("a name that is not text")
    return column


def _sized(value: object, size: int) -> bytes:
    if type(value) is not bytes or len(value) != size:
        raise ValueError("a column of the wrong size")
    return value


def card_of(draft: Draft) -> Card:
    """The draft in brief."""
    enclosure = draft.enclosure
    source = draft.file.source
    return Card(
        source=source,
        published=to_seconds(draft.published),
        updated=to_seconds(draft.updated),
        given_id=draft.given_id,
        given_url=draft.given_url,
        slug=draft.given_slug,
        draft=draft.draft,
        tags=draft.tags,
        categories=draft.categories,
        authors=tuple(author.name for author in draft.authors),
        digest=digest(draft),
        title_key=title_key(draft.title),
        sketch=likeness.sketch(draft.body),
        file_hash=draft.file_hash,
        measured=enclosure is not None and not enclosure.length and not is_http(enclosure.url),
    )


def read_card(file: SourceFile, *, site: Site) -> tuple[Card | None, list[Problem]]:
    """The file's card (None if it is unusable) and its problems."""
    local = Report()
    draft = articles.read_draft(file, site=site, report=local)
    return (card_of(draft) if draft is not None else None), list(local)


def scan(files: Sequence[SourceFile], *, site: Site, report: Report, progress: Progress | None = None) -> Cards:
    """A card for every usable file, in the order of ``files``; every file's problems go to ``report``.

    Files are read in chunks (in worker processes when there are many), each giving its cards as columns."""
    found = Cards()

    def each_file() -> Iterator[list[Problem]]:
        for made, problems, _ in forking.chunks_in_order(functools.partial(_read_chunk, site=site), files):
            found.extend(made)
            yield from problems

    for problems in progress(each_file(), len(files), "reading") if progress else each_file():
        report.extend(problems)
    return found


def each_read(files: Sequence[SourceFile], *, site: Site) -> Iterator[tuple[Card | None, list[Problem]]]:
    """:func:`read_card` of each file, in order, as they come: read in chunks as :func:`scan` reads them
    (``files`` packed as discover.Files, worker processes copy none of them)."""
    for made, problems, taken in forking.chunks_in_order(functools.partial(_read_chunk, site=site), files):
        cards = iter(range(len(made)))
        for found, card in zip(problems, taken, strict=True):
            yield (made.card(next(cards)) if card else None), found


def _read_chunk(files: Sequence[SourceFile], *, site: Site) -> tuple[Cards, list[list[Problem]], bytes]:
    """The cards of the usable files among ``files``, each file's problems, and which ones gave a card."""
    made, problems, taken = Cards(), [], bytearray()
    for file in files:
        card, found = read_card(file, site=site)
        problems.append(found)
        taken.append(card is not None)
        if card is not None:
            made.add(card)
    return made, problems, bytes(taken)
