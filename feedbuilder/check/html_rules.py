"""Checks of HTML inside feeds (RSS description, Atom content, JSON content_html) and of plain text.

HTML must be safe for readers (no scripts, frames, event handlers, layout styles)
and must use absolute URLs, since readers resolve relative ones against the feed.
Plain-text elements must not carry markup.
"""

from __future__ import annotations

import dataclasses
import html.entities
import re
from collections.abc import Iterable

from feedbuilder.check.common import Sink, has_scheme, show
from feedbuilder.check.html_scan import scan


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SAFE_TAGS = _words(
    """a abbr acronym address area article aside audio b bdi big blockquote br button canvas caption center
    cite code col colgroup command data datagrid datalist dd del details dfn dialog dir div dl dt em
    eventsource fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hgroup hr i img input
    ins kbd keygen label legend li m main map mark menu meter multicol nav nextid noscript ol optgroup
    option output p picture pre progress q rp rt ruby s samp section select small sound source spacer span
    strike strong sub summary sup table tbody td template textarea tfoot th thead time tr track tt u ul var
    video wbr"""
)
UNSAFE_TAGS = _words(
    """applet base basefont body comment embed frame frameset head html iframe link listing meta noframes
    object param plaintext script style title xmp"""
)
URL_ATTRIBUTES = _words("""action background cite data formaction href longdesc manifest poster src srcset usemap""")
SAFE_CSS = _words(
    """azimuth background background-color border border-bottom border-bottom-color border-bottom-style
    border-bottom-width border-collapse border-color border-left border-left-color border-left-style
    border-left-width border-right border-right-color border-right-style border-right-width border-spacing
    border-style border-top border-top-color border-top-style border-top-width border-width color cursor
    direction display elevation font font-family font-size font-style font-variant font-weight height
    letter-spacing line-height list-style-type overflow padding padding-bottom padding-left padding-right
    padding-top pause pause-after pause-before pitch pitch-range richness speak speak-header speak-numeral
    speak-punctuation speech-rate stress text-align text-decoration text-indent unicode-bidi vertical-align
    voice-family volume white-space width"""
)
_CSS_KEYWORDS = _words(
    """aqua auto black block blue bold both bottom brown center collapse dashed dotted fuchsia gray green
    !important italic left lime maroon medium none navy normal nowrap olive pointer purple red right solid
    silver teal top transparent underline white yellow"""
)
_CSS_VALUE = re.compile(r"#[0-9a-f]+|rgb\([\d%,]*\)?|(?:\d+|\d*\.\d+)(?:cm|em|ex|in|mm|pc|pt|px|%)?[,)]?")
_CSS_STRING = re.compile(r"'[\s\w]+'|\"[\s\w]+\"|\([\d,\s]+\)")
_CSS_SHAPE = re.compile(r"(?:\s*[-\w]+\s*:\s*[^:;]*(?:;|$))*")
_CSS_CHARS = re.compile(r"(?:[:,;#%.\sa-zA-Z0-9!]|(?<=\w)-(?=\w))*")
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:", re.IGNORECASE)
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")
_END_TAG = re.compile(r"</(\w+)>")
_ESCAPED_MARKUP = re.compile(r"&#[x0-9]|<[/a-zA-Z]")
_TEXT_ENTITY = re.compile(r"&(#?\w+);?")
_HTML4_ENTITIES = frozenset(html.entities.name2codepoint) | {"apos"}


@dataclasses.dataclass
class HtmlReport:
    """Where findings in one piece of HTML go; each finding is reported once per field."""

    sink: Sink
    field: str
    relative_ok: bool = False  # an absolute xml:base applies, so relative URLs resolve correctly
    seen: set[str] = dataclasses.field(default_factory=set)

    def report(self, key: str, code: str, message: str, hint: str, line: int | None) -> None:
        if key not in self.seen:
            self.seen.add(key)
            self.sink.add(code, self.field, message, hint, line)


def check_html(sink: Sink, field: str, markup: str, line: int | None, *, relative_ok: bool = False) -> None:
    """Report unsafe markup, relative URLs and text that is not HTML in an HTML string."""
    report = HtmlReport(sink, field, relative_ok)
    scanned = scan(markup)
    for tag, attrs, offset in scanned.tags:
        check_tag(report, tag, attrs, None if line is None else line + offset - 1)
    _check_text(report, scanned.text, line)


