"""values.py: loosely typed front-matter values, refused with a message that stays short and quick."""

from __future__ import annotations

import time

import pytest

from feedbuilder.sources import values
from feedbuilder.sources.values import BadValue


def laughs() -> list[object]:
    """What YAML aliases of aliases build: 9**9 strings, but only ten lists, each shared nine times."""
    value: list[object] = ["lol"] * 9
    for _ in range(8):
        value = [value] * 9
    return value


def test_show_quotes_a_shared_nested_value_in_bounded_time() -> None:
    """repr() of an alias bomb takes minutes and gigabytes; show() must stay short and instant."""
    started = time.perf_counter()
    shown = values.show(laughs())
    assert time.perf_counter() - started < 0.1
    assert shown.startswith("[[[[") and len(shown) <= 61


@pytest.mark.parametrize("convert", [values.text, values.string_list, values.authors, values.enclosure])
def test_converters_refuse_an_alias_bomb_at_once(convert: object) -> None:
    """Every converter that may meet one refuses the bomb without walking it."""
    started = time.perf_counter()
    with pytest.raises(BadValue):
        convert(laughs())  # type: ignore[operator]
    assert time.perf_counter() - started < 0.1


def test_show_keeps_short_values_as_written() -> None:
    """Short values are quoted exactly as repr() writes them; long strings are cut."""
    assert values.show([1, 2]) == "[1, 2]"
    assert values.show({"a": 1}) == "{'a': 1}"
    assert values.show("x" * 100) == "'" + "x" * 56 + "...'"


def test_email_check_does_not_backtrack() -> None:
    """A 100 KB would-be e-mail address is refused at once (the pattern alone takes minutes)."""
    started = time.perf_counter()
    with pytest.raises(BadValue):
        values.author({"name": "A", "email": "a@" + "b." * 50_000 + "@"})
    assert time.perf_counter() - started < 0.1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"url": [1]}, "[1] is not a URL"),
        ({"url": "ep.mp3", "length": -1}, "length -1 is not a number of bytes"),
        ({"url": "ep.mp3", "length": "²"}, "length '²' is not a number of bytes"),
        ({"url": "ep.mp3", "type": ["audio/mpeg"]}, "type ['audio/mpeg'] is not a media type"),
        ({"url": "javascript:alert(1)"}, "'javascript:alert(1)' is not a web address"),
    ],
)
def test_bad_enclosures(value: object, message: str) -> None:
    """An enclosure with a list URL, a negative or odd length, or a list type is refused (they were accepted)."""
    with pytest.raises(BadValue) as caught:
        values.enclosure(value)
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Example.ORG:443/a b", "https://example.org/a%20b"),
        ("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4"),
        ("http://[::1]:8000/x", "http://[::1]:8000/x"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    """Lower-case scheme and host, IDNA for a non-ASCII host, IPv6 brackets kept, the rest percent-encoded."""
    assert values.canonical_url(url) == canonical


@pytest.mark.parametrize(
    "url", ["http://[::1", "https://example.org:99999/", "https://example.org:port/", "https://exa mple.org/"]
)
def test_broken_urls_are_bad_values_not_crashes(url: str) -> None:
    """urllib raises ValueError for these; we raise BadValue, which the caller reports with file and line."""
    with pytest.raises(BadValue) as caught:
        values.absolute_url(url)
    assert caught.value.message == f"{values.show(url)} is not a valid URL"


def test_language_tag() -> None:
    """A BCP 47 tag passes; en_GB is refused with the fix; markup is refused."""
    assert values.language("en-GB") == "en-GB"
    with pytest.raises(BadValue) as caught:
        values.language("en_GB")
    assert caught.value.hint == "write 'en-GB'"
    with pytest.raises(BadValue):
        values.language("<script>")
