"""The plain-text layout's story read whole, as a reader shows it: newsboat's full view, feedparser's RSS
and Atom content, JSON Feed's content_html and the article page all start with the standfirst."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import sqlite3

import feedparser
import pytest
from click.testing import CliRunner
from test_readers import Newsboat, served  # noqa: F401 (a fixture)

from feedbuilder.cli.commands import cli

from conftest import ROOT, SiteFolder

SEED = ROOT / "tests" / "fixtures" / "seedlike" / "world-news-harbour-treaty.txt"
STANDFIRST = "Mayors of the three towns on the bay renewed the harbour agreement on Sunday"
LAST = "The treaty runs for fifty years and can be ended by any town with five years\u2019 notice."
HEADLINE = "Coastal towns sign a treaty to share the harbour “for another fifty years”"


def paragraphs() -> list[str]:
    """The story's paragraphs as the file has them: after the section and the headline, before the footer."""
    blocks = [block.strip() for block in SEED.read_text(encoding="utf-8").split("\n\n") if block.strip()]
    return blocks[2 : blocks.index("Related Articles")]


def build_seed(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.configure("pages: true\n")
    target = folder.root / "articles" / SEED.name
    shutil.copy(SEED, target)
    os.utime(target, (1_700_000_000, 1_700_000_000))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    result = CliRunner().invoke(cli, ["build", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def test_every_format_and_the_page_carry_the_whole_story(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """The standfirst is the summary and the first paragraph; every paragraph follows; no footer."""
    build_seed(folder, monkeypatch)
    public = folder.root / "public"
    story = paragraphs()
    assert story[0].startswith(STANDFIRST) and story[-1] == LAST
    contents = {
        name: feedparser.parse((public / name).read_bytes()).entries[0].content[0].value
        for name in ("rss.xml", "atom.xml")
    }
    contents["feed.json"] = json.loads((public / "feed.json").read_text())["items"][0]["content_html"]
    [page] = [path for path in public.rglob("index.html") if path.parent != public]
    contents["page"] = page.read_text()
    for name, html in contents.items():
        shown = [p for p in story if p in html.replace("&quot;", '"')]
        assert shown == story, f"{name} lacks {[p[:40] for p in story if p not in shown]}"
        assert html.index(STANDFIRST) < html.index(story[1][:40]), name
        assert "Leave a Reply" not in html and "Back to top" not in html, name
    entry = feedparser.parse((public / "atom.xml").read_bytes()).entries[0]
    assert entry.summary == story[0]
    assert entry.title == HEADLINE
    assert [tag.term for tag in entry.tags] == ["world news"]


def test_newsboat_shows_the_story_from_its_standfirst(
    folder: SiteFolder,
    served: str,  # noqa: F811 (the fixture)
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """newsboat's stored article (what its article view shows) holds every paragraph, the standfirst first."""
    if shutil.which("newsboat") is None:
        if os.environ.get("CI"):
            pytest.fail("newsboat is not installed; .ci/run installs it")
        pytest.skip("newsboat is not installed here (CI installs it)")
    build_seed(folder, monkeypatch)
    home = tmp_path / "newsboat"
    home.mkdir()
    reader = Newsboat(home, [served + "rss.xml", served + "atom.xml"])
    reader.reload()
    with sqlite3.connect(reader.cache) as db:
        rows = db.execute("SELECT title, content FROM rss_item").fetchall()
    assert {title for title, _ in rows} == {HEADLINE}
    story = paragraphs()
    for _, content in rows:
        assert content.index(STANDFIRST) < content.index(story[1][:40])
        assert all(paragraph[:60] in content for paragraph in story)
