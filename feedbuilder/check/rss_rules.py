"""RSS 2.0 rules (the RSS Advisory Board's spec, its Best Practices Profile, and what the W3C validator
checks), also for RSS 0.91 and 0.92: vocabulary, cardinality and values of every element it defines."""

from __future__ import annotations

import urllib.parse

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check import rss_itunes as itunes
from feedbuilder.check import rss_vocabulary as vocabulary
from feedbuilder.check.common import (
    MIME_TYPE,
    check_id,
    check_url,
    is_web_url,
    show,
)
from feedbuilder.check.html_rules import HtmlReport, check_tag
from feedbuilder.check.rss_media import check_media
from feedbuilder.check.rss_values import VALUE_CHECKS, check_attributes, check_image_size, check_skips
from feedbuilder.check.rss_vocabulary import Spec
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

SELF_LINK_FIELD = "channel/atom:link"
_CHILDREN = {
    **vocabulary.CHILDREN,
    "channel": {**vocabulary.CHANNEL, **itunes.CHANNEL},
    "item": {**vocabulary.ITEM, **itunes.ITEM},
}
_CLOSED = vocabulary.CLOSED | {itunes.ITUNES}
_VALUE_CHECKS = {**VALUE_CHECKS, **itunes.VALUE_CHECKS}
_RSS_NAMES = frozenset(name for children in vocabulary.CHILDREN.values() for name in children if "{" not in name)
_RSS_NAMES |= {"rss", "channel"}
_REQUIRED_HINTS = {
    "title": "give it a title",
    "link": "give it the absolute URL of the web page",
    "description": "give it a one-line description",
    "url": "give the image's absolute URL",
    "name": "give the form field's name",
    "hour": "list the hours (0-23) readers may skip",
    "day": "list the days (Monday..Sunday) readers may skip",
}


def check_rss(feed: XmlFeed) -> None:
    """Check an <rss version="2.0"> (or 0.91, 0.92) document."""
    root, sink = feed.root, feed.sink
    for child in root:
        if isinstance(child.tag, str) and child.tag != "channel":
            _undefined(feed, child, f"rss/{display_name(child)}")
    channel = root.find("channel")
    if channel is None:
        sink.add(
            "rss-no-channel", "rss/channel", "is missing", "put the feed's elements inside <channel>", line_of(root)
        )
        return
    if len(root.findall("channel")) > 1:
        sink.add(
            "rss-duplicate", "rss/channel", "appears twice", "keep one channel", line_of(root.findall("channel")[1])
        )
    for item in root.iterchildren("item"):
        hint = "put every item inside <channel>"
        sink.add("rss-misplaced", "rss/item", "is outside the channel", hint, line_of(item))
    self_href = _check_self_link(feed, channel)
    _check_children(feed, channel, "channel", "channel")
    check_media(feed, channel, "channel")
    _check_same_semantics(feed, channel, vocabulary.SAME_CHANNEL, "channel")
    _check_order(feed, channel)
    _check_home(feed, channel, self_href)
    guids: dict[str, int] = {}
    for index, item in enumerate(channel.iterchildren("item"), 1):
        _check_item(feed, item, index, guids)


def _check_order(feed: XmlFeed, channel: Element) -> None:
    """Items come after the channel's own elements (some readers stop at the first item)."""
    after_item = False
    for child in channel:
        if isinstance(child.tag, str):
            if child.tag == "item":
                after_item = True
            elif after_item and child.tag in vocabulary.CHANNEL:
                hint = "put the channel's own elements before the first item"
                where = f"channel/{display_name(child)}"
                feed.sink.add("rss-misplaced", where, "comes after an item", hint, line_of(child))
                return


def _check_same_semantics(feed: XmlFeed, parent: Element, pairs: tuple[tuple[str, str], ...], field: str) -> None:
    for core, extension in pairs:
        ext = parent.find(extension)
        if ext is not None and parent.find(core) is not None:
            core_name = core if "{" not in core else display_name(parent.find(core))
            hint = f"keep one of <{core_name}> and <{display_name(ext)}>"
            message = f"says what <{core_name}> says"
            feed.sink.add("rss-duplicate-semantics", f"{field}/{display_name(ext)}", message, hint, line_of(ext))


