"""Which articles each feed shows, newest first (pure: no disk, no clock)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence

from feedbuilder import __version__
from feedbuilder.model import Article, Author, Entry, Feed, Site

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def visible(articles: Iterable[Article], *, now: datetime.datetime, drafts: bool, future: bool) -> list[Article]:
    """Leave out drafts and articles dated after ``now`` unless asked for."""
    return [a for a in articles if (drafts or not a.draft) and (future or a.published <= now)]


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """By publication time, newest first; equal times by id, so the order is stable."""
    by_id = sorted(articles, key=lambda a: a.id)
    return sorted(by_id, key=lambda a: a.published, reverse=True)


def site_authors(site: Site) -> tuple[Author, ...]:
    """Who a feed and an article without authors are credited to."""
    return (site.author,) if site.author else (Author(name=site.title),)


def make_feed(
    site: Site,
    articles: Sequence[Article],
    *,
    entry: Callable[[Article], Entry],
    id_authority: str,
    path: str = "",
    title: str | None = None,
    description: str | None = None,
) -> Feed:
    """The feed of ``articles`` (already visible and sorted), cut to the limit.

    ``path`` is the feed's folder inside the output ("" for the main feed,
    "tags/rust/" for a tag's), which also names it in its id.
    """
    chosen = tuple(entry(a) for a in articles[: site.limit])
    updated = max((e.article.updated for e in chosen), default=EPOCH)
    return Feed(
        id=f"tag:{id_authority}:feed/{path}".rstrip("/"),
        title=title or site.title,
        description=description or site.description,
        home_url=site.url,
        base_url=site.feed_url + path,
        language=site.language,
        authors=site_authors(site),
        updated=updated,
        entries=chosen,
        generator_version=__version__,
    )
