"""Every rule of the checker, each shown by a small fixture: the good feeds with one thing broken.

Each case replaces one piece of tests/fixtures/feeds/good-rss.xml, good-atom.xml or good.json and names the
rule code it must trigger. The cases together cover every code in the registry; every finding carries a code,
a fix hint, and (in XML) a line; the default level never reports a --strict-only rule.
"""

from __future__ import annotations

import datetime
import pathlib
import re

import pytest

from feedbuilder.check.checker import check_feed
from feedbuilder.check.rules import RULES
from feedbuilder.errors import Problem

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "feeds"
README = pathlib.Path(__file__).resolve().parents[2] / "README.md"
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
RSS = (FIXTURES / "good-rss.xml").read_text(encoding="utf-8")
ATOM = (FIXTURES / "good-atom.xml").read_text(encoding="utf-8")
JSON = (FIXTURES / "good.json").read_text(encoding="utf-8")
CHANNEL = "<language>en-US</language>"  # a place to add to the channel
ITEM = "<category>world</category>"  # ... to the first item
FEED = '<generator uri="https://example.com/feedbuilder" version="0.1.0">feedbuilder</generator>'
ENTRY = '<category term="world" scheme="https://example.com/tags/"/>'
NS = "xmlns:atom="  # the rss element's first namespace, to add others before it
XHTML_CONTENT = ATOM[ATOM.index('<content type="xhtml">') : ATOM.index("</content>\n  </entry>\n</feed>") + 10]
HELLO_LINK = '<link href="https://example.com/articles/hello/"/>\n'
DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
DTD = '<!DOCTYPE rss [<!ENTITY n "News">]>'
ITUNES = 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" ' + NS


def _itunes(code: str, element: str) -> tuple[str, str, tuple[str, str], tuple[str, str]]:
    """A case adding an iTunes element to the channel (and the namespace to the rss element)."""
    return (code, "rss", (NS, CHANNEL), (ITUNES, CHANNEL + element))


MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/" ' + NS


def _media(code: str, element: str) -> tuple[str, str, tuple[str, str], tuple[str, str]]:
    """A case adding a Media RSS element to the first item (and the namespace to the rss element)."""
    return (code, "rss", (NS, ITEM), (MEDIA, ITEM + element))


