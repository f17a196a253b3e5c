"""Article bodies as feeds carry them: Markdown to HTML, made safe and absolute; summaries and plain text.

Everything here is pure (no disk, no clock). The allow-list, the tag scanner
live in `feedbuilder.render.html`, the XML character rule in `feedbuilder.sources.chars`; `clean_text` and
`sanitize_html` are re-exported here, so callers need only this module.
"""

from __future__ import annotations

import functools
import itertools
import re
import typing
import urllib.parse
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it import rules_core as core_rules
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from mdit_py_plugins.footnote import footnote_plugin

from feedbuilder.render.html import (
    Tag,
    browser_url,
    format_tag,
    join_srcset,
    parse_srcset,
    rewrite_tags,
    sanitize_html,
    url_scheme,
)
from feedbuilder.sources.chars import clean_text
from feedbuilder.sources.plaintext import TEXT_CLEANER, flatten, html_to_text

__all__ = [
    "absolutize_urls",
    "body_to_html",
    "clean_text",
    "derive_summary",
    "html_to_text",
    "render_markdown",
    "sanitize_html",
    "split_more",
]

_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Markdown ---------------------------------------------------------------------------------------------------


@functools.cache
def _markdown() -> MarkdownIt:
    """CommonMark with raw HTML (sanitised later), tables, strikethrough and footnotes; no typographer, no linkify."""
    options = {"html": True, "typographer": False, "linkify": False, "xhtmlOut": False}
    return MarkdownIt("commonmark", options).enable(["table", "strikethrough"]).use(footnote_plugin)


@functools.lru_cache(maxsize=16)
def _render(source: str) -> str:
    return str(_markdown().render(source))


def render_markdown(source: str) -> str:
    """Markdown to HTML. The last few results are kept: a summary and the body render the same source."""
    return _render(source)


# --- the <!--more--> marker -------------------------------------------------------------------------------------


def split_more(source: str) -> tuple[str, bool]:
    """The text before the first <!--more--> marker (any case, any inner spaces), and whether there was one."""
    found = _MORE.search(source)
    return (source, False) if found is None else (source[: found.start()], True)


def body_to_html(source: str, *, markdown: bool, base_url: str) -> str:
    """A body as feed HTML: rendered (Markdown), marker removed, sanitised, URLs made absolute against base_url."""
    markup = render_markdown(source) if markdown else source
    return absolutize_urls(sanitize_html(_MORE.sub("", markup)), base_url)


# --- absolute URLs ----------------------------------------------------------------------------------------------

