"""Pelican articles read as Pelican reads them: the Markdown metadata header and reStructuredText."""

from __future__ import annotations

import feedparser

from feedbuilder.sources import pelican

from conftest import SiteFolder, problems, run_build

PELICAN_MARKDOWN = """\
Title: My super title
date: 2010-12-03 10:20
MODIFIED: 2010-12-05 19:30
Category: Python
Tags: pelican, publishing
Slug: my-super-post
Authors: Alexis Metaireau; Conan Doyle
Summary: Short version for index and feeds

This is the content of my super blog post.

See [the other post]({filename}2010-12-01_other.md) and ![a chart]({static}/images/chart.png), not `{filename}code.md`.
"""

PELICAN_RST = """\
Hello, World! v2.0
##################

:date: 2024-01-05 10:20
:modified: 2024-02-01 09:00
:tags: thats, awesome
:category: yeah
:slug: hello-rst
:authors: Alexis Metaireau; Conan Doyle
:summary: Short version for index and feeds

This is the content of my *super* blog post, with a `link <https://example.com/>`_.

.. sourcecode:: python
    :linenos: table
    :hl_lines: 1

    print(1 < 2)

`a file-relative link <|filename|2010-12-01_other.md>`_
"""


def entries(folder: SiteFolder) -> dict[str, feedparser.FeedParserDict]:
    parsed = feedparser.parse((folder.root / "public" / "atom.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {entry.title: entry for entry in parsed.entries}


def test_markdown_metadata_header_and_rst(folder: SiteFolder) -> None:
    """Keys in any case; Modified is the update, Category and Tags split as Pelican does, Authors on ';';
    an .rst article's title is its document title and its fields its field list; drafts and hidden
    articles are left out."""
    folder.configure("generator: pelican\ntaxonomies: [tags, categories]\n")
    folder.article("super.md", PELICAN_MARKDOWN)
    folder.article("hello.rst", PELICAN_RST)
    folder.article("2010-12-01_other.md", "Title: Other\n\nOther.\n")  # its date in its name
    folder.article("draft.md", "Title: Not yet\nDate: 2010-12-04\nStatus: draft\n\nDraft text.\n")
    folder.article("hidden.rst", "Hidden\n######\n\n:date: 2010-12-04\n:status: hidden\n\nHidden text.\n")
    result = run_build()
    assert result.exit_code == 0, result.output
    assert problems(result) == []
    found = entries(folder)
    assert sorted(found) == ["Hello, World! v2.0", "My super title", "Other"]
    markdown = found["My super title"]
    assert markdown.link == "https://example.org/my-super-post/"
    assert (markdown.published, markdown.updated) == ("2010-12-03T10:20:00+00:00", "2010-12-05T19:30:00+00:00")
    assert sorted(tag.term for tag in markdown.tags) == ["Python", "pelican", "publishing"]
    assert [author.name for author in markdown.authors] == ["Alexis Metaireau", "Conan Doyle"]
    assert markdown.summary == "Short version for index and feeds"
    assert markdown.content[0].value == (
        "<p>This is the content of my super blog post.</p>\n"
        f'<p>See <a href="{found["Other"].link}">the other post</a> and '
        '<img alt="a chart" src="https://example.org/images/chart.png" />, not <code>{filename}code.md</code>.</p>'
    )
    rst = found["Hello, World! v2.0"]
    assert rst.link == "https://example.org/hello-rst/"
    assert (rst.published, rst.updated) == ("2024-01-05T10:20:00+00:00", "2024-02-01T09:00:00+00:00")
    assert [author.name for author in rst.authors] == ["Alexis Metaireau", "Conan Doyle"]
    html = rst.content[0].value
    assert "<em>super</em>" in html and 'href="https://example.com/">link</a>' in html
    assert '<pre class="code python literal-block"><code>print(1 &lt; 2)</code></pre>' in html
    assert f'href="{found["Other"].link}">a file-relative link</a>' in html and "Hello, World" not in html
    assert found["Other"].published == "2010-12-01T00:00:00+00:00"
    assert (folder.root / "public" / "tags" / "awesome" / "atom.xml").is_file()


def test_a_body_starting_with_a_label_is_not_a_header() -> None:
    """'Note: ...' first in a Markdown file is a header only if it names a title, as Pelican needs one."""
    assert pelican.metadata_header("Note: this is text\n\n# The title\n") is None
    parsed = pelican.metadata_header("title: T\n  tags: a, b\n        continued\nNot a key line\n")
    assert parsed is not None
    assert (parsed.meta, parsed.body, parsed.body_line) == (
        {"title": "T", "tags": ["a", "b continued"]},
        "Not a key line\n",
        4,
    )
