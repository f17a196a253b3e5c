"""Feed -> RSS 2.0 bytes.  With atom.py, the only module that imports feedgen.

Traps handled here (see STANDARDS.md): the channel link is the *last*
``fg.link()`` call, so self goes first and the website last; dates are set
explicitly so nothing defaults to the build time; entries are appended in our
order; authors go in one ``dc:creator``, by name (``<author>`` would show an e-mail);
an item's change date in ``atom:updated``; plain-text elements write ``&`` and ``<`` as character
references, as the RSS Best Practices Profile asks.  Hub, archive, iTunes
and Media RSS elements are written by our own small feedgen extensions, not
feedgen's (its podcast extension writes ``itunes:explicit`` as yes/no and
drops ``.jpeg`` artwork).

An article's ``<item>`` is made by feedgen once per build and reused by the
other feeds that carry the same entry (shared_items.py).
"""

from __future__ import annotations

import datetime
import html
import mimetypes
import re
from collections.abc import Sequence
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from feedbuilder.model import Article, Entry, Feed, Podcast
from feedbuilder.render import feedstyle, shared_items

FILE_NAME = "rss.xml"
MEDIA_TYPE = "application/rss+xml"
ATOM_NS = "http://www.w3.org/2005/Atom"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
MEDIA_NS = "http://search.yahoo.com/mrss/"
HISTORY_NS = "http://purl.org/syndication/history/1.0"
# Plain-text elements, and <description>: its HTML, escaped, means the same with either escape.
# Only those whose text holds an escape ("&"; a "<" is always written "&lt;") need rewriting.
_PLAIN_ELEMENTS = re.compile(
    rb"<(title|description|category|dc:creator|author|itunes:author|itunes:name)>([^<&]*&[^<]*)</\1>"
)
_LAYOUT = shared_items.Layout(tag=b"item", before=b"\n    ", closing=b"\n  </channel>")
ITEMS = shared_items.ItemCache("rss")  # this build's <item> elements, serialized


class _Channel(BaseExtension):  # type: ignore[misc]
    """Hub and archive links, the archive marker and the podcast's iTunes elements."""

    feed: Feed[Entry]

    def extend_ns(self) -> dict[str, str]:
        spaces = {"media": MEDIA_NS} if any(e.article.image for e in self.feed.entries) else {}
        if self.feed.podcast:
            spaces["itunes"] = ITUNES_NS
        if self.feed.is_archive:
            spaces["fh"] = HISTORY_NS
        return spaces

    def extend_rss(self, root: Any) -> Any:
        channel = root.find("channel")
        for hub in self.feed.hubs:
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=hub, rel="hub")
        for rel, folder in self.feed.archive_links:
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=folder + FILE_NAME, rel=rel, type=MEDIA_TYPE)
        if self.feed.is_archive:
            xml_elem(f"{{{HISTORY_NS}}}archive", channel)
        if self.feed.podcast:
            _itunes_channel(channel, self.feed.podcast)
        return root


def _itunes_channel(channel: Any, podcast: Podcast) -> None:
    xml_elem(f"{{{ITUNES_NS}}}author", channel).text = podcast.owner.name
    owner = xml_elem(f"{{{ITUNES_NS}}}owner", channel)
    xml_elem(f"{{{ITUNES_NS}}}name", owner).text = podcast.owner.name
    xml_elem(f"{{{ITUNES_NS}}}email", owner).text = podcast.owner.email
    xml_elem(f"{{{ITUNES_NS}}}image", channel, href=podcast.artwork)
    parent = channel
    for level in (part.strip() for part in podcast.category.split(">")):
        parent = xml_elem(f"{{{ITUNES_NS}}}category", parent, text=level)
    xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = "true" if podcast.explicit else "false"


