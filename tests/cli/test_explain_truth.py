"""`feedbuilder explain` names exactly the feed files that carry the article, after drafts, future dates,
limits and byte budgets: held equal to the built files, read back as a reader reads them."""

from __future__ import annotations

import json
import pathlib

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder import build as pipeline
from feedbuilder.cli.commands import cli
from feedbuilder.cli.explain import explain
from feedbuilder.config import load_site
from feedbuilder.sources.dates import from_seconds

from conftest import NOW, ROOT, SiteFolder, generated_site


def ids_in(name: str, data: bytes) -> set[str]:
    """The item ids of a feed file, as a reader reads them."""
    if name.endswith(".json"):
        return {item["id"] for item in json.loads(data)["items"]}
    return {entry.id for entry in feedparser.parse(data).entries}


def feeds_line(lines: list[str]) -> str:
    [line] = [line for line in lines if line.startswith("  feeds ")]
    return line.split(None, 1)[1]


def check_every_article(config: pathlib.Path, options: pipeline.Options) -> int:
    """explain's feeds of each article == the built feed files whose items include its id; how many had some."""
    site = load_site(config)
    built = pipeline.build(site, pipeline.Options(now=options.now, cache=False)).files
    carried: dict[str, set[str]] = {}
    for name, data in built.items():
        if name.endswith((".xml", ".json")):
            for ident in ids_in(name, data):
                carried.setdefault(ident, set()).add(name)
    loaded = pipeline.load_articles(site, report=pipeline.Report(), options=options)
    shown = 0
    for article in loaded.articles:
        feeds = feeds_line(explain(site, site.articles_dir / article.source, options, built=built))
        expected = carried.get(article.id, set())
        if expected:
            shown += 1
            assert set(feeds.split(", ")) == expected, article.path
        else:
            assert feeds.startswith("none: "), (article.path, feeds)
    return shown


def test_explain_equals_the_sample_site_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sample article (a draft among them), by the library and once through the CLI."""
    monkeypatch.chdir(ROOT)
    options = pipeline.Options(now=NOW)
    assert check_every_article(ROOT / "feedbuilder.yaml", options) == 6
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    result = CliRunner().invoke(cli, ["explain", "articles/draft-election-preview.md"], catch_exceptions=False)
    assert feeds_line(result.output.splitlines()) == "none: a draft (build --drafts shows it)"


def test_explain_equals_a_generated_site_built(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated site with a small limit and byte budget: the newest carried, the rest 'none', tags exact."""
    config = generated_site(tmp_path, 40)
    limits = "limit: 12\nmax_bytes: 40000\ntaxonomies:\n  tags: {limit: 3}\n"
    config.write_text(config.read_text().replace("limit: 50\n", limits))
    [first, *_] = sorted((tmp_path / "articles").rglob("*.md"))
    first.write_text(first.read_text().replace("---\n", "---\ndraft: true\n", 1))
    monkeypatch.chdir(tmp_path)
    shown = check_every_article(config, pipeline.Options(now=NOW))
    assert 12 <= shown < 39


def test_explain_of_a_future_article_says_when(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article dated later: no feed carries it, and explain says when it appears."""
    folder.article("later.md", "---\ntitle: Later\ndate: 2026-12-01T09:00:00Z\n---\nSoon.\n")
    folder.article("now.md", "---\ntitle: Now\ndate: 2026-01-01\ntags: [x]\n---\nHi.\n")
    options = pipeline.Options(now=from_seconds(1_780_000_000))
    lines = explain(folder.site(), folder.root / "articles" / "later.md", options)
    assert feeds_line(lines) == "none: dated in the future; it appears at 2026-12-01T09:00:00Z"
    lines = explain(folder.site(), folder.root / "articles" / "now.md", options)
    assert feeds_line(lines).split(", ")[:3] == ["atom.xml", "feed.json", "rss.xml"]
    assert "tags/x/rss.xml" in feeds_line(lines)