def _check_children(feed: XmlFeed, parent: Element, kind: str, field: str) -> None:
    """The children of one RSS element: required ones there, single ones once, none undefined, each valid."""
    children = _CHILDREN[kind]
    seen: dict[str, int] = {}
    _check_text(feed, parent, field)
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        where = f"{field}/{display_name(child)}"
        spec = children.get(child.tag)
        if spec is None:
            namespace = etree.QName(child).namespace or ""
            if namespace == "" or (namespace in _CLOSED and kind in ("channel", "item")):
                _undefined(feed, child, where)
            elif namespace not in _CLOSED:
                _check_extension(feed, child, where)
            continue
        seen[child.tag] = seen.get(child.tag, 0) + 1
        if spec.once and seen[child.tag] == 2:
            feed.sink.add("rss-duplicate", where, f"appears twice in one {kind}", "keep one", line_of(child))
        _check_value(feed, child, spec, where)
    for name in vocabulary.REQUIRED.get(kind, ()):
        found = parent.find(name)
        if found is None or (name in ("title", "link", "url", "name") and not text_of(found)):
            said = "is missing" if found is None else "is empty"
            line = line_of(parent if found is None else found)
            feed.sink.add("rss-missing", f"{field}/{name}", said, _REQUIRED_HINTS.get(name), line)


def _check_extension(feed: XmlFeed, element: Element, where: str) -> None:
    """Inside an extension element, an element without namespace must be one of RSS's own."""
    if element.tag == f"{{{vocabulary.XHTML}}}body":
        report = HtmlReport(feed.sink, where)
        for node in element.iterdescendants():
            if isinstance(node.tag, str):
                attrs = [(str(key), str(value)) for key, value in node.attrib.items() if not key.startswith("{")]
                check_tag(report, etree.QName(node).localname, attrs, line_of(node))
    for node in element.iterdescendants():
        if isinstance(node.tag, str) and etree.QName(node).namespace is None and node.tag not in _RSS_NAMES:
            hint = "give it the extension's namespace"
            message = f"<{node.tag}> inside <{display_name(element)}> is in no namespace"
            feed.sink.add("rss-undefined", f"{where}/{node.tag}", message, hint, line_of(node))
            return


def _check_text(feed: XmlFeed, parent: Element, field: str) -> None:
    """RSS's container elements hold elements only; text between them is a mistake."""
    stray = [str(parent.text or "")] + [str(child.tail or "") for child in parent]
    if any(text.strip() for text in stray):
        text = next(text.strip() for text in stray if text.strip())
        hint = "put the text inside an element, or remove it"
        feed.sink.add("rss-unexpected-text", field, f"holds the stray text {show(text)}", hint, line_of(parent))


def _undefined(feed: XmlFeed, element: Element, where: str) -> None:
    hint = "RSS does not define it; put extensions in their own namespace, or remove it"
    feed.sink.add(
        "rss-undefined", where, f"<{display_name(element)}> is not an RSS element here", hint, line_of(element)
    )


def _check_value(feed: XmlFeed, element: Element, spec: Spec, field: str) -> None:
    """The value of one element, by the kind its vocabulary gives it."""
    kind = spec.kind
    if kind == "textInput":
        hint = "most readers ignore it; link to a search page instead"
        feed.sink.add("rss-text-input-avoid", field, "is ignored by most readers", hint, line_of(element))
    if kind in vocabulary.CHILDREN and kind != "item":
        _check_children(feed, element, kind, field)
        if kind in ("skipHours", "skipDays"):
            check_skips(feed, element, kind, field)
        elif kind == "image":
            check_image_size(feed, element, field)
        return
    check = _VALUE_CHECKS.get(kind)
    if check is not None:
        check(feed, element, field)


def _check_self_link(feed: XmlFeed, channel: Element) -> str | None:
    sink, line = feed.sink, line_of(channel)
    links = [link for link in channel.iterchildren(f"{{{ATOM}}}link") if link.get("rel") == "self"]
    if not links:
        hint = 'add <atom:link href="FEED URL" rel="self" type="application/rss+xml"/> to the channel'
        sink.add("rss-self-link", SELF_LINK_FIELD, 'is missing: no atom:link rel="self"', hint, line)
        return None
    link = links[0]
    line, href, kind = line_of(link), attribute(link, "href") or "", attribute(link, "type")
    check_url(sink, SELF_LINK_FIELD, href, line)
    if kind != "application/rss+xml":
        said = "has no type" if kind is None else f"has the type {show(kind)}"
        sink.add("rss-self-link-type", SELF_LINK_FIELD, f'rel="self" {said}', 'write type="application/rss+xml"', line)
    check_expected_url(feed, SELF_LINK_FIELD, href, line)
    return href


def _check_home(feed: XmlFeed, channel: Element, self_href: str | None) -> None:
    link = channel.find("link")
    home = text_of(link)
    if home and home in (self_href, feed.expected_url):
        hint = "make it the website's home page"
        feed.sink.add("rss-home-is-feed", "channel/link", f"{show(home)} is the feed's own URL", hint, line_of(link))
    for name, own in (("link", home), ("title", text_of(channel.find("title")))):
        image = channel.find(f"image/{name}")
        if own and text_of(image) and text_of(image) != own:
            message = f"image {name} {show(text_of(image))} differs from the channel {name} {show(own)}"
            hint = f"use the channel {name}"
            feed.sink.add("rss-image-link", f"channel/image/{name}", message, hint, line_of(image))
    url = channel.find("image/url")
    path = urllib.parse.urlsplit(text_of(url)).path.lower() if url is not None else ""
    if url is not None and path.endswith((".tif", ".tiff", ".bmp", ".svg", ".ico", ".webp")):
        hint = "use a GIF, JPEG or PNG image"
        feed.sink.add("rss-image-format", "channel/image/url", "is not a GIF, JPEG or PNG", hint, line_of(url))


