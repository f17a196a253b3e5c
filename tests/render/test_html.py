"""The markup rules under content.py: tag scanner, allow-list, structure fixes, URL attribute helpers."""

from __future__ import annotations

import ast
import os
import pathlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedbuilder.render.html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    Tag,
    format_tag,
    join_srcset,
    parse_srcset,
    rewrite_tags,
    sanitize_html,
    url_scheme,
)

# the W3C validator's source, where ../shared/tools/w3c-validate looks for it
VALIDATOR_SRC = pathlib.Path(os.environ.get("FEEDVALIDATOR_SRC", "/tmp/feedvalidator/src"))
VALIDATORS = VALIDATOR_SRC / "feedvalidator" / "validators.py"


def _validator_list(name: str) -> set[str]:
    source = VALIDATORS.read_text(encoding="utf-8")
    found = re.search(rf"^  {name} = (\[.*?\])", source, re.MULTILINE | re.DOTALL)
    assert found, f"{name} not found in the validator"
    return set(ast.literal_eval(found.group(1)))


# --- the tag scanner --------------------------------------------------------------------------------------------

TRICKY = [
    "",
    "plain text",
    "a < b > c & d",
    '<p class="x">Tom &amp; Jerry</p>',
    "<img alt='it\"s > fine' src=a.png>",
    "<!-- <a href=x> --><a href=y>",
    "<script>if (a<b) { x = '<a href=z>' }</script>after",
    "<style>p > a { color: red }</style>",
    '<a href="unclosed',
    "<p>unclosed <b>tags",
    "<br/><hr /><img src=a.png/>",
    "<!DOCTYPE html><?php echo 1 ?><![CDATA[x]]>",
    "<textarea><b>not a tag</b></textarea>",
    "<iframe src=x><p>fallback</iframe><p>after</p>",
]


@pytest.mark.parametrize("html", TRICKY)
def test_scanner_copies_what_it_does_not_change(html: str) -> None:
    """With nothing to rewrite, the markup comes back byte for byte (no parser normalisation)."""
    assert rewrite_tags(html, lambda tag: None) == html


def test_scanner_skips_comments_and_raw_text() -> None:
    """Tags inside comments, <script> and <textarea> are text, not tags: the callback never sees them."""
    seen: list[str] = []

    def record(tag: Tag) -> None:
        seen.append(("/" if tag.closing else "") + tag.name)

    rewrite_tags("<!-- <a> --><script><b></script><TEXTAREA><i></textarea ><p>x</p>", record)
    assert seen == ["script", "textarea", "p", "/p"]


def test_raw_text_element_content_is_replaced_with_it() -> None:
    """A rewrite of a raw-text element replaces its content and end tag too (an iframe's fallback goes)."""
    out = rewrite_tags("a<iframe src=x>fallback <b></iframe>b", lambda tag: "[embed]")
    assert out == "a[embed]b"


def test_attributes_decoded_as_html_does() -> None:
    """Quoted, unquoted and bare attributes; references decoded, but `&copy=` in a query kept."""
    seen: list[Tag] = []
    rewrite_tags("""<a HREF="?a=1&copy=2&amp;b=&lt;3" title='it&#39;s' data-x=plain hidden href=second>""", seen.append)
    [tag] = seen
    assert tag.attrs == [
        ("HREF", "?a=1&copy=2&b=<3"),
        ("title", "it's"),
        ("data-x", "plain"),
        ("hidden", None),
        ("href", "second"),
    ]
    assert tag.get("href") == "?a=1&copy=2&b=<3"  # HTML keeps the first of duplicates


def test_format_tag_escapes_values_and_keeps_self_closing() -> None:
    """Written again, values are escaped (& and ") and a self-closing tag stays self-closing."""
    seen: list[Tag] = []
    rewrite_tags('<img src="a.png" />', seen.append)
    [tag] = seen
    assert tag.self_closing
    assert format_tag(tag, [("alt", 'a "b" & c'), ("hidden", None)]) == '<img alt="a &quot;b&quot; &amp; c" hidden />'


def test_unquoted_value_ending_in_slash_is_not_self_closing() -> None:
    """<img src=a/> has the value 'a/' (HTML's rule), so it is not written back as self-closing."""
    seen: list[Tag] = []
    rewrite_tags("<img src=a/>", seen.append)
    assert seen[0].attrs == [("src", "a/")]
    assert not seen[0].self_closing


