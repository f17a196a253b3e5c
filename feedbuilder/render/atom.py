"""Feed -> Atom 1.0 bytes.  With rss.py, the only module that imports feedgen.

feedgen 1.0.0 writes only ``href`` on entry links (its issue #135): an
enclosure becomes a second alternate link.  :class:`_Entry` puts the
attributes back.

An article's ``<entry>`` is made by feedgen once per build and reused by the
other feeds that carry the same entry (shared_items.py).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from feedbuilder.model import Author, Entry, Feed
from feedbuilder.render import feedstyle, shared_items

FILE_NAME = "atom.xml"
MEDIA_TYPE = "application/atom+xml"
MEDIA_NS = "http://search.yahoo.com/mrss/"
HISTORY_NS = "http://purl.org/syndication/history/1.0"
_LINK_ATTRIBUTES = ("rel", "type", "hreflang", "title", "length")
_LAYOUT = shared_items.Layout(tag=b"entry", before=b"\n  ", closing=b"\n</feed>")
ITEMS = shared_items.ItemCache("atom")  # this build's <entry> elements, serialized


class _Extras(BaseExtension):  # type: ignore[misc]
    """Namespaces for Media RSS thumbnails and the RFC 5005 archive marker."""

    feed: Feed[Entry]

    def extend_ns(self) -> dict[str, str]:
        spaces = {"media": MEDIA_NS} if any(e.article.image for e in self.feed.entries) else {}
        if self.feed.is_archive:
            spaces["fh"] = HISTORY_NS
        return spaces

    def extend_atom(self, root: Any) -> Any:
        if self.feed.is_archive:
            xml_elem(f"{{{HISTORY_NS}}}archive", root)
        return root


class _Entry(FeedEntry):  # type: ignore[misc]
    """A feedgen entry whose Atom links keep rel, type and length, with the article's picture."""

    image: str | None = None

    def atom_entry(self, extensions: bool = True) -> Any:
        element = super().atom_entry(extensions)
        written = element.findall("link")  # feedgen builds Atom without a namespace
        for link_element, link in zip(written, self.link() or [], strict=True):
            for name in _LINK_ATTRIBUTES:
                if link.get(name):
                    link_element.set(name, str(link[name]))
        if self.image:
            kind = mimetypes.guess_type(self.image.split("?")[0])[0] or "image/jpeg"
            xml_elem(f"{{{MEDIA_NS}}}content", element, url=self.image, medium="image", type=kind)
            xml_elem(f"{{{MEDIA_NS}}}thumbnail", element, url=self.image)
        return element


def render(feed: Feed[Entry], *, file_name: str = FILE_NAME, reuse: bool = True) -> bytes:
    """The Atom 1.0 document for ``feed``, pretty-printed UTF-8.

    Entries made for an earlier feed of this build are reused (see
    shared_items.py); ``reuse=False`` makes every entry afresh, the document the
    reused one must equal byte for byte.
    """

    def document(entries: Sequence[Entry]) -> bytes:
        fg = _header(feed, file_name)
        for entry in entries:
            fg.add_entry(_entry(entry), order="append")
        return bytes(fg.atom_str(pretty=True))

    data = shared_items.splice(feed.entries, ITEMS if reuse else None, document, _LAYOUT)
    return feedstyle.with_instructions(data, feed.path, feed.stylesheet) if feed.stylesheet else data


def _header(feed: Feed[Entry], file_name: str) -> FeedGenerator:
    """A feedgen generator holding everything of ``feed`` but its entries."""
    fg = FeedGenerator()
    fg.register_extension("feedbuilder", _Extras, None, atom=True, rss=False)
    fg.feedbuilder.feed = feed  # all entries, also those not rendered now: they decide the namespaces
    fg.id(feed.id)
    fg.title(feed.title)
    fg.subtitle(feed.description)
    fg.link(href=feed.url_of(file_name), rel="self", type=MEDIA_TYPE)
    fg.link(href=feed.home_url, rel="alternate", type="text/html")
    for hub in feed.hubs:
        fg.link(href=hub, rel="hub")
    for rel, folder in feed.archive_links:
        fg.link(href=folder + FILE_NAME, rel=rel, type=MEDIA_TYPE)
    if feed.language:
        fg.language(feed.language)
    fg.generator("feedbuilder", version=feed.generator_version)
    fg.updated(feed.updated)
    for author in feed.authors:
        fg.author(_person(author))
    return fg


def _entry(entry: Entry) -> _Entry:
    article = entry.article
    item = _Entry()
    item.image = article.image
    item.id(article.id)
    item.title(article.title)
    item.link(href=article.url, rel="alternate", type="text/html")
    if article.enclosure:
        enclosure = article.enclosure
        item.link(href=enclosure.url, rel="enclosure", type=enclosure.type, length=str(enclosure.length))
    item.published(article.published)
    item.updated(article.updated)
    if entry.summary:
        item.summary(entry.summary, type="text")
    if entry.content_html:
        item.content(entry.content_html, type="html")
    # One call each: feedgen redoes every author and category already given at each call.
    if entry.authors:
        # Names and addresses, no e-mail: feedparser gives an author without one the e-mail of the author before.
        item.author([_person(author, email=False) for author in entry.authors])
    terms = dict.fromkeys(article.tags + article.categories)
    if terms:
        item.category([{"term": term} for term in terms])
    return item


def _person(author: Author, *, email: bool = True) -> dict[str, str]:
    person = {"name": author.name}
    if author.email and email:
        person["email"] = author.email
    if author.url:
        person["uri"] = author.url
    return person
