"""The quick front-matter reader gives exactly what PyYAML gives, or steps aside.

quickyaml reads the everyday shape of front matter itself and leaves the
meaning of every value to PyYAML's resolver and constructors. These tests
write front matter from pieces a user might type (and pieces that look
alike but mean something else in YAML) and compare it with the full loader.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedbuilder.sources import frontmatter, quickyaml
from feedbuilder.sources.frontmatter import FrontMatterError

CONSTRUCTORS = frontmatter._Loader.yaml_constructors

KEYS = ("title", "date", "tags", "authors", "author", "summary", "draft", "yes", "null", "on", "x-y", "_k", "Title")
VALUES = (
    "Hello world",
    '"Quoted: with a colon # and hash"',
    "'single ''quoted'''",
    '"escaped \\" quote"',
    "2025-01-02",
    "2025-01-02 10:30:00",
    "2012-01-03T08:50:30+05:30",
    "2025-13-40",
    "12",
    "0x1F",
    "1_000",
    "1:20",
    "0x_",
    "3.5e3",
    ".inf",
    "yes",
    "No",
    "off",
    "~",
    "null",
    "C++",
    "Arts & Culture",
    "中朝",
    "a: b",
    "trailing #comment",
    "value:",
    "-5",
    "&anchor x",
    "*alias",
    "!!str 12",
    "[a, b, c]",
    "[a, \"b c\", 'd']",
    "[]",
    "[a, b,]",
    "[a: b]",
    "{a: b}",
    "|",
    ">-",
    "with [brackets] and {braces}",
    "tab\there",
    "",
)
BELOW = (
    "  - one",
    "  - two: 2",
    "    three: x",
    "- flush item",
    "  key: value",
    "  nested:",
    "      deeper: 1",
    "  folded text line",
    "  # a comment or content",
    "",
    "# comment",
    "   ",
    "  - ",
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key = draw(st.sampled_from(KEYS))
        value = draw(st.sampled_from(VALUES))
        lines.append(f"{key}:{' ' + value if value else ''}")
        lines += draw(st.lists(st.sampled_from(BELOW), max_size=4))
    return "\n".join(lines) + draw(st.sampled_from(("", "\n", " ")))


def full_loader(text: str) -> object:
    """What parse_yaml_mapping gives without the quick reader (or the error it raises)."""
    quick, quickyaml.read_mapping = quickyaml.read_mapping, lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        return frontmatter.parse_yaml_mapping(text, path="a.md", first_line=2)
    except FrontMatterError as exc:
        return exc.problem
    finally:
        quickyaml.read_mapping = quick  # type: ignore[assignment]


@settings(max_examples=1500, deadline=None)
@given(front_matter())
def test_the_quick_reader_agrees_with_pyyaml_or_steps_aside(text: str) -> None:
    quick = quickyaml.read_mapping(text, constructors=CONSTRUCTORS, first_line=2)
    if quick is not None:
        full = full_loader(text)
        assert quick == full
        assert repr(quick) == repr(full)  # same types too: 12 is no "12", True no 1


def test_the_everyday_shape_is_read_quickly() -> None:
    text = (
        'title: "A day: out"\ndate: 2025-01-02T10:30:00+01:00\ntags: [a, "b c"]\nauthors:\n'
        "  - name: Ann\n    email: ann@example.org\n  - Bo\ncategories:\n  - News\nsummary: >-\n"
        "  Two lines\n  folded.\ndraft: no"
    )
    quick = quickyaml.read_mapping(text, constructors=CONSTRUCTORS, first_line=2)
    assert quick is not None
    data, lines = quick
    assert data["date"] == datetime.datetime(2025, 1, 2, 10, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    assert data["authors"] == [{"name": "Ann", "email": "ann@example.org"}, "Bo"]
    assert data["summary"] == "Two lines folded."
    assert data["draft"] is False
    assert lines == {"title": 2, "date": 3, "tags": 4, "authors": 5, "categories": 9, "summary": 11, "draft": 14}
    assert (data, lines) == full_loader(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: *x",
        "a: &x 1\nb: *x",
        "a: |\n  kept\n",
        "a: 0x_",
        "yes: 1",
        "a:\n  - b\n    - c",
        "title: >-\n    three: x\n  - one",  # a line indented less ends the text: here an error PyYAML reports
        "title: >-\n  one\n  # a comment here is text",
        "title: >-\n\n  a blank line first is a line break",
    ],
)
def test_anything_else_is_left_to_pyyaml(text: str) -> None:
    assert quickyaml.read_mapping(text, constructors=CONSTRUCTORS) is None
