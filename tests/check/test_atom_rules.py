"""Atom 1.0 rules of the feed checker: one hand-written fixture per rule, each breaking only that rule."""

from __future__ import annotations

import datetime
import pathlib

from feedbuilder.check.checker import check_feed
from feedbuilder.errors import Level, Problem

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "feeds"
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def check(name: str, expected_url: str | None = None) -> list[Problem]:
    return check_feed((FIXTURES / name).read_bytes(), path=name, now=NOW, expected_url=expected_url)


def only(name: str) -> Problem:
    problems = check(name)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def atom(entry: str, feed: str = "") -> bytes:
    """A small valid Atom feed around one entry's extra elements."""
    return f"""<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:example.com,2026:feed</id><title>T</title><updated>2024-07-02T09:00:00Z</updated>
  <link href="https://example.com/atom.xml" rel="self"/><author><name>J</name></author>{feed}
  <entry><id>tag:example.com,2026:a</id><title>A</title><updated>2024-07-01T09:00:00Z</updated>
    <link href="https://example.com/a/"/>{entry}</entry>
</feed>""".encode()


def test_good_atom_served_where_it_says() -> None:
    """The valid Atom fixture passes also when the URL it is served at is known."""
    assert check("good-atom.xml", expected_url="https://example.com/atom.xml") == []


def test_self_link_not_where_served() -> None:
    """A self link that differs from the serving URL is an error on feed/link."""
    [problem] = check("good-atom.xml", expected_url="https://example.com/feed.atom")
    assert problem.field == "feed/link"
    assert "'https://example.com/atom.xml'" in problem.message


def test_missing_feed_id() -> None:
    """A feed without id is an error."""
    problem = only("atom-missing-id.xml")
    assert (problem.field, problem.message) == ("feed/id", "is missing")


def test_two_entry_ids() -> None:
    """An entry with two ids is an error on the second."""
    problem = only("atom-two-ids.xml")
    assert (problem.field, problem.message, problem.line) == ("entry[1]/id", "appears twice in one entry", 13)


def test_id_not_absolute() -> None:
    """An id without a scheme is not an IRI."""
    problem = only("atom-id-not-absolute.xml")
    assert (problem.field, problem.message) == ("feed/id", "'example-news-feed' is not an absolute IRI")


def test_bad_tag_uri() -> None:
    """A tag: URI with an upper-case domain and a two-digit year is malformed."""
    problem = only("atom-bad-tag-uri.xml")
    assert problem.field == "entry[1]/id"
    assert problem.message == "'tag:Example.com,26:articles/hello' is not a valid tag: URI"


def test_id_not_canonical() -> None:
    """An id with upper-case scheme and host warns and shows the canonical form."""
    problem = only("atom-id-not-canonical.xml")
    assert (problem.field, problem.level) == ("entry[1]/id", Level.WARNING)
    assert "'HTTP://Example.com/articles/hello'" in problem.message
    assert problem.hint is not None and "http://example.com/articles/hello" in problem.hint


def test_missing_self_link() -> None:
    """A feed without link rel="self" is an error."""
    problem = only("atom-no-self-link.xml")
    assert problem.field == "feed/link"
    assert 'no link rel="self"' in problem.message


def test_no_author_anywhere() -> None:
    """Without a feed author every entry lacking one is an error."""
    problems = check("atom-no-author.xml")
    assert [p.field for p in problems] == ["entry[1]/author", "entry[2]/author"]
    assert problems[0].message == "is missing and the feed has no author"


def test_entry_missing_updated() -> None:
    """An entry without updated is an error."""
    problem = only("atom-entry-missing-updated.xml")
    assert (problem.field, problem.message) == ("entry[1]/updated", "is missing")


def test_duplicate_entry_id() -> None:
    """Two entries with one id are reported on the second, naming both."""
    problem = only("atom-duplicate-id.xml")
    assert problem.field == "entry[2]/id"
    assert problem.message == "'tag:example.com,2026:articles/hello' appears twice"
    assert problem.hint == "each entry needs its own id; entries 1 and 2"


