"""RSS 2.0 rules (the RSS Advisory Board's spec and Best Practices Profile) for the feed checker."""

from __future__ import annotations

import re
import urllib.parse

from feedbuilder.check.common import (
    EMAIL_ADDRESS,
    LANGUAGE_TAG,
    MIME_TYPE,
    check_date,
    check_id,
    check_url,
    is_web_url,
    language_hint,
    show,
)
from feedbuilder.check.html_rules import check_html, check_plain_text
from feedbuilder.check.xml_reading import (
    ATOM,
    Element,
    XmlFeed,
    attribute,
    check_expected_url,
    display_name,
    line_of,
    text_of,
)

CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
SELF_LINK_FIELD = "channel/atom:link"

_EMAIL_WITH_NAME = re.compile(EMAIL_ADDRESS.pattern + r" \([^()]+\)")
_REQUIRED_HINTS = {
    "title": "give the channel the site's name",
    "link": "give the channel the website's home page URL",
    "description": "give the channel a one-line description of the site",
}


def check_rss(feed: XmlFeed) -> None:
    """Check an <rss version="2.0"> document."""
    channel = feed.root.find("channel")
    if channel is None:
        feed.sink.error("rss", "has no <channel>", "put the feed's elements inside <channel>", line_of(feed.root))
        return
    self_href = _check_self_link(feed, channel)
    _check_channel(feed, channel, self_href)
    guids: dict[str, int] = {}
    for index, item in enumerate(channel.iterchildren("item"), 1):
        _check_item(feed, item, index, guids)


def _check_self_link(feed: XmlFeed, channel: Element) -> str | None:
    sink, line = feed.sink, line_of(channel)
    links = [link for link in channel.iterchildren(f"{{{ATOM}}}link") if link.get("rel") == "self"]
    if not links:
        hint = 'add <atom:link href="FEED URL" rel="self" type="application/rss+xml"/> to the channel'
        sink.error(SELF_LINK_FIELD, 'is missing: no atom:link rel="self"', hint, line)
        return None
    link = links[0]
    line, href, kind = line_of(link), attribute(link, "href") or "", attribute(link, "type")
    check_url(sink, SELF_LINK_FIELD, href, line)
    if kind != "application/rss+xml":
        said = "has no type" if kind is None else f"has the type {show(kind)}"
        sink.error(SELF_LINK_FIELD, f'rel="self" {said}', 'write type="application/rss+xml"', line)
    check_expected_url(feed, SELF_LINK_FIELD, href, line)
    return href


def _check_channel(feed: XmlFeed, channel: Element, self_href: str | None) -> None:
    sink = feed.sink
    for name, hint in _REQUIRED_HINTS.items():
        if not text_of(channel.find(name)):
            sink.error(f"channel/{name}", "is missing or empty", hint, line_of(channel))
    link = channel.find("link")
    home = text_of(link)
    if home and check_url(sink, "channel/link", home, line_of(link)) and home in (self_href, feed.expected_url):
        hint = "make it the website's home page"
        sink.error("channel/link", f"channel link {show(home)} is the feed's own URL", hint, line_of(link))
    for name in ("title", "description"):
        _check_plain(feed, channel.find(name), f"channel/{name}")
    for category in channel.iterchildren("category"):
        _check_plain(feed, category, "channel/category")
    language = channel.find("language")
    if language is not None and not LANGUAGE_TAG.fullmatch(text_of(language)):
        value = text_of(language)
        sink.error("channel/language", f"{show(value)} is not a language tag", language_hint(value), line_of(language))
    for name in ("pubDate", "lastBuildDate"):
        _check_rss_date(feed, channel.find(name), f"channel/{name}")
    for name in ("managingEditor", "webMaster"):
        _check_email(feed, channel.find(name), f"channel/{name}")
    _check_image(feed, channel, home)


def _check_image(feed: XmlFeed, channel: Element, home: str) -> None:
    image = channel.find("image")
    if image is None:
        return
    for name in ("url", "title", "link"):
        if not text_of(image.find(name)):
            hint = "an image needs url, title and link"
            feed.sink.error(f"channel/image/{name}", "is missing or empty", hint, line_of(image))
    url, link = image.find("url"), image.find("link")
    if text_of(url):
        check_url(feed.sink, "channel/image/url", text_of(url), line_of(url))
    if text_of(link) and home and text_of(link) != home:
        message = f"image link {show(text_of(link))} differs from the channel link {show(home)}"
        feed.sink.warn("channel/image/link", message, "use the channel link (the home page)", line_of(link))


