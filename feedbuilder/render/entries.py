"""Articles as feeds carry them: each body rendered once to safe, absolute HTML.

Rendering Markdown is most of a build's work, so bodies are rendered only for
articles that appear in some feed, once however many feeds carry them, in
parallel across cores when there are many, and kept between builds in the
render cache (kept_bodies.py).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator

from feedbuilder.model import Article, Author, ContentMode, Entry, Progress, Site
from feedbuilder.render import content
from feedbuilder.site.select import site_authors
from feedbuilder.sources import forking
from feedbuilder.sources.forking import large_process
from feedbuilder.version import __version__

SUMMARY_CHARACTERS = 400  # a derived summary is cut at a word boundary after this many characters
Rendered = tuple[str, str | None]  # (summary derived from the body, full HTML if it was needed)
RENDER_SCHEMA = f"feedbuilder-render-cache/2/{__version__}"


def key_of(article: Article) -> str:
    """What a body's rendering depends on, hashed: the render cache's key (kept_bodies.py)."""
    head = "\x00".join((RENDER_SCHEMA, article.body_format, article.url, article.summary or "", ""))
    joined = hashlib.sha256(head.encode("utf-8", "surrogatepass"))
    joined.update(article.body_utf8)  # the same bytes as the body's text joined in and encoded
    return joined.hexdigest()


PARALLEL_FROM = 300  # bodies; below this, starting worker processes costs more than it saves


def render_body(article: Article) -> Rendered:
    """The summary derived from the body (if the article gives none) and the full HTML."""
    markdown = article.body_format == "markdown"
    return render_summary(article)[0], content.body_to_html(article.body, markdown=markdown, base_url=article.url)


def render_summary(article: Article) -> Rendered:
    """Only the summary (cheaper: no sanitising, no URLs made absolute); the HTML is left for later."""
    markdown = article.body_format == "markdown"
    derived = content.shorten(content.derive_summary(article.body, markdown=markdown), SUMMARY_CHARACTERS)
    return article.summary or derived or article.title, None  # readers need some text (Atom MissingTextualContent)


def needs_rendering(article: Article, mode: ContentMode) -> bool:
    """Whether the entry needs the body rendered: for its full text, or for a summary derived from it."""
    return mode == "full" or not article.summary


def _render_many(work: list[tuple[Article, bool]]) -> list[Rendered]:
    return [_render_one(item) for item in work]


def _render_one(item: tuple[Article, bool]) -> Rendered:
    article, full = item
    return render_body(article) if full else render_summary(article)


class EntryCache:
    """Entries made from rendered bodies: from the cache, rendered in a batch, or on demand."""

    def __init__(
        self,
        site: Site,
        *,
        cached: dict[str, Rendered] | None = None,
        workers: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        self._site = site
        self._cached = cached or {}
        self._rendered: dict[str, Rendered] = {}
        self._entries: dict[tuple[str, ContentMode], Entry] = {}
        self._workers = workers if workers is not None else (os.cpu_count() or 1)
        self._progress = progress

    @property
    def progress(self) -> Progress | None:
        """How the build shows its long steps (the feed files' rendering uses it too)."""
        return self._progress

    @property
    def used(self) -> dict[str, Rendered]:
        """Every rendering this build used, keyed for the render cache."""
        return self._rendered

    def prepare(self, needed: Iterable[tuple[Article, ContentMode]]) -> None:
        """Render what the entries need and is not yet known (a summary, or the full text), in parallel
        when there is much of it."""
        missing: dict[str, tuple[Article, bool]] = {}
        for article, mode in needed:
            if not needs_rendering(article, mode):
                continue
            full = mode == "full"
            key = key_of(article)
            for known in (self._rendered, self._cached):
                if key in known and (known[key][1] is not None or not full):
                    self._rendered[key] = known[key]
                    break
            else:
                if full or key not in missing:
                    missing[key] = (article, full)
        results = self._render(list(missing.values()))
        self._rendered.update(zip(missing, results, strict=True))

    def _render(self, work: list[tuple[Article, bool]]) -> Iterator[Rendered]:
        if len(work) < PARALLEL_FROM or self._workers < 2 or large_process():
            done: Iterator[Rendered] = map(_render_one, work)
        else:
            done = self._in_parallel(work)
        return self._progress(done, len(work), "rendering") if self._progress and work else done

    def _in_parallel(self, work: list[tuple[Article, bool]]) -> Iterator[Rendered]:
        size = 64
        chunks = [work[i : i + size] for i in range(0, len(work), size)]
        with forking.pool(self._workers) as pool:
            for chunk in pool.map(_render_many, chunks):
                yield from chunk

    def __call__(self, article: Article, mode: ContentMode) -> Entry:
        """The entry for the article in that mode: one value however many feeds carry it."""
        made = self._entries.get((article.id, mode))
        if made is None or made.article is not article:
            made = self._entries[article.id, mode] = self._entry(article, mode)
        return made

    def _entry(self, article: Article, mode: ContentMode) -> Entry:
        if not needs_rendering(article, mode):
            return Entry(
                article=article, summary=article.summary or "", content_html=None, authors=self._authors(article)
            )
        key = key_of(article)
        known = self._rendered.get(key)
        if known is None or (mode == "full" and known[1] is None):
            self.prepare([(article, mode)])
        summary, html = self._rendered[key]
        return Entry(
            article=article,
            summary=summary,
            content_html=(html or None) if mode == "full" else None,
            authors=self._authors(article),
        )

    def _authors(self, article: Article) -> tuple[Author, ...]:
        return article.authors or site_authors(self._site)


def to_entry(article: Article, *, site: Site, mode: ContentMode) -> Entry:
    """One article on its own (for ``explain`` and tests)."""
    return EntryCache(site, workers=1)(article, mode)
