"""articles.py: article files become Articles with the right fields, or named errors."""

from __future__ import annotations

import datetime
import os

import pytest

from feedbuilder.build import load_articles
from feedbuilder.errors import Report
from feedbuilder.model import Author
from feedbuilder.sources.dates import rfc3339

from conftest import SiteFolder


def load(folder: SiteFolder) -> tuple[list, Report]:
    report = Report()
    loaded = load_articles(folder.site(), report=report)
    return loaded.articles, report


def test_markdown_fields(folder: SiteFolder) -> None:
    """Every documented front-matter field reaches the model."""
    folder.article(
        "news/treaty.md",
        """
        ---
        title: Treaty <b>signed</b>
        date: 2026-07-01 09:30
        lastmod: 2026-07-02
        description: A summary.
        authors: [Ann, {name: Bob, email: bob@example.org, url: https://bob.example.org}]
        tags: a, b, a
        categories: [World]
        slug: The Treaty
        lang: de
        image: pic.jpg
        enclosure: {url: ep.mp3, length: 12, type: audio/mpeg}
        extra: ignored
        ---
        Body text.
        """,
    )
    [article], report = load(folder)
    assert list(report) == []
    assert article.title == "Treaty signed"
    assert article.id == "tag:example.org,2026:news/treaty"
    assert article.url == "https://example.org/the-treaty/"
    assert rfc3339(article.published) == "2026-07-01T09:30:00Z"
    assert rfc3339(article.updated) == "2026-07-02T00:00:00Z"
    assert article.summary == "A summary."
    assert article.authors == (
        Author(name="Ann"),
        Author(name="Bob", email="bob@example.org", url="https://bob.example.org/"),
    )
    assert article.tags == ("a", "b")
    assert article.categories == ("World",)
    assert article.lang == "de"
    assert article.image == "https://example.org/the-treaty/pic.jpg"
    assert article.enclosure is not None and article.enclosure.url == "https://example.org/the-treaty/ep.mp3"
    assert article.body.strip() == "Body text."


def test_permalink_pattern_and_url_override(folder: SiteFolder) -> None:
    """permalink builds addresses from the local date; url/link replaces it."""
    folder.configure("permalink: /{year}/{month}/{day}/{category}/{slug}/\ntimezone: Asia/Tokyo\n")
    folder.article("one.md", "---\ntitle: One\ndate: 2026-07-01T20:00:00Z\ncategories: Big News\n---\n")
    folder.article("two.md", "---\ntitle: Two\ndate: 2026-07-01\nurl: /elsewhere/two.html\n---\n")
    articles, _ = load(folder)
    assert [a.url for a in articles] == [
        "https://example.org/2026/07/02/big-news/one/",
        "https://example.org/elsewhere/two.html",
    ]


def test_txt_layout_article(folder: SiteFolder) -> None:
    """A .txt file in the news layout gets title, category, summary and body."""
    folder.article(
        "world-news-harbour.txt",
        """
        world news

        Harbour reopens after storm | Coast News

        The harbour reopened on Monday.

        Boats left at dawn.

        Related Articles
        """,
    )
    [article], _ = load(folder)
    assert article.title == "Harbour reopens after storm"
    assert article.categories == ("world news",)
    assert article.summary == "The harbour reopened on Monday."
    assert article.body == "<p>The harbour reopened on Monday.</p>\n<p>Boats left at dawn.</p>"  # the story whole
    assert article.body_format == "html"
    assert article.slug == "world-news-harbour"


def test_front_matter_wins_over_txt_layout(folder: SiteFolder) -> None:
    """In a .txt file, front matter fields replace the layout's."""
    folder.article(
        "a.txt", "---\ntitle: Given\ndate: 2026-01-01\ncategories: [x]\n---\nsec\n\nHeadline | S\n\nStand.\n"
    )
    [article], _ = load(folder)
    assert (article.title, article.categories, article.summary) == ("Given", ("x",), "Stand.")


def test_heading_serves_as_title(folder: SiteFolder) -> None:
    """A Markdown file without a title uses its first '# Heading' and drops it from the body."""
    folder.article("h.md", "---\ndate: 2026-01-01\n---\n\n# The *Heading*\n\nText.\n")
    [article], _ = load(folder)
    assert article.title == "The *Heading*"
    assert "Heading" not in article.body


def test_jekyll_file_name_date_and_slug(folder: SiteFolder) -> None:
    """_posts/2026-03-14-pi-day.md is dated 14 March and has the slug pi-day."""
    folder.article("_posts/2026-03-14-pi-day.md", "---\ntitle: Pi\n---\n")
    [article], report = load(folder)
    assert list(report) == []
    assert rfc3339(article.published) == "2026-03-14T00:00:00Z"
    assert article.slug == "pi-day"


