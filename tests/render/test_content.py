"""Article bodies to feed HTML: Markdown, sanitising, absolute URLs, XML-safe characters, plain text, summaries.

The markup rules themselves (allow-list, tag scanner, structure fixes) are tested in test_html.py.
"""

from __future__ import annotations

import pathlib
import re
import subprocess
import textwrap
from xml.sax.saxutils import escape

import lxml.etree
import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedbuilder.render import content
from feedbuilder.render.content import (
    absolutize_urls,
    body_to_html,
    clean_text,
    derive_summary,
    html_to_text,
    iri_to_uri,
    render_markdown,
    resolve_url,
    sanitize_html,
    split_more,
)

BASE = "https://example.org/news/treaty/"


def elements(html: str) -> list[lxml.html.HtmlElement]:
    """Every element of an HTML fragment, for reading attribute values (not for checking the markup's shape)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return list(root.iter())[1:]


def attribute(html: str, tag: str, name: str) -> str | None:
    found = [el.get(name) for el in elements(html) if el.tag == tag]
    assert found, f"no <{tag}> in {html!r}"
    return found[0]


def tags(html: str) -> set[str]:
    return {el.tag for el in elements(html)}


# --- clean_text -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f",  # C0 controls but TAB, LF, CR
        "\x7f",  # DEL
        "\x80", "\x85", "\x9f",  # C1 controls
        "\ud800", "\udbff", "\udc00", "\udfff",  # lone surrogates
        "\ufdd0", "\ufdef",  # the non-character block
        "\ufffe", "\uffff", "\U0001fffe", "\U0001ffff", "\U0010fffe", "\U0010ffff",  # U+nFFFE, U+nFFFF
        "\ufffd",  # the replacement character (a decoding error upstream)
    ],
)  # fmt: skip
def test_clean_text_removes_each_class(bad: str) -> None:
    """Each kind of XML-illegal or validator-flagged character is removed and the change is reported."""
    assert clean_text(f"a{bad}b") == ("ab", True)


@pytest.mark.parametrize(
    "good",
    ["\t", "\n", "\r", " ", "~", "\xa0", "é", "中朝", "😀", "\ud7ff", "\ue000", "\ufdcf", "\ufdf0", "\ufffc",
     "\U0001fffd", "\U00010000", "\U0010fffd"],
)  # fmt: skip
def test_clean_text_keeps_ordinary_text(good: str) -> None:
    """Tab, newline and ordinary non-ASCII (CJK, emoji, private use, edges of the bad ranges) are kept."""
    assert clean_text(f"a{good}b") == (f"a{good}b", False)


def test_clean_text_joins_a_split_surrogate_pair() -> None:
    """A surrogate pair written as two code points becomes the emoji it encodes, not nothing."""
    assert clean_text("smile \ud83d\ude00!") == ("smile 😀!", True)


def test_clean_text_on_long_clean_text_returns_it_unchanged() -> None:
    """The common case (nothing to remove) hands back the same string, reported unchanged."""
    text = "Ordinary text, 中朝 😀.\n" * 10_000
    cleaned, changed = clean_text(text)
    assert cleaned is text
    assert not changed


# --- render_markdown --------------------------------------------------------------------------------------------


def test_markdown_tables_strikethrough_footnotes() -> None:
    """The enabled extensions render: a table with its cells, <s> for ~~, footnote reference and list."""
    html = render_markdown(
        textwrap.dedent(
            """\
            A note[^1] and ~~gone~~.

            | a | b |
            |---|---|
            | 1 | 2 |

            [^1]: The note.
            """
        )
    )
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' in html
    assert "<s>gone</s>" in html
    assert [cell.text for cell in elements(html) if cell.tag in ("th", "td")] == ["a", "b", "1", "2"]
    assert '<section class="footnotes">' in html
    assert 'id="fn1"' in html


def test_markdown_has_no_typographer_and_no_linkify() -> None:
    """Quotes and dashes stay as typed and bare URLs stay text (both off by request)."""
    html = render_markdown('"quoted" -- see https://example.org/x')
    assert html == "<p>&quot;quoted&quot; -- see https://example.org/x</p>\n"


def test_markdown_passes_raw_html_through() -> None:
    """Raw HTML survives rendering (it is sanitised later, not escaped)."""
    assert '<span class="x">hi</span>' in render_markdown('Text <span class="x">hi</span>')


# --- sanitize_html ----------------------------------------------------------------------------------------------


def test_script_style_and_handlers_removed() -> None:
    """<script> and <style> go with their content; on* and style attributes go; the text stays."""
    html = sanitize_html(
        '<p onclick="steal()" style="position:absolute">Hi<script>alert(1)</script><style>p{}</style></p>'
    )
    assert html == "<p>Hi</p>"


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x", "java\tscript:x", "jav&#x09;ascript:x",
     "vbscript:x", "data:text/html,<script>x</script>"],
)  # fmt: skip
def test_script_urls_removed(href: str) -> None:
    """Script-capable URLs are dropped from links, however they are disguised."""
    html = sanitize_html(f'<a href="{href}">x</a>')
    assert attribute(html, "a", "href") is None


def test_safe_url_schemes_kept() -> None:
    """http(s), mailto:, tel: and relative links survive sanitising."""
    for href in ("https://example.org/", "http://x.example/", "mailto:a@example.org", "tel:+15551234", "../x", "#f"):
        assert attribute(sanitize_html(f'<a href="{href}">x</a>'), "a", "href") == href


def test_data_url_only_for_bitmap_images() -> None:
    """data: stays on <img src> for bitmap types only (no SVG), and never on links."""
    png = "data:image/png;base64,iVBORw0KGgo="
    assert attribute(sanitize_html(f'<img src="{png}">'), "img", "src") == png
    assert attribute(sanitize_html('<img src="data:image/svg+xml,<svg/>">'), "img", "src") is None
    assert attribute(sanitize_html(f'<a href="{png}">x</a>'), "a", "href") is None


def test_iframe_becomes_a_link_paragraph() -> None:
    """An iframe is replaced by a paragraph linking to where it pointed, its fallback content dropped."""
    html = sanitize_html('<iframe src="https://www.youtube.com/embed/abc" width="560">no frames <b>x</b></iframe>')
    assert html == '<p><a href="https://www.youtube.com/embed/abc">https://www.youtube.com/embed/abc</a></p>'


def test_embed_and_object_become_links() -> None:
    """<embed src> and <object data> also leave a link; the object's fallback content stays."""
    html = sanitize_html('<embed src="movie.swf"><object data="doc.pdf"><param name="a"><p>No PDF</p></object>')
    assert html == '<p><a href="movie.swf">movie.swf</a></p><p><a href="doc.pdf">doc.pdf</a></p><p>No PDF</p>'


