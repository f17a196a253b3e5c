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

from feedbuilder.errors import ArticleError, OutputError, Problem, Report, shown_path
from feedbuilder.incremental import kept_files, lastbuild, owned_files
from feedbuilder.incremental.layer import Incremental
from feedbuilder.model import FeedLink, Placed, Progress, Site
from feedbuilder.output import Data, Written, changed_files, commit, stage
from feedbuilder.render.entries import EntryCache
from feedbuilder.render.plan import ARCHIVE_FORMATS, FORMATS, IN_HAND, Format, MadeFile, Source, render_outputs
from feedbuilder.site import identity
from feedbuilder.site.choose import Choice, Chosen, place_and_choose
from feedbuilder.site.placing import Record, place
from feedbuilder.site.select import ADDRESSES_NAME, Names, addresses_text, newest_first, read_addresses, visible
from feedbuilder.sources import cards
from feedbuilder.sources.addresses import article_url
from feedbuilder.sources.articles import Loaded, read_articles
from feedbuilder.sources.dates import from_seconds
from feedbuilder.sources.discover import Files, find_articles
from feedbuilder.sources.generators import chosen as chosen_files

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

    @property
    def choice(self) -> Choice:
        """The options that decide what is shown (site.choose), taken from these."""
        return Choice(now=self.now, drafts=self.drafts, future=self.future, keep_going=self.keep_going)


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
    rendered: dict[str, MadeFile] = dataclasses.field(default_factory=dict)  # for kept_files.py
    repeatable: bool = False  # whether the output depends only on files whose stat lastbuild.py checks
    scheduled: tuple[int, datetime.datetime | None] = (0, None)  # articles left out until their date, the first's
    addresses: bytes | None = None  # the next feedbuilder.addresses, when it changes

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
    """find -> read -> place and choose -> render; each stage asks ``kept`` (the incremental layer) first."""
    report = Report()
    kept = Incremental(site, enabled=options.cache, report=report)
    files, shown_root = _find(site, report, options.listing)
    found = kept.cards(files, listing=options.listing, progress=options.progress)
    record = _record(site, options, report)  # read now: the workers that read the folder need not see it
    choice = options.choice
    place = functools.partial(
        place_and_choose, found, site=site, report=report, shown_root=shown_root, record=record, choice=choice
    )
    chosen = kept.chosen(found, record=record, choice=choice, place=place)
    del found, record, place  # the rest needs only the chosen articles (and the record's bytes if it changes)
    kept.let_go_of_cards()
    if chosen.record is not None:
        chosen.record = chosen.record.let_go()
    entries = EntryCache(site, cached=kept.open_for_rendering(), progress=options.progress)
    addresses = _addresses(site, report)
    try:
        outputs, feeds = render_outputs(
            site,
            chosen.articles,
            _placed_source(site, shown_root, chosen.authority, options.progress),
            authority=chosen.authority,
            report=report,
            entries=entries,
            names=chosen.names,
            kept=kept.files,
            pinned=read_addresses(addresses) if addresses is not None else None,
        )
    except ArticleError:
        kept.forget_cards()
        raise
    kept.keep_bodies(entries.used)
    result = _result(outputs, feeds, chosen, report, kept)
    if addresses is not None:
        made = {(link.kind, link.name, link.path.split("/")[1]) for link in feeds if link.kind != "site"}
        result = dataclasses.replace(result, addresses=addresses_text(addresses, sorted(made)))
    return result


def _addresses(site: Site, report: Report) -> bytes | None:
    """feedbuilder.addresses as it is (empty if there is none yet); None if the site has no config file."""
    path = addresses_path(site)
    if path is None:
        return None
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as exc:
        report.error(shown_path(path), f"cannot read it: {exc.strerror or exc}", hint="restore it from version control")
        return None


def addresses_path(site: Site) -> pathlib.Path | None:
    return site.config_path.parent / ADDRESSES_NAME if site.config_path else None


def _find(site: Site, report: Report, listing: lastbuild.Listing | None) -> tuple[Files, str]:
    """The article files (as the nothing-changed check just listed them, if it did), and the folder as
    messages name it."""
    shown_root = shown_path(site.articles_dir)
    if listing is not None:
        files = Files(str(site.articles_dir), shown_root, listing.packed)
    else:
        files = find_articles(site.articles_dir, report=report, shown_root=shown_root)
    if (
        (site.generator is not None and site.generator.config_file) or site.exclude or site.include
    ):  # its posts only (sources/generators/)
        files = Files.of(files.folder, files.shown_folder, chosen_files(files.sources(), site))
    return files, shown_root


def _placed_source(site: Site, shown_root: str, authority: str, progress: Progress | None = None) -> Source[Placed]:
    """How render.plan has the chosen articles: keyed by their cards, read in full only when a file needs them."""
    return Source(
        key=_placed_key,
        url=lambda item: article_url(item.card, item.published, site),
        full=lambda items, bodies: read_articles(
            items, site=site, shown_root=shown_root, authority=authority, bodies=bodies, progress=progress
        ),
    )


