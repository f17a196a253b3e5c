"""frontmatter.py: YAML and TOML front matter, with the line of every key."""

from __future__ import annotations

import datetime
import time

import pytest

from feedbuilder.sources.frontmatter import FrontMatterError, load_yaml_mapping, split


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
        (
            "---\ntitle: !!python/object/apply:os.system ['true']\n---\n",
            "a.md:2: front matter may not use the tag '!!python/object/apply:os.system'",
        ),
    ],
)
def test_broken_front_matter_names_the_line(text: str, expected: str) -> None:
    """Unclosed, invalid, non-mapping and object-building front matter are errors at a line."""
    with pytest.raises(FrontMatterError) as caught:
        split(text, path="a.md")
    assert str(caught.value.problem).startswith(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: !!int abc\n---\n", "a.md:2: front matter is not valid YAML: 'abc' is not a valid int"),
        ("---\ntitle: 0x_\n---\n", "a.md:2: front matter is not valid YAML: '0x_' is not a valid int"),
        ("---\ndraft: !!bool maybe\n---\n", "a.md:2: front matter is not valid YAML: 'maybe' is not a valid bool"),
        ("---\nx: !!float abc\n---\n", "a.md:2: front matter is not valid YAML: 'abc' is not a valid float"),
        ("---\nx: !foo bar\n---\n", "a.md:2: front matter may not use the tag '!foo'"),
        ("+++\nx = " + "[" * 2000 + "]" * 2000 + "\n+++\n", "a.md:2: front matter is nested too deeply"),
    ],
)
def test_values_that_crashed_pyyaml_or_tomllib_are_errors(text: str, expected: str) -> None:
    """PyYAML's constructors raise ValueError/KeyError and tomllib RecursionError: each is an error at a line."""
    with pytest.raises(FrontMatterError) as caught:
        split(text, path="a.md")
    assert str(caught.value.problem).startswith(expected)


def test_a_character_yaml_refuses_is_one_line() -> None:
    """PyYAML's reader error spans two lines; the problem is one line with the line of the character."""
    with pytest.raises(FrontMatterError) as caught:
        load_yaml_mapping("title: T\nx: a\x01b\n", path="feedbuilder.yaml")
    assert str(caught.value.problem) == (
        "feedbuilder.yaml:2: front matter is not valid YAML: "
        "unacceptable character #x0001: control characters are not allowed"
    )


def billion_laughs(levels: int) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\n---\n"


def test_alias_bomb_is_refused_at_the_first_key_that_explodes() -> None:
    """9**9 values from 80 aliases: refused before construction, at the first key over the limit."""
    started = time.perf_counter()
    with pytest.raises(FrontMatterError) as caught:
        split(billion_laughs(9), path="a.md")
    assert time.perf_counter() - started < 1
    assert str(caught.value.problem) == (
        "a.md:7: a5: aliases (*name) expand to more than 100,000 values "
        "(write the values out instead of repeating aliases of aliases)"
    )


def test_moderate_aliases_are_fine() -> None:
    """Aliases that repeat a few values (and merge keys) are ordinary YAML and still work."""
    parsed = split(billion_laughs(4), path="a.md")
    assert len(parsed.meta["title"]) == 9
    parsed = split("---\nbase: &b {title: Hi}\n<<: *b\ntags: [&t x, *t]\n---\n", path="a.md")
    assert (parsed.meta["title"], parsed.meta["tags"]) == ("Hi", ["x", "x"])


def test_self_containing_alias_is_refused() -> None:
    """'&a [*a]' builds a list inside itself: refused, naming its key."""
    with pytest.raises(FrontMatterError) as caught:
        split("---\ntitle: T\ntags: &a [x, *a]\n---\n", path="a.md")
    assert str(caught.value.problem).startswith("a.md:3: tags: an alias (*name) is used inside the value it names")


@pytest.mark.parametrize(
    "text",
    [
        '---\ntitle: "Bell\\a and \\e"\ntags: ["a\\x01b"]\nauthor: {name: "N\\x7f"}\n---\n',
        '+++\ntitle = "Bell\\u0007 and \\u001b"\ntags = ["a\\u0001b"]\nauthor = {name = "N\\u007f"}\n+++\n',
    ],
)
def test_escaped_control_characters_are_removed_and_flagged(text: str) -> None:
    """YAML and TOML escapes make characters XML forbids after the file was cleaned: removed everywhere, flagged."""
    parsed = split(text, path="a.md")
    assert parsed.meta == {"title": "Bell and ", "tags": ["ab"], "author": {"name": "N"}}
    assert parsed.removed_characters
    assert not split("---\ntitle: Plain\n---\n", path="a.md").removed_characters
