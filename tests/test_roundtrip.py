"""What a reader sees: feedparser reads back every field of every article.

Also: builds are byte-identical across time zones and locales, and a plain
text article in the seed's layout becomes a valid feed as it is.
"""

from __future__ import annotations

import calendar
import json
import os
import pathlib
import shutil
import subprocess
import sys

import feedparser
import pytest

from feedbuilder.build import Options, build
from feedbuilder.check.checker import check_feed
from feedbuilder.config import load_site

from conftest import NOW, ROOT, SiteFolder


@pytest.fixture(scope="module")
def sample() -> dict[str, bytes]:
    cwd = pathlib.Path.cwd()
    os.chdir(ROOT)
    try:
        return build(load_site(ROOT / "feedbuilder.yaml"), Options(now=NOW)).files
    finally:
        os.chdir(cwd)


def stamp(struct: object) -> int:
    return calendar.timegm(struct)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_feedparser_reads_every_field(sample: dict[str, bytes], name: str) -> None:
    """Titles, links, ids, dates, authors, tags, summary and content survive the round trip."""
    parsed = feedparser.parse(sample[name])
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Lakeside Gazette"
    assert parsed.feed.link == "https://lakeside.example.org/"
    entries = {e.id: e for e in parsed.entries}
    assert len(entries) == 6  # the draft is left out

    council = entries["tag:lakeside.example.org,2026:council-budget-2027"]
    assert council.title == "Council agrees a 2027 budget with more for roads & buses"
    assert council.link == "https://lakeside.example.org/2026/council-budget-2027/"
    assert stamp(council.published_parsed) == calendar.timegm((2026, 10, 3, 17, 30, 0))  # 18:30 BST
    assert council.author == "Priya Nair"
    assert [t.term for t in council.tags] == ["council", "budget", "transport", "politics"]
    assert council.summary.startswith("After four hours of debate")
    html = council.content[0].value
    assert "<table>" in html and "<s>£1.0m</s>" in html
    assert 'src="https://lakeside.example.org/media/council-vote.jpg"' in html
    assert 'href="https://lakeside.example.org/2026/council-budget-2027/#fn1"' in html
    assert "<!--more-->" not in html

    river = entries["tag:lakeside.example.org,2026:river-cleanup"]
    if name == "rss.xml":
        assert river.author == "Tomás Ortega, Mei Chen"  # one dc:creator: feedparser keeps only the last of several
    else:
        # No e-mail on entry authors: feedparser 6 copied the first author's e-mail onto later authors.
        assert river.authors == [{"name": "Tomás Ortega"}, {"name": "Mei Chen"}]
        assert river.author == "Mei Chen"
        assert stamp(council.updated_parsed) == calendar.timegm((2026, 10, 4, 8, 0, 0))

    podcast = entries["tag:lakeside.example.org,2026:podcast-episode-12"]
    [enclosure] = podcast.enclosures
    assert (enclosure.href, enclosure.type, int(enclosure.length)) == (
        "https://lakeside.example.org/media/lakeside-talks-12.mp3",
        "audio/mpeg",
        36891,
    )
    assert podcast.link == "https://lakeside.example.org/2026/podcast-episode-12/"

    ferry = entries["tag:lakeside.example.org,2026:harbour-ferry-returns"]
    assert ferry.title == "Harbour ferry returns after a summer of repairs"
    assert [t.term for t in ferry.tags] == ["local news"]
    assert "Back to top" not in ferry.content[0].value

    market = entries["tag:lakeside.example.org,2026:night-market"]
    assert market.title == "Night market opens on the pier every Friday"


def test_newest_first(sample: dict[str, bytes]) -> None:
    """Items come newest first in both formats."""
    for name in ("rss.xml", "atom.xml"):
        dates = [stamp(e.published_parsed) for e in feedparser.parse(sample[name]).entries]
        assert dates == sorted(dates, reverse=True)


def test_same_ids_in_both_formats(sample: dict[str, bytes]) -> None:
    """RSS guid and Atom id are the same string for each article."""
    rss = [e.id for e in feedparser.parse(sample["rss.xml"]).entries]
    atom = [e.id for e in feedparser.parse(sample["atom.xml"]).entries]
    assert rss == atom


def test_builds_are_identical_across_time_zones_and_locales(tmp_path: pathlib.Path) -> None:
    """Two builds in different TZ and LANG give the same bytes."""
    outputs = []
    for tz, lang in (("UTC", "C"), ("Pacific/Kiritimati", "de_DE.UTF-8")):
        out = tmp_path / tz.replace("/", "-")
        env = {**os.environ, "TZ": tz, "LANG": lang, "LC_ALL": lang, "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
        done = subprocess.run(
            [sys.executable, "-m", "feedbuilder", "build", "--quiet", "--output", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]


def test_seed_layout_article_builds_a_valid_feed(folder: SiteFolder) -> None:
    """A .txt file in the seed's shape, used as it is (no front matter, no date), makes valid feeds."""
    source = ROOT / "tests" / "fixtures" / "seedlike" / "world-news-harbour-treaty.txt"
    target = folder.root / "articles" / source.name
    shutil.copy(source, target)
    os.utime(target, (1700000000, 1700000000))
    result = build(folder.site(), Options(now=NOW))
    assert [p.message.split(";")[0] for p in result.report] == ["no date"]
    for name, data in result.files.items():
        if not name.endswith((".xml", ".json")):
            continue
        assert check_feed(data, path=name, now=NOW, expected_url=f"https://example.org/{name}") == []
    entry = feedparser.parse(result.files["atom.xml"]).entries[0]
    assert entry.title == "Coastal towns sign a treaty to share the harbour “for another fifty years”"
    assert [t.term for t in entry.tags] == ["world news"]
    assert entry.summary.startswith("Mayors of the three towns")
    assert entry.content[0].value.count("<p>") == 6  # the standfirst is the story's first paragraph too
    assert entry.content[0].value.startswith("<p>Mayors of the three towns")
    assert "Leave a Reply" not in entry.content[0].value


def test_bodies_render_only_for_articles_in_the_feed(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """With limit 2 of 5 articles, only two bodies are rendered."""
    from feedbuilder.render import content

    folder.configure("limit: 2\n")
    for day in range(1, 6):
        folder.article(f"a{day}.md", f"---\ntitle: A{day}\ndate: 2026-01-0{day}\n---\nBody {day}\n")
    rendered: list[str] = []
    real = content.body_to_html
    monkeypatch.setattr(content, "body_to_html", lambda source, **kw: rendered.append(source) or real(source, **kw))
    build(folder.site(), Options(now=NOW))
    assert sorted(rendered) == ["Body 4\n", "Body 5\n"]


def test_derived_summary_is_short_and_never_empty(folder: SiteFolder) -> None:
    """A one-paragraph 200 KB body gives a summary cut at a word; an empty body falls back to the title."""
    folder.article("long.md", "---\ntitle: Long\ndate: 2026-01-02\n---\n" + "word " * 40_000)
    folder.article("empty.md", "---\ntitle: Only a title\ndate: 2026-01-01\n---\n")
    result = build(folder.site(), Options(now=NOW))
    items = {i["title"]: i for i in json.loads(result.files["feed.json"])["items"]}
    assert len(items["Long"]["summary"]) <= 401 and items["Long"]["summary"].endswith("word…")
    assert items["Only a title"]["summary"] == "Only a title"
    assert (
        check_feed(result.files["atom.xml"], path="atom.xml", now=NOW, expected_url="https://example.org/atom.xml")
        == []
    )