def test_file_time_is_the_last_resort_with_a_warning(folder: SiteFolder) -> None:
    """Outside git, an undated article takes its file time and the user is told."""
    path = folder.article("undated.md", "---\ntitle: U\n---\n")
    os.utime(path, (1767225600, 1767225600))
    [article], report = load(folder)
    assert rfc3339(article.published) == "2026-01-01T00:00:00Z"
    assert [str(p) for p in report] == [
        "articles/undated.md: warning: date: no date; using the file's modification time 2026-01-01T00:00:00Z "
        "(add 'date: 2026-01-01' to the front matter)"
    ]


def test_same_day_articles_get_distinct_times(folder: SiteFolder) -> None:
    """Two date-only articles of one day are a second apart, in path order."""
    folder.article("b.md", "---\ntitle: B\ndate: 2026-05-01\n---\n")
    folder.article("a.md", "---\ntitle: A\ndate: 2026-05-01\n---\n")
    articles, _ = load(folder)
    assert [(a.source, rfc3339(a.published)) for a in articles] == [
        ("a.md", "2026-05-01T00:00:00Z"),
        ("b.md", "2026-05-01T00:00:01Z"),
    ]


def test_skipped_files(folder: SiteFolder) -> None:
    """Dot-files, dot-folders, editor backups and other extensions are not articles."""
    for name in (".hidden.md", ".git/x.md", "a.md~", ".a.md.swp", "#a.md#", "notes.odt", "pic.jpg"):
        folder.article(name, "---\ntitle: X\ndate: 2026-01-01\n---\n")
    folder.article("real.md", "---\ntitle: Real\ndate: 2026-01-01\n---\n")
    articles, report = load(folder)
    assert [a.source for a in articles] == ["real.md"]
    assert list(report) == []


def test_symlink_out_of_the_folder_is_not_followed(folder: SiteFolder) -> None:
    """A link to a file outside the articles folder is reported and skipped."""
    outside = folder.root / "secret.md"
    outside.write_text("---\ntitle: Secret\ndate: 2026-01-01\n---\n")
    (folder.root / "articles" / "link.md").symlink_to(outside)
    (folder.root / "articles" / "dirlink").symlink_to(folder.root)
    articles, report = load(folder)
    assert articles == []
    assert sorted(str(p) for p in report) == [
        "articles/dirlink: warning: symlink points outside the articles folder; not followed "
        "(copy the file into the folder instead of linking to it)",
        "articles/link.md: warning: symlink points outside the articles folder; not followed "
        "(copy the file into the folder instead of linking to it)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "---\ntitle: T\ndate: 2024-13-45\n---\n",
            "articles/x.md:3: date: '2024-13-45' is not a date (write 2024-07-01, 2024-07-01T09:30:00+02:00 or "
            "'July 1, 2024 9:30 am')",
        ),
        (
            "---\ntitle: [1, 2]\ndate: 2026-01-01\n---\n",
            "articles/x.md:2: title: [1, 2] is not text (write plain text, not a list or mapping)",
        ),
        (
            "---\ndate: 2026-01-01\n---\nno heading\n",
            "articles/x.md: has no title (add 'title: ...' to the front matter, or start the body with '# Title')",
        ),
        (
            "---\ntitle: T\ndate: 2026-01-01\nid: my-post\n---\n",
            "articles/x.md:4: id: 'my-post' is not an absolute URI (write a URL or tag: URI, e.g. "
            "tag:example.org,2026:my-post, or remove 'id' to get one)",
        ),
        (
            "---\ntitle: T\ndate: 2026-01-01\nauthor: {name: A, mail: a@b.c}\n---\n",
            "articles/x.md:4: author: unknown author key 'mail' (use name, email and url)",
        ),
    ],
)
def test_bad_fields_are_named_with_line_and_fix(folder: SiteFolder, text: str, expected: str) -> None:
    """Each bad field gives one line: file, line, field, value, how to fix."""
    folder.article("x.md", text)
    articles, report = load(folder)
    assert articles == []
    assert [str(p) for p in report.errors] == [expected]


def test_duplicate_ids_name_both_files(folder: SiteFolder) -> None:
    """Two articles with one id is an error naming both."""
    folder.article("a.md", "---\ntitle: A\ndate: 2026-01-01\nid: https://old.example.org/p/1\n---\n")
    folder.article("b.md", "---\ntitle: B\ndate: 2026-01-02\nid: https://old.example.org/p/1\n---\n")
    _, report = load(folder)
    assert [str(p) for p in report.errors] == [
        "articles/b.md: id: 'https://old.example.org/p/1' is also the id of articles/a.md "
        "(every article needs its own id: change or remove 'id' in one of them)"
    ]