# --- URL attribute helpers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "candidates"),
    [
        ("a.png", [("a.png", "")]),
        ("a.png 1x, b.png 2x", [("a.png", "1x"), ("b.png", "2x")]),
        ("a.png 1x,b.png 2x", [("a.png", "1x"), ("b.png", "2x")]),
        ("a.png, b.png 2x", [("a.png", ""), ("b.png", "2x")]),
        ("img,v2.png 480w, big.png 800w", [("img,v2.png", "480w"), ("big.png", "800w")]),
        (" , a.png  2x , ", [("a.png", "2x")]),
        ("", []),
    ],
)
def test_parse_srcset(value: str, candidates: list[tuple[str, str]]) -> None:
    """Candidates split as HTML does: a comma inside a URL stays, a comma after it ends it."""
    assert parse_srcset(value) == candidates


def test_join_srcset() -> None:
    """Candidates are written back comma-separated, descriptors after a space."""
    assert join_srcset([("a.png", "1x"), ("b.png", "")]) == "a.png 1x, b.png"


@pytest.mark.parametrize(
    ("value", "scheme"),
    [("https://x", "https"), ("  JavaScript:alert(1)", "javascript"), ("java\tscr\nipt:x", "javascript"),
     ("\x01mailto:a@b", "mailto"), ("page.html", None), ("/a:b", None), ("#f", None), ("", None)],
)  # fmt: skip
def test_url_scheme_as_browsers_read_it(value: str, scheme: str | None) -> None:
    """The scheme is read the way browsers do (tabs/newlines dropped, controls trimmed), so it cannot hide."""
    assert url_scheme(value) == scheme


# --- the allow-list ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not VALIDATORS.exists(), reason="the W3C validator's source is not here")
def test_allowed_tags_are_accepted_by_the_validator() -> None:
    """Every element we keep is in the validator's acceptable_elements (else SecurityRisk or NotHtml)."""
    assert sorted(ALLOWED_TAGS - _validator_list("acceptable_elements")) == []


def test_no_attribute_the_validator_flags() -> None:
    """No style attribute (DangerousStyleAttr) and no on* handler (SecurityRisk) is ever allowed."""
    names = {name for allowed in ALLOWED_ATTRIBUTES.values() for name in allowed}
    assert "style" not in names
    assert not [name for name in names if name.startswith("on")]


def test_sanitised_tags_are_all_allowed() -> None:
    """Whatever goes in, only allow-listed elements come out."""
    html = sanitize_html(
        "<main><nav><menu><dialog open><canvas></canvas><marquee>m</marquee><blink>b</blink><rb>r</rb>"
        "<rtc>c</rtc><hgroup><h1>h</h1></hgroup><big>big</big><font>f</font><map><area href=x></map>"
    )
    assert set(re.findall(r"<([a-z0-9]+)", html)) <= ALLOWED_TAGS
    assert html == "mbrc<h1>h</h1>bigf"


# --- structure fixes for the validator's HTML parser ------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a<button><p>b</p></button></p>", "<p>a</p><p>b</p>"),
        ("<ruby>x<em><rt>y</rt></em></ruby>", "<ruby>x<em>y</em></ruby>"),
        ("<p><rp>(</rp>x</p>", "<p>(x</p>"),
        ("<dl><dt>a<b><figcaption>x<dt>in</dt></figcaption></b></dt></dl>",
         "<dl><dt>a<b>x</b></dt><dt><b>in</b></dt></dl>"),
        ("<li><summary>s</summary></li>", "<li>s</li>"),
        ("<a href=1>a<object><a href=2>b</a></object></a>", '<a href="1">a</a><a href="2">b</a>'),
    ],
)  # fmt: skip
def test_structures_the_validator_reads_differently_are_fixed(html: str, expected: str) -> None:
    """Markup nh3 writes but the validator's older HTML parser rejects ("Invalid HTML", NotHtml) is unwrapped
    or re-parsed until both read the same tree."""
    assert sanitize_html(html) == expected


def test_well_formed_ruby_figure_details_kept() -> None:
    """The structure fixes leave correct markup alone."""
    html = (
        '<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby><figure><img src="a.png" alt="">'
        '<figcaption>c</figcaption></figure><details open=""><summary>s</summary><p>t</p></details>'
    )
    assert sanitize_html(html) == html


def test_pre_keeps_its_leading_blank_line() -> None:
    """A <pre> that starts with a blank line keeps it (HTML parsers drop one newline after <pre>)."""
    html = "<pre>\n\ncode</pre>"
    assert sanitize_html(html) == html
    assert sanitize_html(sanitize_html(html)) == html


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<b>", "</b>", "<ruby>", "<rt>", "<figcaption>", "<figure>", "<li>",
                                 "<dt>", "<summary>", "<details>", "<button>", "<object>", "<a href=x>", "</a>",
                                 "<table>", "<td>", "<pre>", "\n", "x"]), max_size=25).map("".join))  # fmt: skip
def test_sanitising_is_idempotent(html: str) -> None:
    """Sanitised HTML sanitises to itself: the output is a fixed point, not one step of a changing series."""
    once = sanitize_html(html)
    assert sanitize_html(once) == once
