"""A feed's subscribe page (``subscribe.html`` beside its files): what a feed is, the addresses to copy,
one-click links for common readers, and the latest items.

Every feed link a person clicks on our pages leads here; ``<link rel="alternate">``, the OPML lists and
readers get the feed files themselves.  Pure, like pages.py: values in, UTF-8 bytes out.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence

from feedbuilder.model import Entry, FeedLink, Site
from feedbuilder.render import pages, templates
from feedbuilder.render.pages import LABELS

# Web readers that take a feed address in a link, each (name, address before the percent-encoded feed URL).
READERS: tuple[tuple[str, str], ...] = (
    ("Feedly", "https://feedly.com/i/subscription/feed%2F"),
    ("Inoreader", "https://www.inoreader.com/?add_feed="),
    ("NewsBlur", "https://www.newsblur.com/?url="),
    ("The Old Reader", "https://theoldreader.com/feeds/subscribe?url="),
)
WHAT = (
    "A feed is a list of a site's newest articles that a feed reader checks for you. Subscribe once and every "
    "new article appears in your reader, on your phone or computer: no account with this site, no e-mail, and "
    "you can stop at any time."
)
LATEST = 10  # items listed on the page


def subscribe_page(site: Site, links: Sequence[FeedLink], latest: Sequence[Entry]) -> bytes:
    """The page for one feed (``links``: its files, one per format) with its ``latest`` entries."""
    first = links[0]
    title = pages.feed_title(first)
    head = "".join(pages.alternate(link.media_type, link.title, link.url) for link in links)
    header = f'<p><a href="{pages.attribute(site.feed_url)}">{pages.text(site.title)}</a></p>\n'
    main = (
        f"<h1>Subscribe to {pages.text(title)}</h1>\n"
        f"<p>{pages.text(WHAT)}</p>\n"
        f"{_one_click(pages.preferred(links))}{_addresses(links)}{_latest(site, latest, first.items)}"
    )
    footer = f'<p><a href="{pages.attribute(site.feed_url)}">All articles and feeds</a></p>\n'
    return templates.page(
        lang=pages.lang_attribute(site.language),
        title=pages.text(f"Subscribe: {title}"),
        head=head,
        header=header,
        main=main,
        footer=footer,
    )


def _one_click(link: FeedLink) -> str:
    quoted = urllib.parse.quote(link.url, safe="")
    readers = "".join(f"<li>{pages.link(prefix + quoted, name)}</li>\n" for name, prefix in READERS)
    return (
        '<section aria-labelledby="one-click">\n<h2 id="one-click">In one click</h2>\n'
        f'<ul class="feeds">\n{readers}</ul>\n</section>\n'
    )


def _addresses(links: Sequence[FeedLink]) -> str:
    rows = "".join(
        f'<li id="{link.format}">{LABELS[link.format]}: <code>{pages.text(link.url)}</code></li>\n' for link in links
    )
    return (
        '<section aria-labelledby="copy">\n<h2 id="copy">Or copy an address into your reader</h2>\n'
        "<p>The formats carry the same articles: most readers take any of them.</p>\n"
        f'<ul class="feeds">\n{rows}</ul>\n</section>\n'
    )


def _latest(site: Site, latest: Sequence[Entry], items: int) -> str:
    parts = ['<section aria-labelledby="latest">\n<h2 id="latest">Latest articles in this feed</h2>\n']
    if not latest:
        parts.append("<p>No articles yet.</p>\n")
    for entry in latest[:LATEST]:
        article = entry.article
        parts.append(
            f'<article class="item">\n<h3>{pages.link(article.url, article.title)}</h3>\n'
            f"{pages.byline(site, entry)}</article>\n"
        )
    if items > LATEST:
        parts.append(f"<p>The feed carries the latest {items} articles.</p>\n")
    parts.append("</section>\n")
    return "".join(parts)