def test_lower_case_t_and_z() -> None:
    """RFC 3339 in Atom wants upper-case T and Z."""
    problem = only("atom-date-lowercase.xml")
    assert problem.field == "entry[1]/updated"
    assert problem.message == "'2024-07-01t09:00:00z' uses a lower-case t or z"


def test_date_without_time() -> None:
    """A date without time is not an Atom date."""
    problem = only("atom-date-no-time.xml")
    assert problem.field == "entry[1]/updated"
    assert problem.message == "'2024-07-01' is not an RFC 3339 date-time"


def test_date_in_the_future() -> None:
    """An updated date more than a day after now is an error."""
    problem = only("atom-date-future.xml")
    assert (problem.field, problem.message) == ("entry[1]/updated", "'2030-07-01T09:00:00Z' is in the future")


def test_duplicate_updated() -> None:
    """Two entries with identical updated warn (DuplicateUpdated)."""
    problem = only("atom-duplicate-updated.xml")
    assert (problem.field, problem.level) == ("entry[2]/updated", Level.WARNING)
    assert problem.message == "'2024-07-02T09:00:00Z' appears twice"


def test_undeclared_html_in_title() -> None:
    """Markup in a text title warns and suggests type="html"."""
    problem = only("atom-undeclared-html.xml")
    assert (problem.field, problem.level, problem.hint) == ("entry[1]/title", Level.WARNING, 'declare type="html"')
    assert "'Hello <b>world</b>'" in problem.message


def test_two_alternate_links() -> None:
    """A second link without rel (an alternate) of the same type is DuplicateAtomLink."""
    problem = only("atom-duplicate-alternate.xml")
    assert problem.field == "entry[1]/link"
    assert "'https://example.com/audio/hello.mp3' is a second alternate link" in problem.message
    assert problem.hint is not None and "without rel" in problem.hint


def test_enclosure_without_length() -> None:
    """An enclosure link needs length and type."""
    problem = only("atom-enclosure-no-length.xml")
    assert problem.field == "entry[1]/link"
    assert problem.message == "enclosure 'https://example.com/audio/hello.mp3' needs length and type"


def test_category_without_term() -> None:
    """A category needs a term."""
    problem = only("atom-category-no-term.xml")
    assert (problem.field, problem.message) == ("entry[1]/category/@term", "is missing")


def test_category_relative_scheme() -> None:
    """A category scheme must be an absolute IRI."""
    problem = only("atom-category-relative-scheme.xml")
    assert (problem.field, problem.message) == ("entry[1]/category/@scheme", "'/tags/' is not an absolute IRI")


def test_relative_url_in_content() -> None:
    """A relative img src in html content is an error."""
    problem = only("atom-relative-url-in-content.xml")
    assert (problem.field, problem.message) == ("entry[1]/content", "<img src> has the relative URL 'img/first.png'")


def test_xml_base_makes_relative_urls_fine() -> None:
    """Relative URLs under an absolute xml:base resolve correctly and are not reported."""
    entry = '<content type="html" xml:base="https://example.com/a/">&lt;img src="x.png" alt=""&gt;</content>'
    assert check_feed(atom(entry), path="x.xml", now=NOW) == []


def test_iframe_in_content() -> None:
    """An iframe in html content is an error."""
    problem = only("atom-script-in-content.xml")
    assert (problem.field, problem.message) == ("entry[1]/content", "contains <iframe>")


def test_event_handler_in_xhtml() -> None:
    """An on* attribute inside xhtml content is an error with the element's line."""
    problem = only("atom-xhtml-event-handler.xml")
    assert (problem.field, problem.line) == ("entry[1]/content", 16)
    assert problem.message == "<p> has the event handler onmouseover='steal()'"