def test_embed_inside_a_paragraph_leaves_no_empty_paragraph() -> None:
    """An inline iframe splits its paragraph cleanly: no empty <p></p> is left behind."""
    html = sanitize_html('<p>See <iframe src="https://v.example/1"></iframe></p>')
    assert html == '<p>See </p><p><a href="https://v.example/1">https://v.example/1</a></p>'


def test_embed_with_a_script_url_vanishes() -> None:
    """An iframe pointing at javascript: gives no link at all."""
    assert sanitize_html('<p>a</p><iframe src="javascript:alert(1)"></iframe>') == "<p>a</p>"


def test_svg_math_forms_and_custom_elements_dropped() -> None:
    """Inline SVG/MathML (NotHtml) go whole; forms and custom elements leave only their text."""
    html = sanitize_html(
        '<svg><circle r="1"/><text>t</text></svg><math><mi>x</mi></math>'
        '<form action="/x"><input name="q"><button>Go</button></form><my-widget>custom</my-widget>'
    )
    assert html == "Gocustom"


def test_no_rel_added_to_links() -> None:
    """nh3's default rel="noopener noreferrer" is not added, and an author's rel/target are dropped."""
    html = sanitize_html('<a href="https://example.org/" rel="nofollow" target="_blank">x</a>')
    assert html == '<a href="https://example.org/">x</a>'


def test_footnote_markup_survives() -> None:
    """markdown-it's footnote markup (classes, ids, fragment links) passes the sanitiser unchanged."""
    html = render_markdown("A note[^1].\n\n[^1]: The note.\n")
    cleaned = sanitize_html(html)
    for piece in ('<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>', '<hr class="footnotes-sep">',
                  '<section class="footnotes">', '<li id="fn1" class="footnote-item">', 'href="#fnref1"'):  # fmt: skip
        assert piece in cleaned


def test_table_alignment_kept_without_style() -> None:
    """Markdown column alignment survives as align=, with no style attribute (DangerousStyleAttr)."""
    html = sanitize_html(render_markdown("| a | b |\n|--:|:-:|\n| 1 | 2 |\n"))
    assert "style" not in html
    assert [el.get("align") for el in elements(html) if el.tag in ("th", "td")] == ["right", "center"] * 2


