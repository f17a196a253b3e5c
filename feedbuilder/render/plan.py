"""Every file of the site: planned, then each kept from the last build when its inputs are unchanged,
else made.

The feeds are planned (select.plan) with stand-ins for their entries: which
article, shown how.  Each output file (a feed in a format, the index page,
the OPML list, an article's page) has a key, a hash of everything its bytes
depend on, made from the stand-ins alone: an article's key tells all of it
(see :class:`Source`).  A file whose key and stat are those the last build
recorded is taken from disk (kept_files.py); only the articles the other files
show are then made in full, and their bodies rendered once however many feeds
carry them.  Without a cache every file is made: the result is the same bytes.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import html
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, NamedTuple, Protocol, TypeVar

from feedbuilder.errors import ArticleError, Level, Problem, Report, shown_path
from feedbuilder.model import Article, ContentMode, Entry, Feed, FeedFormat, FeedLink, Site
from feedbuilder.output import OutputFiles
from feedbuilder.render import atom, content, feedstyle, jsonfeed, media, pages, parallel, rss, subscribe
from feedbuilder.render.entries import EntryCache
from feedbuilder.site.select import Listed, Names, Pinned, plan


@dataclasses.dataclass(frozen=True)
class Format:
    file_name: str
    media_type: str
    render: Callable[[Feed[Entry]], bytes]


FORMATS: dict[FeedFormat, Format] = {
    "rss": Format(rss.FILE_NAME, rss.MEDIA_TYPE, rss.render),
    "atom": Format(atom.FILE_NAME, atom.MEDIA_TYPE, atom.render),
    "json": Format(jsonfeed.FILE_NAME, jsonfeed.MEDIA_TYPE, jsonfeed.render),
}
ARCHIVE_FORMATS: tuple[FeedFormat, ...] = ("rss", "atom")  # RFC 5005 is defined for XML feeds
A = TypeVar("A", bound=Listed)


@dataclasses.dataclass(frozen=True)
class MadeFile:
    """One feed file as a build made it: the hash of its inputs, its item count and its warnings."""

    key: str
    items: int
    problems: tuple[Problem, ...]


class Kept(Protocol):
    """Files the last build made, asked for by key (incremental/kept_files.py keeps them)."""

    made: dict[str, MadeFile]  # this build's files, recorded for the next

    def key(self, parts: list[str]) -> str:
        """A hash of everything a file's bytes depend on: ``parts`` and what every file depends on."""
        ...

    def kept(self, path: str, key: str) -> MadeFile | None:
        """What making the file gave, if the file on disk was made from the same inputs."""
        ...


def article_digest(article: Article) -> str:
    """A hash of every field of the article but ``origins`` (which explains them, never shown in a feed).

    Each field is its repr, but the body: its bytes as they are (the repr of 3 KB of bytes costs
    more than hashing them), each part preceded by its length so that no two articles hash alike.
    """
    hashed = hashlib.blake2b(digest_size=20)
    for name in _ARTICLE_FIELDS:
        value = getattr(article, name)
        part = value if isinstance(value, bytes) else repr(value).encode("utf-8", "surrogatepass")
        hashed.update(len(part).to_bytes(8, "little"))
        hashed.update(part)
    return hashed.hexdigest()


_ARTICLE_FIELDS = tuple(field.name for field in dataclasses.fields(Article) if field.name != "origins")


@dataclasses.dataclass(frozen=True)
class Source(Generic[A]):
    """What the feeds are planned from (Articles, or cards in their places) and how to have them in full."""

    key: Callable[[A], str]  # a hash of everything the article's entries are made from (with the site)
    url: Callable[[A], str]  # the article's address
    # the articles in full, in the order asked for; those whose flag is false may come without their body
    # if they give a summary (no feed shows their full text)
    full: Callable[[Sequence[A], Sequence[bool]], Sequence[Article]]


IN_HAND: Source[Article] = Source(key=article_digest, url=lambda a: a.url, full=lambda had, _: list(had))


class Stand(NamedTuple, Generic[A]):
    """An entry before its article is had in full: which article, shown how."""

    article: A
    mode: ContentMode