def test_xhtml_without_div() -> None:
    """type="xhtml" content must be wrapped in one XHTML div."""
    problem = only("atom-xhtml-no-div.xml")
    assert problem.field == "entry[1]/content"
    assert "not a single XHTML <div>" in problem.message


def test_non_ascii_link() -> None:
    """A non-ASCII character in a link href must be percent-encoded."""
    problem = only("atom-link-non-ascii.xml")
    assert problem.field == "entry[1]/link/@href"
    assert "contains the non-ASCII character 'é'" in problem.message
    assert problem.hint == "percent-encode it as %C3%A9"


def test_svg_in_xhtml_is_not_html() -> None:
    """Inline SVG in xhtml content warns that it is not HTML."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'
    entry = f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{svg}</div></content>'
    problems = check_feed(atom(entry), path="x.xml", now=NOW)
    assert [p.level for p in problems] == [Level.WARNING, Level.WARNING]
    assert problems[0].message == "contains <svg> from http://www.w3.org/2000/svg, which is not HTML"


def test_entry_without_content_or_alternate() -> None:
    """An entry with neither content nor an alternate link is an error."""
    data = atom("").replace(b'<link href="https://example.com/a/"/>', b"<summary>S</summary>")
    [problem] = check_feed(data, path="x.xml", now=NOW)
    assert (problem.field, problem.message) == ("entry[1]", "the entry has neither content nor an alternate link")


def test_html_mime_type_content_is_checked_as_html() -> None:
    """content type="text/html" is HTML too: a script in it is an error."""
    [problem] = check_feed(
        atom('<content type="text/html">&lt;script&gt;x()&lt;/script&gt;</content>'), path="x", now=NOW
    )
    assert (problem.field, problem.message) == ("entry[1]/content", "contains <script>")


def test_bad_hreflang_and_xml_lang() -> None:
    """hreflang and xml:lang must be BCP 47 language tags."""
    entry = '<link rel="related" href="https://example.com/b/" hreflang="en_GB"/><summary xml:lang="de_DE">S</summary>'
    problems = check_feed(atom(entry), path="x", now=NOW)
    assert [(p.field, p.message, p.hint) for p in problems] == [
        ("entry[1]/summary/@xml:lang", "'de_DE' is not a language tag", "write de-DE"),
        ("entry[1]/link/@hreflang", "'en_GB' is not a language tag", "write en-GB"),
    ]


def test_person_email_and_name() -> None:
    """An author e-mail must be an address; markup in a name warns."""
    feed = "<contributor><name>&lt;b&gt;Li&lt;/b&gt;</name><email>Li Wei</email></contributor>"
    problems = check_feed(atom("<summary>S</summary>", feed=feed), path="x", now=NOW)
    assert [(p.field, p.level) for p in problems] == [
        ("feed/contributor/name", Level.WARNING),
        ("feed/contributor/email", Level.ERROR),
    ]
    assert problems[1].message == "'Li Wei' is not an e-mail address"


def test_iana_relation_uri_means_alternate() -> None:
    """rel="http://www.iana.org/assignments/relation/alternate" counts as a second alternate link."""
    extra = '<link rel="http://www.iana.org/assignments/relation/alternate" href="https://example.com/b/"/>'
    [problem] = check_feed(atom(extra + "<summary>S</summary>"), path="x", now=NOW)
    assert "'https://example.com/b/' is a second alternate link" in problem.message


def test_relative_icon_needs_a_base() -> None:
    """A relative icon is an error, unless an absolute xml:base applies."""
    [problem] = check_feed(atom("<summary>S</summary>", feed="<icon>/favicon.ico</icon>"), path="x", now=NOW)
    assert (problem.field, problem.message) == ("feed/icon", "'/favicon.ico' is not an absolute URL")
    based = atom("<summary>S</summary>", feed="<icon>/favicon.ico</icon>").replace(
        b"<feed ", b'<feed xml:base="https://example.com/" '
    )
    assert check_feed(based, path="x", now=NOW) == []
