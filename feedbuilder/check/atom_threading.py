"""Atom Threading Extensions (RFC 4685) in Atom entries: thr:in-reply-to, thr:total, and replies links."""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check.common import MIME_TYPE, DateError, check_url, parse_rfc3339, show
from feedbuilder.check.xml_reading import ATOM, Element, XmlFeed, line_of

THR = "http://purl.org/syndication/thread/1.0"
_ELEMENTS = ("in-reply-to", "total")
_LINK_ATTRIBUTES = ("count", "updated")


def check_threading(feed: XmlFeed, entry: Element, field: str) -> None:
    """The threading elements of one entry, and the thr: attributes of its links."""
    for element in entry.iterchildren(f"{{{THR}}}*"):
        name = etree.QName(element).localname
        where, line = f"{field}/thr:{name}", line_of(element)
        if name not in _ELEMENTS:
            hint = "RFC 4685 defines thr:in-reply-to and thr:total"
            feed.sink.add("thr-value", where, f"<thr:{name}> is not a threading element", hint, line)
        elif name == "total":
            _check_count(feed, where, str(element.text or "").strip(), line)
        else:
            _check_in_reply_to(feed, element, where)
    for link in entry.iterchildren(f"{{{ATOM}}}link"):
        for key, value in link.attrib.items():
            if str(key).startswith(f"{{{THR}}}"):
                _check_link_attribute(feed, etree.QName(key).localname, str(value), f"{field}/link", line_of(link))


def _check_in_reply_to(feed: XmlFeed, element: Element, field: str) -> None:
    line, ref = line_of(element), element.get("ref")
    if ref is None:
        hint = "give the id of the entry this one replies to"
        feed.sink.add("thr-value", f"{field}/@ref", "is missing", hint, line)
    else:
        check_url(feed.sink, f"{field}/@ref", str(ref), line, web=False)
    for name in ("href", "source"):
        value = element.get(name)
        if value is not None:
            check_url(feed.sink, f"{field}/@{name}", str(value), line, web=False, relative="strict")
    kind = element.get("type")
    if kind is not None and not MIME_TYPE.fullmatch(str(kind)):
        feed.sink.add("thr-value", f"{field}/@type", f"{show(kind)} is not a MIME type", 'write "text/html"', line)


def _check_link_attribute(feed: XmlFeed, name: str, value: str, field: str, line: int | None) -> None:
    where = f"{field}/@thr:{name}"
    if name == "count":
        _check_count(feed, where, value, line)
    elif name == "updated":
        try:
            parse_rfc3339(value)
        except DateError as exc:
            feed.sink.add("thr-value", where, exc.args[0], exc.args[1], line)
    else:
        hint = f"a replies link takes thr:{' and thr:'.join(_LINK_ATTRIBUTES)}"
        feed.sink.add("thr-value", where, "is not a threading attribute", hint, line)


def _check_count(feed: XmlFeed, field: str, value: str, line: int | None) -> None:
    if not (value.isascii() and value.isdigit()):
        feed.sink.add("thr-value", field, f"{show(value)} is not a whole number", "write the number of replies", line)
