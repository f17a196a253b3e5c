"""Articles as feeds carry them: each body rendered once to safe, absolute HTML.

Rendering Markdown is most of a build's work, so bodies are rendered only for
articles that appear in some feed, once however many feeds carry them, in
parallel across cores when there are many, and kept between builds in the
render cache (rendercache.py).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator

from feedbuilder import content, rendercache
from feedbuilder.model import Article, Author, ContentMode, Entry, Site
from feedbuilder.rendercache import Rendered
from feedbuilder.select import site_authors

SUMMARY_CHARACTERS = 400  # a derived summary is cut at a word boundary after this many characters
PARALLEL_FROM = 300  # bodies; below this, starting worker processes costs more than it saves
Progress = Callable[[Iterator[Rendered], int], Iterator[Rendered]]


def render_body(article: Article) -> Rendered:
    """The summary derived from the body (if the article gives none) and the full HTML."""
    markdown = article.body_format == "markdown"
    derived = content.shorten(content.derive_summary(article.body, markdown=markdown), SUMMARY_CHARACTERS)
    summary = article.summary or derived or article.title  # readers need some text (Atom MissingTextualContent)
    return summary, content.body_to_html(article.body, markdown=markdown, base_url=article.url)


def needs_rendering(article: Article, mode: ContentMode) -> bool:
    """Whether the entry needs the body rendered: for its full text, or for a summary derived from it."""
    return mode == "full" or not article.summary


def _render_many(articles: list[Article]) -> list[Rendered]:
    return [render_body(a) for a in articles]


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
        self._workers = workers if workers is not None else (os.cpu_count() or 1)
        self._progress = progress

    @property
    def used(self) -> dict[str, Rendered]:
        """Every rendering this build used, keyed for the render cache."""
        return self._rendered

    def prepare(self, articles: Iterable[Article]) -> None:
        """Render every body not yet known, in parallel when there are many."""
        missing: dict[str, Article] = {}
        for article in articles:
            key = rendercache.key_of(article)
            if key in self._rendered:
                continue
            if key in self._cached:
                self._rendered[key] = self._cached[key]
            else:
                missing[key] = article
        results = self._render(list(missing.values()))
        self._rendered.update(zip(missing, results, strict=True))

    def _render(self, articles: list[Article]) -> Iterator[Rendered]:
        if len(articles) < PARALLEL_FROM or self._workers < 2:
            done: Iterator[Rendered] = map(render_body, articles)
        else:
            done = self._in_parallel(articles)
        return self._progress(done, len(articles)) if self._progress and articles else done

    def _in_parallel(self, articles: list[Article]) -> Iterator[Rendered]:
        size = 64
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=self._workers, mp_context=context) as pool:
            for chunk in pool.map(_render_many, chunks):
                yield from chunk

    def __call__(self, article: Article, mode: ContentMode) -> Entry:
        if not needs_rendering(article, mode):
            return Entry(
                article=article, summary=article.summary or "", content_html=None, authors=self._authors(article)
            )
        key = rendercache.key_of(article)
        if key not in self._rendered:
            self.prepare([article])
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
