"""Reading RSS and Atom files safely, and what their checks share: fields, lines, text, characters."""

from __future__ import annotations

import dataclasses
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check.common import LANGUAGE_TAG, Sink, bad_character, check_characters, language_hint, show

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Element = Any  # lxml ships no type information


def parse_xml(data: bytes, sink: Sink) -> Element | None:
    """The root element, or None after reporting why the file is not well-formed XML.

    No entity expansion, no DTD, no network: a feed file is untrusted input.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        return etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError) as exc:
        message = getattr(exc, "msg", None) or str(exc)
        hint = "readers refuse the whole file; fix the XML (escape & and < in text)"
        if "Excessive depth" in message:
            message, hint = "elements nested over 2,048 deep", "no reader reads that deep; flatten the markup"
        sink.add("xml-not-well-formed", None, f"is not well-formed XML: {message}", hint, getattr(exc, "lineno", None))
        return None


@dataclasses.dataclass
class XmlFeed:
    """A parsed RSS or Atom file and the bits of its raw text some checks need."""

    root: Element
    sink: Sink
    hex_lines: list[bool]  # per line of the file: does it contain '&#x'?
    expected_url: str | None

    @classmethod
    def read(cls, root: Element, data: bytes, sink: Sink, expected_url: str | None) -> XmlFeed:
        return cls(root, sink, [b"&#x" in line for line in data.split(b"\n")], expected_url)

    def has_hex_refs(self, element: Element) -> bool:
        """Do the lines of this element's text contain '&#x' (the RSS Profile's escapes)?"""
        start = line_of(element) or 1
        return any(self.hex_lines[start - 1 : start + str(element.text or "").count("\n")])


def check_expected_url(feed: XmlFeed, field: str, href: str, line: int | None) -> None:
    if feed.expected_url is not None and href != feed.expected_url:
        message = f"the self link {show(href)} is not where the feed is served, {show(feed.expected_url)}"
        feed.sink.add("self-link-mismatch", field, message, "write the exact URL the file is served at", line)


def line_of(element: Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def text_of(element: Element | None) -> str:
    """The element's own text, stripped ('' for None)."""
    if element is None:
        return ""
    return str(element.text or "").strip()


def attribute(element: Element, name: str) -> str | None:
    value = element.get(name)
    return None if value is None else str(value)


def local_name(element: Element) -> str:
    return str(etree.QName(element).localname)


def display_name(element: Element) -> str:
    """The element's name as written: 'title', 'atom:link', 'content:encoded'."""
    prefix = element.prefix
    return f"{prefix}:{local_name(element)}" if prefix else local_name(element)


def field_of(element: Element, *, keep_root: bool) -> str:
    """'channel/image/url', 'item[3]/guid', 'feed/title', 'entry[2]/author/name'."""
    names: list[str] = []
    node = element
    while node is not None:
        name = display_name(node)
        if name in ("item", "entry") and node.getparent() is not None:
            index = 1 + sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            names.append(f"{name}[{index}]")
            break
        names.append(name)
        node = node.getparent()
    else:
        if not keep_root and len(names) > 1:
            names.pop()
    return "/".join(reversed(names))


def check_all_text(feed: XmlFeed, *, keep_root: bool) -> None:
    """Characters readers show as garbage, and DTD entities they cannot expand, anywhere in the file."""
    for node in feed.root.iter():
        if isinstance(node, etree._Entity):
            parent = node.getparent()
            hint = "readers do not read DTDs; write the character itself"
            message = f"uses the entity {show(node.text)} from a DOCTYPE"
            feed.sink.add("xml-dtd-entity", field_of(parent, keep_root=keep_root), message, hint, line_of(parent))
        elif isinstance(node.tag, str):  # not a comment or processing instruction
            texts = [node.text or "", node.tail or "", *node.attrib.values()]
            if any(bad_character(str(text)) for text in texts):
                _report_characters(feed.sink, node, field_of(node, keep_root=keep_root))
            language = node.get(XML_LANG)
            if language and not LANGUAGE_TAG.fullmatch(language):
                field = f"{field_of(node, keep_root=keep_root)}/@xml:lang"
                message = f"{show(language)} is not a language tag"
                feed.sink.add("bad-language", field, message, language_hint(language), line_of(node))


def _report_characters(sink: Sink, node: Element, field: str) -> None:
    for text in (node.text, node.tail):
        if text:
            check_characters(sink, field, str(text), line_of(node))
    for name, value in node.attrib.items():
        check_characters(sink, f"{field}/@{name}", str(value), line_of(node))
