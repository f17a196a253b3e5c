"""Which articles each feed shows, newest first (pure: no disk, no clock).

The site's feeds, one feed per tag, category and author, and, with
``archive: true``, RFC 5005 archive pages of the whole history.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Generic, Protocol, TypeVar

from feedbuilder.model import Author, ContentMode, Feed, FeedKind, FeedOptions, Site
from feedbuilder.sources.values import quote_iri, slugify
from feedbuilder.version import __version__

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
Names = dict[FeedKind, dict[str, str]]  # taxonomy -> casefolded name -> the spelling its feed shows
_DESCRIBE = {"tags": "tagged “{}”", "categories": "in the category “{}”", "authors": "by {}"}


T = TypeVar("T")
E = TypeVar("E")  # a feed's entries


class Listed(Protocol):
    """What planning needs of an article: an Article, or a card in its place (model.Placed)."""

    @property
    def id(self) -> str: ...
    @property
    def published(self) -> datetime.datetime: ...
    @property
    def updated(self) -> datetime.datetime: ...
    @property
    def draft(self) -> bool: ...
    @property
    def tags(self) -> tuple[str, ...]: ...
    @property
    def categories(self) -> tuple[str, ...]: ...
    @property
    def author_names(self) -> tuple[str, ...]: ...


A = TypeVar("A", bound=Listed)
EntryMaker = Callable[[A, ContentMode], E]


def visible(articles: Iterable[A], *, now: datetime.datetime, drafts: bool, future: bool) -> list[A]:
    """Leave out drafts and articles dated after ``now`` unless asked for."""
    return [a for a in articles if (drafts or not a.draft) and (future or a.published <= now)]


def newest_first(articles: Iterable[A]) -> list[A]:
    """By publication time, newest first; equal times by id, so the order is stable."""
    by_id = sorted(articles, key=operator.attrgetter("id"))
    return sorted(by_id, key=operator.attrgetter("published"), reverse=True)


def chosen(
    site: Site, shown: Sequence[int], names: Callable[[FeedKind, Sequence[int]], Sequence[tuple[str, ...]]]
) -> tuple[list[int], Names]:
    """What :func:`plan` needs of the shown articles (visible, newest first; here their indexes, and
    ``names(kind, shown)`` gives their tags, categories or authors, in order): the ones some feed or
    archive page carries, in their order, and how each taxonomy feed spells its name (counted over all)."""
    spelled: Names = {}
    carried: set[int] = set()
    for kind, options in site.taxonomies.items():
        groups, spelled[kind] = _grouped(shown, names(kind, shown), limit=options.limit)
        carried.update(index for group in groups.values() for index in group)
    if site.archive:
        return list(shown), spelled
    carried.update(shown[: site.limit])
    return [index for index in shown if index in carried], spelled


def site_authors(site: Site) -> tuple[Author, ...]:
    """Who a feed and an article without authors are credited to."""
    return (site.author,) if site.author else (Author(name=site.title),)


def site_author_names(site: Site) -> tuple[str, ...]:
    return tuple(author.name for author in site_authors(site))


@dataclasses.dataclass(frozen=True)
class Plan(Generic[E]):
    """Every feed of a build, format-neutral."""

    site_feed: Feed[E]
    taxonomy_feeds: tuple[Feed[E], ...]
    archive_pages: tuple[Feed[E], ...]

    @property
    def feeds(self) -> tuple[Feed[E], ...]:
        return (self.site_feed, *self.taxonomy_feeds)


def plan(
    site: Site,
    shown: Sequence[A],
    *,
    entry: EntryMaker[A, E],
    id_authority: str,
    names: Names | None = None,
    pinned: Pinned | None = None,
) -> Plan[E]:
    """All feeds for ``shown`` (visible articles, newest first).

    ``names``: how each taxonomy feed spells its name, when ``shown`` holds only the articles that some
    feed carries (:func:`chosen`); the spellings count every article.  ``pinned``: the addresses
    taxonomy feeds were first published at (feedbuilder.addresses)."""
    own = FeedOptions(content=site.content, limit=site.limit)
    site_feed = make_feed(site, shown, entry=entry, options=own, id_authority=id_authority)
    pages = archive_pages(site, shown, entry=entry, id_authority=id_authority) if site.archive else ()
    if pages:
        site_feed = dataclasses.replace(site_feed, archive_links=(("prev-archive", pages[-1].base_url),))
    taxonomy = tuple(
        feed
        for kind, options in site.taxonomies.items()
        for feed in taxonomy_feeds(
            site,
            shown,
            kind=kind,
            options=options,
            entry=entry,
            id_authority=id_authority,
            display=names[kind] if names is not None else None,
            pinned=(pinned or {}).get(kind),
        )
    )
    return Plan(site_feed, taxonomy, pages)


def make_feed(
    site: Site,
    articles: Sequence[A],
    *,
    entry: EntryMaker[A, E],
    options: FeedOptions,
    id_authority: str,
    path: str = "",
    kind: FeedKind = "site",
    name: str = "",
) -> Feed[E]:
    """The feed of ``articles`` (already visible and sorted), cut to the limit.

    ``path`` is the feed's folder inside the output ("" for the site's feeds,
    "tags/rust/" for a tag's), which also names it in its id.
    """
    shown = articles[: options.limit]
    chosen = tuple(entry(a, options.content) for a in shown)
    updated = max((a.updated for a in shown), default=EPOCH)
    title = f"{site.title}: {name}" if name else site.title
    description = f"Articles from {site.title} {_DESCRIBE[kind].format(name)}" if name else site.description
    return Feed(
        id=f"tag:{id_authority}:feed/{quote_iri(path)}".rstrip("/"),
        title=title,
        description=description,
        home_url=site.url,
        base_url=site.feed_url + quote_iri(path),
        path=path,
        language=site.language,
        authors=site_authors(site),
        updated=updated,
        entries=chosen,
        generator_version=__version__,
        kind=kind,
        name=name,
        hubs=site.hubs,
        podcast=site.podcast if kind == "site" else None,
    )


def names_of(article: Listed, kind: FeedKind, site: Site) -> tuple[str, ...]:
    if kind == "tags":
        return article.tags
    if kind == "categories":
        return article.categories
    return article.author_names or site_author_names(site)


def taxonomy_feeds(
    site: Site,
    shown: Sequence[A],
    *,
    kind: FeedKind,
    options: FeedOptions,
    entry: EntryMaker[A, E],
    id_authority: str,
    display: dict[str, str] | None = None,
    pinned: Mapping[str, str] | None = None,
) -> list[Feed[E]]:
    """One feed per tag, category or author, in the order of their slugs.

    ``display``: each name's spelling (see :func:`plan`); counted over ``shown`` when not given.
    ``pinned``: the addresses names were published at (:func:`unique_slugs`)."""
    groups, counted = _grouped(shown, [names_of(article, kind, site) for article in shown], limit=options.limit)
    display = display if display is not None else counted
    slugs = unique_slugs(display.values(), pinned)
    feeds = []
    for key in sorted(groups, key=lambda k: slugs[display[k]]):
        name = display[key]
        path = f"{kind}/{slugs[name]}/"
        feeds.append(
            make_feed(
                site,
                groups[key],
                entry=entry,
                options=options,
                id_authority=id_authority,
                path=path,
                kind=kind,
                name=name,
            )
        )
    return feeds


def _grouped(
    shown: Sequence[T], names: Sequence[tuple[str, ...]], *, limit: int
) -> tuple[dict[str, list[T]], dict[str, str]]:
    """The newest ``limit`` articles of each name (casefolded: 'Rust' and 'rust' are one feed), and each
    name's spelling: the one most articles use.  ``names``: each shown article's names, in order."""
    groups: dict[str, list[T]] = collections.defaultdict(list)
    keys: dict[str, str] = {}  # each name's casefolded key, worked out once
    full: set[str] = set()  # keys whose group has its ``limit``
    for article, found in zip(shown, names, strict=True):
        taken: set[str] = set()
        for name in found:
            key = keys.get(name)
            if key is None:
                key = keys[name] = name.casefold()
            if key in full or key in taken:
                continue
            taken.add(key)
            group = groups[key]
            group.append(article)
            if len(group) >= limit:
                full.add(key)
    spellings: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for found, count in collections.Counter(names).items():  # most articles share their names with others
        for name in found:
            spellings[keys[name]][name] += count  # every article counts towards the name's most common spelling
    display = {key: min(spelled, key=lambda n: (-spelled[n], n)) for key, spelled in spellings.items()}
    return groups, display


def unique_slugs(names: Iterable[str], pinned: Mapping[str, str] | None = None) -> dict[str, str]:
    """A readable slug per name; names whose slugs collide are told apart by a short hash.

    ``pinned``: the address each name (casefolded) was published at (feedbuilder.addresses): it keeps
    it, whatever names appear later, and no other name is given it.  Among new names the one that reads
    most like the slug keeps it bare.
    """
    pinned = pinned or {}
    taken = set(pinned.values())
    slugs = {}
    by_slug: dict[str, list[str]] = collections.defaultdict(list)
    for name in names:
        known = pinned.get(name.casefold())
        if known is not None:
            slugs[name] = known
        else:
            by_slug[capped(slugify(name), name)].append(name)
    for slug, group in by_slug.items():
        group.sort(key=lambda n: (n.casefold() != slug, len(n), n))
        for index, name in enumerate(group):
            bare = index == 0 and slug not in taken
            slugs[name] = slug if bare else f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:6]}"
    return slugs


ADDRESSES_NAME = "feedbuilder.addresses"
_ADDRESSES_HEADER = (
    b"# feedbuilder.addresses: where each tag, category and author feed was first published, so that it\n"
    b"# never moves. Commit this file. Written by 'feedbuilder build'.\n"
    b"# kind\taddress\tname\n"
)
Pinned = dict[str, dict[str, str]]  # kind -> name (casefolded) -> the slug of its address


def read_addresses(text: bytes) -> Pinned:
    """The published addresses of a feedbuilder.addresses text (lines that are not one are skipped)."""
    pinned: Pinned = {}
    for line in text.decode("utf-8", "replace").splitlines():
        kind, _, rest = line.partition("\t")
        slug, _, name = rest.partition("\t")
        if line.startswith("#") or not (kind and slug and name):
            continue
        pinned.setdefault(kind, {}).setdefault(name.casefold(), slug)
    return pinned


def addresses_text(text: bytes, feeds: Iterable[tuple[str, str, str]]) -> bytes | None:
    """The next feedbuilder.addresses: every address it held, and those of ``feeds`` (kind, name, slug)
    first published now; None when that is what ``text`` holds."""
    pinned = read_addresses(text)
    lines = {(kind, name.casefold()): slug for kind, names in pinned.items() for name, slug in names.items()}
    spelled: dict[tuple[str, str], str] = {}
    for kind, name, slug in feeds:
        key = (kind, name.casefold())
        if key not in lines:
            lines[key] = slug
        spelled.setdefault(key, name)
    for line in text.decode("utf-8", "replace").splitlines():  # each name as first written
        kind, _, rest = line.partition("\t")
        slug, _, name = rest.partition("\t")
        if not line.startswith("#") and name:
            spelled[(kind, name.casefold())] = name
    body = "".join(f"{kind}\t{slug}\t{spelled[kind, key]}\n" for (kind, key), slug in sorted(lines.items()))
    made = _ADDRESSES_HEADER + body.encode("utf-8", "surrogatepass")
    return None if made == text or (not body and not text) else made


MAX_SEGMENT = 100  # bytes of a name's folder (file systems allow 255; its feeds' names and a hash fit beside it)


def capped(slug: str, name: str) -> str:
    """The slug, if it is at most MAX_SEGMENT bytes; else its start and a short hash of the whole name
    (stable: the same name always gets the same folder, and two long names sharing a start do not meet)."""
    if len(slug.encode()) <= MAX_SEGMENT:
        return slug
    kept = slug.encode()[: MAX_SEGMENT - 9].decode("utf-8", "ignore").rstrip("-_")
    return f"{kept}-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def archive_pages(site: Site, shown: Sequence[A], *, entry: EntryMaker[A, E], id_authority: str) -> tuple[Feed[E], ...]:
    """RFC 5005 archive pages: the whole history, oldest first, in complete pages of ``limit``.

    Page 1 holds the oldest articles.  Only complete pages are written, so a
    page never changes once it exists (unless an old article is edited).
    """
    oldest_first = list(reversed(shown))
    size = site.limit
    count = len(oldest_first) // size
    options = FeedOptions(content=site.content, limit=size)
    pages = []
    for number in range(1, count + 1):
        chunk = oldest_first[(number - 1) * size : number * size]
        feed = make_feed(
            site,
            newest_first(chunk),
            entry=entry,
            options=options,
            id_authority=id_authority,
            path=f"archive/{number}/",
        )
        links = [("current", site.feed_url)]
        if number > 1:
            links.append(("prev-archive", f"{site.feed_url}archive/{number - 1}/"))
        if number < count:
            links.append(("next-archive", f"{site.feed_url}archive/{number + 1}/"))
        pages.append(dataclasses.replace(feed, archive_links=tuple(links), is_archive=True))
    return tuple(pages)
