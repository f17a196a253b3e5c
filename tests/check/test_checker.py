"""The feed checker's API, format detection, shared rules (dates, URLs, ids, characters, HTML) and robustness.

The rules of each format are tested in test_rss_rules.py, test_atom_rules.py and test_json_rules.py;
every rule by its code in test_rules.py.
"""

from __future__ import annotations

import datetime
import json
import pathlib
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedbuilder.check.checker import NOT_A_FEED, check_feed, check_files
from feedbuilder.check.common import DateError, canonical_form, parse_rfc822, parse_rfc3339, uri_character
from feedbuilder.check.html_rules import unsafe_css
from feedbuilder.errors import Level, Problem

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "feeds"
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
GOOD = ("good-rss.xml", "good-atom.xml", "good.json")


def check(name: str) -> list[Problem]:
    return check_feed((FIXTURES / name).read_bytes(), path=name, now=NOW)


@pytest.mark.parametrize("name", GOOD)
def test_good_feeds_have_no_problems(name: str) -> None:
    """The hand-written valid feeds (clean in the W3C validator too) give no error and no warning."""
    assert check(name) == []


def test_not_well_formed_xml() -> None:
    """Broken XML is one error with the parser's line and message."""
    [problem] = check("not-well-formed.xml")
    assert (problem.field, problem.line, problem.level) == (None, 4, Level.ERROR)
    assert problem.message.startswith("is not well-formed XML: xmlParseEntityRef")


def test_not_a_feed() -> None:
    """RSS 1.0 (RDF) is neither RSS 2.0 nor Atom: one error naming the root element."""
    [problem] = check("not-a-feed.xml")
    assert problem.message == f"{NOT_A_FEED}: the root element is <RDF>"
    assert (problem.line, problem.code) == (2, "not-a-feed")


def test_rss_091_is_checked_as_rss() -> None:
    """RSS 0.91 and 0.92 are read with the RSS 2.0 rules: clean at the default level, and --strict
    asks for the self link and guids feedbuilder writes."""
    data = (FIXTURES / "rss-091.xml").read_bytes()
    [default] = check_feed(data, path="x", now=NOW, strict=False)
    [strict] = check_feed(data, path="x", now=NOW, strict=True)
    assert (default.code, default.level, strict.level) == ("rss-self-link", Level.WARNING, Level.ERROR)


def test_doctype_entity() -> None:
    """An entity from a DOCTYPE is not expanded (safe parser) and is reported."""
    problems = check("doctype-entity.xml")
    assert problems[0].field == "channel/title"
    assert problems[0].message == "uses the entity '&site;' from a DOCTYPE"


@pytest.mark.parametrize("data", [b"", b"   ", b"\xef\xbb\xbf", b"\x00\xff", b"<a>"])
def test_empty_and_junk_input(data: bytes) -> None:
    """Empty or junk input is one error, never an exception."""
    [problem] = check_feed(data, path="x", now=NOW)
    assert problem.is_error


def test_str_format() -> None:
    """A problem prints as path:line: field: message (hint) [rule code]."""
    [problem] = check("rss-duplicate-guid.xml")
    assert str(problem) == (
        "rss-duplicate-guid.xml:20: item[2]/guid: 'tag:example.com,2026:articles/hello' appears twice "
        "(each item needs its own id; items 1 and 2) [rss-guid-duplicate]"
    )


def test_size_over_validator_limit() -> None:
    """A file over 5,000,000 bytes is an error, and the rest of the file is still checked."""
    good = (FIXTURES / "good-rss.xml").read_bytes()
    data = good.replace(b"<channel>", b"<channel><!--" + b"x" * 5_000_000 + b"-->")
    [problem] = check_feed(data, path="big.xml", now=NOW)
    assert problem.field is None and problem.is_error
    assert f"is {len(data):,} bytes" in problem.message


def test_size_over_a_megabyte_warns() -> None:
    """A file over 1,000,000 bytes is a warning."""
    good = (FIXTURES / "good.json").read_bytes()
    data = good + b" " * 1_000_000
    [problem] = check_feed(data, path="big.json", now=NOW)
    assert problem.level is Level.WARNING
    assert f"is {len(data):,} bytes" in problem.message


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\ufffd", "replacement character U+FFFD"),
        ("\x9f", "control character U+009F"),
        ("\ufdd0", "noncharacter U+FDD0"),
    ],
)
def test_bad_characters_in_attributes(char: str, what: str) -> None:
    """Characters readers show as garbage are found in attribute values too."""
    good = (FIXTURES / "good-atom.xml").read_text(encoding="utf-8")
    data = good.replace('term="world"', f'term="wor{char}ld"').encode()
    problems = [p for p in check_feed(data, path="x.xml", now=NOW) if what in p.message]
    assert [p.field for p in problems] == ["entry[1]/category/@term"]


