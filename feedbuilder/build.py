"""The pipeline as a library: config -> articles -> feeds -> bytes -> files.

Only :func:`build` (reading) and :func:`write` touch the disk;
:func:`render_site` is pure.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import gc
import html
import pathlib
from collections.abc import Callable, Iterator

from feedbuilder import (
    atom,
    cardcache,
    cards,
    discovery,
    feedcache,
    identity,
    jsonfeed,
    lastbuild,
    placing,
    rendercache,
    rendering,
    rss,
)
from feedbuilder.articles import Loaded, read_articles
from feedbuilder.discover import SourceFile, find_articles
from feedbuilder.entries import EntryCache, Progress
from feedbuilder.errors import ArticleError, Level, Problem, Report, shown_path
from feedbuilder.feedcache import FeedCache
from feedbuilder.model import Article, ContentMode, Entry, Feed, FeedFormat, FeedLink, Site
from feedbuilder.output import Written, changed_files, write_files
from feedbuilder.select import Names, Plan, chosen, newest_first, plan, visible


@dataclasses.dataclass(frozen=True)
class Format:
    file_name: str
    media_type: str
    render: Callable[[Feed], bytes]


FORMATS: dict[FeedFormat, Format] = {
    "rss": Format(rss.FILE_NAME, rss.MEDIA_TYPE, rss.render),
    "atom": Format(atom.FILE_NAME, atom.MEDIA_TYPE, atom.render),
    "json": Format(jsonfeed.FILE_NAME, jsonfeed.MEDIA_TYPE, jsonfeed.render),
}
ARCHIVE_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom")  # RFC 5005 is defined for XML feeds


@dataclasses.dataclass(frozen=True, kw_only=True)
class Options:
    now: datetime.datetime
    drafts: bool = False
    future: bool = False
    keep_going: bool = False
    cache: bool = True  # keep rendered bodies in .feedbuilder/ between builds
    progress: Progress | None = None  # wraps the rendering of many bodies (a progress bar)
    listing: lastbuild.Listing | None = None  # the files and their stats, as the nothing-changed check just saw them


@dataclasses.dataclass(frozen=True)
class Result:
    """What a build produced: file name -> bytes, the feeds, and what went into them."""

    files: dict[str, bytes]
    feeds: list[FeedLink]
    articles: int
    report: Report
    record: bytes | None = None  # the new text of feedbuilder.ids (UTF-8), when the site has a config file
    # "now" may move within ``span`` without changing the files
    span: lastbuild.Span = dataclasses.field(default_factory=lambda: lastbuild.Span(None, None))
    rendered: dict[str, feedcache.Rendered] = dataclasses.field(default_factory=dict)  # for feedcache.py
    repeatable: bool = False  # whether the output depends only on files whose stat lastbuild.py checks

    @property
    def items(self) -> dict[str, int]:
        return {link.path: link.items for link in self.feeds if link.kind == "site"}


def render_site(
    site: Site,
    loaded: Loaded,
    options: Options,
    report: Report,
    *,
    entries: EntryCache | None = None,
    kept: FeedCache | None = None,
    names: Names | None = None,
) -> tuple[dict[str, bytes], list[FeedLink]]:
    """Every file of the site as bytes, and a link to each feed written.

    Pure, unless given ``kept``: then feed files made from the same inputs by
    the last build are read from the output folder instead of being rendered.
    ``names``: when ``loaded`` holds only the articles some feed carries (see select.plan)."""
    shown = newest_first(visible(loaded.articles, now=options.now, drafts=options.drafts, future=options.future))
    entries = entries or EntryCache(site, progress=options.progress)
    feeds = _planned(site, shown, loaded.id_authority, entries, names)
    files: dict[str, bytes] = {}
    jobs = [(feed, name) for feed in feeds.feeds for name in site.formats]
    jobs += [(page, name) for page in feeds.archive_pages for name in ARCHIVE_FORMATS if name in site.formats]
    links = _render_all(jobs, site=site, files=files, report=report, kept=kept)[: len(feeds.feeds) * len(site.formats)]
    latest = feeds.site_feed.entries
    files["index.html"] = discovery.index_html(site, links, latest)
    files["feeds.opml"] = discovery.opml(site, links)
    if site.pages:
        for entry in latest:
            path = discovery.page_path(site, entry.article)
            if path and path not in files:
                files[path] = discovery.article_page(site, entries(entry.article, "full"))
    return files, links


def _planned(site: Site, shown: list[Article], id_authority: str, entries: EntryCache, names: Names | None) -> Plan:
    """The plan, made once with stand-in entries; then every body any feed needs is rendered in one
    batch (in parallel when there are many), and the stand-ins are replaced by the real entries."""
    wanted: dict[int, tuple[Article, ContentMode]] = {}

    def stand_in(article: Article, mode: ContentMode) -> Entry:
        entry = Entry(article=article, summary="", content_html=None, authors=())
        wanted[id(entry)] = (article, mode)  # the entry stays alive in the plan, so its id stays its own
        return entry

    drafted = plan(site, shown, entry=stand_in, id_authority=id_authority, names=names)
    entries.prepare({(article.id, mode): (article, mode) for article, mode in wanted.values()}.values())

    def filled(feed: Feed) -> Feed:
        return dataclasses.replace(feed, entries=tuple(entries(*wanted[id(e)]) for e in feed.entries))

    return Plan(
        filled(drafted.site_feed),
        tuple(map(filled, drafted.taxonomy_feeds)),
        tuple(map(filled, drafted.archive_pages)),
    )


def _render_all(
    jobs: list[tuple[Feed, FeedFormat]],
    *,
    site: Site,
    files: dict[str, bytes],
    report: Report,
    kept: FeedCache | None,
) -> list[FeedLink]:
    """Each feed in each format, in order: its bytes into ``files``, its warnings into ``report``.

    Files the last build made from the same inputs are taken from ``kept``;
    the others are rendered, by format on several cores when there are many.
    """
    paths = [feed.path + FORMATS[name].file_name for feed, name in jobs]
    keys = [kept.key(feed, name, site.max_bytes) if kept else "" for feed, name in jobs]
    found = [kept.kept(path, key) if kept else None for path, key in zip(paths, keys, strict=True)]
    todo = [index for index, known in enumerate(found) if known is None]
    work = functools.partial(render_one, site=site)
    made = dict(zip(todo, rendering.in_parallel([(*jobs[i], paths[i]) for i in todo], work), strict=True))
    links = []
    for index, ((feed, name), path, key) in enumerate(zip(jobs, paths, keys, strict=True)):
        known = found[index]
        if known is not None:
            data, rendered = known
        else:
            data, items, problems = made[index]
            rendered = feedcache.Rendered(key, items, problems)
        if kept:
            kept.made[path] = rendered
        report.extend(rendered.problems)
        files[path] = data
        form = FORMATS[name]
        links.append(
            FeedLink(
                title=f"{feed.title} ({discovery.LABELS[name]})",  # one naming of the formats, shared with the pages
                url=feed.url_of(form.file_name),
                path=path,
                format=name,
                media_type=form.media_type,
                kind=feed.kind,
                name=feed.name,
                items=rendered.items,
            )
        )
    return links


def render_one(feed: Feed, name: FeedFormat, path: str, *, site: Site) -> tuple[bytes, int, tuple[Problem, ...]]:
    """One feed file within the site's byte budget: its bytes, its item count and its warnings."""
    local = Report()
    shown = shown_path(site.output_dir / path)
    data, items = within_budget(feed, FORMATS[name].render, max_bytes=site.max_bytes, path=shown, report=local)
    return data, items, tuple(local)


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
    if len(data) > max_bytes:
        report.warn(
            path,
            f"is {len(data):,} bytes even with one item, over max_bytes {max_bytes:,}",
            hint="shorten that article's summary or raise max_bytes",
        )
    return data, len(entries)


