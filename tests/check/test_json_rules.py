"""JSON Feed rules of the feed checker: one hand-written fixture per rule, each breaking only that rule."""

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


def test_good_json_served_where_it_says() -> None:
    """The valid JSON Feed fixture passes also when the URL it is served at is known."""
    assert check("good.json", expected_url="https://example.com/feed.json") == []


def test_feed_url_not_where_served() -> None:
    """A feed_url that differs from the serving URL is an error."""
    [problem] = check("good.json", expected_url="https://example.com/index.json")
    assert problem.field == "feed_url"
    assert "'https://example.com/feed.json'" in problem.message


def test_syntax_error_has_line() -> None:
    """Broken JSON is one error with the parser's line."""
    problem = only("json-syntax-error.json")
    assert (problem.field, problem.line) == (None, 4)
    assert problem.message.startswith("is not valid JSON: Expecting ','")


def test_bad_version() -> None:
    """The version must be the JSON Feed version URL."""
    problem = only("json-bad-version.json")
    assert (problem.field, problem.message) == ("version", "'1.1' is not a JSON Feed version")


def test_missing_title() -> None:
    """A feed without title is an error."""
    problem = only("json-missing-title.json")
    assert (problem.field, problem.message) == ("title", "is missing")


def test_relative_home_page_url() -> None:
    """home_page_url must be an absolute http(s) URL."""
    problem = only("json-relative-home-page.json")
    assert (problem.field, problem.message, problem.code) == (
        "home_page_url",
        "'/' is not an absolute URL",
        "url-relative",
    )
    assert check_feed((FIXTURES / "json-relative-home-page.json").read_bytes(), path="x", now=NOW, strict=False) == []


def test_missing_feed_url() -> None:
    """feed_url is required by our standard."""
    problem = only("json-missing-feed-url.json")
    assert (problem.field, problem.message) == ("feed_url", "is missing")


def test_items_not_a_list() -> None:
    """items must be a list."""
    problem = only("json-items-not-list.json")
    assert (problem.field, problem.message) == ("items", "is an object, not a list")


def test_duplicate_item_id() -> None:
    """Two items with one id are reported on the second, naming both."""
    problem = only("json-duplicate-id.json")
    assert problem.field == "item[2]/id"
    assert problem.message == "'tag:example.com,2026:articles/hello' appears twice"
    assert problem.hint == "each item needs its own id; items 1 and 2"


def test_number_id() -> None:
    """JSON Feed 1.1 ids are strings."""
    problem = only("json-number-id.json")
    assert (problem.field, problem.message) == ("item[2]/id", "'2' is a number, not a string")


def test_item_without_content() -> None:
    """An item needs content_html or content_text."""
    problem = only("json-no-content.json")
    assert (problem.field, problem.message) == ("item[2]", "has neither content_html nor content_text")


def test_date_with_space() -> None:
    """A date with a space instead of T is not RFC 3339."""
    problem = only("json-bad-date.json")
    assert problem.field == "item[2]/date_published"
    assert problem.message == "'2024-07-02 09:00:00' is not an RFC 3339 date-time"


def test_date_in_the_future() -> None:
    """A date more than a day after now is an error."""
    problem = only("json-date-future.json")
    assert (problem.field, problem.message) == ("item[2]/date_published", "'2030-07-02T09:00:00Z' is in the future")


def test_authors_not_objects() -> None:
    """authors is a list of objects, not of names."""
    problem = only("json-authors-not-objects.json")
    assert (problem.field, problem.message) == ("authors[1]", "is a string, not an object")


def test_author_without_name_url_or_avatar() -> None:
    """An author object needs a name, url or avatar."""
    problem = only("json-author-empty.json")
    assert (problem.field, problem.message) == ("authors[1]", "has no name, url or avatar")


def test_attachment_without_mime_type() -> None:
    """An attachment needs a mime_type."""
    problem = only("json-attachment-no-mime-type.json")
    assert (problem.field, problem.message) == ("item[1]/attachments[1]/mime_type", "is missing")


def test_relative_url_in_content_html() -> None:
    """A relative href in content_html is an error quoting the URL."""
    problem = only("json-relative-url-in-content.json")
    assert (problem.field, problem.message) == ("item[1]/content_html", "<a href> has the relative URL '../about/'")


def test_object_in_content_html() -> None:
    """An <object> in content_html is an error."""
    problem = only("json-unsafe-html.json")
    assert (problem.field, problem.message, problem.level) == ("item[1]/content_html", "contains <object>", Level.ERROR)


def test_top_level_list() -> None:
    """A JSON document that is not an object is not a feed."""
    [problem] = check_feed(b"[1, 2]", path="x.json", now=NOW)
    assert problem.message == "is not a JSON Feed: the top level is not an object"


def test_nan_is_not_json() -> None:
    """NaN, which Python's json accepts, is reported as invalid JSON."""
    [problem] = check_feed(b'{"version": NaN}', path="x.json", now=NOW)
    assert problem.message == "is not valid JSON: NaN is not a JSON value"


def test_bad_character_in_string() -> None:
    """A noncharacter in any JSON string is an error naming the key."""
    good = (FIXTURES / "good.json").read_text(encoding="utf-8")
    data = good.replace("A first post.", "A first\ufdd0 post.").encode()
    [problem] = check_feed(data, path="x.json", now=NOW)
    assert (problem.field, problem.message) == ("item[2]/content_text", "contains the noncharacter U+FDD0")