def render_outputs(
    site: Site,
    shown: Sequence[A],
    source: Source[A],
    *,
    authority: str,
    report: Report,
    entries: EntryCache,
    names: Names | None = None,
    kept: Kept | None = None,
    pinned: Pinned | None = None,
) -> tuple[OutputFiles, list[FeedLink]]:
    """Every file of the site as bytes, and a link to each feed written.

    ``shown``: the visible articles, newest first (only the ones some feed carries, with ``names``:
    see select.plan).  With ``kept``, files made from the same inputs by the last build are read
    from the output folder instead."""
    planned = plan(site, shown, entry=Stand, id_authority=authority, names=names, pinned=pinned)
    styled = site.stylesheet if any(name in site.formats for name in ARCHIVE_FORMATS) else None
    feeds = [dataclasses.replace(feed, stylesheet=styled) for feed in planned.feeds]
    archive = [dataclasses.replace(page, stylesheet=styled) for page in planned.archive_pages]
    made = _Made(site, source, entries, kept)
    jobs = [(feed, name) for feed in feeds for name in site.formats]
    jobs += [(page, name) for page in archive for name in ARCHIVE_FORMATS if name in site.formats]
    files: dict[str, bytes] = {}  # the files made; made.kept: the files kept as they are on disk
    links = made.feeds(jobs, files, report)[: len(feeds) * len(site.formats)]
    latest = planned.site_feed.entries
    made.file(
        files,
        pages.INDEX_FILE,
        ["index", repr(links), *map(made.entry_key, latest)],
        lambda: pages.index_html(site, links, made.entries(latest)),
    )
    made.file(files, pages.OPML_FILE, ["opml", repr(links)], lambda: pages.opml(site, links))
    if any(link.kind != "site" for link in links):
        by_name = functools.partial(pages.opml, site, links, named=True)
        made.file(files, pages.NAMES_OPML_FILE, ["opml-names", repr(links)], by_name)
    if styled:
        made.file(files, feedstyle.CSS_FILE, ["css", feedstyle.CSS], lambda: feedstyle.CSS.encode("utf-8"))
    if styled == "xslt":
        made.file(files, feedstyle.XSL_FILE, ["xsl", feedstyle.XSL], lambda: feedstyle.XSL.encode("utf-8"))
    taken = _subscribe_pages(site, made, feeds, links, files)
    if site.pages:
        _article_pages(site, source, made, latest, links, files=files, taken=taken, report=report)
    return OutputFiles(site.output_dir, files, made.kept_files), links


def _subscribe_pages(
    site: Site, made: _Made[A], feeds: Sequence[Feed[Stand[A]]], links: Sequence[FeedLink], files: dict[str, bytes]
) -> set[str]:
    """A subscribe page beside each feed's files, listing its latest items; returns their paths."""
    count = len(site.formats)
    paths = set()
    for index, feed in enumerate(feeds):
        group = links[index * count : (index + 1) * count]
        shown = [Stand(stand.article, "summary") for stand in feed.entries[: subscribe.LATEST]]
        path = feed.path + pages.SUBSCRIBE_FILE
        paths.add(path)
        made.file(
            files,
            path,
            ["subscribe", repr(group), *map(made.entry_key, shown)],
            lambda group=group, shown=shown: subscribe.subscribe_page(site, group, made.entries(shown)),  # type: ignore[misc]
        )
    return paths


def _article_pages(
    site: Site,
    source: Source[A],
    made: _Made[A],
    latest: Sequence[Stand[A]],
    links: Sequence[FeedLink],
    *,
    files: dict[str, bytes],
    taken: set[str],
    report: Report,
) -> None:
    """A page at each article's address in the site feed, its tags and categories linked to their feeds, and
    the local files it links to (images, audio) copied beside it."""
    feed_pages = {(link.kind, link.name): pages.subscribe_url(link.url) for link in links if link.kind != "site"}
    made_pages = set(taken)
    clashes = _Taken([*files, *made.kept_files])
    wanted = []
    for stand in latest:
        path = pages.page_path(site, source.url(stand.article))
        if path and path not in made_pages:
            clashes.check(path, _shown_source(site, stand.article))
            made_pages.add(path)
            wanted.append((path, Stand(stand.article, "full")))
    full = made.entries([stand for _, stand in wanted])
    copied: set[str] = set()
    for (path, stand), entry in zip(wanted, full, strict=True):
        terms = [(kind, name) for kind in ("tags", "categories") for name in getattr(entry.article, kind)]
        linked = {term: feed_pages[term] for term in terms if term in feed_pages}
        made.file(
            files,
            path,
            ["page", made.entry_key(stand), repr(sorted(linked.items()))],
            lambda entry=entry, linked=linked: pages.article_page(site, entry, linked),  # type: ignore[misc]
        )
        for name, local in media.linked_files(site, entry, report).items():
            if name not in copied and name not in made_pages:
                copied.add(name)
                stat = local.stat()
                key = ["media", str(local), str(stat.st_size), str(stat.st_mtime_ns)]
                made.file(files, name, key, local.read_bytes)


