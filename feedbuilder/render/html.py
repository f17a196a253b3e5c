"""HTML made safe for feeds: XML-legal characters, allow-listed markup, and a small tag scanner.

The allow-list follows what the W3C Feed Validator accepts in HTML content (its
`acceptable_elements`): an element it does not know is `NotHtml`, one it knows
but distrusts is `SecurityRisk`; both are dropped (their text kept) or mapped
to a plain equivalent. Embeds become a link paragraph, so readers still see
where they pointed. `feedbuilder.render.content` re-exports the public functions.
"""

from __future__ import annotations

import html as stdhtml
import re
from collections.abc import Callable
from html.entities import html5 as _HTML5_ENTITIES

import nh3

from feedbuilder.sources.chars import clean_text


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- a small tag scanner ----------------------------------------------------------------------------------------

_ATTRIBUTE = r"""[^\s/>][^\s/>=]*+(?>\s*=\s*(?>"[^"]*+"|'[^']*+'|[^\s>]++))?"""
_ATTRIBUTES = rf"(?>[\s/]++|{_ATTRIBUTE})*+"  # possessive: no backtracking on a tag that never closes
# Elements whose content is text, not markup: it is passed over as it is, up to the end tag.
_RAW_TEXT = "iframe|noembed|noframes|plaintext|script|style|textarea|title|xmp"
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    rf"|<(?P<raw>{_RAW_TEXT})(?=[\s/>])(?P<raw_attrs>{_ATTRIBUTES})>(?P<content>.*?(?:</(?P=raw)(?:[\s/][^>]*+)?>|\Z))"
    rf"|<(?P<slash>/?)(?P<name>[a-zA-Z][^\s/>]*+)(?P<attrs>{_ATTRIBUTES})>",
    re.DOTALL | re.IGNORECASE,
)
_ATTRIBUTE_PARTS = re.compile(r"""([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|([a-zA-Z][a-zA-Z0-9]*+)(;?))")


class Tag:
    """A start or end tag as written: its name, its attributes (values decoded, read when first asked
    for), and for a raw-text element such as <script> its content and end tag, as written."""

    __slots__ = ("_attrs", "_self_closing", "attr_text", "closing", "content", "name", "written_name")

    def __init__(self, written_name: str, attr_text: str, *, closing: bool) -> None:
        self.written_name = written_name
        self.name = written_name.lower()
        self.attr_text = attr_text
        self.closing = closing
        self.content = ""
        self._attrs: list[tuple[str, str | None]] | None = None
        self._self_closing = False

    @property
    def attrs(self) -> list[tuple[str, str | None]]:
        """(name as written, decoded value or None) for each attribute, in order."""
        return self._parse()[0]

    @property
    def self_closing(self) -> bool:
        """Written as <name ... />."""
        return self._parse()[1]

    def _parse(self) -> tuple[list[tuple[str, str | None]], bool]:
        if self._attrs is None:
            self._attrs, last = [], 0
            for part in _ATTRIBUTE_PARTS.finditer(self.attr_text):
                value = next((group for group in part.group(2, 3, 4) if group is not None), None)
                self._attrs.append((part.group(1), None if value is None else _decode_attribute(value)))
                last = part.end()
            self._self_closing = self.attr_text[last:].rstrip().endswith("/")
        return self._attrs, self._self_closing

    def get(self, name: str) -> str | None:
        """The first value of an attribute (HTML keeps the first of duplicates)."""
        return next((value for written, value in self.attrs if written.lower() == name), None)


def rewrite_tags(markup: str, rewrite: Callable[[Tag], str | None]) -> str:
    """Pass every tag to `rewrite`: its answer replaces the tag (with any raw-text content), None keeps it.

    Everything else (text, comments, the tags kept) is copied unchanged.
    """

    def replace(match: re.Match[str]) -> str:
        if match.group("raw") is not None:
            tag = Tag(match.group("raw"), match.group("raw_attrs"), closing=False)
            tag.content = match.group("content")
        elif match.group("name") is not None:
            tag = Tag(match.group("name"), match.group("attrs"), closing=match.group("slash") == "/")
        else:  # a comment
            return match.group()
        replacement = rewrite(tag)
        return match.group() if replacement is None else replacement

    return _MARKUP.sub(replace, markup)


def _decode_attribute(value: str) -> str:
    """Character references in an attribute value, decoded as HTML does (`?a=1&copy=2` keeps `&copy`)."""
    return value if "&" not in value else _CHARACTER_REFERENCE.sub(_decode_reference, value)


def _decode_reference(match: re.Match[str]) -> str:
    name, semicolon = match.group(1, 2)
    if name is None or semicolon:
        return stdhtml.unescape(match.group())
    following = match.string[match.end() : match.end() + 1]
    legacy = _HTML5_ENTITIES.get(name)  # the few names HTML decodes without ';'
    return legacy if legacy is not None and following != "=" else match.group()


def format_tag(tag: Tag, attrs: list[tuple[str, str | None]], *, name: str | None = None) -> str:
    """Write a tag again with these attributes (and optionally another name)."""
    written = name or tag.written_name
    if tag.closing:
        return f"</{written}>"
    parts = [written]
    for attr, value in attrs:
        parts.append(attr if value is None else f'{attr}="{_escape_attribute(value)}"')
    return "<" + " ".join(parts) + (" />" if tag.self_closing else ">")


def _escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;")


# --- URLs in attributes -----------------------------------------------------------------------------------------

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_SRCSET_URL = re.compile(r"[^\s,]\S*")
_URL_EDGES = "".join(chr(code) for code in range(0x21))  # C0 controls and space


def browser_url(value: str) -> str:
    """The URL as browsers read an attribute: tabs and newlines dropped, controls and spaces trimmed."""
    return value.replace("\t", "").replace("\n", "").replace("\r", "").strip(_URL_EDGES)


def url_scheme(value: str) -> str | None:
    """The lower-case scheme of a URL attribute value; None for a relative reference."""
    found = _SCHEME.match(browser_url(value))
    return None if found is None else found.group(1).lower()


def parse_srcset(value: str) -> list[tuple[str, str]]:
    """The candidates of a srcset as (URL, descriptor). A URL runs to the next space; commas end it only at its end."""
    candidates: list[tuple[str, str]] = []
    pos = 0
    while (found := _SRCSET_URL.search(value, pos)) is not None:
        url, pos, descriptor = found.group(), found.end(), ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            comma = value.find(",", pos)
            end = len(value) if comma < 0 else comma
            descriptor, pos = value[pos:end].strip(), end + 1
        candidates.append((url, descriptor))
    return candidates


def join_srcset(candidates: list[tuple[str, str]]) -> str:
    """A srcset value again from its candidates."""
    return ", ".join(f"{url} {descriptor}" if descriptor else url for url, descriptor in candidates)


# --- the allow-list ---------------------------------------------------------------------------------------------

# Each is in the validator's acceptable_elements. Left out on purpose although accepted: forms and their
# controls, canvas, dialog, map/area, menu, nav, main, hgroup, template, noscript, and the obsolete
# presentational elements (big, center, font, strike, tt, acronym), which are renamed or unwrapped.
ALLOWED_TAGS = _words(
    """a abbr address article aside audio b bdi blockquote br caption cite code col colgroup data dd del
    details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark
    ol p picture pre q rp rt ruby s samp section small source span strong sub summary sup table tbody td
    tfoot th thead time tr track u ul var video wbr"""
)
# Removed with their content; any other element not allowed is unwrapped (its text stays).
_DROPPED_WITH_CONTENT = _words("script style noembed noframes template")
# No style (DangerousStyleAttr), no on* (SecurityRisk), no target/rel; align only with plain values.
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": _words("class dir id lang title"),
    "a": _words("href hreflang type"),
    "audio": _words("controls loop muted preload src"),
    "blockquote": _words("cite"),
    "col": _words("span"),
    "colgroup": _words("span"),
    "data": _words("value"),
    "del": _words("cite datetime"),
    "details": _words("open"),
    "img": _words("alt height sizes src srcset width"),
    "ins": _words("cite datetime"),
    "li": _words("value"),
    "ol": _words("reversed start type"),
    "q": _words("cite"),
    "source": _words("height media sizes src srcset type width"),
    "td": _words("align colspan headers rowspan"),
    "th": _words("abbr align colspan headers rowspan scope"),
    "time": _words("datetime"),
    "track": _words("default kind label src srclang"),
    "video": _words("controls height loop muted playsinline poster preload src width"),
}
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_DATA_IMAGE = re.compile(r"data:image/(?:avif|gif|jpeg|png|webp)[;,]", re.IGNORECASE)
_ALIGNMENTS = _words("left right center justify")
# Elements the validator flags (or obsolete ones), written as their plain equivalent.
_RENAMED = {"acronym": "abbr", "bdo": "span", "center": "div", "listing": "pre", "strike": "s", "tt": "code"}
_EMBED_URL = {"iframe": ("src", "data-src"), "frame": ("src",), "embed": ("src",), "object": ("data",)}
_ALIGN_STYLE = re.compile(r"\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*", re.IGNORECASE)
_VOID_ELEMENTS = _words("area base br col embed hr img input link meta source track wbr")
_REQUIRED_PARENT = {"figcaption": "figure", "rp": "ruby", "rt": "ruby", "summary": "details"}
# Quick tests that spare a scan of the markup when it holds nothing to change (nh3 writes lower-case tags).
_NEEDS_PREPARING = re.compile(
    rf"<(?:{'|'.join([*_EMBED_URL, *_RENAMED, 'noscript'])})[\s/>]|<t[dh]\s[^>]*style=", re.IGNORECASE
)
_NEEDS_PARENT = re.compile(rf"<(?:{'|'.join(_REQUIRED_PARENT)})[\s>]")
_EMPTY_PARAGRAPH = re.compile(r"<p></p>")
_PRE_NEWLINE = re.compile(r'<pre(?: [^\s=>]+(?:="[^"]*")?)*>\n')


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    """The last word on each attribute nh3 kept: safe URL schemes only, plain alignment words."""
    if name in ("href", "src", "poster", "cite"):
        return value if _is_safe_url(value, image=tag == "img" and name == "src") else None
    if name == "srcset":
        return join_srcset([(url, size) for url, size in parse_srcset(value) if _is_safe_url(url)]) or None
    if name == "align":
        return value.strip().lower() if value.strip().lower() in _ALIGNMENTS else None
    return value


def _is_safe_url(value: str, *, image: bool = False) -> bool:
    """Relative, http(s), mailto: or tel:; data: only for an image's src, and only bitmap types."""
    scheme = url_scheme(value)
    if scheme == "data":
        return image and _DATA_IMAGE.match(browser_url(value)) is not None
    return scheme is None or scheme in _URL_SCHEMES


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel=None,  # no rel="noopener noreferrer" added to every link
    url_schemes=set(_URL_SCHEMES | {"data"}),  # _filter_attribute narrows data: down
    set_tag_attribute_values={"audio": {"controls": ""}, "video": {"controls": ""}},  # no script to play them
)