def test_check_files(tmp_path: pathlib.Path) -> None:
    """check_files checks every file and turns an unreadable one into a problem."""
    missing = tmp_path / "missing.xml"
    problems = check_files([FIXTURES / "good-rss.xml", FIXTURES / "rss-missing-guid.xml", missing], now=NOW)
    assert [p.field for p in problems] == ["item[1]/guid", None]
    assert problems[0].path.endswith("rss-missing-guid.xml")
    assert problems[1].message.startswith("cannot be read: ")


def test_default_now_is_the_current_time() -> None:
    """Without now, a date in 2999 is in the future and one in 2024 is not."""
    good = (FIXTURES / "good.json").read_bytes()
    assert check_feed(good, path="x.json") == []
    [problem] = check_feed(good.replace(b"2024-07-01T09", b"2999-07-01T09"), path="x.json")
    assert problem.message == "'2999-07-01T09:00:00Z' is in the future"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mon, 01 Jul 2024 09:00:00 +0000", "2024-07-01T09:00:00+00:00"),
        ("01 Jul 2024 09:00 EST", "2024-07-01T09:00:00-05:00"),
        ("Sun, 30 Jun 2024 23:59:60 -0130", "2024-06-30T23:59:59-01:30"),
    ],
)
def test_rfc822_dates(text: str, expected: str) -> None:
    """RFC 822 dates with numeric and named zones, optional weekday and seconds parse."""
    assert parse_rfc822(text).isoformat() == expected


@pytest.mark.parametrize(
    "text",
    ["Mon, 1 Jul 2024 9:00:00 +0000", "mon, 01 jul 2024 09:00:00 +0000", "Thu, 30 Feb 2024 09:00:00 +0000",
     "Mon,  01 Jul 2024 09:00:00 +0000", "Mon, 01 Jul 2024 09:00:00 +0099", "Mon, 01 Jul 2024 09:00:00"],
)  # fmt: skip
def test_bad_rfc822_dates(text: str) -> None:
    """Lower-case names, impossible days or zones, missing zones and odd spacing are rejected."""
    with pytest.raises(DateError):
        parse_rfc822(text)


@pytest.mark.parametrize(
    "text",
    [
        "2024-07-01T09:00Z",
        "2024-07-01T09:00:00",
        "2024-07-01 09:00:00Z",
        "2024-13-01T09:00:00Z",
        "२०२४-07-01T09:00:00Z",
    ],
)
def test_bad_rfc3339_dates(text: str) -> None:
    """Missing seconds or zone, a space, month 13 and non-ASCII digits are not RFC 3339."""
    with pytest.raises(DateError):
        parse_rfc3339(text)


def test_rfc3339_fraction_and_offset() -> None:
    """Fractional seconds and numeric offsets are RFC 3339."""
    assert parse_rfc3339("2024-07-01T09:00:00.123-07:00").isoformat() == "2024-07-01T09:00:00-07:00"


@pytest.mark.parametrize(
    ("uri", "canonical"),
    [
        ("tag:example.com,2026:a%2fb", "tag:example.com,2026:a%2Fb"),
        ("https://example.com:443/a/../b/%7Ex", "https://example.com/b/~x"),
        ("http://example.com", "http://example.com/"),
        ("urn:uuid:0a1b", "urn:uuid:0a1b"),
        ("http://example.com/%zz", None),
    ],
)
def test_canonical_form(uri: str, canonical: str | None) -> None:
    """Canonical ids: upper-case escapes, no default port or dot segments, unreserved characters unescaped."""
    assert canonical_form(uri) == canonical


def test_uri_character_percent_encodes() -> None:
    """The hint for a bad URL character gives its percent-encoding."""
    assert uri_character("https://example.com/a|b") == (
        "'https://example.com/a|b' contains the character '|'",
        "percent-encode it as %7C",
        False,
    )
    assert uri_character("https://example.com/café") == (
        "'https://example.com/café' contains the non-ASCII character 'é'",
        "percent-encode it as %C3%A9",
        True,  # an IRI may hold it
    )


