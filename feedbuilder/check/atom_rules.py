"""Atom 1.0 rules (RFC 4287) for the feed checker: vocabulary and cardinality of feed, entry, source and
people, ids, dates, links, categories, xml:base; text and content in :mod:`atom_content`."""

from __future__ import annotations

from typing import NamedTuple

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check.atom_content import check_content, check_href, check_text_construct, rel_of
from feedbuilder.check.atom_threading import check_threading
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
from feedbuilder.check.html_rules import check_plain_text
from feedbuilder.check.xml_reading import (
    ATOM,
    XML_BASE,
    Element,
    XmlFeed,
    attribute,
    check_expected_url,
    field_of,
    line_of,
    local_name,
)

_SHARED = {"author": False, "category": False, "contributor": False, "link": False, "rights": True}
_METADATA = {**_SHARED, "generator": True, "icon": True, "id": True, "logo": True, "subtitle": True}
_METADATA |= {"title": True, "updated": True}
# the Atom children of each element, each with: may it appear only once?
CHILDREN: dict[str, dict[str, bool]] = {
    "feed": {**_METADATA, "entry": False},
    "entry": {**_SHARED, "content": True, "id": True, "published": True, "source": True, "summary": True}
    | {"title": True, "updated": True},
    "source": _METADATA,
    "author": {"name": True, "uri": True, "email": True},
    "contributor": {"name": True, "uri": True, "email": True},
}
REQUIRED = {"feed": ("id", "title", "updated"), "entry": ("id", "title", "updated"), "author": ("name",)}
REQUIRED["contributor"] = ("name",)
TEXT_CONSTRUCTS = ("title", "subtitle", "rights", "summary")
LICENSE = "{http://backend.userland.com/creativeCommonsRssModule}license"
TRACKBACK = "http://madskills.com/public/xml/rss/module/trackback/"
REGISTERED_RELATIONS = frozenset(
    """about alternate appendix archives author bookmark canonical chapter collection contents copyright current
    describedby edit edit-media enclosure first glossary help hub icon index item last latest-version license
    lrdd monitor monitor-group next next-archive nofollow noreferrer payment predecessor-version prefetch prev
    prev-archive preview previous privacy-policy related replies search section self service start stylesheet
    subsection successor-version tag terms-of-service up version-history via working-copy working-copy-of""".split()  # noqa: SIM905 (a word list)
)


class EntryState(NamedTuple):
    """What later entries are compared with: the first entry of each id, and of each updated time."""

    ids: dict[str, tuple[int, str]]
    updated: dict[str, int]


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def check_atom(feed: XmlFeed) -> None:
    """Check an Atom <feed> document."""
    root, sink = feed.root, feed.sink
    _check_children(feed, root, "feed", "feed")
    _check_alternates(feed, root, "feed")
    _check_bases(feed)
    selfs = [link for link in root.iterchildren(_atom("link")) if rel_of(link) == "self"]
    if not selfs:
        hint = 'add <link rel="self" href="FEED URL"/>: readers use it to find the feed again'
        sink.add("atom-self-link", "feed/link", 'is missing: no link rel="self"', hint, line_of(root))
    else:
        check_expected_url(feed, "feed/link", attribute(selfs[0], "href") or "", line_of(selfs[0]))
    feed_has_author = root.find(_atom("author")) is not None
    state = EntryState({}, {})
    for index, entry in enumerate(root.iterchildren(_atom("entry")), 1):
        field = f"entry[{index}]"
        _check_children(feed, entry, "entry", field)
        _check_entry(feed, entry, field, feed_has_author)
        check_threading(feed, entry, field)
        _check_unique(feed, entry, index, state)


