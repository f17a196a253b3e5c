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
import pathlib
import time
from collections.abc import Iterator, Mapping

from feedbuilder import ownership
from feedbuilder.errors import ArticleError, Report, shown_path, unusable_record
from feedbuilder.incremental import kept_bodies, kept_cards, kept_files, kept_places, lastbuild
from feedbuilder.incremental.kept_files import FeedCache
from feedbuilder.model import FeedLink, Placed, Progress, Site
from feedbuilder.output import Written, changed_files, write_files
from feedbuilder.render.entries import EntryCache
from feedbuilder.render.plan import ARCHIVE_FORMATS, FORMATS, IN_HAND, Format, Source, render_outputs
from feedbuilder.site import identity, placing
from feedbuilder.site.select import Names, chosen, newest_first, visible
from feedbuilder.sources import cards
from feedbuilder.sources.addresses import article_url
from feedbuilder.sources.articles import Loaded, read_articles
from feedbuilder.sources.dates import from_seconds, to_seconds
from feedbuilder.sources.discover import Files, find_articles

__all__ = ["ARCHIVE_FORMATS", "FORMATS", "Format", "Options", "Result", "build", "render_site", "write"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Options:
    now: datetime.datetime
    drafts: bool = False
    future: bool = False
    keep_going: bool = False
    cache: bool = True  # keep rendered bodies in .feedbuilder/ between builds
    progress: Progress | None = None  # shows how far reading and rendering many articles has got (a bar)
    listing: lastbuild.Listing | None = None  # the files and their stats, as the nothing-changed check just saw them


@dataclasses.dataclass(frozen=True)
class Result:
    """What a build produced: file name -> bytes, the feeds, and what went into them."""

    files: Mapping[str, bytes]  # by name; output.OutputFiles when some are kept as they are on disk
    feeds: list[FeedLink]
    articles: int
    report: Report
    record: identity.NextRecord | None = None  # the next text of feedbuilder.ids, when the site has a config file
    # "now" may move within ``span`` without changing the files
    span: lastbuild.Span = dataclasses.field(default_factory=lambda: lastbuild.Span(None, None))
    rendered: dict[str, kept_files.Rendered] = dataclasses.field(default_factory=dict)  # for kept_files.py
    repeatable: bool = False  # whether the output depends only on files whose stat lastbuild.py checks
    scheduled: tuple[int, datetime.datetime | None] = (0, None)  # articles left out until their date, the first's

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
    names: Names | None = None,
) -> tuple[Mapping[str, bytes], list[FeedLink]]:
    """Every file of the site as bytes, and a link to each feed written (pure).

    ``names``: when ``loaded`` holds only the articles some feed carries (see select.plan)."""
    shown = newest_first(visible(loaded.articles, now=options.now, drafts=options.drafts, future=options.future))
    return render_outputs(
        site,
        shown,
        IN_HAND,
        authority=loaded.id_authority,
        report=report,
        entries=entries or EntryCache(site, progress=options.progress),
        names=names,
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
    found, shown_root, cache = _scan(
        site, report, cache=options.cache, listing=options.listing, progress=options.progress
    )
    record = _record(site, options, report)  # read now: the workers that read the folder need not see it
    chosen = (
        _reused(site, options, found=found, cache=cache, record=record, report=report) if cache is not None else None
    )
    if chosen is None:
        chosen = _placed_afresh(
            site, options, found=found, shown_root=shown_root, record=record, report=report, cache=cache
        )
    del found, cache  # every card: the rest of the build needs only those of the chosen articles
    del record  # and the id record's bytes only if the record changes (20 MB at 100,000 articles)
    if chosen.record is not None:
        chosen.record = chosen.record.let_go()
    authority = chosen.authority
    cache_path = _cache_path(site) if options.cache else None
    cached, problems = kept_bodies.load(cache_path) if cache_path else ({}, [])
    report.extend(problems)
    entries = EntryCache(site, cached=cached, progress=options.progress)
    kept = FeedCache.open(site) if options.cache else None
    report.extend(kept.problems if kept else ())
    source = Source(
        key=_placed_key,
        url=lambda item: article_url(item.card, item.published, site),
        full=lambda items, bodies: read_articles(
            items, site=site, shown_root=shown_root, authority=authority, bodies=bodies
        ),
    )
    try:
        files, feeds = render_outputs(
            site,
            chosen.articles,
            source,
            authority=authority,
            report=report,
            entries=entries,
            names=chosen.names,
            kept=kept,
        )
    except ArticleError:
        _forget_cards(site)  # a card no longer tells the file's bytes: the next build reads every file again
        raise
    if cache_path and entries.used != cached:
        try:
            kept_bodies.save(cache_path, entries.used)
        except OSError as exc:
            report.warn(
                shown_path(cache_path),
                f"cannot write the render cache: {exc.strerror or exc}",
                hint=f"make {kept_bodies.FOLDER}/ a folder you can write",
            )
    since, until = chosen.span
    return Result(
        files=files,
        feeds=feeds,
        articles=chosen.count,
        report=report,
        record=chosen.record,
        span=lastbuild.Span(
            from_seconds(since) if since is not None else None, from_seconds(until) if until is not None else None
        ),
        rendered=kept.made if kept else {},
        repeatable=chosen.repeatable,
        scheduled=_scheduled(chosen, options),
    )


def _scheduled(chosen: kept_places.Chosen, options: Options) -> tuple[int, datetime.datetime | None]:
    """Articles dated in the future and left out (none with --future), and when the first appears."""
    count, first = chosen.scheduled
    if options.future or not count:
        return 0, None
    return count, from_seconds(first) if first is not None else None


def _placed_afresh(
    site: Site,
    options: Options,
    *,
    found: cards.Cards,
    shown_root: str,
    record: placing.Record | None,
    report: Report,
    cache: kept_cards.CardCache | None,
) -> kept_places.Chosen:
    """The folder placed (placing.py) and the feeds' articles chosen (select.chosen); the places kept."""
    before = len(report)
    placement = placing.place(found, site=site, report=report, shown_root=shown_root, record=record)
    if report.errors and not options.keep_going:
        raise ArticleError(list(report))
    shown = placement.newest_first(now=options.now, drafts=options.drafts, future=options.future)
    carried, names = chosen(site, shown, functools.partial(placement.names, site=site))
    since, until = placement.span(options.now)
    result = kept_places.Chosen(
        articles=[placement.placed(index) for index in carried],
        names=names,
        authority=placement.authority,
        count=placement.count(),
        span=(to_seconds(since) if since else None, to_seconds(until) if until else None),
        scheduled=placement.scheduled(options.now),
        record=placement.record,
        repeatable=not any(map(placement.reads_more, placement.indexes())),
        problems=list(report)[before:],
    )
    path = kept_places.path_of(site) if cache is not None else None
    if path is not None and cache is not None:
        key = kept_places.key_of(site, drafts=options.drafts, future=options.future, cards=cache.check)
        kept_places.save(path, key, kept_places.kept_of(placement, carried, result))
    return result


def _reused(
    site: Site,
    options: Options,
    *,
    found: cards.Cards,
    cache: kept_cards.CardCache,
    record: placing.Record | None,
    report: Report,
) -> kept_places.Chosen | None:
    """The last build's places and choice, brought up to date, when only what some articles say changed."""
    path = kept_places.path_of(site)
    if path is None or cache.changes is None or record is None or not cache.loaded_check:
        return None
    key = kept_places.key_of(site, drafts=options.drafts, future=options.future, cards=cache.loaded_check)
    try:
        reused = kept_places.reuse(
            path, key, cards=found, changes=cache.changes, record=record.text, now=to_seconds(options.now)
        )
    except kept_places.Damaged as exc:
        report.add(unusable_record(shown_path(path), f"the kept places of the last build cannot be used ({exc})"))
        kept_places.forget(path)
        return None
    if reused is None:
        return None
    kept, result = reused
    result.articles = [kept_places.placed(kept, found, index) for index in kept.carried]
    report.extend(result.problems)
    key = kept_places.key_of(site, drafts=options.drafts, future=options.future, cards=cache.check)
    kept_places.save(path, key, kept)
    return result


def load_articles(site: Site, *, report: Report, options: Options | None = None) -> Loaded:
    """Every article of the folder, in full and in its place; with ``options``, after the id record."""
    record = _record(site, options, report) if options else None
    found, shown_root, _ = _scan(site, report)
    placement = placing.place(found, site=site, report=report, shown_root=shown_root, record=record)
    every = [placement.placed(index) for index in placement.indexes()]
    return Loaded(
        read_articles(every, site=site, shown_root=shown_root, authority=placement.authority), placement.authority
    )


def _scan(
    site: Site,
    report: Report,
    *,
    cache: bool = False,
    listing: lastbuild.Listing | None = None,
    progress: Progress | None = None,
) -> tuple[cards.Cards, str, kept_cards.CardCache | None]:
    """Every file read in brief (cards.py; unchanged ones from the article cache if ``cache``); the
    articles folder as messages name it; and the article cache, if used.

    ``listing``: the files, and their stats, as the nothing-changed check found them a moment ago."""
    shown_root = shown_path(site.articles_dir)
    if listing is not None:
        files = Files(str(site.articles_dir), shown_root, listing.packed)
    else:
        files = find_articles(site.articles_dir, report=report, shown_root=shown_root)
    path = kept_cards.cache_path(site) if cache else None
    if path is None:
        return cards.scan(files, site=site, report=report, progress=progress), shown_root, None
    kept = kept_cards.CardCache.open(path, site)
    report.extend(kept.problems)
    found = kept.scan(files, site=site, report=report, seen=listing, progress=progress)
    kept.save(report=report)  # even if the build then fails: the next one reads only what changed
    return found, shown_root, kept


def _placed_key(item: Placed) -> str:
    """A hash of everything the article is made from besides the site's config: its file's bytes, its
    path, and its place among the others.  An article whose enclosure is measured on disk gets a key no
    other build gives (the file measured is not known here): its files are made again every time."""
    card = item.card
    if card.measured:
        return f"measured {time.time_ns()} {id(item)}"
    return f"{card.file_hash.hex()} {card.source!r} {item.published} {item.updated} {item.id}"


def _forget_cards(site: Site) -> None:
    path = kept_cards.cache_path(site)
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
    return site.config_path.parent / kept_bodies.FOLDER / kept_bodies.FILE_NAME


def record_path(site: Site) -> pathlib.Path | None:
    return site.config_path.parent / identity.RECORD_NAME if site.config_path else None


def pending_changes(site: Site, result: Result) -> list[str]:
    """Files a build would change on disk (for ``build --check``); raises OutputError if one is not ours."""
    changed = [shown_path(site.output_dir / name) for name in changed_files(result.files, site.output_dir)]
    path = record_path(site)
    record = result.record
    if (
        path is not None
        and record is not None
        and not record.unchanged
        and changed_files({path.name: record.pieces}, path.parent)
    ):
        changed.append(shown_path(path))
    return changed


def written_paths(site: Site, result: Result) -> dict[str, pathlib.Path]:
    """Every file a build is responsible for, by name: its output files and the id record."""
    paths = {name: site.output_dir / name for name in result.files}
    record = record_path(site)
    if record is not None and result.record is not None:
        paths[lastbuild.ID_RECORD] = record
    return paths


def pending_removals(site: Site, result: Result) -> list[str]:
    """Files a build would remove (ownership.py); raises OutputError if a file it would replace is not ours."""
    return ownership.removals(ownership.survey(site.output_dir, result.files, last_build=_last_build(site)))


def _last_build(site: Site) -> pathlib.Path | None:
    if site.config_path is None:
        return None
    return site.config_path.parent / lastbuild.FOLDER / lastbuild.FILE_NAME


def write(site: Site, result: Result) -> Written:
    """Write the files (only those whose bytes changed, none if one it would replace is not its own),
    remove those no longer made, then the id record.  Warnings go to ``result.report``."""
    owned = ownership.survey(site.output_dir, result.files, last_build=_last_build(site))
    written = write_files(result.files, site.output_dir)
    result.report.extend(ownership.finish(owned))
    if result.rendered:
        kept_files.save(site, result.rendered)
    path = record_path(site)
    if path is not None and result.record is not None and not result.record.unchanged:
        write_files({path.name: result.record.pieces}, path.parent)  # not joined: 20 MB at 100,000
    return written