class _Item(BaseEntryExtension):  # type: ignore[misc]
    """The article's date of change as ``atom:updated``, its picture as Media RSS content and thumbnail."""

    article: Article | None = None

    def extend_rss(self, item: Any) -> Any:
        if self.article is not None:
            # RSS has no date of change; readers (feedparser, reader, rss-parser) take Atom's.
            updated = self.article.updated.astimezone(datetime.UTC)
            xml_elem(f"{{{ATOM_NS}}}updated", item).text = updated.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.article is not None and self.article.image:
            image = self.article.image
            kind = mimetypes.guess_type(image.split("?")[0])[0] or "image/jpeg"
            xml_elem(f"{{{MEDIA_NS}}}content", item, url=image, medium="image", type=kind)
            xml_elem(f"{{{MEDIA_NS}}}thumbnail", item, url=image)
        return item


def render(feed: Feed[Entry], *, file_name: str = FILE_NAME, reuse: bool = True) -> bytes:
    """The RSS 2.0 document for ``feed``, pretty-printed UTF-8.

    Items made for an earlier feed of this build are reused (see shared_items.py);
    ``reuse=False`` makes every item afresh, the document the reused one must
    equal byte for byte.
    """

    def document(entries: Sequence[Entry]) -> bytes:
        fg = _channel(feed, file_name)
        for entry in entries:
            fg.add_entry(_item(entry), order="append")
        return _plain_text_references(fg.rss_str(pretty=True))

    data = shared_items.splice(feed.entries, ITEMS if reuse else None, document, _LAYOUT)
    return feedstyle.with_instructions(data, feed.path, feed.stylesheet) if feed.stylesheet else data


def _channel(feed: Feed[Entry], file_name: str) -> FeedGenerator:
    """A feedgen generator holding everything of ``feed`` but its items."""
    fg = FeedGenerator()
    fg.register_extension("dc", DcExtension, DcEntryExtension, atom=False, rss=True)
    fg.register_extension("feedbuilder", _Channel, _Item, atom=False, rss=True)
    fg.feedbuilder.feed = feed  # all entries, also those not rendered now: they decide the namespaces
    fg.title(feed.title)
    fg.description(feed.description)
    fg.link(href=feed.url_of(file_name), rel="self", type=MEDIA_TYPE)
    fg.link(href=feed.home_url, rel="alternate")  # last: it becomes <channel><link>
    if feed.language:
        fg.language(feed.language)
    if feed.podcast:
        fg.image(url=feed.podcast.artwork, title=feed.title, link=feed.home_url)
    fg.generator("feedbuilder", version=feed.generator_version)
    fg.updated(feed.updated)
    fg.pubDate(feed.updated)
    return fg


def _item(entry: Entry) -> FeedEntry:
    article = entry.article
    item = FeedEntry()
    # The classes feedgen's load_extension("dc") would look up (with a failing import) for every item.
    item.register_extension("dc", DcEntryExtension, atom=False, rss=True)
    item.register_extension("feedbuilder", _Item, atom=False, rss=True)
    item.feedbuilder.article = article
    item.title(article.title)
    item.link(href=article.url, rel="alternate")
    item.guid(article.id, permalink=article.id == article.url)
    item.published(article.published)
    item.updated(article.updated)
    item.description(html.escape(entry.summary, quote=False) if entry.summary else None)
    if entry.content_html:
        item.content(entry.content_html)
    # Names in one dc:creator: readers show <author>'s e-mail address, not the name beside it, and of
    # several dc:creator elements rss-parser shows the first, feedparser's `author` the last.
    if entry.authors:
        item.dc.dc_creator(", ".join(author.name for author in entry.authors))
    terms = dict.fromkeys(article.tags + article.categories)
    if terms:
        item.category([{"term": term} for term in terms])  # one call: feedgen redoes every category per call
    if article.enclosure:
        enclosure = article.enclosure
        item.enclosure(enclosure.url, str(enclosure.length), enclosure.type)
    return item


def _plain_text_references(document: bytes) -> bytes:
    """``&amp;``/``&lt;`` -> ``&#x26;``/``&#x3C;`` inside plain-text elements.

    Safe because no CDATA is written: the text of these elements holds no
    markup, only lxml's escapes.
    """

    def rewrite(match: re.Match[bytes]) -> bytes:
        text = match.group(2).replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")
        return b"<%s>%s</%s>" % (match.group(1), text, match.group(1))

    return _PLAIN_ELEMENTS.sub(rewrite, document)
