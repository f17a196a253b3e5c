"""RSS 2.0 rules of the feed checker: one hand-written fixture per rule, each breaking only that rule."""

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


def test_good_rss_served_where_it_says() -> None:
    """The valid RSS fixture passes also when the URL it is served at is known."""
    assert check("good-rss.xml", expected_url="https://example.com/rss.xml") == []


def test_self_link_not_where_served() -> None:
    """A self link that differs from the serving URL is an error naming both URLs."""
    [problem] = check("good-rss.xml", expected_url="https://example.com/feeds/rss.xml")
    assert problem.field == "channel/atom:link"
    assert "'https://example.com/rss.xml'" in problem.message
    assert "'https://example.com/feeds/rss.xml'" in problem.message


def test_missing_channel_description() -> None:
    """A channel without description is an error on channel/description."""
    problem = only("rss-missing-description.xml")
    assert (problem.field, problem.message, problem.level) == (
        "channel/description",
        "is missing",
        Level.ERROR,
    )


def test_channel_link_is_the_feed() -> None:
    """The channel link pointing at the feed itself (feedgen's link-order trap) is an error."""
    problem = only("rss-channel-link-is-self.xml")
    assert problem.field == "channel/link"
    assert problem.message == "'https://example.com/rss.xml' is the feed's own URL"
    assert problem.hint == "make it the website's home page"


def test_missing_self_link() -> None:
    """A channel without atom:link rel="self" is an error that shows the element to add."""
    problem = only("rss-no-self-link.xml")
    assert problem.field == "channel/atom:link"
    assert 'rel="self"' in problem.message
    assert problem.hint is not None and 'type="application/rss+xml"' in problem.hint


def test_self_link_without_type() -> None:
    """A self link without type="application/rss+xml" is an error."""
    problem = only("rss-self-link-no-type.xml")
    assert problem.field == "channel/atom:link"
    assert "has no type" in problem.message


def test_language_with_underscore() -> None:
    """en_US is not BCP 47; the hint gives en-US."""
    problem = only("rss-language-underscore.xml")
    assert problem.field == "channel/language"
    assert "'en_US'" in problem.message
    assert problem.hint == "write en-US"


def test_item_without_title_or_description() -> None:
    """An item with neither title nor description is an error."""
    problem = only("rss-item-no-title.xml")
    assert problem.field == "item[1]/title"
    assert "neither a title nor a description" in problem.message


def test_missing_guid() -> None:
    """An item without guid is an error: readers need an id to track it."""
    problem = only("rss-missing-guid.xml")
    assert (problem.field, problem.message) == ("item[1]/guid", "is missing")


def test_duplicate_guid() -> None:
    """Two items with one guid are reported on the second, naming both items."""
    problem = only("rss-duplicate-guid.xml")
    assert problem.field == "item[2]/guid"
    assert problem.message == "'tag:example.com,2026:articles/hello' appears twice"
    assert problem.hint == "each item needs its own id; items 1 and 2"
    assert problem.line == 20


def test_guid_without_is_permalink_is_a_permalink() -> None:
    """A tag: guid without isPermaLink counts as a permalink, which it is not: error."""
    problem = only("rss-permalink-not-url.xml")
    assert problem.field == "item[1]/guid"
    assert "'tag:example.com,2026:articles/hello' is not a URL" in problem.message
    assert "which means true" in problem.message


def test_guid_with_space() -> None:
    """A space in a guid must be percent-encoded."""
    problem = only("rss-guid-with-space.xml")
    assert problem.field == "item[1]/guid"
    assert "'tag:example.com,2026:articles/hello world' contains a space" in problem.message
    assert problem.hint == "percent-encode it as %20"


def test_two_digit_year() -> None:
    """RFC 822 dates need four-digit years."""
    problem = only("rss-date-two-digit-year.xml")
    assert problem.field == "item[1]/pubDate"
    assert problem.message == "'Mon, 01 Jul 24 09:00:00 +0000' has a two-digit year"


def test_date_not_in_english() -> None:
    """Day and month names must be the English abbreviations."""
    problem = only("rss-date-not-english.xml")
    assert problem.field == "item[1]/pubDate"
    assert problem.message == "'Mo, 01 Juli 2024 09:00:00 +0000' is not an RFC 822 date"


def test_wrong_weekday() -> None:
    """A weekday that does not match the date is an error."""
    problem = only("rss-date-wrong-weekday.xml")
    assert problem.field == "item[1]/pubDate"
    assert problem.message == "'Fri, 01 Jul 2024 09:00:00 +0000' says Fri but that day is a Monday"


def test_date_in_the_future() -> None:
    """A pubDate more than a day after now is an error."""
    problem = only("rss-date-future.xml")
    assert problem.field == "item[1]/pubDate"
    assert problem.message == "'Mon, 01 Jul 2030 09:00:00 +0000' is in the future"


