"""``feedbuilder adopt FEED...``: the ids and dates a site's published feeds gave, kept in feedbuilder.ids.

Each item of the feeds (files or URLs, read with feedparser) is matched to its article: by its link
(exactly, else by its path with or without ``.html`` or a trailing ``/``), else by its title and its day.
A matched article's line in the id record is written with the item's id and its updated time, so the
next build gives every article the id subscribers already have; the items that match no article are
listed.  The record's other lines are kept as they are.
"""

from __future__ import annotations

import calendar
import datetime
import pathlib
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any, NamedTuple

from feedbuilder.errors import Level, Problem, Report, shown_path
from feedbuilder.model import Article, Site
from feedbuilder.sources.dates import rfc3339

_TIMEOUT = 30  # seconds to fetch one feed


class Adopted(NamedTuple):
    """What adopting the feeds did: the record's next text, and one line per item not matched."""

    record: bytes
    matched: int
    items: int
    problems: list[Problem]


def adopt(site: Site, feeds: Sequence[str], *, now: datetime.datetime) -> Adopted:
    """The id record with the feeds' ids and dates for the articles their items match."""
    import feedbuilder.build as pipeline
    from feedbuilder.site import identity
    from feedbuilder.sources import cards, likeness

    report = Report()
    articles = pipeline.load_articles(site, report=report).articles
    problems = [p for p in report if p.is_error]
    by_link, by_path, by_title = _indexes(articles)
    chosen: dict[str, bytes] = {}
    items = matched = 0
    for feed in feeds:
        for entry in _entries(feed, problems):
            items += 1
            article = _match(entry, by_link, by_path, by_title)
            if article is None:
                problems.append(_unmatched(feed, entry))
                continue
            matched += 1
            problems.extend(_other_date(feed, entry, article))
            ident = str(entry.get("id") or entry.get("link") or article.id)
            updated = _seconds(entry.get("updated_parsed") or entry.get("published_parsed")) or _seconds_of(article)
            line = identity.format_line(
                article.source,
                ident,
                cards.digest(article),
                cards.title_key(article.title),
                updated,
                sketch=likeness.sketch(article.body),
                day="",  # the date the file writes is not known here: the next build records it
            )
            chosen.setdefault(article.source, line)
    path = pipeline.record_path(site)
    kept: dict[str, bytes] = {}
    if path is not None and path.is_file():
        before, damaged = identity.read_record(path.read_text(encoding="utf-8"), path=shown_path(path))
        problems.extend(damaged)
        for entry in before:
            kept[entry.path] = identity.format_line(
                entry.path, entry.id, entry.digest, entry.title, entry.updated, sketch=entry.sketch, day=entry.day
            )
    kept.update(chosen)
    lines = [kept[source] for source in sorted(kept)]
    record = identity.HEADER.encode() + b"".join(lines)
    return Adopted(record, matched, items, problems)


def _indexes(
    articles: Sequence[Article],
) -> tuple[dict[str, Article], dict[str, Article], dict[tuple[str, datetime.date], Article]]:
    by_link: dict[str, Article] = {}
    by_path: dict[str, Article] = {}
    by_title: dict[tuple[str, datetime.date], Article] = {}
    for article in articles:
        by_link.setdefault(article.url, article)
        by_path.setdefault(_path_key(article.url), article)
        by_title.setdefault((_title_key(article.title), article.published.date()), article)
    return by_link, by_path, by_title


def _match(
    entry: Any,
    by_link: dict[str, Article],
    by_path: dict[str, Article],
    by_title: dict[tuple[str, datetime.date], Article],
) -> Article | None:
    link = str(entry.get("link") or "")
    found = by_link.get(link) or (by_path.get(_path_key(link)) if link else None)
    if found is not None:
        return found
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if when is None or not entry.get("title"):
        return None
    day = datetime.date(when[0], when[1], when[2])
    title = _title_key(str(entry["title"]))
    for near in (day, day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)):  # time zones
        if (title, near) in by_title:
            return by_title[(title, near)]
    return None


def _path_key(url: str) -> str:
    """A link's path, without ``.html``, ``index.html`` or a trailing ``/``: a move to https, another
    host or pretty addresses keeps it."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    path = path.removesuffix("index.html").removesuffix(".html").rstrip("/")
    return path.lower()


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _entries(feed: str, problems: list[Problem]) -> list[Any]:
    import feedparser

    try:
        if feed.lower().startswith(("http://", "https://")):
            with urllib.request.urlopen(feed, timeout=_TIMEOUT) as response:  # noqa: S310 - http(s) only
                data = response.read()
        else:
            data = pathlib.Path(feed).read_bytes()
    except (OSError, ValueError) as exc:
        problems.append(Problem(path=feed, message=f"cannot be read: {getattr(exc, 'strerror', None) or exc}"))
        return []
    parsed = feedparser.parse(data)
    if not parsed.entries and parsed.get("bozo"):
        problems.append(
            Problem(
                path=feed, message=f"is not a feed: {parsed.get('bozo_exception')}", hint="give an RSS or Atom file"
            )
        )
        return []
    return list(parsed.entries)


def _unmatched(feed: str, entry: Any) -> Problem:
    title = " ".join(str(entry.get("title") or "(no title)").split())
    return Problem(
        path=feed,
        message=f"item '{title}' <{entry.get('link') or ''}> matches no article (by link, nor by title and day)",
        hint="give the article 'id:' in its front matter if it is still published",
        level=Level.WARNING,
    )


def _other_date(feed: str, entry: Any, article: Article) -> list[Problem]:
    """A warning when the feed published the item at another time than the article now gives (the
    record keeps ids and updated times, not publication times: the article's date must say it)."""
    published = _seconds(entry.get("published_parsed"))
    if published is None or published == _seconds(article.published.utctimetuple()):
        return []
    when = datetime.datetime.fromtimestamp(published, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return [
        Problem(
            path=article.path,
            field="date",
            message=f"{feed} published it at {when}, the article now gives {rfc3339(article.published)}",
            hint=f"add 'date: {when}' to its front matter to keep the time subscribers have",
            level=Level.WARNING,
        )
    ]


def _seconds(parsed: Any) -> int | None:
    return calendar.timegm(parsed) if parsed else None


def _seconds_of(article: Article) -> int:
    return calendar.timegm(article.updated.utctimetuple())