def test_media_kept_with_controls() -> None:
    """<video>/<audio> with their sources and tracks stay, and get controls (no script can play them)."""
    html = sanitize_html(
        '<video src="v.mp4" poster="p.jpg" autoplay onplay="x()"><source src="v.webm" type="video/webm">'
        '<track src="s.vtt" kind="subtitles" srclang="en" label="English"></video><audio src="a.mp3"></audio>'
    )
    assert html == (
        '<video src="v.mp4" poster="p.jpg" controls=""><source src="v.webm" type="video/webm">'
        '<track src="s.vtt" kind="subtitles" srclang="en" label="English"></video>'
        '<audio src="a.mp3" controls=""></audio>'
    )


def test_obsolete_elements_renamed() -> None:
    """Obsolete or validator-flagged elements become their plain equivalents (bdo is a SecurityRisk)."""
    html = sanitize_html('<strike>a</strike><tt>b</tt><acronym title="t">c</acronym><bdo dir="rtl">d</bdo>')
    assert html == '<s>a</s><code>b</code><abbr title="t">c</abbr><span dir="rtl">d</span>'


def test_noscript_fallback_image_kept() -> None:
    """The real image in a lazy-loading <noscript> fallback is kept, not shown as escaped markup."""
    assert sanitize_html('<noscript><img src="real.jpg" alt="r"></noscript>') == '<img src="real.jpg" alt="r">'


def test_character_references_to_bad_characters_removed() -> None:
    """&#1; and friends decode to XML-illegal characters inside nh3: they are removed from its output."""
    assert sanitize_html("<p>a&#1;b&#xFFFE;c&#0;d&#xD800;e</p>") == "<p>abcde</p>"


# --- absolutize_urls --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("img.png", "https://example.org/news/treaty/img.png"),
        ("../x", "https://example.org/news/x"),
        ("/a b.png", "https://example.org/a%20b.png"),
        ("#fn1", "https://example.org/news/treaty/#fn1"),
        ("//cdn.example.net/x.png", "https://cdn.example.net/x.png"),
        ("?page=2", "https://example.org/news/treaty/?page=2"),
        ("ünï code.html", "https://example.org/news/treaty/%C3%BCn%C3%AF%20code.html"),
        ("https://example.com/already", "https://example.com/already"),
        ("https://例え.jp/パス?q=値#frag", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%E5%80%A4#frag"),
        ("mailto:jane@example.org", "mailto:jane@example.org"),
        ("tel:+1 555", "tel:+1 555"),
    ],
)
def test_href_resolved_against_the_article(reference: str, expected: str) -> None:
    """Relative links resolve against the article URL (not the feed's) and come out ASCII; other schemes stay."""
    assert attribute(absolutize_urls(f'<a href="{escape(reference)}">x</a>', BASE), "a", "href") == expected


def test_every_url_attribute_resolved() -> None:
    """src, srcset (each candidate, descriptors kept), poster and cite are resolved, not only href."""
    html = absolutize_urls(
        '<img src="img.png" srcset="small.png 480w, ../large.png 2x">'
        '<video poster="p.jpg" src="v.mp4"></video><blockquote cite="/source">q</blockquote>',
        BASE,
    )
    assert attribute(html, "img", "src") == "https://example.org/news/treaty/img.png"
    assert attribute(html, "img", "srcset") == (
        "https://example.org/news/treaty/small.png 480w, https://example.org/news/large.png 2x"
    )
    assert attribute(html, "video", "poster") == "https://example.org/news/treaty/p.jpg"
    assert attribute(html, "video", "src") == "https://example.org/news/treaty/v.mp4"
    assert attribute(html, "blockquote", "cite") == "https://example.org/source"


def test_absolutize_changes_nothing_but_urls() -> None:
    """No <html>/<body> wrapper, no end tags for void elements, text and other attributes byte for byte."""
    html = '<p class="a">Tom &amp; Jerry&nbsp;<br><img alt="x &quot;y&quot;" src="a.png"></p>\n<hr>'
    assert absolutize_urls(html, BASE) == html.replace('src="a.png"', f'src="{BASE}a.png"')


