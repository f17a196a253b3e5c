"""Ids and dates readers can trust: feedbuilder.ids across edits, moves, renames and migrations."""

from __future__ import annotations

import os

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli
from feedbuilder.site.identity import read_record

from conftest import SiteFolder, read_items

FIRST = "---\ntitle: Harbour treaty signed\ndate: 2026-03-01\n---\nThe towns signed.\n"


def build(monkeypatch: pytest.MonkeyPatch, epoch: int = 1_780_000_000, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def entries(folder: SiteFolder, name: str = "atom.xml") -> dict[str, feedparser.FeedParserDict]:
    parsed = feedparser.parse((folder.root / "public" / name).read_bytes())
    return {e.title: e for e in parsed.entries}


def test_record_is_written_and_read(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build writes feedbuilder.ids with one line per published article (drafts left out)."""
    folder.article("news/treaty.md", FIRST)
    folder.article("draft.md", "---\ntitle: D\ndate: 2026-03-02\ndraft: true\n---\n")
    assert build(monkeypatch)[0] == 0
    record, problems = read_record((folder.root / "feedbuilder.ids").read_text(), path="feedbuilder.ids")
    assert problems == []
    assert [(r.path, r.id) for r in record] == [("news/treaty.md", "tag:example.org,2026:news/treaty")]


def test_renamed_file_keeps_its_id(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Moving a published file elsewhere keeps its id and says so."""
    path = folder.article("news/treaty.md", FIRST)
    build(monkeypatch)
    path.rename(folder.root / "articles" / "world" / "harbour-treaty.md") if (
        folder.root / "articles" / "world"
    ).mkdir() is None else None
    code, err = build(monkeypatch)
    assert code == 0
    moved = "articles/world/harbour-treaty.md: warning: id: was news/treaty.md; keeps its id "
    assert moved + "tag:example.org,2026:news/treaty" in err
    [entry] = entries(folder).values()
    assert entry.id == "tag:example.org,2026:news/treaty"
    record, _ = read_record((folder.root / "feedbuilder.ids").read_text(), path="x")
    assert [r.path for r in record] == ["world/harbour-treaty.md"]


def test_renamed_and_edited_file_with_its_title_and_date_keeps_its_id(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A moved and edited file with the same title, name and date is recognised: it keeps its id, said."""
    path = folder.article("news/treaty.md", FIRST)
    build(monkeypatch)
    path.unlink()
    folder.article("2026-03-01-treaty.md", FIRST.replace("The towns signed.", "The three towns signed."))
    code, err = build(monkeypatch)
    assert code == 0
    assert (
        "articles/2026-03-01-treaty.md: warning: id: was news/treaty.md (same title, same file name and same "
        "date); keeps its id tag:example.org,2026:news/treaty" in err
    )
    assert [e.id for e in entries(folder).values()] == ["tag:example.org,2026:news/treaty"]


def test_a_file_alike_in_one_clue_only_stops_the_build_with_the_fix(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the title in common: a likely rename, never guessed; following the hint keeps the id."""
    path = folder.article("news/treaty.md", FIRST)
    build(monkeypatch)
    path.unlink()
    second = FIRST.replace("2026-03-01", "2026-03-04").replace("The towns signed.", "Other words entirely.")
    folder.article("harbour.md", second)
    before = (folder.root / "public" / "atom.xml").read_bytes()
    code, err = build(monkeypatch)
    assert code == 1
    assert err.splitlines() == [
        "articles/harbour.md: id: looks like news/treaty.md moved or renamed, which subscribers know as "
        "tag:example.org,2026:news/treaty (to keep that id add 'id: tag:example.org,2026:news/treaty' to its front "
        "matter; if it is a new article, delete the line of news/treaty.md from feedbuilder.ids)"
    ]
    assert (folder.root / "public" / "atom.xml").read_bytes() == before
    folder.article("harbour.md", second.replace("---\ntitle", "---\nid: tag:example.org,2026:news/treaty\ntitle"))
    assert build(monkeypatch)[0] == 0
    assert [e.id for e in entries(folder).values()] == ["tag:example.org,2026:news/treaty"]


def test_updated_moves_only_when_the_content_changes(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rebuilds and touches keep updated; an edit sets it to the build time, once."""
    path = folder.article("treaty.md", FIRST)
    build(monkeypatch, 1_780_000_000)
    first = entries(folder)["Harbour treaty signed"].updated
    os.utime(path, (1_790_000_000, 1_790_000_000))
    build(monkeypatch, 1_790_000_000)
    assert entries(folder)["Harbour treaty signed"].updated == first
    folder.article("treaty.md", FIRST.replace("signed.", "signed on Sunday."))
    build(monkeypatch, 1_790_000_000)
    assert entries(folder)["Harbour treaty signed"].updated == "2026-09-21T14:13:20+00:00"
    build(monkeypatch, 1_800_000_000)
    assert entries(folder)["Harbour treaty signed"].updated == "2026-09-21T14:13:20+00:00"


def test_front_matter_updated_wins(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """An explicit lastmod is what readers see, edit or not."""
    folder.article("treaty.md", FIRST.replace("date:", "lastmod: 2026-03-05T10:00:00Z\ndate:"))
    build(monkeypatch)
    folder.article(
        "treaty.md", FIRST.replace("date:", "lastmod: 2026-03-05T10:00:00Z\ndate:").replace("towns", "ports")
    )
    build(monkeypatch, 1_800_000_000)
    assert entries(folder)["Harbour treaty signed"].updated == "2026-03-05T10:00:00+00:00"


@pytest.mark.parametrize("url", ["https://example.org/", "http://example.org/", "https://news.example.net/site/"])
def test_domain_and_scheme_moves_keep_ids(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """Changing the site's URL or scheme changes links, never ids."""
    folder.article("treaty.md", FIRST)
    build(monkeypatch)
    folder.config.write_text(folder.config.read_text().replace("https://example.org/", url))
    build(monkeypatch)
    for name in ("rss.xml", "atom.xml", "feed.json"):
        [entry] = read_items(folder.root / "public" / name)
        assert entry["id"] == "tag:example.org,2026:treaty"
        assert entry["link"] == url + "treaty/"


def test_url_ids_stay_after_a_domain_move(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ids: url an article keeps the URL it was first published under as its id."""
    folder.configure("ids: url\n")
    folder.article("treaty.md", FIRST)
    build(monkeypatch)
    assert entries(folder, "rss.xml")["Harbour treaty signed"].id == "https://example.org/treaty/"
    folder.config.write_text(folder.config.read_text().replace("https://example.org/", "https://example.com/"))
    build(monkeypatch)
    entry = entries(folder, "rss.xml")["Harbour treaty signed"]
    assert (entry.id, entry.link) == ("https://example.org/treaty/", "https://example.com/treaty/")
    assert 'isPermaLink="false"' in (folder.root / "public" / "rss.xml").read_text()


def test_jekyll_migration_keeps_jekyll_feed_ids(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Jekyll _posts folder with ids: url and Jekyll's permalink gets the ids jekyll-feed gave."""
    folder.configure("articles: _posts\nids: url\npermalink: /{category}/{year}/{month}/{day}/{slug}.html\n")
    (folder.root / "articles").rmdir()
    (folder.root / "_posts").mkdir()
    (folder.root / "_posts" / "2024-01-05-welcome.md").write_text(
        "---\nlayout: post\ntitle: Welcome\ncategories: jekyll update\n---\nHello.\n"
    )
    (folder.root / "index.md").write_text("---\ntitle: Home\ndate: 2024-01-01\ndraft: true\n---\n")
    code, err = build(monkeypatch)
    assert code == 0, err
    entry = entries(folder)["Welcome"]
    # as Jekyll: 'categories: jekyll update' is two categories, and its :categories joins them with '/'
    assert entry.id == "https://example.org/jekyll/update/2024/01/05/welcome.html"


def test_hugo_migration_keeps_hugo_ids_and_lastmod(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Hugo content/posts folder with ids: url keeps Hugo's permalink guids and lastmod."""
    folder.configure("articles: content\nids: url\npermalink: /posts/{slug}/\n")
    (folder.root / "content" / "posts").mkdir(parents=True)
    (folder.root / "content" / "posts" / "first-post.md").write_text(
        '+++\ntitle = "First post"\ndate = 2024-02-01T10:00:00Z\nlastmod = 2024-02-03T09:00:00Z\n+++\nHi.\n'
    )
    assert build(monkeypatch)[0] == 0
    rss = entries(folder, "rss.xml")["First post"]
    assert rss.id == "https://example.org/posts/first-post/"
    assert entries(folder)["First post"].updated == "2024-02-03T09:00:00+00:00"


def test_build_check_lists_unplanned_changes(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """build --check: exit 0 when nothing would change; exit 1 listing files after an edit; writes nothing."""
    folder.article("treaty.md", FIRST)
    build(monkeypatch)
    assert build(monkeypatch, 1_780_000_000, "--check")[0] == 0
    folder.article("treaty.md", FIRST.replace("signed.", "met."))
    before = (folder.root / "public" / "atom.xml").read_bytes()
    code, err = build(monkeypatch, 1_780_000_000, "--check")
    assert code == 1
    assert "public/atom.xml: would change" in err and "feedbuilder.ids: would change" in err
    assert (folder.root / "public" / "atom.xml").read_bytes() == before


def test_explain_shows_where_fields_came_from(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """explain names each field's value and origin."""
    folder.article("2026-03-01-treaty.md", "---\ntitle: Treaty\n---\nThe towns signed.\n")
    build(monkeypatch)
    result = CliRunner().invoke(cli, ["explain", "articles/2026-03-01-treaty.md"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "articles/2026-03-01-treaty.md"
    assert any(line.startswith("  id          tag:example.org,2026:2026-03-01-treaty") for line in lines)
    assert any(line.startswith("  published   2026-03-01T00:00:00Z   <- the file name") for line in lines)
    assert any("summary     The towns signed." in line for line in lines)
    missing = CliRunner().invoke(cli, ["explain", "articles/nope.md"])
    assert missing.exit_code == 1
