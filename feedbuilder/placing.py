"""The folder as a whole: each card's place among the others.

Part of what an article shows depends on the other files: a date that only git
history or the file's time can give, two articles at one time set a second
apart, the id authority, ids that must differ, and the id record that keeps
published ids and honest ``updated`` times (identity.py).  All of it is worked
out here from the cards alone, for every file, before any article is read in
full.  Pure, but for the dates that only git or a file's time can give.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import pathlib
import urllib.parse
from collections.abc import Callable, Sequence

from feedbuilder import clock, dates, gitdates, identity, values
from feedbuilder.dates import from_seconds
from feedbuilder.errors import Level, Problem, Report, shown_path
from feedbuilder.model import Card, Placed, Site

GIT_DATE = "the git commit that added the file"  # the origin of a date taken from git history
FILE_TIME = "the file's modification time"
URL_ID = "its URL when first published (ids: url)"


@dataclasses.dataclass(frozen=True)
class Record:
    """The id record as the build found it."""

    text: bytes  # UTF-8 ("" when there is none yet)
    path: str  # as messages name it
    now: datetime.datetime  # the build's time: what changed gets it as its ``updated`` time
    public: Callable[[Placed], bool]  # whether readers can see the article now: only those are recorded


@dataclasses.dataclass(frozen=True)
class Placement:
    """Every usable article in its place, in the order of the cards."""

    placed: list[Placed]
    authority: str  # the id authority ids were minted with
    record: bytes | None = None  # the id record's next text, when one was applied


def place(
    cards: Sequence[Card], *, site: Site, report: Report, shown_root: str, record: Record | None = None
) -> Placement:
    """Dates (missing ones filled, ties spread), ids, the id record when given, duplicate ids reported."""
    dated = _fill_dates(cards, site=site, report=report, shown_root=shown_root)
    owners = [card.source for card in cards]
    published = dates.spread_ties([stamp for stamp, _ in dated], owners)
    updated = [
        max(from_seconds(card.updated), stamp) if card.updated is not None else stamp
        for card, stamp in zip(cards, published, strict=True)
    ]
    updated = dates.spread_ties(updated, owners)
    authority = site.id_authority or _default_authority(site, published, report)
    placed = [
        Placed(card, p, u, card.given_id or tag_uri(authority, card.source), date_origin=origin)
        for card, p, u, (_, origin) in zip(cards, published, updated, dated, strict=True)
    ]
    placed = without_duplicate_ids(placed, report, shown_root=shown_root)
    if record is None:
        return Placement(placed, authority)
    if site.ids == "url":
        placed = [_url_id(item, site, authority) for item in placed]
    done = identity.reconcile(
        placed, record.text, now=record.now, public=record.public, shown_root=shown_root, record_path=record.path
    )
    report.extend(done.problems)
    return Placement(without_duplicate_ids(done.placed, report, shown_root=shown_root), authority, done.record)


def _url_id(item: Placed, site: Site, authority: str) -> Placed:
    """``ids: url``: an article whose id was made from its path takes its URL as id instead, as
    jekyll-feed and Hugo did (and the record then keeps it when the URL later changes)."""
    if item.card.given_id is not None or item.id != tag_uri(authority, item.source):
        return item
    url = article_url(item.card, item.published, site)
    return item._replace(id=url, id_origin=URL_ID)


def _fill_dates(
    cards: Sequence[Card], *, site: Site, report: Report, shown_root: str
) -> list[tuple[datetime.datetime, str | None]]:
    """Each article's publication time and, when not from its own text, where it came from."""
    undated = [card for card in cards if card.published is None]
    added = (
        gitdates.dates_added(site.articles_dir, report=report, shown=shown_path(site.articles_dir)) if undated else {}
    )
    result: list[tuple[datetime.datetime, str | None]] = []
    for card in cards:
        if card.published is not None:
            result.append((from_seconds(card.published), None))
        elif card.source in added:
            result.append((added[card.source], GIT_DATE))
        else:
            stamp = clock.from_timestamp((site.articles_dir / card.source).stat().st_mtime)
            report.warn(
                f"{shown_root}/{card.source}",
                f"no date; using the file's modification time {dates.rfc3339(stamp)}",
                field="date",
                hint=f"add 'date: {stamp.date().isoformat()}' to the front matter",
            )
            result.append((stamp, FILE_TIME))
    return result


def _default_authority(site: Site, published: Sequence[datetime.datetime], report: Report) -> str:
    host = (urllib.parse.urlsplit(site.url).hostname or "localhost").lower()
    year = min(published).year if published else 2026
    authority = f"{host},{year}"
    report.warn(
        shown_path(site.config_path) if site.config_path else "feedbuilder.yaml",
        f"no id_authority; article ids use '{authority}', taken from url",
        field="id_authority",
        hint=f"add 'id_authority: {authority}' so ids survive a move to another domain",
    )
    return authority


def without_duplicate_ids(placed: list[Placed], report: Report, *, shown_root: str) -> list[Placed]:
    """The first article with each id; the others reported."""
    first: dict[str, Placed] = {}
    kept = []
    for item in placed:
        other = first.setdefault(item.id, item)
        if other is item:
            kept.append(item)
            continue
        if item.card.given_id is not None or other.card.given_id is not None:
            hint = "every article needs its own id: change or remove 'id' in one of them"
        else:  # 'a.md' and 'a.html'
            hint = "ids are made from the path without its extension: rename one of the files"
        report.add(
            Problem(
                path=f"{shown_root}/{item.source}",
                field="id",
                level=Level.ERROR,
                message=f"{values.show(item.id)} is also the id of {shown_root}/{other.source}",
                hint=hint,
            )
        )
    return kept


def reads_more(item: Placed) -> bool:
    """Whether the article depends on more than its own file: a date from git, an enclosure found on disk."""
    return item.date_origin == GIT_DATE or item.card.measured


# ---------------------------------------------------------------- ids and addresses


def tag_uri(authority: str, source: str) -> str:
    """``tag:example.org,2026:news/treaty`` from the file's path without its suffix."""
    return f"tag:{authority}:{values.quote_iri(_without_suffix(source))}"


def _without_suffix(source: str) -> str:
    """The path without the suffix of its last part, as ``PurePosixPath(source).with_suffix("")`` writes it."""
    parts = source.split("/")
    if "" in parts or "." in parts:  # a path that pathlib tidies first ('a//b', './a', 'a/')
        return str(pathlib.PurePosixPath(source).with_suffix(""))
    name = parts[-1]
    dot = name.rfind(".")
    return source[: len(source) - len(name) + dot] if 0 < dot < len(name) - 1 else source


def article_url(card: Card, published: datetime.datetime, site: Site) -> str:
    """The article's address: as its front matter gives it, else made from the site's permalink pattern."""
    if card.given_url:
        given = card.given_url
        return values.join_url(site.url, given.lstrip("/") if not is_http(given) else given)
    local = published.astimezone(site.timezone)
    path = site.permalink.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=card.slug,
        category=_category_slug(card.categories[0]) if card.categories else "articles",
    )
    return values.join_url(site.url, path.lstrip("/"))


_NAME_LENGTH = 200  # longer names are not remembered: a hostile file could make the memory large


def _category_slug(category: str) -> str:
    """values.slugify, remembered for short names: a site has few categories and many articles in each."""
    return _slug_of_name(category) if len(category) <= _NAME_LENGTH else values.slugify(category)


@functools.lru_cache(maxsize=1024)
def _slug_of_name(name: str) -> str:
    return values.slugify(name)


def is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))