def _check_item(feed: XmlFeed, item: Element, index: int, guids: dict[str, int]) -> None:
    sink, field = feed.sink, f"item[{index}]"
    _check_children(feed, item, "item", field)
    check_media(feed, item, field)
    _check_same_semantics(feed, item, vocabulary.SAME_ITEM, field)
    _check_content_order(feed, item, field)
    if not text_of(item.find("title")) and not text_of(item.find("description")):
        hint = "give it a title"
        sink.add(
            "rss-item-empty", f"{field}/title", "the item has neither a title nor a description", hint, line_of(item)
        )
    _check_guid(feed, item, index, guids)
    _check_enclosures(feed, item, field)


def _check_content_order(feed: XmlFeed, item: Element, field: str) -> None:
    encoded = item.find(f"{{{vocabulary.CONTENT}}}encoded")
    if encoded is None:
        return
    description = item.find("description")
    if description is None or description.getparent().index(description) > item.index(encoded):
        hint = "give a description (a summary) before content:encoded; some readers show only the first"
        message = "comes without a description before it"
        feed.sink.add("rss-content-order", f"{field}/content:encoded", message, hint, line_of(encoded))


def _check_guid(feed: XmlFeed, item: Element, index: int, guids: dict[str, int]) -> None:
    sink, field = feed.sink, f"item[{index}]/guid"
    guid = item.find("guid")
    if guid is None:
        hint = "give every item a permanent guid, the same id as its Atom entry"
        sink.add("rss-guid-missing", field, "is missing", hint, line_of(item))
        return
    check_attributes(feed, guid, field, code="rss-guid-permalink")
    value, line, permalink = str(guid.text or "").strip(), line_of(guid), attribute(guid, "isPermaLink")
    # RSS readers strip the guid, as the W3C validator does
    if permalink not in (None, "true", "false"):
        message = f"isPermaLink={show(permalink)} is neither true nor false"
        sink.add("rss-guid-permalink", field, message, 'write isPermaLink="false"', line)
    elif permalink != "false" and (not is_web_url(value) or value.lower().startswith(("tag:", "urn:"))):
        said = 'isPermaLink="true"' if permalink else "no isPermaLink (which means true)"
        hint = 'add isPermaLink="false"; only the article\'s absolute URL is a permalink'
        sink.add("rss-guid-not-url", field, f"{show(value)} is not a URL but the guid has {said}", hint, line)
    if not value:
        sink.add("rss-guid-missing", field, "is empty", "give every item a permanent id", line)
        return
    check_id(sink, field, value, line, absolute=False)
    if permalink == "false" and value.isdigit() and len(value) < 9:
        hint = "use a tag: URI or the article's URL"
        sink.add("rss-guid-weak", field, f"{show(value)} is not unique enough", hint, line)
    if value in guids:
        hint = f"each item needs its own id; items {guids[value]} and {index}"
        sink.add("rss-guid-duplicate", field, f"{show(value)} appears twice", hint, line)
    elif value:
        guids[value] = index


def _check_enclosures(feed: XmlFeed, item: Element, field: str) -> None:
    sink, field = feed.sink, f"{field}/enclosure"
    enclosures = item.findall("enclosure")
    if len(enclosures) > 1:
        hint = "readers take only one; keep one per item"
        message = f"the item has {len(enclosures)} enclosures"
        sink.add("rss-enclosure-twice", field, message, hint, line_of(enclosures[1]))
    for enclosure in enclosures:
        line = line_of(enclosure)
        check_attributes(feed, enclosure, field, code="rss-enclosure")
        url, length, kind = (attribute(enclosure, name) for name in ("url", "length", "type"))
        if url is not None:
            check_url(sink, f"{field}/@url", url, line)
        if length is not None and not (length.isdigit() and length.isascii()):
            message = f"length {show(length)} is not a whole number of bytes"
            sink.add("rss-enclosure", f"{field}/@length", message, "write the size in bytes, or 0 when unknown", line)
        if kind is not None and not MIME_TYPE.fullmatch(kind):
            message = f"type {show(kind)} is not a MIME type"
            sink.add("rss-enclosure", f"{field}/@type", message, 'write the MIME type, e.g. type="audio/mpeg"', line)