def sanitize_html(markup: str) -> str:
    """Allow-listed HTML: no scripts, frames, handlers, styles or unsafe URLs; embeds become link paragraphs.

    nh3 (html5ever) cleans and serialises; the result is cleaned again until it no longer
    changes, so a strict HTML parser (the validator's html5lib) reads it without a parse error.
    """
    markup = clean_text(markup)[0]
    if _NEEDS_PREPARING.search(markup):
        markup = rewrite_tags(markup, _prepare_tag)
    cleaned = _clean_once(markup)
    for _ in range(3):
        again = _clean_once(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean_once(markup: str) -> str:
    """One nh3 pass; XML-illegal characters removed, elements out of place unwrapped, empty paragraphs
    (left where an embed link split one) removed, and the newline HTML parsers drop after <pre> restored."""
    # character references can decode to characters clean_text removes (&#1; &#xFFFE;)
    cleaned = clean_text(_CLEANER.clean(markup))[0]
    if _NEEDS_PARENT.search(cleaned):
        cleaned = rewrite_tags(cleaned, _ParentCheck())
    return _PRE_NEWLINE.sub("\\g<0>\n", _EMPTY_PARAGRAPH.sub("", cleaned))


def _prepare_tag(tag: Tag) -> str | None:
    """Before nh3: embeds to link paragraphs, noscript unwrapped, obsolete elements renamed."""
    if tag.name in _EMBED_URL:
        return "" if tag.closing else _embed_link(tag)
    if tag.name == "noscript":  # its content is the no-script fallback, e.g. the real <img> of a lazy one
        return ""
    if tag.name in _RENAMED:
        return format_tag(tag, tag.attrs, name=_RENAMED[tag.name])
    if tag.name in ("td", "th") and not tag.closing:
        return _style_to_align(tag)
    return None


def _embed_link(tag: Tag) -> str:
    for name in _EMBED_URL[tag.name]:
        url = (tag.get(name) or "").strip()
        if url and _is_safe_url(url):
            shown = stdhtml.escape(url)
            return f'<p><a href="{shown}">{shown}</a></p>'
    return ""


def _style_to_align(tag: Tag) -> str | None:
    """Markdown tables align cells with style="text-align:..."; keep that as align= (no style attribute)."""
    match = _ALIGN_STYLE.fullmatch(tag.get("style") or "")
    if match is None:
        return None
    attrs = [(name, value) for name, value in tag.attrs if name.lower() != "style"]
    return format_tag(tag, [*attrs, ("align", match.group(1).lower())])


class _ParentCheck:
    """Unwrap elements outside the parent HTML requires of them (the tags go, the content stays).

    html5ever (nh3) follows today's HTML parsing rules, the validator's html5lib those of about
    2011: for <rt>/<rp> outside <ruby>, and <li>/<dt>/<dd> inside a <figcaption> or <summary>
    inside another of them, the two build different trees and the validator reports "Invalid HTML".
    """

    def __init__(self) -> None:
        self.open: list[tuple[str, bool]] = []  # element name, kept

    def __call__(self, tag: Tag) -> str | None:
        if tag.closing:
            for index in range(len(self.open) - 1, -1, -1):
                if self.open[index][0] == tag.name:
                    kept = self.open[index][1]
                    del self.open[index:]
                    return None if kept else ""
            return None
        if tag.name in _VOID_ELEMENTS:
            return None
        parent = next((name for name, kept in reversed(self.open) if kept), None)
        kept = tag.name not in _REQUIRED_PARENT or parent == _REQUIRED_PARENT[tag.name]
        self.open.append((tag.name, kept))
        return None if kept else ""