def _budget_warning(path: str, entry: Entry, what: str, max_bytes: int) -> Problem:
    return Problem(
        path=path,
        level=Level.WARNING,
        message=f"{entry.article.path} {what}: the feed would be over {max_bytes:,} bytes",
        hint="raise max_bytes, lower limit, or use content: summary",
    )


def build(site: Site, options: Options) -> Result:
    """Read the articles, apply the id record and render the site; raise if an article is bad."""
    with _no_cycle_collection():
        return _build(site, options)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector, left on, walks every article again and again as a build allocates
    (about a tenth of a large build); the pipeline makes no garbage cycles worth collecting meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(site: Site, options: Options) -> Result:
    report = Report()
    placement, shown_root = _placed(
        site, report, record=_record(site, options, report), cache=options.cache, listing=options.listing
    )
    if report.errors and not options.keep_going:
        raise ArticleError(list(report))
    authority = placement.authority
    shown = placement.newest_first(now=options.now, drafts=options.drafts, future=options.future)
    carried, names = chosen(site, shown, functools.partial(placement.names, site=site))
    chosen_placed = [placement.placed(index) for index in carried]
    count, span, record = placement.count(), lastbuild.Span(*placement.span(options.now)), placement.record
    repeatable = not any(map(placement.reads_more, placement.indexes()))
    del placement, shown, carried  # every card: the rest of the build needs only those of the chosen articles
    try:
        articles = read_articles(chosen_placed, site=site, shown_root=shown_root, authority=authority)
    except ArticleError:
        _forget_cards(site)  # a card no longer tells the file's bytes: the next build reads every file again
        raise
    cache_path = _cache_path(site) if options.cache else None
    cached, problems = rendercache.load(cache_path) if cache_path else ({}, [])
    report.extend(problems)
    entries = EntryCache(site, cached=cached, progress=options.progress)
    kept = FeedCache.open(site) if options.cache else None
    report.extend(kept.problems if kept else ())
    files, feeds = render_site(
        site, Loaded(articles, authority), options, report, entries=entries, kept=kept, names=names
    )
    if cache_path and entries.used != cached:
        try:
            rendercache.save(cache_path, entries.used)
        except OSError as exc:
            report.warn(shown_path(cache_path), f"cannot write the render cache: {exc.strerror or exc}")
    return Result(
        files=files,
        feeds=feeds,
        articles=count,
        report=report,
        record=record,
        span=span,
        rendered=kept.made if kept else {},
        repeatable=repeatable,
    )