URL_ATTRIBUTES = _words("action background cite data formaction href longdesc manifest poster src srcset usemap")
_SAFE_URI = re.compile(r"[A-Za-z0-9\-._~!#$&'()*+,/:;=?@%]*")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_AUTHORITY = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*:)?(//[^/?#]*)?")


def absolutize_urls(html: str, base_url: str) -> str:
    """Resolve every URL attribute against the article's own URL; change nothing else in the markup.

    Absolute http(s) URLs are only made ASCII; mailto:, tel:, data: and other schemes stay as
    they are. `usemap="#name"` is left alone: it names a map, not a document. The markup is
    scanned, not parsed and written again: lxml's HTML parser does not know <source>, <track>
    and <wbr> are void and would write </source> end tags the validator rejects.
    """
    if "<" not in html:
        return html
    return rewrite_tags(html, lambda tag: _absolutize_tag(tag, base_url))


def _absolutize_tag(tag: Tag, base_url: str) -> str | None:
    if tag.closing or "=" not in tag.attr_text:
        return None
    changed = False
    attrs: list[tuple[str, str | None]] = []
    for name, value in tag.attrs:
        key, new = name.lower(), value
        if value is not None and key in URL_ATTRIBUTES and not (key == "usemap" and value.startswith("#")):
            if key == "srcset":
                new = join_srcset([(resolve_url(url, base_url), size) for url, size in parse_srcset(value)])
            else:
                new = resolve_url(value, base_url)
            changed = changed or new != value
        attrs.append((name, new))
    return format_tag(tag, attrs) + tag.content if changed else None


def resolve_url(reference: str, base_url: str) -> str:
    """The absolute, ASCII-only URL a reference in an article at base_url points to.

    References with a scheme other than http(s) are returned unchanged.
    """
    scheme = url_scheme(reference)
    if scheme is not None and scheme not in ("http", "https"):
        return reference
    url = browser_url(reference)
    return iri_to_uri(url if scheme is not None else urllib.parse.urljoin(base_url, url))


def iri_to_uri(iri: str) -> str:
    """Percent-encode what a URI may not hold (non-ASCII, spaces, quotes, brackets, a stray %); IDNA for the host."""
    if _SAFE_URI.fullmatch(iri) and not _BAD_PERCENT.search(iri):
        return iri
    head = _AUTHORITY.match(iri)
    scheme, authority = (head.group(1) or "", head.group(2) or "") if head else ("", "")
    rest = iri[len(scheme) + len(authority) :]
    return scheme + _encode_authority(authority) + _quote(rest, safe="!#$&'()*+,/:;=?@~%")


def _quote(text: str, *, safe: str) -> str:
    return urllib.parse.quote(_BAD_PERCENT.sub("%25", text), safe=safe)


def _encode_authority(authority: str) -> str:
    if not authority:
        return ""
    userinfo, at, hostport = authority[2:].rpartition("@")
    host, colon, port = hostport, "", ""
    if not hostport.endswith("]") and ":" in hostport:
        host, colon, port = hostport.rpartition(":")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = _quote(host, safe="")
    safe = "!$&'()*+,;=:~%[]"
    return f"//{_quote(userinfo, safe=safe)}{at}{_quote(host, safe=safe)}{colon}{_quote(port, safe='')}"


# --- plain text -------------------------------------------------------------------------------------------------


# Footnote references: markdown-it puts the class on <sup>, Hugo (goldmark) and others on the <a> inside it.
_FOOTNOTE_REF = re.compile(r'<sup class="footnote-ref">.*?</sup>|<sup><a class="footnote-ref">.*?</a></sup>', re.DOTALL)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_BLOCK_BOUNDARY = re.compile(r"</?(?!a\b|sup\b)[a-z0-9]+>")


def derive_summary(source: str, *, markdown: bool) -> str:
    """A plain-text summary for an article that gives none: the text before <!--more-->, else the first
    paragraph with text, else the first block with text. Footnote reference markers are left out.

    Markdown is rendered whole before the marker is looked for, so footnotes and link references defined
    below the marker still resolve, and a marker shown in a code span is not taken for one.
    """
    if not source.strip():
        return ""
    if markdown and _MORE.search(source) is None:
        opening = _summary_of_opening(source)
        if opening is not None:
            return opening
    return summary_of_whole(source, markdown=markdown)


def summary_of_whole(source: str, *, markdown: bool) -> str:
    """derive_summary the slow way, from the whole body rendered (what the quick way must always agree with)."""
    html = render_markdown(source) if markdown else source
    before, found = split_more(html)
    text = flatten(_without_footnote_refs(before)) if found else ""
    if text:
        return text
    cleaned = _without_footnote_refs(html)
    for paragraph in _PARAGRAPH.finditer(cleaned):
        text = flatten(paragraph.group(1))
        if text:
            return text
    return next((text for block in _BLOCK_BOUNDARY.split(cleaned) if (text := flatten(block))), "")


# The openings tried before rendering a body whole: its first 2, 4, 8... blocks of lines (up to a blank line).
_OPENING_BLOCKS = (2, 4, 8, 16, 32)
# Blocks whose HTML markdown-it writes the same however the body goes on (no raw HTML, no footnote list).
_PLAIN_BLOCKS = _words(
    """paragraph_open paragraph_close inline heading_open heading_close hr fence code_block blockquote_open
    blockquote_close bullet_list_open bullet_list_close ordered_list_open ordered_list_close list_item_open
    list_item_close table_open table_close thead_open thead_close tbody_open tbody_close tr_open tr_close
    th_open th_close td_open td_close"""
)


def _summary_of_opening(source: str) -> str | None:
    """derive_summary's first paragraph, found by rendering only the opening of a long Markdown body.

    None when the opening cannot tell for certain (the caller then renders the body whole). A block of
    the opening is trusted only once the next top-level block has begun inside the opening too: Markdown
    is parsed forwards, so by then nothing later in the body can change it (a list cut short could still
    turn loose; a fence could still be unclosed). Raw HTML is never trusted. A link or footnote reference
    defined further down leaves its brackets in the opening's text: any "[" and the whole body decides.
    """
    cuts = list(itertools.islice(_blank_lines(source), _OPENING_BLOCKS[-1]))
    for blocks in _OPENING_BLOCKS:
        if blocks > len(cuts):
            return None
        cut = cuts[blocks - 1]
        found, certain = _first_paragraph_of(source[: cut + 1])
        if found is not None:
            return found if "[" not in found else None
        if not certain:
            return None
    return None


_RUN_END = re.compile(r"(?<=[^\n])\n\n")  # the newline that ends a run of text lines, a blank line after it


def _blank_lines(source: str) -> Iterator[int]:
    """Where each run of text lines of ``source`` ends: the index of the newline before a blank line."""
    return (found.start() for found in _RUN_END.finditer(source))


def _first_paragraph_of(opening: str) -> tuple[str | None, bool]:
    """The text of the first paragraph with text among the opening's settled blocks, and whether the
    blocks looked at could be trusted (False: the opening's HTML may differ from the whole body's).

    Only the blocks' structure is parsed for the whole opening; inline Markdown only for the blocks
    looked at, up to the paragraph found, the same way markdown-it's own core rules would.
    """
    parser = _markdown()
    renderer = typing.cast(RendererHTML, parser.renderer)
    env: dict[str, object] = {}
    state = StateCore(opening, parser, env)
    core_rules.normalize(state)
    core_rules.block(state)
    tokens = state.tokens
    start = 0
    for index, token in enumerate(tokens):
        if token.level != 0 or token.nesting == 1:
            continue
        block = tokens[start : index + 1]
        start = index + 1
        if start == len(tokens):  # the last block: the body's next lines could still belong to it
            return None, True
        if any(t.type not in _PLAIN_BLOCKS for t in block):
            return None, False
        inlines = [t for t in block if t.type == "inline"]
        for inline in inlines:
            inline.children = []
            parser.inline.parse(inline.content, parser, env, inline.children)
        joined = StateCore("", parser, env)
        joined.tokens = inlines
        core_rules.text_join(joined)
        if any(child.type == "html_inline" for inline in inlines for child in inline.children or ()):
            return None, False
        for at, opened in enumerate(block):
            if opened.type == "paragraph_open" and not opened.hidden:
                inner = renderer.renderInline(block[at + 1].children or [], parser.options, env)
                text = flatten(_without_footnote_refs(inner))
                if text:
                    return text, True
    return None, True


def shorten(text: str, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:") + "…"


def _without_footnote_refs(html: str) -> str:
    """The HTML reduced to blocks and text (script content and comments gone), footnote references removed."""
    return _FOOTNOTE_REF.sub("", TEXT_CLEANER.clean(clean_text(html)[0]))