class _Taken:
    """The output folder's paths so far, and the folders they need: a page may take neither."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.files = set(paths)
        self.folders = {path.rsplit("/", 1)[0] for path in self.files if "/" in path}
        for folder in list(self.folders):
            parts = folder.split("/")
            self.folders.update("/".join(parts[:end]) for end in range(1, len(parts)))

    def check(self, path: str, article: str) -> None:
        """Raise ArticleError, before anything is written, if the page at ``path`` would take the place
        of another output file or a folder of them, or need a folder where a file is."""
        parts = path.split("/")
        clash = path if path in self.files or path in self.folders else None
        for end in range(1, len(parts)):
            if clash is None and "/".join(parts[:end]) in self.files:
                clash = "/".join(parts[:end])
        if clash is not None:
            raise ArticleError(
                [
                    Problem(
                        path=article,
                        field="url",
                        message=f"its page {path} would take the place of the output file or folder {clash}",
                        hint="give the article another 'url' or 'slug'",
                    )
                ]
            )
        self.files.add(path)
        self.folders.update("/".join(parts[:end]) for end in range(1, len(parts)))


def _shown_source(site: Site, article: object) -> str:
    """The article's file as messages name it (an Article knows it; a placed card knows its path inside
    the articles folder)."""
    if isinstance(article, Article):
        return article.path
    card = getattr(article, "card", None)
    return shown_path(site.articles_dir / card.source) if card is not None else "an article"


class _Made(Generic[A]):
    """The files of one build: kept ones read, the others made from articles had in full on demand."""

    def __init__(self, site: Site, source: Source[A], entries: EntryCache, kept: Kept | None) -> None:
        self.site, self.source, self.cache, self.kept = site, source, entries, kept
        self._articles: dict[int, Article] = {}  # by id() of the planned article (which the plan keeps alive)
        self._bodies: dict[int, bool] = {}  # whether each was asked for with its body
        self._keys: dict[int, str] = {}
        self.kept_files: list[str] = []  # files kept as they are on disk

    def entry_key(self, stand: Stand[A]) -> str:
        key = self._keys.get(id(stand.article))
        if key is None:
            key = self._keys[id(stand.article)] = self.source.key(stand.article)
        return f"{key}:{stand.mode}"

    def entries(self, stands: Sequence[Stand[A]]) -> list[Entry]:
        """The entries in full: their articles had (in one batch) and their bodies rendered (in one batch)."""
        full = {id(stand.article) for stand in stands if stand.mode == "full"}
        missing = {
            key: stand.article
            for stand in stands
            if (key := id(stand.article)) not in self._articles or (key in full and not self._bodies[key])
        }
        if missing:
            bodies = [key in full for key in missing]
            self._articles.update(zip(missing, self.source.full(list(missing.values()), bodies), strict=True))
            self._bodies.update(zip(missing, bodies, strict=True))
        pairs = [(self._articles[id(stand.article)], stand.mode) for stand in stands]
        self.cache.prepare(pairs)
        return [self.cache(article, mode) for article, mode in pairs]

    def feeds(
        self, jobs: list[tuple[Feed[Stand[A]], FeedFormat]], files: dict[str, bytes], report: Report
    ) -> list[FeedLink]:
        """Each feed in each format, in order: its bytes into ``files``, its warnings into ``report``.

        Files the last build made from the same inputs are taken from disk; the others are rendered,
        by format on several cores when there are many."""
        paths = [feed.path + FORMATS[name].file_name for feed, name in jobs]
        keys = [self._feed_key(feed, name) for feed, name in jobs]
        found = [self.kept.kept(path, key) if self.kept else None for path, key in zip(paths, keys, strict=True)]
        todo = [index for index, known in enumerate(found) if known is None]
        full = self._full_feeds([jobs[index][0] for index in todo])
        work = functools.partial(render_one, site=self.site)
        todo_jobs = [(full[id(jobs[i][0])], jobs[i][1], paths[i]) for i in todo]
        rendered = parallel.in_parallel(todo_jobs, work, self.cache.progress)
        made = dict(zip(todo, rendered, strict=True))
        links = []
        for index, ((feed, name), path, key) in enumerate(zip(jobs, paths, keys, strict=True)):
            known = found[index]
            if known is not None:
                record = known
                self.kept_files.append(path)
            else:
                data, items, problems = made[index]
                record = MadeFile(key, items, problems)
                files[path] = data
            if self.kept:
                self.kept.made[path] = record
            report.extend(record.problems)
            form = FORMATS[name]
            links.append(
                FeedLink(
                    title=f"{feed.title} ({pages.LABELS[name]})",  # one naming of the formats, shared with pages
                    url=feed.url_of(form.file_name),
                    path=path,
                    format=name,
                    media_type=form.media_type,
                    kind=feed.kind,
                    name=feed.name,
                    items=record.items,
                )
            )
        return links

    def _full_feeds(self, feeds: Iterable[Feed[Stand[A]]]) -> dict[int, Feed[Entry]]:
        """The feeds with their entries in full (by id() of the planned feed), every article had at once."""
        feeds = list({id(feed): feed for feed in feeds}.values())
        stands = [stand for feed in feeds for stand in feed.entries]
        made = iter(self.entries(stands))
        return {id(feed): feed.with_entries(tuple(next(made) for _ in feed.entries)) for feed in feeds}

    def _feed_key(self, feed: Feed[Stand[A]], name: FeedFormat) -> str:
        if self.kept is None:
            return ""
        header = repr(dataclasses.replace(feed, entries=()))
        return self.kept.key(["feed", name, str(self.site.max_bytes), header, *map(self.entry_key, feed.entries)])

    def file(self, files: dict[str, bytes], path: str, parts: list[str], make: Callable[[], bytes]) -> None:
        """A file that is not a feed: kept if its key is the last build's, else made into ``files``."""
        if self.kept is None:
            files[path] = make()
            return
        key = self.kept.key(parts)
        if self.kept.kept(path, key) is not None:
            self.kept_files.append(path)
        else:
            files[path] = make()
        self.kept.made[path] = MadeFile(key, 0, ())


