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
import sys
from collections.abc import Iterator, Sequence

from feedbuilder import articles, identity
from feedbuilder.addresses import file_slug, is_http
from feedbuilder.articles import Draft
from feedbuilder.dates import to_seconds
from feedbuilder.discover import SourceFile
from feedbuilder.errors import Problem, Report
from feedbuilder.model import Card, Site

NO_TIME = identity.NO_TIME  # in a column of times: none given
DRAFT, MEASURED = 1, 2  # flags
_DIGEST, _TITLE, _HASH = 10, 4, 16  # bytes of each hash, as kept


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
        self.published.append(NO_TIME if card.published is None else card.published)
        self.updated.append(NO_TIME if card.updated is None else card.updated)
        self.flags.append((DRAFT if card.draft else 0) | (MEASURED if card.measured else 0))
        self.tags.append(self._share(card.tags))
        self.categories.append(self._share(card.categories))
        self.authors.append(self._share(card.authors))
        self.digests += bytes.fromhex(card.digest)
        self.title_keys += bytes.fromhex(card.title_key)
        self.file_hashes += card.file_hash
        if card.given_id is not None or card.given_url is not None or card.slug is not None:
            self.written[len(self.sources) - 1] = (card.given_id, card.given_url, card.slug)

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
            file_hash=bytes(self.file_hashes[index * _HASH : (index + 1) * _HASH]),
            measured=bool(self.flags[index] & MEASURED),
        )

    def digest(self, index: int) -> str:
        return self.digests[index * _DIGEST : (index + 1) * _DIGEST].hex()

    def title_key(self, index: int) -> str:
        return self.title_keys[index * _TITLE : (index + 1) * _TITLE].hex()

    def given_id(self, index: int) -> str | None:
        written = self.written.get(index)
        return written[0] if written is not None else None

    def _share(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The one tuple equal to ``names`` that the cards hold, of names held once each."""
        found = self._shared.get(names)
        if found is None:
            found = tuple(sys.intern(name) for name in names)
            self._shared[found] = found
        return found  # type: ignore[return-value]


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
        slug=None if draft.slug == file_slug(source) else draft.slug,
        draft=draft.draft,
        tags=draft.tags,
        categories=draft.categories,
        authors=tuple(author.name for author in draft.authors),
        digest=identity.digest(draft),
        title_key=identity.title_key(draft.title),
        file_hash=draft.file_hash,
        measured=enclosure is not None and not enclosure.length and not is_http(enclosure.url),
    )


def read_card(file: SourceFile, *, site: Site) -> tuple[Card | None, list[Problem]]:
    """The file's card (None if it is unusable) and its problems."""
    local = Report()
    draft = articles.read_draft(file, site=site, report=local)
    return (card_of(draft) if draft is not None else None), list(local)


def scan(files: Sequence[SourceFile], *, site: Site, report: Report) -> Cards:
    """A card for every usable file, in the order of ``files``; every file's problems go to ``report``."""
    found = Cards()
    read = articles.each_in_order(functools.partial(read_card, site=site), files)
    for file, (card, problems) in zip(files, read, strict=True):
        report.extend(problems)
        if card is not None:
            found.add(card, source=file.source)
    return found
