"""The pipeline as a library: config -> articles -> feeds -> bytes -> files.

Only :func:`load` and :func:`write` touch the disk; :func:`render_site` is pure.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable

from feedbuilder import atom, rss
from feedbuilder.articles import Loaded, load_articles
from feedbuilder.entries import EntryCache
from feedbuilder.errors import ArticleError, Report
from feedbuilder.model import Feed, Site
from feedbuilder.output import Written, write_files
from feedbuilder.select import make_feed, newest_first, visible

RENDERERS: dict[str, tuple[str, Callable[[Feed], bytes]]] = {
    "rss": (rss.FILE_NAME, rss.render),
    "atom": (atom.FILE_NAME, atom.render),
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Options:
    now: datetime.datetime
    drafts: bool = False
    future: bool = False
    keep_going: bool = False


@dataclasses.dataclass(frozen=True)
class Result:
    """What a build produced: file name -> bytes, and what went into it."""

    files: dict[str, bytes]
    items: dict[str, int]
    articles: int
    report: Report


def render_site(site: Site, loaded: Loaded, options: Options) -> tuple[dict[str, bytes], dict[str, int]]:
    """Every feed file of the site as bytes, and the item count of each (pure)."""
    shown = newest_first(visible(loaded.articles, now=options.now, drafts=options.drafts, future=options.future))
    feed = make_feed(site, shown, entry=EntryCache(site), id_authority=loaded.id_authority)
    files = {}
    items = {}
    for file_name, render in RENDERERS.values():
        files[file_name] = render(feed)
        items[file_name] = len(feed.entries)
    return files, items


def build(site: Site, options: Options) -> Result:
    """Read the articles and render the feeds; raise if an article is bad."""
    report = Report()
    loaded = load_articles(site, report=report)
    if report.errors and not options.keep_going:
        raise ArticleError(list(report))
    files, items = render_site(site, loaded, options)
    return Result(files=files, items=items, articles=len(loaded.articles), report=report)


def write(site: Site, result: Result) -> Written:
    return write_files(result.files, site.output_dir)