def test_ids_do_not_depend_on_url_title_or_slug(folder: SiteFolder) -> None:
    """Moving the site to another domain or retitling keeps the id."""
    folder.article("p.md", "---\ntitle: Old\ndate: 2026-01-01\n---\n")
    [before], _ = load(folder)
    folder.config.write_text("title: T\nurl: https://new.example.net/x/\nid_authority: example.org,2026\n")
    folder.article("p.md", "---\ntitle: New\nslug: renamed\ndate: 2026-02-01\n---\n")
    [after], _ = load(folder)
    assert before.id == after.id == "tag:example.org,2026:p"
    assert before.url != after.url


def test_non_ascii_paths_make_ascii_ids(folder: SiteFolder) -> None:
    """An article file named in Chinese gets a percent-encoded id and URL."""
    folder.article("中朝 news.md", "---\ntitle: T\ndate: 2026-01-01\n---\n")
    [article], _ = load(folder)
    assert article.id == "tag:example.org,2026:%E4%B8%AD%E6%9C%9D%20news"
    assert article.url.isascii()


def test_missing_authority_is_derived_with_a_warning(folder: SiteFolder) -> None:
    """Without id_authority the url's host and oldest year are used, and the user is told to pin it."""
    folder.config.write_text("title: T\nurl: https://Example.org/\n")
    folder.article("p.md", "---\ntitle: P\ndate: 2021-06-01\n---\n")
    [article], report = load(folder)
    assert article.id == "tag:example.org,2021:p"
    assert [str(p) for p in report] == [
        "feedbuilder.yaml: warning: id_authority: no id_authority; article ids use 'example.org,2021', taken from url "
        "(add 'id_authority: example.org,2021' so ids survive a move to another domain)"
    ]


def test_drafts_via_published_false(folder: SiteFolder) -> None:
    """Jekyll's 'published: false' marks a draft."""
    folder.article("d.md", "---\ntitle: D\ndate: 2026-01-01\npublished: false\n---\n")
    [article], _ = load(folder)
    assert article.draft


def test_utf8_bom_and_crlf_are_fine(folder: SiteFolder) -> None:
    """A BOM and Windows line endings do not disturb front matter."""
    (folder.root / "articles" / "w.md").write_bytes(
        "\ufeff---\r\ntitle: W\r\ndate: 2026-01-01\r\n---\r\nBody\r\n".encode()
    )
    [article], report = load(folder)
    assert article.title == "W" and list(report) == []


def test_latin1_file_names_the_byte(folder: SiteFolder) -> None:
    """A file saved as Latin-1 is refused with the byte, its line and the fix."""
    (folder.root / "articles" / "l.md").write_bytes(b"---\ntitle: Caf\xe9\ndate: 2026-01-01\n---\n")
    _, report = load(folder)
    assert [str(p) for p in report.errors] == [
        "articles/l.md:2: byte 0xe9 at offset 14 is not UTF-8 (re-save the file as UTF-8)"
    ]


def test_date_is_always_utc_without_microseconds(folder: SiteFolder) -> None:
    """Aware dates in any zone become UTC whole seconds."""
    folder.article("z.md", "---\ntitle: Z\ndate: 2026-01-01T10:00:00.5-05:00\n---\n")
    [article], _ = load(folder)
    assert article.published == datetime.datetime(2026, 1, 1, 15, 0, tzinfo=datetime.UTC)


def test_repeated_tags_and_authors_count_once(folder: SiteFolder) -> None:
    """'Rust'/'rust' and an author written twice were two entries: the tag and author feeds listed the item twice."""
    folder.article(
        "r.md",
        "---\ntitle: R\ndate: 2026-01-01\ntags: [Rust, rust, <b>RUST</b>]\n"
        "authors: [Ann, {name: ann, email: a@b.org}]\n---\n",
    )
    [article], report = load(folder)
    assert list(report) == []
    assert article.tags == ("Rust",)
    assert article.authors == (Author(name="Ann"),)


def test_date_before_1990_warns(folder: SiteFolder) -> None:
    """The W3C validator calls dates before 1990 implausible: a likely typo of the year is pointed out."""
    folder.article("old.md", "---\ntitle: Old\ndate: 1948-03-03\n---\n")
    [article], report = load(folder)
    assert article.published.year == 1948
    assert [str(p) for p in report] == [
        "articles/old.md:3: warning: date: 1948-03-03T00:00:00Z is before 1990 "
        "(the W3C Feed Validator calls such dates implausible: check the year)"
    ]