def test_absolutize_keeps_html5_void_elements_void() -> None:
    """<source>/<track>/<wbr> stay void: lxml would write </source>, which the validator calls invalid HTML."""
    html = '<picture><source srcset="a.avif" type="image/avif"><img src="a.jpg" alt=""></picture>a<wbr>b'
    out = absolutize_urls(html, BASE)
    assert out == (
        f'<picture><source srcset="{BASE}a.avif" type="image/avif"><img src="{BASE}a.jpg" alt=""></picture>a<wbr>b'
    )


@pytest.mark.parametrize("html", ["", "plain text, no tags", "a < b & c", "   "])
def test_absolutize_text_without_tags(html: str) -> None:
    """Empty input and text without tags come back unchanged."""
    assert absolutize_urls(html, BASE) == html


def test_absolutize_decodes_attribute_references_as_html_does() -> None:
    """`&copy=` in a query is not a reference in an attribute: the URL keeps it, escaped as &amp;."""
    html = absolutize_urls('<a href="?a=1&copy=2&amp;b=3">x</a>', BASE)
    assert attribute(html, "a", "href") == f"{BASE}?a=1&copy=2&b=3"
    assert 'href="https://example.org/news/treaty/?a=1&amp;copy=2&amp;b=3"' in html


def test_usemap_fragment_left_alone() -> None:
    """usemap="#name" names a map in the page; an absolute URL there would break the image map."""
    html = '<img src="https://example.org/a.png" usemap="#m">'
    assert absolutize_urls(html, BASE) == html


def test_iri_to_uri_fixes_stray_percent_and_keeps_escapes() -> None:
    """A % not starting an escape is encoded; existing escapes and IPv6 brackets are kept."""
    assert iri_to_uri("http://x.example/a%zz%20b c") == "http://x.example/a%25zz%20b%20c"
    assert iri_to_uri("http://[::1]:8080/a b") == "http://[::1]:8080/a%20b"


def test_resolve_url_strips_what_browsers_strip() -> None:
    """Leading/trailing spaces and embedded newlines in an attribute do not end up in the URL."""
    assert resolve_url("  img\n.png ", BASE) == f"{BASE}img.png"


# --- html_to_text -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<b>Hi</b> &amp; bye", "Hi & bye"),
        ("  many \n\t spaces  ", "many spaces"),
        ("<p>one</p><p>two<br>three</p>", "one two three"),
        ("H<sub>2</sub>O and E=mc<sup>2</sup>", "H2O and E=mc2"),
        ("Vec<T> and <stdio.h>", "Vec<T> and <stdio.h>"),
        ("a <script>alert(1)</script>b<style>x{}</style>", "a b"),
        ("&lt;tag&gt; &copy; &#x263A; &nbsp;x", "<tag> © ☺ x"),
        ("bad &#1;char", "bad char"),
        ("Q&A", "Q&A"),
        ("", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    """Tags go (blocks leave a space), references are decoded, whitespace collapses, '<' of no tag stays."""
    assert html_to_text(html) == text


# --- summaries and the <!--more--> marker -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Intro\n<!--more-->\nrest", ("Intro\n", True)),
        ("Intro <!--  MORE  --> rest", ("Intro ", True)),
        ("a <!--more--> b <!--more--> c", ("a ", True)),
        ("no marker", ("no marker", False)),
    ],
)
def test_split_more(source: str, expected: tuple[str, bool]) -> None:
    """The text before the first marker, in any case and spacing; the whole text when there is none."""
    assert split_more(source) == expected


def test_summary_is_the_text_before_more() -> None:
    """With a marker, the summary is all the text before it, as plain text."""
    source = "First *para*.\n\nSecond para.\n\n<!--more-->\n\nThe rest.\n"
    assert derive_summary(source, markdown=True) == "First para. Second para."


def test_summary_before_more_resolves_footnotes_defined_below() -> None:
    """Footnote and link definitions after the marker still apply: no '[^1]' or '[text][ref]' left over."""
    source = "See [the docs][d] here[^1].\n\n<!--more-->\n\n[d]: https://example.org/\n[^1]: A note.\n"
    assert derive_summary(source, markdown=True) == "See the docs here."


def test_summary_is_the_first_paragraph() -> None:
    """Without a marker the first paragraph with text is the summary; footnote markers are left out."""
    source = "# Heading\n\n![photo](p.jpg)\n\nThe first *real* paragraph[^1].\n\nSecond.\n\n[^1]: Note.\n"
    assert derive_summary(source, markdown=True) == "The first real paragraph."