# (code, which feed, the piece replaced, what replaces it)
CASES = [
    (
        "thr-value",
        "atom",
        ENTRY,
        ENTRY + '<thr:total xmlns:thr="http://purl.org/syndication/thread/1.0">many</thr:total>',
    ),
    _media("media-value", '<media:content url="https://example.com/v.mp4" medium="film"/>'),
    _media("media-role", '<media:credit role="caterer">Sam</media:credit>'),
    _itunes("itunes-value", "<itunes:explicit>maybe</itunes:explicit>"),
    _itunes("itunes-too-long", f"<itunes:subtitle>{'x' * 256}</itunes:subtitle>"),
    _itunes("itunes-image", "<itunes:image/>"),
    _itunes("itunes-owner", "<itunes:owner><itunes:name>Jane</itunes:name></itunes:owner>"),
    _itunes("itunes-category", '<itunes:category text="Cooking"/>'),
    _itunes("itunes-category-old", '<itunes:category text="Games &amp; Hobbies"/>'),
    ("not-a-feed", "rss", RSS, "<!DOCTYPE html><html><body>Hi</body></html>"),
    ("xml-not-well-formed", "rss", "</channel>", "</chanel>"),
    ("xml-dtd-entity", "rss", (DECLARATION, "Example News</title>"), (DTD, "Example &n;</title>")),
    ("bad-character", "rss", "Example News</title>", "Example \x85News</title>"),
    ("bad-language", "rss", "en-US", "en_US"),
    ("date-format", "rss", "Tue, 02 Jul 2024 10:30:00 +0000</lastBuildDate>", "2024-07-02</lastBuildDate>"),
    (
        "date-loose",
        "rss",
        "Tue, 02 Jul 2024 10:30:00 +0000</lastBuildDate>",
        "Tue, 2 Jul 24 10:30:00 GMT</lastBuildDate>",
    ),
    (
        "date-future",
        "rss",
        "Tue, 02 Jul 2024 10:30:00 +0000</lastBuildDate>",
        "Sat, 02 Jul 2033 10:30:00 +0000</lastBuildDate>",
    ),
    (
        "date-implausible",
        "rss",
        "Tue, 02 Jul 2024 10:30:00 +0000</lastBuildDate>",
        "Mon, 02 Jul 1979 10:30:00 +0000</lastBuildDate>",
    ),
    ("date-duplicate", "atom", "2024-07-01T09:00:00Z", "2024-07-02T10:30:00Z"),
    ("url-empty", "rss", "<link>https://example.com/articles/hello/</link>", "<link></link>"),
    ("url-relative", "atom", 'href="https://example.com/articles/hello/"', 'href="/articles/hello/"'),
    ("url-not-absolute", "rss", "<link>https://example.com/articles/hello/</link>", "<link>/articles/hello/</link>"),
    ("url-not-web", "rss", "<link>https://example.com/articles/hello/</link>", "<link>ftp://example.com/hello</link>"),
    ("url-invalid", "rss", "<link>https://example.com/articles/hello/</link>", "<link>https://example.com/a b</link>"),
    ("url-non-ascii", "atom", 'href="https://example.com/articles/hello/"', 'href="https://example.com/café/"'),
    ("id-empty", "atom", "<id>tag:example.com,2026:articles/hello</id>", "<id></id>"),
    ("id-bad-uri", "atom", "tag:example.com,2026:articles/hello</id>", "urn:x</id>"),
    ("id-not-canonical", "atom", "tag:example.com,2026:articles/hello</id>", "HTTP://Example.com/hello</id>"),
    ("email-invalid", "rss", "jane@example.com (Jane Doe)", "Jane Doe"),
    ("email-no-name", "rss", "jane@example.com (Jane Doe)", "jane@example.com"),
    ("html-unsafe", "rss", "<em>60th</em>", "<script>alert(1)</script>"),
    ("html-style", "rss", "border: 1px solid #ccc", "float: left"),
    ("html-relative-url", "rss", 'href="https://example.com/about/#team"', 'href="../about/"'),
    ("html-not-html", "rss", "<em>60th</em>", "<blink>60th</blink>"),
    ("html-unescaped", "rss", "<em>60th</em>", "60 &bogus; 5"),
    ("text-blank", "rss", "<category>world</category>", "<category></category>"),
    ("text-markup", "rss", "<title>Hello, world</title>", "<title>Hello, &lt;b&gt;world&lt;/b&gt;</title>"),
    ("rss-namespace", "rss", '<rss version="2.0"', '<rss version="2.0" xmlns="https://example.com/rss"'),
    ("rss-no-channel", "rss", RSS, '<rss version="2.0"><title>T</title></rss>'),
    ("rss-missing", "rss", "<description>Articles from Example News</description>", ""),
    ("rss-duplicate", "rss", CHANNEL, CHANNEL + "<ttl>60</ttl><ttl>30</ttl>"),
    ("rss-undefined", "rss", ITEM, ITEM + "<summary>x</summary>"),
    ("rss-unexpected-text", "rss", "<channel>", "<channel>stray"),
    ("rss-misplaced", "rss", "</channel>", "<copyright>CC BY</copyright></channel>"),
    (
        "rss-self-link",
        "rss",
        '<atom:link href="https://example.com/rss.xml" rel="self" type="application/rss+xml"/>',
        "",
    ),
    ("rss-self-link-type", "rss", ' type="application/rss+xml"/>', "/>"),
    (
        "rss-home-is-feed",
        "rss",
        "<link>https://example.com/</link>\n    <desc",
        "<link>https://example.com/rss.xml</link>\n    <desc",
    ),
    ("rss-item-empty", "rss", ("<title>Hello, world</title>", "<description>A first post.</description>"), ("", "")),
    ("rss-guid-missing", "rss", "<guid>https://example.com/articles/hello/</guid>", ""),
    ("rss-guid-permalink", "rss", 'isPermaLink="false"', 'isPermaLink="no"'),
    ("rss-guid-not-url", "rss", 'isPermaLink="false"', ""),
    (
        "rss-guid-duplicate",
        "rss",
        "<guid>https://example.com/articles/hello/</guid>",
        '<guid isPermaLink="false">tag:example.com,2026:articles/treaty-anniversary</guid>',
    ),
    ("rss-duplicate-semantics", "rss", CHANNEL, CHANNEL + "<dc:language>en</dc:language>"),
    ("rss-guid-weak", "rss", "tag:example.com,2026:articles/treaty-anniversary", "12"),
    ("rss-hour-24", "rss", CHANNEL, CHANNEL + "<skipHours><hour>24</hour></skipHours>"),
    (
        "rss-text-input-avoid",
        "rss",
        CHANNEL,
        CHANNEL
        + "<textInput><title>S</title><description>D</description><name>q</name><link>https://example.com/s</link></textInput>",
    ),
    (
        "rss-content-order",
        "rss",
        "<description>&lt;p&gt;The leaders exchanged messages; 3 &amp;lt; 5.&lt;/p&gt;</description>",
        "",
    ),
    ("rss-image-format", "rss", "logo.png", "logo.tiff"),
    ("rss-enclosure", "rss", ' length="123456"', ""),
    (
        "rss-enclosure-twice",
        "rss",
        ITEM,
        ITEM + '<enclosure url="https://example.com/b.mp3" length="1" type="audio/mpeg"/>',
    ),
    ("rss-image-link", "rss", "<title>Example News</title>\n      <link>", "<title>Logo</title>\n      <link>"),
    ("rss-number", "rss", CHANNEL, CHANNEL + "<ttl>soon</ttl>"),
    ("rss-day", "rss", CHANNEL, CHANNEL + "<skipDays><day>Caturday</day></skipDays>"),
    ("rss-cloud", "rss", CHANNEL, CHANNEL + '<cloud domain="example.com" port="80" path="/rpc" protocol="xml-rpc"/>'),
    (
        "rss-text-input",
        "rss",
        CHANNEL,
        CHANNEL
        + "<textInput><title>S</title><description>D</description><name>1 q</name><link>https://example.com/s</link></textInput>",
    ),
    ("rss-value", "rss", NS, 'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" ' + NS),
    ("atom-missing", "atom", "  <title>Example News</title>\n", ""),
    ("atom-duplicate", "atom", FEED, FEED + FEED),
    ("atom-undefined", "atom", ENTRY, ENTRY + "<pubDate>x</pubDate>"),
    (
        "atom-self-link",
        "atom",
        '<link href="https://example.com/atom.xml" rel="self" type="application/atom+xml"/>',
        "",
    ),
    ("atom-link-duplicate", "atom", ENTRY, ENTRY + '<link href="https://example.com/other/" type="text/html"/>'),
    ("atom-link", "atom", 'length="123456"', 'length="big"'),
    ("atom-self-relative", "atom", 'href="https://example.com/atom.xml"', 'href="atom.xml"'),
    ("atom-link-rel", "atom", 'rel="enclosure"', 'rel="podcast"'),
    ("atom-source-incomplete", "atom", ENTRY, ENTRY + "<source><title>Elsewhere</title></source>"),
    ("atom-name-email", "atom", "<name>Jane Doe</name>", "<name>jane@example.com</name>"),
    ("atom-content-type", "atom", XHTML_CONTENT, '<content src="https://example.com/a"/><summary>s</summary>'),
    ("atom-enclosure", "atom", ' type="audio/mpeg" length="123456"', ""),
    ("atom-entry-no-content", "atom", (HELLO_LINK, XHTML_CONTENT), ("", "<summary>s</summary>")),
    ("atom-entry-no-summary", "atom", XHTML_CONTENT, ""),
    ("atom-summary-needed", "atom", XHTML_CONTENT, '<content type="audio/mpeg">AAAA</content>'),
    (
        "atom-author-missing",
        "atom",
        "<author>\n    <name>Jane Doe</name>\n    <uri>https://example.com/about/</uri>\n  </author>",
        "",
    ),
    (
        "atom-id-duplicate",
        "atom",
        ("articles/hello</id>", "2024-07-01T09:00:00Z"),
        ("articles/treaty-anniversary</id>", "2024-07-02T10:30:00Z"),
    ),
    (
        "atom-id-repeated",
        "atom",
        "tag:example.com,2026:articles/hello</id>",
        "tag:example.com,2026:articles/treaty-anniversary</id>",
    ),
    ("atom-whitespace", "atom", "<id>tag:example.com,2026:feed</id>", "<id> tag:example.com,2026:feed</id>"),
    ("atom-misplaced", "atom", "</feed>", "<rights>CC BY</rights></feed>"),
    ("atom-category", "atom", 'scheme="https://example.com/tags/"', 'scheme="/tags/"'),
    ("atom-type", "atom", '<title type="text">', '<title type="text/plain">'),
    (
        "atom-xhtml",
        "atom",
        '<div xmlns="http://www.w3.org/1999/xhtml">',
        '<div xmlns="http://www.w3.org/1999/xhtml"><b xmlns="">x</b>',
    ),
    ("atom-content", "atom", XHTML_CONTENT, '<content type="audio/mpeg">not base64!</content><summary>s</summary>'),
    ("json-invalid", "json", '"items": [', '"items": [,'),
    ("json-version", "json", "version/1.1", "version/2"),
    ("json-missing", "json", '"title": "Example News",', ""),
    ("json-type", "json", '"tags": ["world"]', '"tags": "world"'),
    ("json-unknown-key", "json", '"tags": ["world"]', '"keywords": ["world"]'),
    (
        "json-empty-author",
        "json",
        '"name": "Jane Doe",\n      "url": "https://example.com/about/"',
        '"_role": "editor"',
    ),
    ("json-item-no-content", "json", '"content_text": "A first post.",', ""),
    (
        "json-id-duplicate",
        "json",
        '"id": "tag:example.com,2026:articles/hello"',
        '"id": "tag:example.com,2026:articles/treaty-anniversary"',
    ),
    ("json-hub", "json", '"language": "en-US",', '"language": "en-US", "hubs": [{"url": "https://hub.example.com/"}],'),
    ("json-feed-url-missing", "json", '"feed_url": "https://example.com/feed.json",', ""),
    (
        "json-home-is-feed",
        "json",
        '"home_page_url": "https://example.com/"',
        '"home_page_url": "https://example.com/feed.json"',
    ),
    ("json-deprecated", "json", '"authors": [', '"author": {"name": "Jane"}, "_authors": ['),
]
# rules shown elsewhere: reading files (test_check_command.py), sizes and the served URL (test_checker.py)
ELSEWHERE = {"file-unreadable", "file-too-large", "file-large", "self-link-mismatch"}
_GOOD = {"rss": RSS, "atom": ATOM, "json": JSON}


