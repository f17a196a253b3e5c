"""frontmatter.py: YAML and TOML front matter, with the line of every key."""

from __future__ import annotations

import datetime

import pytest

from feedbuilder.frontmatter import FrontMatterError, split


def test_yaml_keys_keep_their_lines() -> None:
    """Each key's line is its line in the file, so messages can point at it."""
    parsed = split("---\ntitle: A\n\ndate: 2026-01-02\n---\nBody\n", path="a.md")
    assert parsed.meta == {"title": "A", "date": datetime.date(2026, 1, 2)}
    assert parsed.lines == {"title": 2, "date": 4}
    assert parsed.body == "Body\n"
    assert parsed.body_line == 6


def test_toml_front_matter() -> None:
    """Hugo's +++ TOML front matter is read like YAML."""
    parsed = split('+++\ntitle = "A"\ntags = ["x", "y"]\n+++\nBody', path="a.md")
    assert parsed.meta == {"title": "A", "tags": ["x", "y"]}
    assert parsed.lines == {"title": 2, "tags": 3}


def test_no_front_matter_is_all_body() -> None:
    """A file that does not start with --- is body only."""
    parsed = split("# Title\n---\ntext", path="a.md")
    assert parsed.meta == {} and not parsed.has_front_matter and parsed.body.startswith("# Title")


def test_impossible_yaml_date_stays_text() -> None:
    """'2024-13-45' reaches our date check as text instead of crashing PyYAML."""
    assert split("---\ndate: 2024-13-45\n---\n", path="a.md").meta == {"date": "2024-13-45"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: A\n", "a.md:1: front matter opened with '---' is never closed (add a line '---' after"),
        ("---\ntitle: [A\n---\n", "a.md:3: front matter is not valid YAML"),
        ("---\n- a\n- b\n---\n", "a.md:2: front matter is not a list of 'key: value' lines"),
        ("+++\ntitle = A\n+++\n", "a.md:2: front matter is not valid TOML"),
        ("---\ntitle: !!python/object/apply:os.system ['true']\n---\n", "a.md:2: front matter is not valid YAML"),
    ],
)
def test_broken_front_matter_names_the_line(text: str, expected: str) -> None:
    """Unclosed, invalid, non-mapping and object-building front matter are errors at a line."""
    with pytest.raises(FrontMatterError) as caught:
        split(text, path="a.md")
    assert str(caught.value.problem).startswith(expected)
