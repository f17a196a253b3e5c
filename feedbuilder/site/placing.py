"""The folder as a whole: each card's place among the others.

Part of what an article shows depends on the other files: a date that only git
history or the file's time can give, two articles at one time set a second
apart, the id authority, ids that must differ, and the id record that keeps
published ids and honest ``updated`` times (identity.py).  All of it is worked
out here from the cards alone, for every file, before any article is read in
full, and kept as columns beside the cards' own (a few dozen bytes an
article).  Pure, but for the dates that only git or a file's time can give.
"""

from __future__ import annotations

import array
import dataclasses
import datetime
import functools
import urllib.parse
from collections.abc import Iterator, Sequence

from feedbuilder.errors import Level, Problem, Report, shown_path
from feedbuilder.model import FeedKind, Placed, Site
from feedbuilder.site import clock, gitdates, identity
from feedbuilder.site.select import site_author_names
from feedbuilder.sources import dates, generators, values
from feedbuilder.sources.addresses import address_key, article_url, tag_uri, url_id
from feedbuilder.sources.cards import DRAFT, MEASURED, NO_TIME, Cards
from feedbuilder.sources.dates import from_seconds, to_seconds

GIT_DATE = "the git commit that added the file"  # the origin of a date taken from git history
FILE_TIME = "the file's modification time"
URL_ID = "its URL when first published (ids: url)"
DATE_ORIGINS = (None, GIT_DATE, FILE_TIME)  # by code, as date_origins holds them
UPDATED_ORIGINS = (None, identity.UNCHANGED, identity.CHANGED)


@dataclasses.dataclass(frozen=True)
class Record:
    """The id record as the build found it."""

    text: bytes  # UTF-8 (empty when there is none yet)
    path: str  # as messages name it
    now: datetime.datetime  # the build's time: an article that changed gets it as its ``updated`` time


@dataclasses.dataclass
class Placement:
    """Every card in its place: columns beside the cards' own (index ``i`` is card ``i``)."""

    cards: Cards
    shown_root: str  # the articles folder as messages name it
    published: array.array[int]  # seconds since the epoch: ties spread, from git or the file's time if need be
    updated: array.array[int]
    ids: list[str]
    usable: bytearray  # 0 for a card left out: its id is another's
    date_origins: bytearray  # codes of DATE_ORIGINS
    updated_origins: bytearray  # codes of UPDATED_ORIGINS
    id_origins: dict[int, str]  # where an id came from, when not from the file and the authority
    authority: str = ""
    record: identity.NextRecord | None = None  # the id record's next text, when one was applied

    def __len__(self) -> int:
        return len(self.ids)

    def indexes(self) -> Iterator[int]:
        """The usable articles' indexes."""
        return (index for index, usable in enumerate(self.usable) if usable)

    def count(self) -> int:
        return sum(self.usable)

    def placed(self, index: int) -> Placed:
        """Article ``index`` as one value."""
        return Placed(
            card=self.cards.card(index),
            published=from_seconds(self.published[index]),
            updated=from_seconds(self.updated[index]),
            id=self.ids[index],
            date_origin=DATE_ORIGINS[self.date_origins[index]],
            id_origin=self.id_origins.get(index),
            updated_origin=UPDATED_ORIGINS[self.updated_origins[index]],
        )

    def visible(self, index: int, *, now: int, drafts: bool, future: bool) -> bool:
        """Whether the article is shown: not a draft and not in the future, unless asked for."""
        return (drafts or not self.cards.flags[index] & DRAFT) and (future or self.published[index] <= now)

    def newest_first(self, *, now: datetime.datetime, drafts: bool, future: bool) -> list[int]:
        """The shown articles' indexes, by publication time, newest first; equal times by id."""
        seconds = to_seconds(now)
        shown = [i for i in self.indexes() if self.visible(i, now=seconds, drafts=drafts, future=future)]
        shown.sort(key=self.ids.__getitem__)
        shown.sort(key=self.published.__getitem__, reverse=True)
        return shown

    def reads_more(self, index: int) -> bool:
        """Whether the article depends on more than its own file: a date from git, an enclosure found on disk."""
        return DATE_ORIGINS[self.date_origins[index]] == GIT_DATE or bool(self.cards.flags[index] & MEASURED)

    def path(self, index: int) -> str:
        """The article's file as messages name it."""
        return f"{self.shown_root}/{self.cards.sources[index]}"

    def names(self, kind: FeedKind, shown: Sequence[int], *, site: Site) -> list[tuple[str, ...]]:
        """The tags, categories or authors of each of the articles ``shown`` (select.names_of)."""
        if kind == "tags":
            return [self.cards.tags[index] for index in shown]
        if kind == "categories":
            return [self.cards.categories[index] for index in shown]
        fallback, column = site_author_names(site), self.cards.authors
        return [column[index] or fallback for index in shown]

    def scheduled(self, now: datetime.datetime) -> tuple[int, int | None]:
        """How many articles (not drafts) are dated after ``now``, and the first one's time."""
        seconds = to_seconds(now)
        later = [
            self.published[i] for i in self.indexes() if self.published[i] > seconds and not self.cards.flags[i] & DRAFT
        ]
        return len(later), min(later) if later else None

    def span(self, now: datetime.datetime) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """The newest publication time not after ``now`` and the oldest after it (either may be None)."""
        seconds = to_seconds(now)
        past = [self.published[i] for i in self.indexes() if self.published[i] <= seconds]
        future = [self.published[i] for i in self.indexes() if self.published[i] > seconds]
        return (
            from_seconds(max(past)) if past else None,
            from_seconds(min(future)) if future else None,
        )


