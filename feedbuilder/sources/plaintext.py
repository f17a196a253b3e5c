"""HTML and marked-up names as plain text: tags dropped (blocks leave a space), references decoded.

Used by reading (tags, categories and author names written with markup) and by rendering (summaries).
"""

from __future__ import annotations

import html as stdhtml
import re

import nh3

from feedbuilder.sources.chars import clean_text


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Tags that separate words (blocks and line breaks); any other tag is removed without a space.
_BLOCK_TAGS = _words(
    """address article aside blockquote br caption dd details div dl dt figcaption figure footer h1 h2 h3
    h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul"""
)
# Every HTML element name: in html_to_text a '<' that starts none of these is text ("Vec<T>").
_HTML_ELEMENTS = _BLOCK_TAGS | _words(
    """a abbr acronym applet area audio b base basefont bdi bdo big body button canvas center cite code col
    colgroup data datalist del dfn dialog dir em embed fieldset font form frame frameset head hgroup html i
    iframe img input ins kbd label legend link map mark math menu meta meter noembed noframes noscript
    object optgroup option output param picture plaintext progress q rp rt ruby s samp script search
    select slot small source span strike strong style sub sup svg template textarea time title track tt
    u var video wbr xmp"""
)
TEXT_CLEANER = nh3.Cleaner(
    tags=set(_BLOCK_TAGS | {"a", "sup"}),
    clean_content_tags={"iframe", "noembed", "noframes", "noscript", "script", "style", "template", "textarea"},
    attributes={},
    allowed_classes={"a": {"footnote-ref"}, "sup": {"footnote-ref"}},
    strip_comments=True,
    link_rel=None,
)
_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")
_LESS_THAN = re.compile(r"<(?!!--)(/?)([A-Za-z][A-Za-z0-9]*)?")
_TAG_NAME_ENDS = frozenset(" \t\n\r\f/>")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: tags removed (blocks and <br> leave a space), references decoded,
    whitespace collapsed. A '<' that starts no HTML element is kept as text, so a title "Vec<T>" survives."""
    if "<" not in html and "&" not in html:
        return " ".join(clean_text(html)[0].split())
    return flatten(TEXT_CLEANER.clean(_LESS_THAN.sub(_escape_non_tag, clean_text(html)[0])))


def _escape_non_tag(match: re.Match[str]) -> str:
    """'<' stays for a tag of a known element ("<b>", "</p>"), else it becomes '&lt;' ("Vec<T>", "a <3 b")."""
    name = match.group(2)
    following = match.string[match.end() : match.end() + 1]
    if name is not None and name.lower() in _HTML_ELEMENTS and (following == "" or following in _TAG_NAME_ENDS):
        return match.group()
    return "&lt;" + match.group()[1:]


def flatten(cleaned: str) -> str:
    """Text of TEXT_CLEANER output: block tags become spaces, other tags vanish, references are decoded."""
    text = _TAG.sub(lambda tag: " " if tag.group(2) in _BLOCK_TAGS else "", cleaned)
    return " ".join(clean_text(stdhtml.unescape(text))[0].split())