def _check_children(feed: XmlFeed, parent: Element, kind: str, field: str) -> None:
    """One Atom element's children: required ones there, single ones once, none undefined, each valid."""
    allowed, seen, entries = CHILDREN[kind], dict[str, int](), 0
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        namespace, name = etree.QName(child).namespace, local_name(child)
        where = f"{field}/{name}" if namespace == ATOM else f"{field}/{child.tag}"
        if namespace not in (ATOM, None):
            _check_extension(feed, child, kind, f"{field}/{child.prefix}:{name}" if child.prefix else where)
            continue
        if namespace is None or name not in allowed:
            hint = "RFC 4287 does not define it here; put extensions in their own namespace"
            message = f"<{name}> is not an Atom element of <{kind}>"
            feed.sink.add("atom-undefined", where, message, hint, line_of(child))
            continue
        seen[name] = seen.get(name, 0) + 1
        if allowed[name] and seen[name] == 2:
            feed.sink.add("atom-duplicate", where, f"appears twice in one {kind}", "keep one", line_of(child))
        entries += name == "entry"
        if kind == "feed" and entries and name != "entry":
            hint = "put the feed's own elements before the first entry"
            feed.sink.add("atom-misplaced", where, "comes after an entry", hint, line_of(child))
        _check_child(feed, child, name, where)
    for name in REQUIRED.get(kind, ()):
        if name not in seen:
            hint = f"every {kind} needs one <{name}>"
            feed.sink.add("atom-missing", f"{field}/{name}", "is missing", hint, line_of(parent))


def _check_extension(feed: XmlFeed, element: Element, kind: str, field: str) -> None:
    """The few extensions whose rules are known: a Creative Commons license is a URL; trackback is per entry."""
    if element.tag == LICENSE:
        check_url(feed.sink, field, str(element.text or "").strip(), line_of(element), web=False)
    elif element.tag.startswith(f"{{{TRACKBACK}}}") and kind == "feed":
        hint = "put trackback elements in the entry they belong to"
        feed.sink.add("atom-undefined", field, "is not allowed in the feed", hint, line_of(element))


def _check_child(feed: XmlFeed, element: Element, name: str, field: str) -> None:
    sink, line, raw = feed.sink, line_of(element), str(element.text or "")
    if name == "id":
        check_id(sink, field, raw, line, absolute=True)
    elif name in ("updated", "published"):
        check_date(sink, field, raw, line, rfc822=False)
    elif name in TEXT_CONSTRUCTS:
        check_text_construct(feed, element, field)
    elif name in ("icon", "logo", "uri"):
        _check_raw_href(feed, element, field, raw)
    elif name in ("author", "contributor"):
        _check_children(feed, element, name, field)
    elif name in ("name", "email"):
        _check_person_part(feed, element, name, field)
    elif name == "source":
        _check_source(feed, element, field)
    else:
        check = _CHILD_CHECKS.get(name)
        if check is not None:
            check(feed, element, field)


def _check_person_part(feed: XmlFeed, element: Element, name: str, field: str) -> None:
    sink, line, raw = feed.sink, line_of(element), str(element.text or "").strip()
    if name == "email":
        if not EMAIL_ADDRESS.fullmatch(raw):
            hint = "write only the address: jane@example.com"
            sink.add("email-invalid", field, f"{show(raw)} is not an e-mail address", hint, line)
    elif not raw and len(element) == 0:
        sink.add("text-blank", field, "is empty", "give it text", line)
    else:
        check_plain_text(sink, field, raw, line, rss=False, hex_refs=feed.has_hex_refs(element))
        if EMAIL_ADDRESS.search(raw):
            hint = "put the address in <email>"
            sink.add("atom-name-email", field, f"{show(raw)} holds an e-mail address", hint, line)


def _check_source(feed: XmlFeed, element: Element, field: str) -> None:
    """atom:source: the metadata of the feed an entry was copied from (RFC 4287 4.2.11)."""
    _check_children(feed, element, "source", field)
    _check_alternates(feed, element, field)
    for required in ("id", "title", "updated"):
        if element.find(_atom(required)) is None:
            hint = "copy the original feed's id, title and updated into the source"
            feed.sink.add("atom-source-incomplete", f"{field}/{required}", "is missing", hint, line_of(element))