def place(cards: Cards, *, site: Site, report: Report, shown_root: str, record: Record | None = None) -> Placement:
    """Dates (missing ones filled, ties spread), ids, the id record when given, duplicate ids reported."""
    stamps, date_origins = _fill_dates(cards, site=site, report=report, shown_root=shown_root)
    # another generator's site keeps the instants its own feeds gave (two posts of one day both at midnight)
    day_start = dates.day_start(site.timezone)
    spread = functools.partial(dates.spread_ties, day_start=day_start) if generators.ruling(site) is None else _as_given
    published = spread(stamps, cards.sources)
    updated = spread(
        [
            max(given, stamp) if given != NO_TIME else stamp
            for given, stamp in zip(cards.updated, published, strict=True)
        ],
        cards.sources,
    )
    authority = site.id_authority or _default_authority(site, published, report)
    ids = [cards.given_id(index) or tag_uri(authority, source) for index, source in enumerate(cards.sources)]
    placement = Placement(
        cards,
        shown_root,
        published,
        updated,
        ids,
        usable=bytearray(b"\x01") * len(cards),
        date_origins=date_origins,
        updated_origins=bytearray(len(cards)),
        id_origins={},
        authority=authority,
    )
    _drop_duplicate_ids(placement, report)
    _drop_shared_addresses(placement, site, report)
    if record is not None:
        if site.ids == "url":
            _url_ids(placement, site)
        placement.record, problems = identity.reconcile(placement, record.text, now=record.now, record_path=record.path)
        report.extend(problems)
        _leave_out_doubtful_ids(placement, problems)
        _drop_duplicate_ids(placement, report)
    return placement


def _leave_out_doubtful_ids(placement: Placement, problems: list[Problem]) -> None:
    """An article whose id is in doubt (identity.py stopped the build over it) is left out even with
    --keep-going: published under a new id, readers would show it twice."""
    doubtful = {problem.path for problem in problems if problem.is_error and problem.field == "id"}
    if doubtful:
        for index in list(placement.indexes()):
            if placement.path(index) in doubtful:
                placement.usable[index] = 0


def _as_given(stamps: Sequence[int], order: Sequence[str]) -> array.array[int]:
    return array.array("q", stamps)