def test_summary_of_html_body() -> None:
    """An HTML body (markdown=False) gives its first <p>, or text before its marker."""
    assert derive_summary('<h2>T</h2><p class="x">Hello <b>you</b>.</p><p>Next</p>', markdown=False) == "Hello you."
    assert derive_summary("<p>One</p><p>Two</p><!-- more --><p>Three</p>", markdown=False) == "One Two"


def test_summary_drops_goldmark_footnote_refs() -> None:
    """Footnote references in Hugo's (goldmark's) markup are left out as well."""
    html = '<p>Claim<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>.</p>'
    assert derive_summary(html, markdown=False) == "Claim."


def test_summary_without_paragraphs_is_the_first_text_block() -> None:
    """With no <p>, the first block with text is used."""
    assert derive_summary("<div></div><div>Hello <i>there</i></div><div>two</div>", markdown=False) == "Hello there"
    assert derive_summary("just some text", markdown=False) == "just some text"


def test_marker_in_code_is_not_a_marker() -> None:
    """A <!--more--> shown in a code span is text, not the summary marker."""
    assert derive_summary("Use `<!--more-->` to split.\n\nMore text.\n", markdown=True) == "Use <!--more--> to split."


@pytest.mark.parametrize("source", ["", "   \n\n  "])
def test_summary_of_empty_body(source: str) -> None:
    """An empty body has an empty summary."""
    assert derive_summary(source, markdown=True) == ""
    assert derive_summary(source, markdown=False) == ""


# --- the whole pipeline -----------------------------------------------------------------------------------------

HOSTILE = """\
Intro with a note[^1], ~~old~~ and [a link](../other/) and ![a photo](photo.jpg).

<!--more-->

<p onclick="steal()" style="position:absolute;top:0">Styled <a href="javascript:alert(1)">js</a>
<a href="#fn1">to the note</a> <a href="/a b/ü.html">odd path</a></p>
<script>alert(1)</script>
<iframe src="https://www.youtube.com/embed/abc"></iframe>
<svg width="10"><circle r="4"/></svg>
<img src="img.png" srcset="img-2x.png 2x, ../wide.png 800w" alt="pic" onerror="x()">
<video poster="poster.jpg" src="clip.mp4"><source src="clip.webm" type="video/webm"><track src="subs.vtt" kind="subtitles"></video>
<p>Controls \x01\x7f\x85\ufffd&#1; gone</p>

| Left | Right |
|:-----|------:|
| a    | 1     |

[^1]: The note, with [a link](notes.html).
"""  # noqa: E501


def test_body_to_html_pipeline() -> None:
    """Rendered, marker gone, unsafe markup gone, every URL absolute, XML-safe characters only."""
    html = body_to_html(HOSTILE, markdown=True, base_url=BASE)
    assert "more" not in html
    assert not re.search(r"<(script|iframe|svg|circle)|onclick|onerror|style=|javascript:", html)
    assert clean_text(html) == (html, False)
    for el in elements(html):
        for name in ("href", "src", "poster"):
            if el.get(name) is not None:
                assert el.get(name).startswith("https://"), (el.tag, name, el.get(name))
    assert attribute(html, "a", "href") == f"{BASE}#fn1"  # the footnote reference comes first
    assert '<p><a href="https://www.youtube.com/embed/abc">https://www.youtube.com/embed/abc</a></p>' in html


def test_body_to_html_is_deterministic() -> None:
    """The same body gives the same bytes every time (stable feeds, working conditional GET)."""
    first = body_to_html(HOSTILE, markdown=True, base_url=BASE)
    for _ in range(3):
        content._render.cache_clear()  # render again, not from the cache
        assert body_to_html(HOSTILE, markdown=True, base_url=BASE) == first


W3C_VALIDATE = pathlib.Path(__file__).resolve().parents[3] / "shared" / "tools" / "w3c-validate"
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.org,2026:feed</id>
  <title>Content test</title>
  <updated>2024-07-01T10:00:00Z</updated>
  <author><name>Jane Doe</name></author>
  <link rel="self" href="http://example.com/feed.xml"/>
{entries}</feed>
"""
ENTRY = """  <entry>
    <id>tag:example.org,2026:entry-{n}</id>
    <title>{title}</title>
    <updated>2024-07-01T09:0{n}:00Z</updated>
    <link rel="alternate" href="{base}"/>
    <summary>{summary}</summary>
    <content type="html">{content}</content>
  </entry>