def load_articles(site: Site, *, report: Report, options: Options | None = None) -> Loaded:
    """Every article of the folder, in full and in its place; with ``options``, after the id record."""
    placement, shown_root = _placed(site, report, record=_record(site, options, report) if options else None)
    every = [placement.placed(index) for index in placement.indexes()]
    return Loaded(
        read_articles(every, site=site, shown_root=shown_root, authority=placement.authority), placement.authority
    )


def _placed(
    site: Site,
    report: Report,
    *,
    record: placing.Record | None,
    cache: bool = False,
    listing: lastbuild.Listing | None = None,
) -> tuple[placing.Placement, str]:
    """Every file read in brief (cards.py; unchanged ones from the article cache if ``cache``) and placed
    among the others (placing.py); and the articles folder as messages name it.

    ``listing``: the files, and their stats, as the nothing-changed check found them a moment ago."""
    shown_root = shown_path(site.articles_dir)
    if listing is not None:
        folder = str(site.articles_dir)
        files = [SourceFile(folder, source, shown_root) for source in listing.sources]
    else:
        files = find_articles(site.articles_dir, report=report, shown_root=shown_root)
    path = cardcache.cache_path(site) if cache else None
    if path is None:
        found = cards.scan(files, site=site, report=report)
    else:
        kept = cardcache.CardCache.open(path, site)
        report.extend(kept.problems)
        found = kept.scan(files, site=site, report=report, seen=listing)
        kept.save(report=report)  # even if the build then fails: the next one reads only what changed
    del files
    return placing.place(found, site=site, report=report, shown_root=shown_root, record=record), shown_root


def _forget_cards(site: Site) -> None:
    path = cardcache.cache_path(site)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _record(site: Site, options: Options, report: Report) -> placing.Record | None:
    """The id record as it is now (empty if there is none yet); None if the site has none or it cannot be read."""
    path = record_path(site)
    if path is None:
        return None
    shown = shown_path(path)
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        text = b""
    except OSError as exc:
        report.error(shown, f"cannot read the id record: {exc.strerror or exc}", hint="restore it from version control")
        return None
    return placing.Record(text, shown, options.now)


def _cache_path(site: Site) -> pathlib.Path | None:
    if site.config_path is None:
        return None
    return site.config_path.parent / rendercache.FOLDER / rendercache.FILE_NAME


def record_path(site: Site) -> pathlib.Path | None:
    return site.config_path.parent / identity.RECORD_NAME if site.config_path else None


def pending_changes(site: Site, result: Result) -> list[str]:
    """Files a build would change on disk (for ``build --check``)."""
    changed = [shown_path(site.output_dir / name) for name in changed_files(result.files, site.output_dir)]
    path = record_path(site)
    if path is not None and result.record is not None and changed_files({path.name: result.record}, path.parent):
        changed.append(shown_path(path))
    return changed


def written_paths(site: Site, result: Result) -> dict[str, pathlib.Path]:
    """Every file a build is responsible for, by name: its output files and the id record."""
    paths = {name: site.output_dir / name for name in result.files}
    record = record_path(site)
    if record is not None and result.record is not None:
        paths[lastbuild.ID_RECORD] = record
    return paths


def write(site: Site, result: Result) -> Written:
    """Write the files (only those whose bytes changed), then the id record."""
    written = write_files(result.files, site.output_dir)
    if result.rendered:
        feedcache.save(site, result.rendered)
    path = record_path(site)
    if path is not None and result.record is not None:
        write_files({path.name: result.record}, path.parent)
    return written
