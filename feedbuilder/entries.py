"""An article as a feed carries it: body rendered once to safe, absolute HTML."""

from __future__ import annotations

from feedbuilder import content
from feedbuilder.model import Article, ContentMode, Entry, Site
from feedbuilder.select import site_authors


def to_entry(article: Article, *, site: Site, mode: ContentMode) -> Entry:
    """Render the body (Markdown or HTML) and settle the summary and authors."""
    markdown = article.body_format == "markdown"
    summary = article.summary or content.derive_summary(article.body, markdown=markdown)
    html = content.body_to_html(article.body, markdown=markdown, base_url=article.url) if mode == "full" else None
    return Entry(
        article=article,
        summary=summary,
        content_html=html or None,
        authors=article.authors or site_authors(site),
    )


class EntryCache:
    """Each article rendered once, however many feeds carry it."""

    def __init__(self, site: Site) -> None:
        self._site = site
        self._entries: dict[tuple[str, ContentMode], Entry] = {}

    def __call__(self, article: Article, mode: ContentMode) -> Entry:
        key = (article.id, mode)
        entry = self._entries.get(key)
        if entry is None:
            full = self._entries.get((article.id, "full"))
            if mode == "summary" and full is not None:
                entry = Entry(article=article, summary=full.summary, content_html=None, authors=full.authors)
            else:
                entry = to_entry(article, site=self._site, mode=mode)
            self._entries[key] = entry
        return entry