"""
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Content test</title>
    <link>https://example.org/</link>
    <description>Content test</description>
    <atom:link rel="self" type="application/rss+xml" href="http://example.com/rss.xml"/>
    <item>
      <title>Item</title>
      <link>{base}</link>
      <guid isPermaLink="false">tag:example.org,2026:item-1</guid>
      <description>{content}</description>
    </item>
  </channel>
</rss>
"""


@pytest.mark.skipif(not W3C_VALIDATE.exists(), reason="the W3C validator wrapper is not installed here")
def test_w3c_validator_accepts_hostile_content(tmp_path: pathlib.Path) -> None:
    """The W3C validator reports nothing (no SecurityRisk, NotHtml, DangerousStyleAttr, ContainsRelRef,
    InvalidUriChar) for hostile bodies, as Markdown and as HTML, in Atom content and RSS description."""
    bodies = [(HOSTILE, True), (HOSTILE, False), (_STRUCTURE_TRAPS, False)]
    entries = "".join(
        ENTRY.format(
            n=n,
            base=BASE,
            title=escape(html_to_text("Entry <b>" + str(n) + "</b>: Vec<T>")),
            summary=escape(derive_summary(body, markdown=markdown)),
            content=escape(body_to_html(body, markdown=markdown, base_url=BASE)),
        )
        for n, (body, markdown) in enumerate(bodies, 1)
    )
    atom, rss = tmp_path / "atom.xml", tmp_path / "rss.xml"
    atom.write_text(ATOM.format(entries=entries), encoding="utf-8")
    content = escape(body_to_html(HOSTILE + _STRUCTURE_TRAPS, markdown=False, base_url=BASE))
    rss.write_text(RSS.format(base=BASE, content=content), encoding="utf-8")
    result = subprocess.run(
        [str(W3C_VALIDATE), str(atom), str(rss)], capture_output=True, text=True, check=False, timeout=300
    )
    if result.returncode == 3:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stdout


# HTML that html5ever (nh3) and the validator's older html5lib build into different trees.
_STRUCTURE_TRAPS = (
    "<p>a<button><p>nested paragraph</p></button></p>"
    "<ruby>x<em><rt>rt outside ruby</rt></em></ruby>"
    "<dl><dt>a<b><figcaption>x<dt>nested dt</dt></figcaption></b></dt></dl>"
    "<picture><source srcset='a.avif'><img src='a.jpg' alt=''></picture><p>a<wbr>b</p>"
)


# --- properties -------------------------------------------------------------------------------------------------

_TOKENS = st.sampled_from(
    ["<p>", "</p>", "<a href='x y'>", "</a>", "<img src=../i.png srcset='a.png 1x, b.png 2x'>", "<script>", "</script>",
     "<iframe src=//v.example/e>", "</iframe>", "<svg>", "<b>", "</b>", "<table>", "<td style='text-align:right'>",
     "<ruby>", "<rt>", "<figcaption>", "<dt>", "<li>", "<button>", "<!--", "-->", "<!--more-->", "&", "&amp;", "&#1;",
     "&#xD800;", "<", ">", '"', "'", "=", " ", "\n", "<pre>", "\n\n", "<source>", "<video poster=p.jpg>", "中朝", "😀"]
)  # fmt: skip
_HTMLISH = st.lists(st.one_of(_TOKENS, st.text(max_size=8)), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(_HTMLISH)
def test_any_input_gives_xml_safe_stable_html(source: str) -> None:
    """Whatever the input, sanitising and absolutising never raise, and give text an XML document can hold,
    that a second sanitising leaves unchanged (what nh3 writes, it reads back the same)."""
    sanitized = sanitize_html(source)
    html = absolutize_urls(sanitized, BASE)
    assert clean_text(html) == (html, False)
    holder = lxml.etree.Element("content")
    holder.text = html  # lxml refuses strings XML cannot hold
    assert lxml.etree.fromstring(lxml.etree.tostring(holder)).text == (html or None)
    assert sanitize_html(sanitized) == sanitized


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_survives_the_pipeline(source: str) -> None:
    """Any text (lone surrogates and controls included), as Markdown or HTML, gives XML-safe HTML and summary."""
    for markdown in (True, False):
        html = body_to_html(source, markdown=markdown, base_url=BASE)
        summary = derive_summary(source, markdown=markdown)
        assert clean_text(html) == (html, False)
        assert clean_text(summary) == (summary, False)
        assert summary == summary.strip()
