"""A derived summary read from a body's opening is always the one the whole body gives.

derive_summary renders only the first blocks of a long Markdown body when
that is enough to be certain; summary_of_whole is the slow way it must always
agree with. The blocks below are the ones that could tell the two apart: a
list that turns loose further down, a fence or HTML block left open, link
and footnote references defined at the end, setext underlines, raw HTML.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from feedbuilder.render.content import derive_summary, summary_of_whole

BLOCKS = (
    "A plain opening paragraph with *emphasis* and a [link](/there/).",
    "Second line of a paragraph\ncontinues here.",
    "Setext heading\n===",
    "Looks like a paragraph\n---",
    "# An ATX heading",
    "- tight item\n- another",
    "- item one",
    "  indented continuation of an item",
    "1. ordered\n2. list",
    "> quoted *words*",
    "```\ncode with a blank line follows",
    "```",
    "    indented code",
    "<div>\nraw <p>html</p> block",
    "</div>",
    "<!-- a comment\nspanning",
    "-->",
    "Text with <span>inline html</span>.",
    "See [the docs][ref] and [ref].",
    "[ref]: https://example.org/docs",
    "A claim[^1] with a note.",
    "[^1]: The note itself.",
    "![only an image](/pic.jpg)",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "***",
    "Brackets [like this] are text.",
    "",
)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=12), st.sampled_from(("\n\n", "\n", "\n\n\n")))
def test_the_opening_gives_the_summary_of_the_whole_body(blocks: list[str], joiner: str) -> None:
    body = joiner.join(blocks) + "\n"
    assert derive_summary(body, markdown=True) == summary_of_whole(body, markdown=True)


def test_a_list_that_turns_loose_later_is_read_whole() -> None:
    body = "- first item\n- second item\n\n- a third, after a blank line, makes the list loose\n\nLater text.\n"
    assert derive_summary(body, markdown=True) == "first item"


def test_a_reference_defined_at_the_end_still_resolves() -> None:
    body = "Read [the guide][g] first.\n\nMore.\n\nEven more.\n\n[g]: https://example.org/guide\n"
    assert derive_summary(body, markdown=True) == "Read the guide first."


def test_a_footnote_defined_at_the_end_leaves_no_marker() -> None:
    body = "A claim[^n].\n\nMore.\n\nMore still.\n\n[^n]: Source.\n"
    assert derive_summary(body, markdown=True) == "A claim."
