"""Atom 1.0 text constructs and content (RFC 4287 sections 3.1 and 4.1.3), and IRIs under xml:base."""

from __future__ import annotations

import base64
import binascii
import re

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check.common import MIME_TYPE, check_url, has_scheme, show
from feedbuilder.check.html_rules import HtmlReport, check_html, check_plain_text, check_tag
from feedbuilder.check.xml_reading import XML_BASE, Element, XmlFeed, line_of, local_name

XHTML = "http://www.w3.org/1999/xhtml"
SVG = "http://www.w3.org/2000/svg"
MATHML = "http://www.w3.org/1998/Math/MathML"
IANA_RELATIONS = "http://www.iana.org/assignments/relation/"
_XML_TYPE = re.compile(r"[\w.+-]+/(?:[\w.+-]+\+)?xml(?:\s*;.*)?|text/xml-external-parsed-entity", re.I)


def rel_of(link: Element) -> str:
    """A link's relation; none means alternate, and IANA's full URIs mean their short names."""
    return str(link.get("rel", "alternate")).removeprefix(IANA_RELATIONS)


def has_absolute_base(element: Element) -> bool:
    """Does an xml:base with a scheme apply to this element, so relative URLs resolve correctly?"""
    node = element
    while node is not None:
        base = node.get(XML_BASE)
        if base is not None and has_scheme(str(base)):
            return True
        node = node.getparent()
    return False


def check_href(feed: XmlFeed, element: Element, field: str, href: str) -> None:
    """A URL in Atom: an IRI reference, relative ones resolved against xml:base (RFC 4287 allows them;
    --strict asks for absolute ones unless an absolute xml:base applies)."""
    is_self = local_name(element) == "link" and rel_of(element) == "self"
    relative = "ok" if has_absolute_base(element) else "strict"
    if is_self and not has_scheme(href) and relative == "strict":
        hint = "write the feed's absolute URL"
        feed.sink.add("atom-self-relative", field, f"{show(href)} is relative", hint, line_of(element))
    check_url(feed.sink, field, href, line_of(element), web=is_self, relative=relative)


def check_text_construct(feed: XmlFeed, element: Element, field: str) -> None:
    """title, subtitle, rights, summary: type text, html or xhtml, and markup only where it says so."""
    sink, line, kind = feed.sink, line_of(element), element.get("type", "text")
    if kind not in ("text", "html", "xhtml"):
        sink.add("atom-type", field, f"type {show(kind)} is not text, html or xhtml", 'write type="html"', line)
        return
    _check_inline(feed, element, field, kind)


def check_content(feed: XmlFeed, element: Element, field: str) -> bool:
    """atom:content; True when the entry must also have a summary (out-of-line or binary content)."""
    sink, line, kind = feed.sink, line_of(element), element.get("type")
    src = element.get("src")
    if kind is not None and kind not in ("text", "html", "xhtml") and not MIME_TYPE.fullmatch(kind):
        message = f"type {show(kind)} is not text, html, xhtml or a MIME type"
        sink.add("atom-type", f"{field}/@type", message, 'write type="html"', line)
        return False
    if src is not None:
        if kind is None:
            hint = 'say what src points at, e.g. type="text/html"'
            sink.add("atom-content-type", f"{field}/@type", "is missing", hint, line)
        if kind in ("text", "html", "xhtml"):
            hint = 'give the MIME type of what src points at, e.g. type="text/html"'
            sink.add("atom-type", f"{field}/@type", f"type {show(kind)} is not a MIME type", hint, line)
        if len(element) or (element.text or "").strip():
            hint = "content with src must be empty"
            sink.add("atom-content", field, "has src and text inside", hint, line)
        check_href(feed, element, f"{field}/@src", str(src))
        return True
    if kind is None or kind in ("text", "html", "xhtml"):
        _check_inline(feed, element, field, kind or "text")
        return False
    if _XML_TYPE.fullmatch(kind):
        if (element.text or "").strip() or any((child.tail or "").strip() for child in element):
            hint = "XML content is one element; put the text inside it"
            sink.add("atom-content", field, "holds text beside its XML", hint, line)
        return False
    if kind.lower().startswith("text/"):
        if not _check_no_children(feed, element, field, kind) and kind.lower().startswith(("text/plain", "text/html")):
            _check_inline(feed, element, field, "html" if "html" in kind.lower() else "text")
        return False
    return _check_base64(feed, element, field)


def _check_no_children(feed: XmlFeed, element: Element, field: str, kind: str) -> bool:
    """Text content holds no elements; True when it holds one (reported)."""
    child = next((child for child in element if isinstance(child.tag, str)), None)
    if child is None:
        return False
    hint = 'escape the markup (&lt;) and declare type="html"' if "html" in kind else 'declare type="xhtml"'
    message = f"holds the element <{local_name(child)}> in {kind} content"
    feed.sink.add("atom-undefined", f"{field}/{local_name(child)}", message, hint, line_of(child))
    return True


def _check_base64(feed: XmlFeed, element: Element, field: str) -> bool:
    text = re.sub(r"\s+", "", str(element.text or ""))
    if len(element):
        hint = "base64-encode binary content"
        feed.sink.add("atom-content", f"{field}/{local_name(element[0])}", "is markup in binary content", hint)
    try:
        decoded = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        hint = f"base64-encode content of type {show(element.get('type'))}"
        feed.sink.add("atom-content", field, "is not valid base64", hint, line_of(element))
        return True
    if "html" in str(element.get("type")).lower():
        check_html(feed.sink, field, decoded.decode("utf-8", "replace"), line_of(element))
    return True


def _check_inline(feed: XmlFeed, element: Element, field: str, kind: str) -> None:
    sink, line = feed.sink, line_of(element)
    if kind == "xhtml":
        _check_xhtml(feed, element, field)
        return
    if _check_no_children(feed, element, field, kind):
        return
    text = str(element.text or "")
    if not text.strip():
        sink.add("text-blank", field, "is empty", "remove it, or give it text", line)
    elif kind == "html":
        check_html(sink, field, text, line, relative_ok=has_absolute_base(element))
    elif text:
        hex_refs = feed.has_hex_refs(element)
        check_plain_text(sink, field, text, line, rss=False, hex_refs=hex_refs, declare_hint=True)


def _check_xhtml(feed: XmlFeed, element: Element, field: str) -> None:
    children = [child for child in element if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag != f"{{{XHTML}}}div" or (element.text or "").strip():
        hint = f'wrap the markup in one <div xmlns="{XHTML}">'
        message = 'type="xhtml" content is not a single XHTML <div>'
        feed.sink.add("atom-xhtml", field, message, hint, line_of(element))
        return
    report = HtmlReport(feed.sink, field, has_absolute_base(element))
    for node in children[0].iterdescendants():
        if not isinstance(node.tag, str):
            continue
        namespace = etree.QName(node).namespace
        if namespace not in (XHTML, SVG, MATHML):
            hint = f"XHTML elements need the namespace {XHTML}"
            message = f"<{local_name(node)}> is not in the XHTML namespace"
            feed.sink.add("atom-xhtml", f"{field}/{local_name(node)}", message, hint, line_of(node))
            continue
        attrs = [(str(key), str(value)) for key, value in node.attrib.items() if not key.startswith("{")]
        foreign = None if namespace == XHTML else str(namespace)  # SVG or MathML
        check_tag(report, local_name(node), attrs, line_of(node), namespace=foreign)
