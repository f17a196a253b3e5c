"""Feed -> RSS 2.0 bytes.  With atom.py, the only module that imports feedgen.

Traps handled here (see STANDARDS.md): the channel link is the *last*
``fg.link()`` call, so self goes first and the website last; dates are set
explicitly so nothing defaults to the build time; entries are appended in our
order; authors go in ``<author>`` only as one e-mail address, else in one
``dc:creator``; plain-text elements write ``&`` and ``<`` as character
references, as the RSS Best Practices Profile asks.
"""

from __future__ import annotations

import html
import re

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from feedbuilder.model import Entry, Feed

FILE_NAME = "rss.xml"
MEDIA_TYPE = "application/rss+xml"
_PLAIN_ELEMENTS = re.compile(rb"<(title|category|dc:creator|author)>([^<]*)</\1>")


def render(feed: Feed, *, file_name: str = FILE_NAME) -> bytes:
    """The RSS 2.0 document for ``feed``, pretty-printed UTF-8."""
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.title(feed.title)
    fg.description(feed.description)
    fg.link(href=feed.url_of(file_name), rel="self", type=MEDIA_TYPE)
    fg.link(href=feed.home_url, rel="alternate")  # last: it becomes <channel><link>
    if feed.language:
        fg.language(feed.language)
    fg.generator("feedbuilder", version=feed.generator_version)
    fg.updated(feed.updated)
    fg.pubDate(feed.updated)
    for entry in feed.entries:
        fg.add_entry(_item(entry), order="append")
    return _plain_text_references(fg.rss_str(pretty=True))


def _item(entry: Entry) -> FeedEntry:
    article = entry.article
    item = FeedEntry()
    item.load_extension("dc", atom=False, rss=True)
    item.title(article.title)
    item.link(href=article.url, rel="alternate")
    item.guid(article.id, permalink=article.id == article.url)
    item.published(article.published)
    item.updated(article.updated)
    item.description(html.escape(entry.summary, quote=False) if entry.summary else None)
    if entry.content_html:
        item.content(entry.content_html)
    if len(entry.authors) == 1 and entry.authors[0].email:
        item.author({"name": entry.authors[0].name, "email": entry.authors[0].email})
    else:
        item.dc.dc_creator(", ".join(a.name for a in entry.authors))
    for term in _terms(entry):
        item.category(term=term)
    if article.enclosure:
        enclosure = article.enclosure
        item.enclosure(enclosure.url, str(enclosure.length), enclosure.type)
    return item


def _terms(entry: Entry) -> list[str]:
    """Tags then categories, each once."""
    return list(dict.fromkeys(entry.article.tags + entry.article.categories))


def _plain_text_references(document: bytes) -> bytes:
    """``&amp;``/``&lt;`` -> ``&#x26;``/``&#x3C;`` inside plain-text elements.

    Safe because no CDATA is written: the text of these elements holds no
    markup, only lxml's escapes.
    """

    def rewrite(match: re.Match[bytes]) -> bytes:
        text = match.group(2).replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")
        return b"<%s>%s</%s>" % (match.group(1), text, match.group(1))

    return _PLAIN_ELEMENTS.sub(rewrite, document)
