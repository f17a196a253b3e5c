"""Atom 1.0 rules (RFC 4287) for the feed checker."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check.common import (
    EMAIL_ADDRESS,
    LANGUAGE_TAG,
    MIME_TYPE,
    check_date,
    check_id,
    check_url,
    has_scheme,
    language_hint,
    show,
)
from feedbuilder.check.html_rules import HtmlReport, check_html, check_plain_text, check_tag
from feedbuilder.check.xml_reading import (
    ATOM,
    XML_BASE,
    Element,
    XmlFeed,
    attribute,
    check_expected_url,
    line_of,
    local_name,
    text_of,
)

XHTML = "http://www.w3.org/1999/xhtml"
TEXT_CONSTRUCTS = ("title", "subtitle", "rights", "summary", "content")
IANA_RELATIONS = "http://www.iana.org/assignments/relation/"


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def check_atom(feed: XmlFeed) -> None:
    """Check an Atom <feed> document."""
    root, sink = feed.root, feed.sink
    _check_counts(feed, root, "feed", required=("id", "title", "updated"), single=("subtitle", "rights"))
    _check_common(feed, root, "feed")
    selfs = [link for link in _check_links(feed, root, "feed") if _rel(link) == "self"]
    if not selfs:
        hint = 'add <link rel="self" href="FEED URL"/>: readers use it to find the feed again'
        sink.add("atom-self-link", "feed/link", 'is missing: no link rel="self"', hint, line_of(root))
    else:
        check_expected_url(feed, "feed/link", attribute(selfs[0], "href") or "", line_of(selfs[0]))
    feed_has_author = root.find(_atom("author")) is not None
    ids: dict[str, int] = {}
    updated: dict[str, int] = {}
    for index, entry in enumerate(root.iterchildren(_atom("entry")), 1):
        field = f"entry[{index}]"
        _check_counts(
            feed, entry, field, required=("id", "title", "updated"), single=("published", "summary", "content")
        )
        _check_common(feed, entry, field)
        _check_entry(feed, entry, field, feed_has_author)
        _check_unique(feed, entry, index, "id", ids)
        _check_unique(feed, entry, index, "updated", updated)


def _check_counts(
    feed: XmlFeed, parent: Element, field: str, *, required: Iterable[str], single: Iterable[str]
) -> None:
    kind = local_name(parent)
    for name in (*required, *single):
        found = parent.findall(_atom(name))
        if not found and name in required:
            hint = f"every {kind} needs one <{name}>"
            feed.sink.add("atom-missing", f"{field}/{name}", "is missing", hint, line_of(parent))
        elif len(found) > 1:
            message = f"appears {len(found)} times in one {kind}"
            feed.sink.add("atom-duplicate", f"{field}/{name}", message, "keep exactly one", line_of(found[1]))


def _check_common(feed: XmlFeed, parent: Element, field: str) -> None:
    """What feeds and entries share: id, dates, text constructs, authors, categories."""
    sink = feed.sink
    element = parent.find(_atom("id"))
    if element is not None:
        check_id(sink, f"{field}/id", text_of(element), line_of(element), absolute=True)
    for name in ("updated", "published"):
        element = parent.find(_atom(name))
        if element is not None:
            check_date(sink, f"{field}/{name}", text_of(element), line_of(element), rfc822=False)
    for name in TEXT_CONSTRUCTS:
        element = parent.find(_atom(name))
        if element is not None:
            _check_text_construct(feed, element, f"{field}/{name}")
    for name in ("icon", "logo"):
        element = parent.find(_atom(name))
        if element is not None:
            _check_href(feed, element, f"{field}/{name}", text_of(element))
    _check_people(feed, parent, field)
    _check_categories(feed, parent, field)


def _check_people(feed: XmlFeed, parent: Element, field: str) -> None:
    """Authors and contributors: a plain-text name, an e-mail address, an absolute uri."""
    for person in (*parent.iterchildren(_atom("author")), *parent.iterchildren(_atom("contributor"))):
        where = f"{field}/{local_name(person)}"
        name, email, uri = (person.find(_atom(part)) for part in ("name", "email", "uri"))
        if not text_of(name):
            hint = "every person needs a <name>"
            feed.sink.add("atom-person", f"{where}/name", "is missing", hint, line_of(person))
        else:
            _check_plain(feed, name, f"{where}/name")
        if email is not None and not EMAIL_ADDRESS.fullmatch(text_of(email)):
            message = f"{show(text_of(email))} is not an e-mail address"
            hint = "write only the address: jane@example.com"
            feed.sink.add("email-invalid", f"{where}/email", message, hint, line_of(email))
        if uri is not None:
            _check_href(feed, uri, f"{where}/uri", text_of(uri))


def _check_categories(feed: XmlFeed, parent: Element, field: str) -> None:
    sink, field = feed.sink, f"{field}/category"
    for category in parent.iterchildren(_atom("category")):
        term, scheme, label = (attribute(category, name) for name in ("term", "scheme", "label"))
        line = line_of(category)
        if not term:
            sink.add("atom-category", field, "has no term", 'write <category term="tag"/>', line)
        if scheme is not None and not has_scheme(scheme):
            hint = "write the full URL or drop it"
            sink.add("atom-category", field, f"scheme {show(scheme)} is not an absolute IRI", hint, line)
        elif scheme is not None:
            check_url(sink, field, scheme, line, web=False)
        if label:
            check_plain_text(sink, f"{field}/@label", label, line, rss=False, hex_refs=feed.has_hex_refs(category))


def _check_entry(feed: XmlFeed, entry: Element, field: str, feed_has_author: bool) -> None:
    sink, line = feed.sink, line_of(entry)
    links = _check_links(feed, entry, field)
    content, summary = entry.find(_atom("content")), entry.find(_atom("summary"))
    if content is None and not any(_rel(link) == "alternate" for link in links):
        message = "the entry has neither content nor an alternate link"
        sink.add("atom-entry-no-content", field, message, "add the article's link", line)
    if content is None and summary is None:
        message = "the entry has no content or summary"
        sink.add("atom-entry-no-summary", field, message, "add the text, or at least a summary", line)
    if not feed_has_author and entry.find(_atom("author")) is None:
        hint = "add an author to the feed or to every entry"
        sink.add("atom-author-missing", f"{field}/author", "is missing and the feed has no author", hint, line)


def _check_unique(feed: XmlFeed, entry: Element, index: int, name: str, seen: dict[str, int]) -> None:
    element = entry.find(_atom(name))
    value = text_of(element)
    if element is None or not value:
        return
    if value not in seen:
        seen[value] = index
    elif name == "id":
        hint = f"each entry needs its own id; entries {seen[value]} and {index}"
        feed.sink.add("atom-id-duplicate", f"entry[{index}]/id", f"{show(value)} appears twice", hint, line_of(element))
    else:
        hint = f"readers sort and spot edits by it; give entries {seen[value]} and {index} distinct times"
        message = f"{show(value)} appears twice"
        feed.sink.add("date-duplicate", f"entry[{index}]/updated", message, hint, line_of(element))


def _check_links(feed: XmlFeed, parent: Element, field: str) -> list[Element]:
    """Every link: a usable href; one alternate per type and language; enclosures with length and type."""
    sink, field = feed.sink, f"{field}/link"
    links = list(parent.iterchildren(_atom("link")))
    alternates: dict[tuple[str, str], str] = {}
    for link in links:
        line, href, rel = line_of(link), attribute(link, "href"), _rel(link)
        kind, length, language = attribute(link, "type"), attribute(link, "length"), attribute(link, "hreflang")
        if language is not None and not LANGUAGE_TAG.fullmatch(language):
            message = f"hreflang {show(language)} is not a language tag"
            sink.add("bad-language", field, message, language_hint(language), line)
        if href is None:
            sink.add("atom-link", field, f'rel="{rel}" has no href', "write the absolute URL", line)
        else:
            _check_href(feed, link, field, href)
        if rel == "alternate" and href is not None:
            key = (kind or "", language or "")
            if key in alternates:
                same = f"the same type and hreflang as {show(alternates[key])}"
                message = f"{show(href)} is a second alternate link with {same}"
                hint = 'a link without rel is rel="alternate"; give an enclosure rel="enclosure"'
                sink.add("atom-link-duplicate", field, message, hint, line)
            alternates.setdefault(key, href)
        if rel == "enclosure" and (kind is None or length is None):
            hint = 'write length (bytes, 0 when unknown) and type (e.g. "audio/mpeg")'
            sink.add("atom-enclosure", field, f"enclosure {show(href)} needs length and type", hint, line)
        if length is not None and not (length.isdigit() and length.isascii()):
            message = f"length {show(length)} is not a whole number of bytes"
            sink.add("atom-link", field, message, "write the size in bytes", line)
        if kind is not None and not MIME_TYPE.fullmatch(kind):
            sink.add("atom-link", field, f"type {show(kind)} is not a MIME type", 'write e.g. type="text/html"', line)
    return links


def _check_href(feed: XmlFeed, element: Element, field: str, href: str) -> None:
    """A URL in Atom: an IRI reference, relative ones resolved against xml:base (RFC 4287 allows them;
    --strict asks for absolute ones unless an absolute xml:base applies)."""
    is_self = local_name(element) == "link" and _rel(element) == "self"
    relative = "ok" if _has_absolute_base(element) else "strict"
    check_url(feed.sink, field, href, line_of(element), web=is_self, relative=relative)


def _rel(link: Element) -> str:
    """A link's relation; none means alternate, and IANA's full URIs mean their short names."""
    return str(link.get("rel", "alternate")).removeprefix(IANA_RELATIONS)


def _has_absolute_base(element: Element) -> bool:
    """Does an xml:base with a scheme apply to this element, so relative URLs resolve correctly?"""
    node = element
    while node is not None:
        base = node.get(XML_BASE)
        if base is not None and has_scheme(str(base)):
            return True
        node = node.getparent()
    return False


def _check_text_construct(feed: XmlFeed, element: Element, field: str) -> None:
    """Declared type decides the check: text must hold no markup, html and xhtml must be safe."""
    sink, line, kind = feed.sink, line_of(element), element.get("type", "text")
    if element.get("src") is not None:
        _check_href(feed, element, f"{field}/@src", str(element.get("src")))
        return  # out-of-line content: nothing inline to check
    if "/" in kind and local_name(element) != "content":
        sink.add("atom-type", field, f"type {show(kind)} is not text, html or xhtml", 'write type="html"', line)
    elif kind in ("text", "text/plain"):
        _check_plain(feed, element, field, declare=True)
    elif kind in ("html", "text/html"):
        check_html(sink, field, str(element.text or ""), line, relative_ok=_has_absolute_base(element))
    elif kind == "xhtml":
        _check_xhtml(feed, element, field)
    elif not MIME_TYPE.fullmatch(kind):
        message = f"type {show(kind)} is not text, html, xhtml or a MIME type"
        sink.add("atom-type", field, message, 'write type="html"', line)


def _check_plain(feed: XmlFeed, element: Element, field: str, *, declare: bool = False) -> None:
    text, hex_refs = str(element.text or ""), feed.has_hex_refs(element)
    check_plain_text(feed.sink, field, text, line_of(element), rss=False, hex_refs=hex_refs, declare_hint=declare)


def _check_xhtml(feed: XmlFeed, element: Element, field: str) -> None:
    children = [child for child in element if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag != f"{{{XHTML}}}div" or text_of(element):
        hint = f'wrap the markup in one <div xmlns="{XHTML}">'
        feed.sink.add("atom-xhtml", field, 'type="xhtml" content is not a single XHTML <div>', hint, line_of(element))
        return
    report = HtmlReport(feed.sink, field, _has_absolute_base(element))
    for node in children[0].iterdescendants():
        if not isinstance(node.tag, str):
            continue
        namespace = etree.QName(node).namespace
        attrs = [(str(key), str(value)) for key, value in node.attrib.items() if not key.startswith("{")]
        foreign = None if namespace == XHTML else str(namespace or "")
        check_tag(report, local_name(node), attrs, line_of(node), namespace=foreign)