def _url_ids(placement: Placement, site: Site) -> None:
    """``ids: url``: an article whose id was made from its path takes its URL as id instead, as
    jekyll-feed and Hugo did (and the record then keeps it when the URL later changes)."""
    cards = placement.cards
    for index in placement.indexes():
        if cards.given_id(index) is None:
            card = cards.card(index)
            placement.ids[index] = url_id(card, from_seconds(placement.published[index]), site)
            placement.id_origins[index] = URL_ID


def _fill_dates(cards: Cards, *, site: Site, report: Report, shown_root: str) -> tuple[array.array[int], bytearray]:
    """Each article's publication time, and where it came from when not from its own text."""
    stamps = array.array("q", cards.published)
    origins = bytearray(len(cards))
    undated = [index for index, stamp in enumerate(stamps) if stamp == NO_TIME]
    if not undated:
        return stamps, origins
    added = gitdates.dates_added(site.articles_dir, report=report, shown=shown_path(site.articles_dir))
    for index in undated:
        source = cards.sources[index]
        when = added.get(source)
        if when is not None:
            origins[index] = DATE_ORIGINS.index(GIT_DATE)
        else:
            when = clock.from_timestamp((site.articles_dir / source).stat().st_mtime)
            report.warn(
                f"{shown_root}/{source}",
                f"no date; using the file's modification time {dates.rfc3339(when)}",
                field="date",
                hint=f"add 'date: {when.date().isoformat()}' to the front matter",
            )
            origins[index] = DATE_ORIGINS.index(FILE_TIME)
        stamps[index] = to_seconds(when)
    return stamps, origins


def _default_authority(site: Site, published: array.array[int], report: Report) -> str:
    host = (urllib.parse.urlsplit(site.url).hostname or "localhost").lower()
    year = from_seconds(min(published)).year if published else 2026
    authority = f"{host},{year}"
    if generators.ruling(site) is not None and site.ids == "url":
        return authority  # ids are the generator's, from addresses: the authority mints none a reader sees
    report.warn(
        shown_path(site.config_path) if site.config_path else "feedbuilder.yaml",
        f"no id_authority; article ids use '{authority}', taken from url",
        field="id_authority",
        hint=f"add 'id_authority: {authority}' so ids survive a move to another domain",
    )
    return authority


def _drop_duplicate_ids(placement: Placement, report: Report) -> None:
    """The first usable article with each id stays; the others are reported and left out."""
    first: dict[str, int] = {}
    given = placement.cards.given_id
    for index in list(placement.indexes()):
        ident = placement.ids[index]
        other = first.setdefault(ident, index)
        if other == index:
            continue
        placement.usable[index] = 0
        if given(index) is not None or given(other) is not None:
            hint = "every article needs its own id: change or remove 'id' in one of them"
        else:  # 'a.md' and 'a.html'
            hint = "ids are made from the path without its extension: rename one of the files"
        report.add(
            Problem(
                path=placement.path(index),
                field="id",
                level=Level.ERROR,
                message=f"{values.show(ident)} is also the id of {placement.path(other)}",
                hint=hint,
            )
        )


def _drop_shared_addresses(placement: Placement, site: Site, report: Report) -> None:
    """Two articles (drafts aside) at one address, compared as a server on a case-insensitive file
    system or a reader would (percent-decoded, NFC, case folded: ``Post.md`` and ``post.md``, NFC and
    NFD ``café.md``), would be two items with one link and one page: the second is an error."""
    first: dict[str, int] = {}
    cards = placement.cards
    for index in list(placement.indexes()):
        if cards.flags[index] & DRAFT:
            continue
        _, given_url, slug = cards.written.get(index, (None, None, None))
        key = address_key(
            site,
            source=cards.sources[index],
            slug=slug,
            given_url=given_url,
            categories=cards.categories[index],
            published=from_seconds(placement.published[index]),
        )
        other = first.setdefault(key, index)
        if other == index:
            continue
        placement.usable[index] = 0
        url = article_url(cards.card(index), from_seconds(placement.published[index]), site)
        report.add(
            Problem(
                path=placement.path(index),
                field="url",
                level=Level.ERROR,
                message=f"{url} is also the address of {placement.path(other)}",
                hint="give one of them another 'slug' or 'url', or rename its file",
            )
        )