def check_tag(
    report: HtmlReport,
    tag: str,
    attrs: Iterable[tuple[str, str | None]],
    line: int | None,
    *,
    namespace: str | None = None,
) -> None:
    """One start tag: a safe HTML element, no event handlers or layout styles, absolute safe URLs.

    `namespace`: for XHTML content, the element's namespace when it is not XHTML's.
    """
    tag = tag.lower() if namespace is None else tag
    if namespace is not None:
        message = f"contains <{tag}> from {namespace or 'no namespace'}, which is not HTML"
        report.report(f"<{tag}>", "html-not-html", message, "readers may drop it", line)
    elif tag in UNSAFE_TAGS:
        report.report(f"<{tag}>", "html-unsafe", f"contains <{tag}>", "readers remove or block it; drop it", line)
    elif tag not in SAFE_TAGS:
        message = f"contains <{tag}>, which is not HTML"
        report.report(f"<{tag}>", "html-not-html", message, "readers may drop it", line)
    for written_name, written_value in attrs:
        name, value = written_name.lower(), written_value or ""
        if name.startswith("on"):
            message = f"<{tag}> has the event handler {name}={show(value, 40)}"
            report.report(name, "html-unsafe", message, "readers strip scripts; remove it", line)
        elif name == "style":
            for bad in unsafe_css(value):
                message = f"<{tag}> has the unsafe style {show(bad)}"
                report.report(bad, "html-style", message, "readers strip layout styles; remove it", line)
        elif name in URL_ATTRIBUTES:
            for url in _urls(name, value):
                _check_url(report, f"<{tag} {name}>", url, line)


def _urls(name: str, value: str) -> list[str]:
    if name != "srcset":
        return [value.strip()]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _check_url(report: HtmlReport, where: str, url: str, line: int | None) -> None:
    if _SCRIPT_SCHEME.match(re.sub(r"[\x00-\x20]", "", url)):
        message = f"{where} is the script URL {show(url, 40)}"
        report.report(url, "html-unsafe", message, "readers block script links; remove it", line)
    elif not report.relative_ok and not has_scheme(url):
        hint = "readers resolve it against the feed, not the article; make it absolute"
        report.report(url, "html-relative-url", f"{where} has the relative URL {show(url)}", hint, line)


def unsafe_css(style: str) -> list[str]:
    """The parts of an inline style readers strip: layout and unknown properties, odd values."""
    if not _CSS_CHARS.fullmatch(_CSS_STRING.sub("", style)) or not _CSS_SHAPE.fullmatch(style):
        return [style]
    unsafe: list[str] = []
    for prop, value in re.findall(r"([-\w]+)\s*:\s*([^:;]*)", style.lower()):
        if prop not in SAFE_CSS:
            unsafe.append(f"{prop}: {value.strip()}")
        elif prop.split("-")[0] in ("background", "border", "padding"):
            unsafe += [word for word in value.split() if word not in _CSS_KEYWORDS and not _CSS_VALUE.fullmatch(word)]
    return unsafe


def _check_text(report: HtmlReport, text: str, line: int | None) -> None:
    """Text between the tags: a bare '<' or a broken '&' reference means plain text was not escaped."""
    hint = "HTML-escape plain text (&lt; and &amp;)"
    if "<" in text:
        message = f"has a '<' that starts no tag: {show(_around(text, '<'))}"
        report.report("<", "html-unescaped", message, hint, line)
    for found in _REFERENCE.finditer(text):
        reference = found.group()
        if not _is_good_reference(reference):
            message = f"has {show(reference)}, which is not a valid character reference"
            report.report("&", "html-unescaped", message, hint, line)


def _around(text: str, char: str) -> str:
    index = text.index(char)
    return text[max(0, index - 20) : index + 20].strip()


def _is_good_reference(reference: str) -> bool:
    if not reference.endswith(";"):
        return False
    if not reference.startswith("&#"):
        return reference[1:] in html.entities.html5
    code = int(reference[3:-1], 16) if reference[2] in "xX" else int(reference[2:-1])
    return code in (0x9, 0xA, 0xC, 0xD) or (
        0x20 <= code <= 0x10FFFF
        and not 0x7F <= code <= 0x9F
        and not 0xD800 <= code <= 0xDFFF
        and not 0xFDD0 <= code <= 0xFDEF
        and code & 0xFFFE != 0xFFFE
    )


def check_plain_text(
    sink: Sink, field: str, text: str, line: int | None, *, rss: bool, hex_refs: bool, declare_hint: bool = False
) -> None:
    """Plain text (titles, RSS descriptions of the channel, Atom type="text") must not hold markup.

    `hex_refs`: the element's lines in the file contain '&#x', which is how the
    RSS Best Practices Profile escapes '<' and '&' in plain text.
    """
    hint = 'declare type="html"' if declare_hint else "plain text only: remove the markup"
    tags = [name for name in _END_TAG.findall(text) if name.lower() in SAFE_TAGS | UNSAFE_TAGS]
    if tags:
        message = f"contains the HTML end tag </{tags[0]}> in plain text: {show(text)}"
        sink.add("text-markup", field, message, hint, line)
        return
    if hex_refs:
        return
    for found in _TEXT_ENTITY.finditer(text):
        if found.group(1) in _HTML4_ENTITIES or not found.group(1).isalpha():
            message = f"contains the character reference {show(found.group())} in plain text: {show(text)}"
            sink.add("text-markup", field, message, "readers show it as is; write the character itself", line)
            return
    if rss and _ESCAPED_MARKUP.search(text):
        hint = "write '<' as &#x3C; and '&' as &#x26; in plain-text elements (RSS Best Practices Profile)"
        sink.add("text-markup", field, f"contains markup-like text {show(text)}", hint, line)