def _check_item(feed: XmlFeed, item: Element, index: int, guids: dict[str, int]) -> None:
    sink, field = feed.sink, f"item[{index}]"
    title = item.find("title")
    if not text_of(title) and not text_of(item.find("description")):
        sink.error(f"{field}/title", "the item has neither a title nor a description", "give it a title", line_of(item))
    _check_plain(feed, title, f"{field}/title")
    for category in item.iterchildren("category"):
        _check_plain(feed, category, f"{field}/category")
    _check_guid(feed, item, index, guids)
    link = item.find("link")
    if link is not None:
        check_url(sink, f"{field}/link", text_of(link), line_of(link))
    _check_rss_date(feed, item.find("pubDate"), f"{field}/pubDate")
    _check_authors(feed, item, field)
    _check_enclosures(feed, item, field)
    for html in (item.find("description"), item.find(CONTENT_ENCODED)):
        if html is not None and html.text:
            check_html(sink, f"{field}/{display_name(html)}", str(html.text), line_of(html))


def _check_guid(feed: XmlFeed, item: Element, index: int, guids: dict[str, int]) -> None:
    sink, field = feed.sink, f"item[{index}]/guid"
    guid = item.find("guid")
    if guid is None:
        hint = "give every item a permanent guid, the same id as its Atom entry"
        sink.error(field, "is missing", hint, line_of(item))
        return
    value, line, permalink = text_of(guid), line_of(guid), attribute(guid, "isPermaLink")
    check_id(sink, field, value, line, absolute=False)
    if permalink not in (None, "true", "false"):
        sink.error(field, f"isPermaLink={show(permalink)} is neither true nor false", 'write isPermaLink="false"', line)
    elif permalink != "false" and value and not is_web_url(value):
        said = 'isPermaLink="true"' if permalink else "no isPermaLink (which means true)"
        hint = 'add isPermaLink="false"; only the article\'s absolute URL is a permalink'
        sink.error(field, f"{show(value)} is not a URL but the guid has {said}", hint, line)
    if value in guids:
        hint = f"each item needs its own id; items {guids[value]} and {index}"
        sink.error(field, f"{show(value)} appears twice", hint, line)
    elif value:
        guids[value] = index


def _check_authors(feed: XmlFeed, item: Element, field: str) -> None:
    authors = item.findall("author")
    if len(authors) > 1:
        hint = "RSS allows one; name everyone in one dc:creator instead"
        feed.sink.error(f"{field}/author", f"the item has {len(authors)} authors", hint, line_of(authors[1]))
    for author in authors:
        _check_email(feed, author, f"{field}/author")
    creator = item.find(DC_CREATOR)
    if authors and creator is not None:
        hint = "keep one: dc:creator for names, author for an e-mail address"
        feed.sink.warn(f"{field}/dc:creator", "the item has both author and dc:creator", hint, line_of(creator))


def _check_email(feed: XmlFeed, element: Element | None, field: str) -> None:
    if element is None:
        return
    value, line = text_of(element), line_of(element)
    address = urllib.parse.unquote(value.removeprefix("mailto:"))  # RFC 2368 form is accepted too
    if _EMAIL_WITH_NAME.fullmatch(address):
        return
    if "@" in address:
        message = f"{show(value)} is not in the form address (name)"
        feed.sink.warn(field, message, "write jane@example.com (Jane Doe)", line)
    else:
        hint = "write jane@example.com (Jane Doe), or put a name without address in dc:creator"
        feed.sink.error(field, f"{show(value)} is not an e-mail address", hint, line)


def _check_enclosures(feed: XmlFeed, item: Element, field: str) -> None:
    sink, field = feed.sink, f"{field}/enclosure"
    enclosures = item.findall("enclosure")
    if len(enclosures) > 1:
        hint = "readers take only one; keep one per item"
        sink.error(field, f"the item has {len(enclosures)} enclosures", hint, line_of(enclosures[1]))
    for enclosure in enclosures:
        line = line_of(enclosure)
        url, length, kind = (attribute(enclosure, name) for name in ("url", "length", "type"))
        if url is None:
            sink.error(field, "has no url", "write the file's absolute URL", line)
        else:
            check_url(sink, field, url, line)
        if length is None or not length.isdigit() or not length.isascii():
            said = "has no length" if length is None else f"length {show(length)} is not a whole number of bytes"
            sink.error(field, said, "write the size in bytes, or 0 when unknown", line)
        if kind is None or not MIME_TYPE.fullmatch(kind):
            said = "has no type" if kind is None else f"type {show(kind)} is not a MIME type"
            sink.error(field, said, 'write the MIME type, e.g. type="audio/mpeg"', line)


def _check_rss_date(feed: XmlFeed, element: Element | None, field: str) -> None:
    if element is not None:
        check_date(feed.sink, field, text_of(element), line_of(element), rfc822=True)


def _check_plain(feed: XmlFeed, element: Element | None, field: str) -> None:
    if element is not None and text_of(element):
        hex_refs = feed.has_hex_refs(element)
        check_plain_text(feed.sink, field, text_of(element), line_of(element), rss=True, hex_refs=hex_refs)