def _check_raw_href(feed: XmlFeed, element: Element, field: str, raw: str) -> None:
    if raw != raw.strip():
        hint = "write the URL alone, without spaces or line breaks"
        feed.sink.add("atom-whitespace", field, f"{show(raw)} has white space around it", hint, line_of(element))
        return
    check_href(feed, element, field, raw)


def _check_generator(feed: XmlFeed, element: Element, field: str) -> None:
    text = str(element.text or "").strip()
    if not text and len(element) == 0:
        feed.sink.add("text-blank", field, "is empty", "give the generator's name", line_of(element))
    elif text:
        check_plain_text(feed.sink, field, text, line_of(element), rss=False, hex_refs=feed.has_hex_refs(element))
    for child in element:
        if isinstance(child.tag, str):
            hint = "the generator holds only its name as text"
            message = f"holds the element <{local_name(child)}>"
            feed.sink.add("atom-undefined", f"{field}/{local_name(child)}", message, hint, line_of(child))
    uri = attribute(element, "uri")
    if uri is not None:
        check_href(feed, element, f"{field}/@uri", uri)


def _check_category(feed: XmlFeed, category: Element, field: str) -> None:
    sink, line = feed.sink, line_of(category)
    term, scheme, label = (attribute(category, name) for name in ("term", "scheme", "label"))
    if not term:
        sink.add("atom-category", f"{field}/@term", "is missing", 'write <category term="tag"/>', line)
    if scheme is not None and not has_scheme(scheme):
        hint = "write the full URL or drop it"
        sink.add("atom-category", f"{field}/@scheme", f"{show(scheme)} is not an absolute IRI", hint, line)
    elif scheme is not None:
        check_url(sink, f"{field}/@scheme", scheme, line, web=False)
    if label:
        check_plain_text(sink, f"{field}/@label", label, line, rss=False, hex_refs=feed.has_hex_refs(category))


def _check_link(feed: XmlFeed, link: Element, field: str) -> None:
    """A link: an href; rel, type, hreflang and length well-formed; enclosures with length and type."""
    sink, line, rel = feed.sink, line_of(link), rel_of(link)
    href, kind = attribute(link, "href"), attribute(link, "type")
    length, language = attribute(link, "length"), attribute(link, "hreflang")
    if href is None:
        sink.add("atom-missing", f"{field}/@href", f'rel="{rel}" has no href', "write the URL", line)
    else:
        check_href(feed, link, f"{field}/@href", href)
    if language is not None and not LANGUAGE_TAG.fullmatch(language):
        message = f"{show(language)} is not a language tag"
        sink.add("bad-language", f"{field}/@hreflang", message, language_hint(language), line)
    if rel == "enclosure" and (kind is None or length is None):
        hint = 'write length (bytes, 0 when unknown) and type (e.g. "audio/mpeg")'
        sink.add("atom-enclosure", field, f"enclosure {show(href)} needs length and type", hint, line)
    if length is not None and not (length.isdigit() and length.isascii()):
        message = f"{show(length)} is not a whole number of bytes"
        sink.add("atom-link", f"{field}/@length", message, "write the size in bytes", line)
    if kind is not None and not MIME_TYPE.fullmatch(kind):
        sink.add("atom-link", f"{field}/@type", f"{show(kind)} is not a MIME type", 'write e.g. "text/html"', line)
    if not rel or (":" not in rel and not rel.replace("-", "").replace(".", "").isalnum()):
        hint = "write a registered relation (alternate, self, related, ...) or a full IRI"
        sink.add("atom-link", f"{field}/@rel", f"{show(rel)} is not a link relation", hint, line)
    elif ":" not in rel and rel not in REGISTERED_RELATIONS:
        hint = "use a registered relation, or a full IRI for your own"
        sink.add("atom-link-rel", f"{field}/@rel", f"{show(rel)} is not a registered relation", hint, line)