@pytest.mark.parametrize(
    ("style", "unsafe"),
    [
        ("color: red; font-weight: bold", []),
        ("width: 100%; border: 1px solid #ccc", []),
        ("float: left; margin: 0 auto", ["float: left", "margin: 0 auto"]),
        ("background: url(https://x/y.png)", ["background: url(https://x/y.png)"]),
        ("padding: 4px 1000em", []),
        ("padding: 4px calc(1px)", ["padding: 4px calc(1px)"]),
    ],
)
def test_unsafe_css(style: str, unsafe: list[str]) -> None:
    """Colours, fonts and borders are safe; layout properties and url() are not."""
    assert unsafe_css(style) == unsafe


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ('<img srcset="https://x/a.png 1x, b.png 2x" alt="">', "<img srcset> has the relative URL 'b.png'"),
        ('<video poster="p.jpg"></video>', "<video poster> has the relative URL 'p.jpg'"),
        ('<a href="#notes">notes</a>', "<a href> has the relative URL '#notes'"),
        ('<a href=" java\nscript:x()">x</a>', "<a href> is the script URL 'java\\nscript:x()'"),
        ("<p>AT&T</p>", "has '&T', which is not a valid character reference"),
        ("<p>&nbsp x</p>", "has '&nbsp', which is not a valid character reference"),
        ('<embed src="https://x/a.swf">', "contains <embed>"),
    ],
)
def test_html_findings(html: str, message: str) -> None:
    """URL attributes beyond href/src, script URLs, broken references and unsafe elements are found."""
    messages = [p.message for p in check_feed(json_feed_with(html), path="x.json", now=NOW)]
    assert message in messages


def test_safe_html_passes() -> None:
    """mailto: and data: URLs, entities, comments and void elements are fine."""
    html = '<p>Tom &amp; Jerry &#x2014; <a href="mailto:a@example.com">mail</a><br/><!-- c --><img src="data:,x"></p>'
    assert check_feed(json_feed_with(html), path="x.json", now=NOW) == []


def json_feed_with(content_html: str) -> bytes:
    """The valid JSON Feed fixture with other HTML in its first item."""
    feed = json.loads((FIXTURES / "good.json").read_bytes())
    feed["items"][0]["content_html"] = content_html
    return json.dumps(feed, indent=2).encode()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_never_raise(data: bytes) -> None:
    """Arbitrary bytes give a list of problems, never an exception."""
    assert isinstance(check_feed(data, path="x", now=NOW), list)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(GOOD), st.integers(min_value=0), st.integers(min_value=0, max_value=40), st.binary(max_size=20))
def test_damaged_feeds_never_raise(name: str, start: int, cut: int, insert: bytes) -> None:
    """Valid feeds with bytes cut out and junk put in are checked without an exception."""
    good = (FIXTURES / name).read_bytes()
    start %= len(good)
    damaged = good[:start] + insert + good[start + cut :]
    assert all(isinstance(p, Problem) for p in check_feed(damaged, path=name, now=NOW))


PLAIN = st.text(st.characters(codec="ascii", categories=["L", "N", "Zs"]) | st.sampled_from(",.!?-'()"), min_size=1)


@settings(max_examples=100, deadline=None)
@given(PLAIN.filter(str.strip))
def test_any_plain_title_is_fine(title: str) -> None:
    """Any plain-text title in an otherwise valid feed gives no problem (no false alarms)."""
    for name in ("good-rss.xml", "good-atom.xml"):
        good = (FIXTURES / name).read_text(encoding="utf-8")
        assert check_feed(good.replace("Hello, world", title).encode(), path=name, now=NOW) == []


W3C_VALIDATE = pathlib.Path(__file__).resolve().parents[3] / "shared" / "tools" / "w3c-validate"


@pytest.mark.skipif(not W3C_VALIDATE.exists(), reason="the W3C validator wrapper is not installed here")
def test_w3c_validator_finds_good_fixtures_clean() -> None:
    """The valid XML fixtures also pass the W3C validator with no error and no warning."""
    paths = [str(FIXTURES / name) for name in GOOD if name.endswith(".xml")]
    result = subprocess.run([str(W3C_VALIDATE), *paths], capture_output=True, text=True, check=False, timeout=300)
    if result.returncode == 3:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stdout


def test_naive_now_is_refused() -> None:
    """A naive now is a programming error, reported at once."""
    with pytest.raises(ValueError, match="aware"):
        check_feed(b"{}", path="x", now=datetime.datetime(2026, 1, 1))