def _result(
    files: Mapping[str, bytes], feeds: list[FeedLink], chosen: Chosen, report: Report, kept: Incremental
) -> Result:
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
        rendered=kept.files.made if kept.files else {},
        repeatable=chosen.repeatable,
        scheduled=(chosen.scheduled[0], from_seconds(chosen.scheduled[1]) if chosen.scheduled[1] is not None else None),
    )


def load_articles(site: Site, *, report: Report, options: Options | None = None) -> Loaded:
    """Every article of the folder, in full and in its place; with ``options``, after the id record."""
    record = _record(site, options, report) if options else None
    files, shown_root = _find(site, report, None)
    found = cards.scan(files, site=site, report=report)
    placement = place(found, site=site, report=report, shown_root=shown_root, record=record)
    every = [placement.placed(index) for index in placement.indexes()]
    return Loaded(
        read_articles(every, site=site, shown_root=shown_root, authority=placement.authority), placement.authority
    )


def load_article(site: Site, source: str, *, report: Report, options: Options) -> Loaded:
    """The article at ``source`` (its path in the articles folder) in full, in its place among the others:
    the others' cards as a build keeps them, so only this one is read (``feedbuilder explain``)."""
    record = _record(site, options, report)
    files, shown_root = _find(site, report, None)
    found = Incremental(site, enabled=options.cache, report=report).cards(files, listing=None, progress=None)
    placement = place(found, site=site, report=report, shown_root=shown_root, record=record)
    sources = placement.cards.sources
    wanted = [placement.placed(i) for i in placement.indexes() if sources[i] == source]
    return Loaded(
        read_articles(wanted, site=site, shown_root=shown_root, authority=placement.authority), placement.authority
    )


def _placed_key(item: Placed) -> str:
    """A hash of everything the article is made from besides the site's config: its file's bytes, its
    path, and its place among the others.  An article whose enclosure is measured on disk gets a key no
    other build gives (the file measured is not known here): its files are made again every time."""
    card = item.card
    if card.measured:
        return f"measured {time.time_ns()} {id(item)}"
    return f"{card.file_hash.hex()} {card.source!r} {item.published} {item.updated} {item.id}"


def _record(site: Site, options: Options, report: Report) -> Record | None:
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
    return Record(text, shown, options.now)


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
    addresses = addresses_path(site)
    if addresses is not None and result.addresses is not None:
        changed.append(shown_path(addresses))
    return changed


def written_paths(site: Site, result: Result) -> dict[str, pathlib.Path]:
    """Every file a build is responsible for, by name: its output files and the id record."""
    paths = {name: site.output_dir / name for name in result.files}
    record = record_path(site)
    if record is not None and result.record is not None:
        paths[lastbuild.ID_RECORD] = record
    addresses = addresses_path(site)
    if addresses is not None and (result.addresses is not None or addresses.exists()):
        paths[f"../{ADDRESSES_NAME}"] = addresses
    return paths


def pending_removals(site: Site, result: Result) -> list[str]:
    """Files a build would remove (owned_files.py); raises OutputError if a file it would replace is not ours."""
    return owned_files.removals(owned_files.survey(site.output_dir, result.files, last_build=_last_build(site)))


def _last_build(site: Site) -> pathlib.Path | None:
    if site.config_path is None:
        return None
    return site.config_path.parent / lastbuild.FOLDER / lastbuild.FILE_NAME


def write(site: Site, result: Result) -> Written:
    """Write the files whose bytes changed, the output folder's list of them, the id record and
    feedbuilder.addresses together: all are staged (written in full beside their targets) before any is
    put in place, and a failure puts back every file replaced.  Nothing is written if a file it would
    replace is not its own (owned_files.py); the files it no longer makes are removed afterwards, and
    warnings about them go to ``result.report``."""
    owned = owned_files.survey(site.output_dir, result.files, last_build=_last_build(site))
    changed = changed_files(result.files, site.output_dir)
    targets: dict[pathlib.Path, Data] = {site.output_dir / name: result.files[name] for name in changed}
    if owned.manifest_changed:
        targets[site.output_dir / owned_files.MANIFEST] = owned.manifest
    path = record_path(site)
    if path is not None and result.record is not None and not result.record.unchanged:
        targets[path] = result.record.pieces  # not joined: 20 MB at 100,000
    addresses = addresses_path(site)
    if addresses is not None and result.addresses is not None:
        targets[addresses] = result.addresses
    try:
        commit(stage(targets))
    except OutputError as exc:
        raise OutputError([_blamed(problem, site, result.feeds) for problem in exc.problems]) from None
    result.report.extend(owned_files.finish(owned))
    if result.rendered:
        kept_files.save(site, result.rendered)
    return Written(tuple(changed), tuple(sorted(set(result.files) - set(changed))))


_ONE = {"tags": "tag", "categories": "category", "authors": "author"}


def _blamed(problem: Problem, site: Site, feeds: list[FeedLink]) -> Problem:
    """A write failure in a tag's, category's or author's feed names that name: an article gave it."""
    for link in feeds:
        if link.kind in _ONE and problem.path.startswith(shown_path(site.output_dir / link.path).rsplit("/", 1)[0]):
            names = f"the feeds of the {_ONE[link.kind]} '{link.name}', which an article names"
            return dataclasses.replace(problem, message=f"{problem.message} ({names})")
    return problem