_CHILD_CHECKS = {"generator": _check_generator, "category": _check_category, "link": _check_link}


def _check_alternates(feed: XmlFeed, parent: Element, field: str) -> None:
    """At most one alternate link per type and hreflang (RFC 4287 4.1.1)."""
    alternates: dict[tuple[str, str], str] = {}
    for link in parent.iterchildren(_atom("link")):
        href = attribute(link, "href")
        if rel_of(link) != "alternate" or href is None:
            continue
        key = (attribute(link, "type") or "", attribute(link, "hreflang") or "")
        if key in alternates:
            same = f"the same type and hreflang as {show(alternates[key])}"
            message = f"{show(href)} is a second alternate link with {same}"
            hint = 'a link without rel is rel="alternate"; give an enclosure rel="enclosure"'
            feed.sink.add("atom-link-duplicate", f"{field}/link", message, hint, line_of(link))
        alternates.setdefault(key, href)


def _check_entry(feed: XmlFeed, entry: Element, field: str, feed_has_author: bool) -> None:
    sink, line = feed.sink, line_of(entry)
    _check_alternates(feed, entry, field)
    content, summary = entry.find(_atom("content")), entry.find(_atom("summary"))
    links = list(entry.iterchildren(_atom("link")))
    if content is None and not any(rel_of(link) == "alternate" for link in links):
        message = "the entry has neither content nor an alternate link"
        sink.add("atom-entry-no-content", field, message, "add the article's link", line)
    if content is None and summary is None:
        message = "the entry has no content or summary"
        sink.add("atom-entry-no-summary", field, message, "add the text, or at least a summary", line)
    if content is not None and check_content(feed, content, f"{field}/content") and summary is None:
        hint = "add a summary: readers cannot show this content"
        sink.add("atom-summary-needed", f"{field}/summary", "is missing", hint, line)
    source_author = entry.find(f"{_atom('source')}/{_atom('author')}")
    has_author = entry.find(_atom("author")) is not None or source_author is not None
    if not feed_has_author and not has_author:
        hint = "add an author to the feed or to every entry"
        sink.add("atom-author-missing", f"{field}/author", "is missing and the feed has no author", hint, line)


def _check_unique(feed: XmlFeed, entry: Element, index: int, state: EntryState) -> None:
    """Two entries with one id are one entry twice: an error when their updated times are equal too."""
    element, updated = entry.find(_atom("id")), entry.find(_atom("updated"))
    when = str(updated.text or "").strip() if updated is not None else ""
    value = str(element.text or "").strip() if element is not None else ""
    if value and value in state.ids:
        first, first_when = state.ids[value]
        hint = f"each entry needs its own id; entries {first} and {index}"
        message = f"{show(value)} appears twice" + (" with one updated time" if when == first_when else "")
        code = "atom-id-duplicate" if when == first_when else "atom-id-repeated"
        feed.sink.add(code, f"entry[{index}]/id", message, hint, line_of(element))
    elif value:
        state.ids[value] = (index, when)
    if when and when in state.updated:
        hint = f"readers sort and spot edits by it; give entries {state.updated[when]} and {index} distinct times"
        feed.sink.add(
            "date-duplicate", f"entry[{index}]/updated", f"{show(when)} appears twice", hint, line_of(updated)
        )
    elif when:
        state.updated[when] = index


def _check_bases(feed: XmlFeed) -> None:
    """Every xml:base is an IRI reference."""
    for node in feed.root.iter():
        base = node.get(XML_BASE) if isinstance(node.tag, str) else None
        if base is not None and str(base).strip():
            field = f"{field_of(node, keep_root=True)}/@xml:base"
            check_url(feed.sink, field, str(base), line_of(node), web=False, relative="ok")
