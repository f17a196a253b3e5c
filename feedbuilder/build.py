"""The pipeline as a library: config -> articles -> feeds -> bytes -> files.

Only :func:`build` (reading) and :func:`write` touch the disk;
:func:`render_site` is pure.
"""

from __future__ import annotations

import dataclasses
import datetime
import html
from collections.abc import Callable

from feedbuilder import atom, discovery, jsonfeed, rss
from feedbuilder.articles import Loaded, load_articles
from feedbuilder.entries import EntryCache
from feedbuilder.errors import ArticleError, Level, Problem, Report, shown_path
from feedbuilder.model import Entry, Feed, FeedFormat, FeedLink, Site
from feedbuilder.output import Written, write_files
from feedbuilder.select import newest_first, plan, visible


@dataclasses.dataclass(frozen=True)
class Format:
    file_name: str
    media_type: str
    render: Callable[[Feed], bytes]
    label: str


FORMATS: dict[FeedFormat, Format] = {
    "rss": Format(rss.FILE_NAME, rss.MEDIA_TYPE, rss.render, "RSS"),
    "atom": Format(atom.FILE_NAME, atom.MEDIA_TYPE, atom.render, "Atom"),
    "json": Format(jsonfeed.FILE_NAME, jsonfeed.MEDIA_TYPE, jsonfeed.render, "JSON Feed"),
}
ARCHIVE_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom")  # RFC 5005 is defined for XML feeds


@dataclasses.dataclass(frozen=True, kw_only=True)
class Options:
    now: datetime.datetime
    drafts: bool = False
    future: bool = False
    keep_going: bool = False


@dataclasses.dataclass(frozen=True)
class Result:
    """What a build produced: file name -> bytes, the feeds, and what went into them."""

    files: dict[str, bytes]
    feeds: list[FeedLink]
    articles: int
    report: Report

    @property
    def items(self) -> dict[str, int]:
        return {link.path: link.items for link in self.feeds if link.kind == "site"}


def render_site(site: Site, loaded: Loaded, options: Options, report: Report) -> tuple[dict[str, bytes], list[FeedLink]]:
    """Every file of the site as bytes, and a link to each feed written (pure)."""
    shown = newest_first(visible(loaded.articles, now=options.now, drafts=options.drafts, future=options.future))
    entries = EntryCache(site)
    feeds = plan(site, shown, entry=entries, id_authority=loaded.id_authority)
    files: dict[str, bytes] = {}
    links: list[FeedLink] = []
    for feed in feeds.feeds:
        for name in site.formats:
            link = _render(feed, name, site=site, files=files, report=report)
            links.append(link)
    for page in feeds.archive_pages:
        for name in ARCHIVE_FORMATS:
            if name in site.formats:
                _render(page, name, site=site, files=files, report=report)
    latest = feeds.site_feed.entries
    files["index.html"] = discovery.index_html(site, links, latest)
    files["feeds.opml"] = discovery.opml(site, links)
    if site.pages:
        for entry in latest:
            path = discovery.page_path(site, entry.article)
            if path and path not in files:
                files[path] = discovery.article_page(site, entry)
    return files, links


def _render(feed: Feed, name: FeedFormat, *, site: Site, files: dict[str, bytes], report: Report) -> FeedLink:
    form = FORMATS[name]
    path = feed.path + form.file_name
    data, shown = within_budget(feed, form.render, max_bytes=site.max_bytes, path=shown_path(site.output_dir / path), report=report)
    files[path] = data
    label = f"{feed.title} ({form.label})"
    return FeedLink(
        title=label,
        url=feed.url_of(form.file_name),
        path=path,
        format=name,
        media_type=form.media_type,
        kind=feed.kind,
        name=feed.name,
        items=shown,
    )


def within_budget(
    feed: Feed, render: Callable[[Feed], bytes], *, max_bytes: int, path: str, report: Report
) -> tuple[bytes, int]:
    """Render ``feed`` under ``max_bytes``: first the largest items give up their
    full text for their summary, then the oldest items are left out; each step
    is reported as a warning.  Returns the bytes and the number of items."""
    data = render(feed)
    entries = list(feed.entries)
    excess = len(data) - max_bytes
    if excess <= 0:
        return data, len(entries)
    for index in sorted(range(len(entries)), key=lambda i: -len(entries[i].content_html or "")):
        if not entries[index].content_html:
            break
        excess -= len(html.escape(entries[index].content_html or ""))
        entries[index] = dataclasses.replace(entries[index], content_html=None)
        report.add(_budget_warning(path, entries[index], "carries its summary instead of its full text", max_bytes))
        if excess <= 0:
            data = render(dataclasses.replace(feed, entries=tuple(entries)))
            excess = len(data) - max_bytes
            if excess <= 0:
                return data, len(entries)
    data = render(dataclasses.replace(feed, entries=tuple(entries)))
    while len(data) > max_bytes and len(entries) > 1:
        dropped = entries.pop()
        report.add(_budget_warning(path, dropped, "is left out", max_bytes))
        data = render(dataclasses.replace(feed, entries=tuple(entries)))
    return data, len(entries)


def _budget_warning(path: str, entry: Entry, what: str, max_bytes: int) -> Problem:
    return Problem(
        path=path,
        level=Level.WARNING,
        message=f"{entry.article.path} {what}: the feed would be over {max_bytes:,} bytes",
        hint="raise max_bytes, lower limit, or use content: summary",
    )


def build(site: Site, options: Options) -> Result:
    """Read the articles and render the site; raise if an article is bad."""
    report = Report()
    loaded = load_articles(site, report=report)
    if report.errors and not options.keep_going:
        raise ArticleError(list(report))
    files, feeds = render_site(site, loaded, options, report)
    return Result(files=files, feeds=feeds, articles=len(loaded.articles), report=report)


def write(site: Site, result: Result) -> Written:
    return write_files(result.files, site.output_dir)
