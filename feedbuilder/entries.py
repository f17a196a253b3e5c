"""An article as a feed carries it: body rendered once to safe, absolute HTML."""

from __future__ import annotations

from feedbuilder import content
from feedbuilder.model import Article, Entry, Site
from feedbuilder.select import site_authors


def to_entry(article: Article, *, site: Site) -> Entry:
    """Render the body (Markdown or HTML) and settle the summary and authors."""
    markdown = article.body_format == "markdown"
    summary = article.summary or content.derive_summary(article.body, markdown=markdown)
    full = site.content == "full"
    html = content.body_to_html(article.body, markdown=markdown, base_url=article.url) if full else None
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
        self._entries: dict[str, Entry] = {}

    def __call__(self, article: Article) -> Entry:
        entry = self._entries.get(article.id)
        if entry is None:
            entry = self._entries[article.id] = to_entry(article, site=self._site)
        return entry
