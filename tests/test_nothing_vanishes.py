"""Nothing vanishes unsaid: scheduled articles are counted, ties never reach the future, ambiguous dates
and front-matter typos are said, Jekyll's space-separated tags are split as Jekyll splits them."""

from __future__ import annotations

import datetime
import json

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli
from feedbuilder.sources.dates import from_seconds, rfc3339

from conftest import SiteFolder

NOW = 1_780_000_000  # 2026-05-28T20:26:40Z


def run(monkeypatch: pytest.MonkeyPatch, *args: str, epoch: int = NOW) -> tuple[int, str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def items(folder: SiteFolder) -> list[dict[str, object]]:
    """JSON Feed's items, as a reader reads them."""
    return json.loads((folder.root / "public" / "feed.json").read_text())["items"]  # type: ignore[no-any-return]


def titles(folder: SiteFolder) -> list[str]:
    return [e.title for e in feedparser.parse((folder.root / "public" / "atom.xml").read_bytes()).entries]


def test_an_article_later_today_is_counted_as_scheduled(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Left out of the feeds, but the summary line and check both say so and when it appears."""
    later = rfc3339(from_seconds(NOW + 3 * 3600))
    folder.article("now.md", "---\ntitle: Out now\ndate: 2026-05-28T08:00:00Z\n---\nHi.\n")
    folder.article("later.md", f"---\ntitle: Later today\ndate: {later}\n---\nSoon.\n")
    code, err = run(monkeypatch, "build")
    assert code == 0
    assert err.splitlines()[-2:-1] == [f"feedbuilder: 1 article scheduled; the next appears at {later}"]
    assert err.splitlines()[-1].startswith("feedbuilder: 2 articles, ")
    assert titles(folder) == ["Out now"]
    code, err = run(monkeypatch, "check", "--strict")
    assert code == 0
    assert err.splitlines() == [
        f"feedbuilder: 1 article scheduled; the next appears at {later}",
        "feedbuilder: no problems",
    ]
    code, err = run(monkeypatch, "build")  # nothing to do: said again as the last build said it
    assert err.splitlines()[-2] == f"feedbuilder: 1 article scheduled; the next appears at {later}"
    code, err = run(monkeypatch, "build", epoch=NOW + 4 * 3600)
    assert "scheduled" not in err and titles(folder) == ["Later today", "Out now"]


def test_articles_made_within_one_second_are_all_out_at_once(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three `feedbuilder new` in one second tie: spread earlier, none of them in the future."""
    stamp = datetime.datetime.fromtimestamp(NOW, datetime.UTC).isoformat()
    for name in ("a", "b", "c"):
        folder.article(f"{name}.md", f"---\ntitle: Article {name}\ndate: {stamp}\n---\nText {name}.\n")
    code, err = run(monkeypatch, "build")
    assert code == 0 and "scheduled" not in err
    assert titles(folder) == ["Article c", "Article b", "Article a"]
    published = sorted(item["date_published"] for item in items(folder))
    assert published[-1] == rfc3339(from_seconds(NOW)) and len(set(published)) == 3


def test_a_date_only_tie_stays_on_its_day(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two articles of one day without a time: a second apart after midnight, never the day before."""
    for name in ("a", "b"):
        folder.article(f"{name}.md", f"---\ntitle: {name}\ndate: 2026-05-01\n---\nText.\n")
    assert run(monkeypatch, "build")[0] == 0
    published = sorted(item["date_published"] for item in items(folder))
    assert published == ["2026-05-01T00:00:00Z", "2026-05-01T00:00:01Z"]


def test_a_slashed_date_of_no_certain_order_is_an_error(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """12/06/2026 is June or December: refused with both ways to write it; 31/12/2026 is only one day."""
    folder.article("a.md", "---\ntitle: A\ndate: 12/06/2026\n---\nText.\n")
    code, err = run(monkeypatch, "build")
    assert code == 1
    assert err.splitlines() == [
        "articles/a.md:3: date: '12/06/2026' could be 2026-06-12 (day first) or 2026-12-06 (month first) "
        "(write the date as YYYY-MM-DD: 2026-06-12 or 2026-12-06)"
    ]
    folder.article("a.md", "---\ntitle: A\ndate: 31/12/2026\n---\nText.\n")
    code, err = run(monkeypatch, "build")
    assert code == 0 and "feedbuilder: 1 article scheduled; the next appears at 2026-12-31T00:00:00Z" in err


def test_jekyll_posts_are_read_as_jekyll_reads_them(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """In _posts/: 'tags: foo bar' is two tags, 'tag: foo bar' one, and 12/05/2026 the 12th of May (Ruby's
    Time.parse)."""
    folder.configure("articles: _posts\n")
    (folder.root / "articles").rmdir()
    post = folder.root / "_posts" / "2026-05-01-market.md"
    post.parent.mkdir()
    post.write_text(
        "---\nlayout: post\ntitle: Market\ndate: 12/05/2026\ntag: night market\ntags: food market\n---\nStalls.\n"
    )
    code, err = run(monkeypatch, "build")
    assert code == 0 and "warning" not in err, err  # Jekyll's singular 'tag' is no typo there
    [item] = items(folder)
    assert item["date_published"] == "2026-05-12T00:00:00Z"
    assert item["tags"] == ["night market", "food", "market"]  # 'tag' whole, 'tags' split at spaces
    assert (folder.root / "public" / "tags" / "food" / "rss.xml").exists()
    folder.configure("articles: _posts\ngenerator: jekyll\n")  # said so, the same
    assert run(monkeypatch, "build")[0] == 0 and items(folder)[0]["tags"] == ["night market", "food", "market"]


@pytest.mark.parametrize(
    ("key", "meant"), [("titel", "title"), ("tag", "tags"), ("catgories", "categories"), ("sumary", "summary")]
)
def test_near_misses_of_fields_are_said(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch, key: str, meant: str
) -> None:
    """A typo of a field is a warning with 'did you mean' at its line; check --strict fails on it."""
    folder.article("a.md", f"---\ntitle: A\ndate: 2026-05-01\n{key}: x\n---\nText.\n")
    code, err = run(monkeypatch, "check", "--strict")
    assert code == 1
    assert err.splitlines()[0] == (
        f"articles/a.md:4: warning: {key}: is not a field feedbuilder reads: did you mean '{meant}'? "
        f"(rename it to '{meant}')"
    )


def test_keys_the_generators_use_are_silent(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hugo, Jekyll, Zola, Eleventy, Pelican and Astro keys (some close to ours) draw no warning."""
    keys = "layout weight aliases updatedDate heroImage eleventyNavigation save_as in_search_index template"
    front = "".join(f"{key}: x\n" for key in keys.split())
    folder.article("a.md", f"---\ntitle: A\ndate: 2026-05-01\n{front}---\nText.\n")
    assert run(monkeypatch, "check", "--strict") == (0, "feedbuilder: no problems\n")