def render_one(feed: Feed[Entry], name: FeedFormat, path: str, *, site: Site) -> tuple[bytes, int, tuple[Problem, ...]]:
    """One feed file within the site's byte budget: its bytes, its item count and its warnings."""
    local = Report()
    shown = shown_path(site.output_dir / path)
    data, items = within_budget(feed, FORMATS[name].render, max_bytes=site.max_bytes, path=shown, report=local)
    return data, items, tuple(local)


def within_budget(
    feed: Feed[Entry], render: Callable[[Feed[Entry]], bytes], *, max_bytes: int, path: str, report: Report
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
    if len(data) > max_bytes and entries:
        data, entries[0] = _summary_cut(feed, entries[0], render, data, max_bytes=max_bytes, path=path, report=report)
    if len(data) > max_bytes:
        report.warn(
            path,
            f"is {len(data):,} bytes even with one item, over max_bytes {max_bytes:,}",
            hint="shorten that article's title or summary, or raise max_bytes",
        )
    return data, len(entries)


def _summary_cut(
    feed: Feed[Entry],
    entry: Entry,
    render: Callable[[Feed[Entry]], bytes],
    data: bytes,
    *,
    max_bytes: int,
    path: str,
    report: Report,
) -> tuple[bytes, Entry]:
    """The feed with its one item's summary cut (at a word) until the feed is within ``max_bytes``: a
    summary given in the front matter has no length limit of its own.  A few renders at most."""
    summary = written = entry.summary
    for _ in range(4):
        excess = len(data) - max_bytes
        if excess <= 0 or len(summary) <= 1:
            break
        # the summary is most of the feed: cut it in the proportion the feed is over, and a tenth more
        summary = content.shorten(summary, int(len(summary) * max_bytes / len(data) * 0.9))
        entry = dataclasses.replace(entry, summary=summary)
        data = render(dataclasses.replace(feed, entries=(entry,)))
    if len(summary) < len(written):
        report.add(_budget_warning(path, entry, f"has its summary cut to {len(summary):,} characters", max_bytes))
    return data, entry


def _budget_warning(path: str, entry: Entry, what: str, max_bytes: int) -> Problem:
    return Problem(
        path=path,
        level=Level.WARNING,
        message=f"{entry.article.path} {what}: the feed would be over {max_bytes:,} bytes",
        hint="raise max_bytes, lower limit, or use content: summary",
    )