def test_author_without_email() -> None:
    """RSS author must be an e-mail address; a bare name is an error."""
    problem = only("rss-author-no-email.xml")
    assert problem.field == "item[1]/author"
    assert problem.message == "'Jane Doe' is not an e-mail address"


def test_author_and_dc_creator() -> None:
    """author together with dc:creator is a warning: one thing said twice."""
    problem = only("rss-author-and-creator.xml")
    assert (problem.field, problem.level, problem.code) == (
        "item[1]/dc:creator",
        Level.WARNING,
        "rss-duplicate-semantics",
    )
    assert problem.message == "says what <author> says"


def test_enclosure_without_length() -> None:
    """An enclosure needs a length (0 when unknown)."""
    problem = only("rss-enclosure-no-length.xml")
    assert (problem.field, problem.message) == ("item[1]/enclosure/@length", "is missing")


def test_two_enclosures() -> None:
    """More than one enclosure in an item is an error on the second one."""
    problem = only("rss-two-enclosures.xml")
    assert problem.field == "item[1]/enclosure"
    assert problem.message == "the item has 2 enclosures"
    assert problem.line == 15


def test_relative_url_in_description() -> None:
    """A relative href in description HTML is an error quoting the URL."""
    problem = only("rss-relative-url-in-description.xml")
    assert problem.field == "item[1]/description"
    assert problem.message == "<a href> has the relative URL '/about/'"


def test_script_in_description() -> None:
    """<script> in description HTML is an error."""
    problem = only("rss-script-in-description.xml")
    assert (problem.field, problem.message) == ("item[1]/description", "contains <script>")


def test_unsafe_attributes() -> None:
    """Event handlers, layout styles and javascript: links are each an error."""
    messages = [p.message for p in check("rss-unsafe-attributes.xml")]
    assert messages == [
        "<p> has the event handler onclick='go()'",
        "<p> has the unsafe style 'position: absolute'",
        "<p> has the unsafe style 'top: 0'",
        "<a href> is the script URL 'javascript:go()'",
    ]


def test_html_in_title() -> None:
    """HTML end tags in a plain-text title are a warning."""
    problem = only("rss-html-in-title.xml")
    assert (problem.field, problem.level) == ("item[1]/title", Level.WARNING)
    assert "</b>" in problem.message and "'Hello <b>world</b>'" in problem.message


def test_title_with_escaped_markup() -> None:
    """'<' written as &lt; in a title warns (the Profile wants &#x3C;), as the W3C validator does."""
    problem = only("rss-title-character-data.xml")
    assert (problem.field, problem.level) == ("item[1]/title", Level.WARNING)
    assert "'Using List<T> in C#'" in problem.message
    assert problem.hint is not None and "&#x3C;" in problem.hint


def test_plain_text_description() -> None:
    """An unescaped '<' in description HTML (plain text put in as is) is a warning."""
    problem = only("rss-description-plain-text.xml")
    assert (problem.field, problem.level) == ("item[1]/description", Level.WARNING)
    assert "'Why 3 < 5 matters'" in problem.message


def test_control_character() -> None:
    """A C1 control character in a title is an error with its code point."""
    problem = only("rss-bad-characters.xml")
    assert problem.field == "item[1]/title"
    assert problem.message == "contains the control character U+0085"


def test_image_link_differs() -> None:
    """An image link other than the channel link warns."""
    problem = only("rss-image-link-differs.xml")
    assert (problem.field, problem.level) == ("channel/image/link", Level.WARNING)
    assert "'https://example.com/rss.xml'" in problem.message


def rss(item: str) -> bytes:
    """A small valid RSS feed around one item's extra elements."""
    return f"""<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
  <title>T</title><link>https://example.com/</link><description>D</description>
  <atom:link href="https://example.com/rss.xml" rel="self" type="application/rss+xml"/>
  <item><title>A</title><guid isPermaLink="false">tag:example.com,2026:a</guid>{item}</item>
</channel></rss>""".encode()


def test_author_forms() -> None:
    """mailto: authors are accepted; an address without a name warns."""
    assert check_feed(rss("<author>mailto:jane%40example.com%20(Jane)</author>"), path="x", now=NOW) == []
    [problem] = check_feed(rss("<author>jane@example.com</author>"), path="x", now=NOW)
    assert (problem.level, problem.message) == (Level.WARNING, "'jane@example.com' is not in the form address (name)")


def test_is_permalink_must_be_boolean() -> None:
    """isPermaLink takes only true or false."""
    data = rss("").replace(b'isPermaLink="false"', b'isPermaLink="no"')
    [problem] = check_feed(data, path="x", now=NOW)
    assert (problem.field, problem.message) == ("item[1]/guid", "isPermaLink='no' is neither true nor false")


def test_html_in_category() -> None:
    """An HTML end tag in a category warns like in a title."""
    [problem] = check_feed(rss("<category>&lt;i&gt;x&lt;/i&gt;</category>"), path="x", now=NOW)
    assert (problem.field, problem.level) == ("item[1]/category", Level.WARNING)