def _broken(kind: str, old: str | tuple[str, ...], new: str | tuple[str, ...]) -> bytes:
    text = _GOOD[kind]
    for before, after in zip(
        (old,) if isinstance(old, str) else old, (new,) if isinstance(new, str) else new, strict=True
    ):
        assert before in text, before
        text = text.replace(before, after, 1)
    return text.encode()


def _checked(
    code: str, kind: str, old: str | tuple[str, ...], new: str | tuple[str, ...], *, strict: bool
) -> list[Problem]:
    data = _broken(kind, old, new)
    if code == "rss-value":  # a namespace declared above, a bad value below
        data = data.replace(CHANNEL.encode(), CHANNEL.encode() + b"<sy:updatePeriod>often</sy:updatePeriod>")
    return check_feed(data, path=f"x.{kind}", now=NOW, strict=strict)


@pytest.mark.parametrize(("code", "kind", "old", "new"), CASES, ids=[case[0] for case in CASES])
def test_rule(code: str, kind: str, old: str | tuple[str, ...], new: str | tuple[str, ...]) -> None:
    """The broken feed triggers the rule under --strict; every finding has a code, a hint and (XML) a line;
    at the default level the rule shows at its default level, or not at all."""
    problems = _checked(code, kind, old, new, strict=True)
    assert code in {p.code for p in problems}, "\n".join(map(str, problems))
    for problem in problems:
        assert problem.code in RULES and problem.hint, problem
        if kind != "json" and problem.code not in ("xml-not-well-formed", "not-a-feed"):
            assert problem.line is not None and problem.field, problem
    default = [p for p in _checked(code, kind, old, new, strict=False) if p.code == code]
    rule = RULES[code]
    assert [p.level.value for p in default] == [rule.default] * len(default)
    assert bool(default) == (rule.default is not None)


def test_every_rule_has_a_case() -> None:
    assert set(RULES) - ELSEWHERE == {case[0] for case in CASES}


@pytest.mark.parametrize("kind", sorted(_GOOD))
def test_good_feeds_are_clean_at_both_levels(kind: str) -> None:
    data = _GOOD[kind].encode()
    assert check_feed(data, path="x", now=NOW, strict=True) == []
    assert check_feed(data, path="x", now=NOW, strict=False) == []


def test_readme_lists_every_rule_with_its_levels() -> None:
    """The README's rule table is the registry: code, default level, --strict level."""
    text = README.read_text(encoding="utf-8")
    rows = dict(
        (code, (default, strict))
        for code, default, strict in re.findall(r"^\| `([a-z0-9-]+)` \| (\w+) \| (\w+) \|", text, re.M)
    )
    expected = {code: (rule.default or "off", rule.strict or "off") for code, rule in RULES.items()}
    assert rows == expected
