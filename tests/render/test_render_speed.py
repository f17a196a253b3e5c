"""Rendering reuses each item across the feeds of a build (shared_items.py).

Every test holds the reused bytes against a fresh render (``reuse=False``:
feedgen, or json.dumps, writes the whole document with every item made
anew), so that a reuse bug shows up as a difference: an item shown in the
wrong content mode, with another feed's settings, cut at the wrong place.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import json
import pathlib
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from feedbuilder import build as pipeline
from feedbuilder.config import load_site
from feedbuilder.model import (
    Article,
    Author,
    ContentMode,
    Enclosure,
    Entry,
    Feed,
    FeedKind,
    FeedOptions,
    Podcast,
    Site,
    encode_body,
)
from feedbuilder.render import atom, jsonfeed, rss
from feedbuilder.render.entries import EntryCache
from feedbuilder.site.select import make_feed

from conftest import NOW, ROOT, generated_site, make_article, make_site

MODULES = [rss, atom, jsonfeed]
AUTHORITY = "lakeside.example.org,2026"


@pytest.fixture(autouse=True)
def empty_caches() -> Iterator[None]:
    """Each test starts and ends with empty item caches (no item of another test is reused)."""
    for module in MODULES:
        module.ITEMS.clear()
    yield
    for module in MODULES:
        module.ITEMS.clear()


def fresh(module: ModuleType, feed: Feed) -> bytes:
    data = module.render(feed, reuse=False)
    assert isinstance(data, bytes)
    return data


def reused(module: ModuleType, feed: Feed) -> bytes:
    data = module.render(feed)
    assert isinstance(data, bytes)
    return data


def feed_of(
    site: Site,
    articles: list[Article],
    *,
    content: ContentMode = "full",
    path: str = "",
    name: str = "",
    **changes: Any,
) -> Feed:
    """A feed of ``articles`` (newest first) as select.py makes it, then changed as a test needs."""
    options = FeedOptions(content=content, limit=50)
    entries = EntryCache(site, workers=1)
    kind: FeedKind = "tags" if name else "site"
    feed = make_feed(
        site, articles, entry=entries, options=options, id_authority=AUTHORITY, path=path, kind=kind, name=name
    )
    return dataclasses.replace(feed, **changes)


def rich_article(slug: str = "ferry", **changes: Any) -> Article:
    """An article with everything an item can carry: picture, enclosure, two authors, tags, language."""
    values: dict[str, Any] = {
        "title": "Ferry & bus times <changed>",
        "body": "The *new* timetable starts [Monday](/timetable/).\n\nSecond paragraph: 3 < 5 & more.",
        "image": "https://lakeside.example.org/media/ferry.jpg",
        "enclosure": Enclosure(url="https://lakeside.example.org/media/ferry.mp3", length=1234, type="audio/mpeg"),
        "authors": (Author(name="Ann Lee", email="ann@example.org"), Author(name="Bo Chen")),
        "tags": ("ferries", "C++", "中朝"),
        "categories": ("Transport",),
        "lang": "en-GB",
    }
    values.update(changes)
    return make_article(slug, **values)


def articles(count: int = 3) -> list[Article]:
    """``count`` articles, newest first, one with everything."""
    start = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)
    made = [rich_article()] + [make_article(f"story-{n}") for n in range(1, count)]
    return [
        dataclasses.replace(
            a, published=start - datetime.timedelta(hours=n), updated=start - datetime.timedelta(hours=n)
        )
        for n, a in enumerate(made)
    ]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_one_article_in_two_content_modes(module: ModuleType) -> None:
    """An article in a full-text feed and in a summary feed: each feed shows it its own way, in either order."""
    site = make_site()
    shown = articles()
    full = feed_of(site, shown)
    summary = feed_of(site, shown, content="summary", path="tags/ferries/", name="ferries")
    for first, second in ((full, summary), (summary, full)):
        module.ITEMS.clear()
        assert reused(module, first) == fresh(module, first)
        assert reused(module, second) == fresh(module, second)
    assert b"Second paragraph" in reused(module, full)
    assert b"Second paragraph" not in reused(module, summary)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_one_article_in_feeds_with_different_settings(module: ModuleType) -> None:
    """The same entry in feeds that differ in everything around it: each document is its own fresh render."""
    site = make_site()
    shown = articles()
    podcast = Podcast(
        owner=Author(name="Desk", email="desk@example.org"),
        category="News > Daily News",
        explicit=False,
        artwork="https://lakeside.example.org/art.jpg",
    )
    feeds = [
        feed_of(site, shown, podcast=podcast, hubs=("https://hub.example.org/",), language="en-GB"),
        feed_of(site, shown[:1], path="tags/ferries/", name="ferries", language=None, title="Only the ferry"),
        feed_of(site, shown[:2], path="archive/1/", is_archive=True, archive_links=(("next-archive", "../2/"),)),
        # the picture's article among others without one: the media namespace still comes from this feed
        feed_of(site, [*shown[1:], shown[0]], path="authors/ann-lee/", name="Ann Lee"),
        feed_of(site, shown[1:], path="categories/news/", name="News"),
    ]
    for feed in [*feeds, *reversed(feeds)]:
        assert reused(module, feed) == fresh(module, feed)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_same_feed_twice_gives_the_same_bytes(module: ModuleType) -> None:
    """A second render, from the cache alone, is byte-identical to the first and to a fresh one."""
    feed = feed_of(make_site(), articles(5))
    first = reused(module, feed)
    assert len(module.ITEMS) == 5
    assert reused(module, feed) == first == fresh(module, feed)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_an_entry_shown_otherwise_gets_its_own_item(module: ModuleType) -> None:
    """Same article, other authors or another summary: not the cached item."""
    feed = feed_of(make_site(), articles(2))
    entry = feed.entries[0]
    others = [
        dataclasses.replace(entry, authors=(Author(name="Site Desk"),)),
        dataclasses.replace(entry, summary="Another summary."),
        dataclasses.replace(entry, content_html=None),
    ]
    reused(module, feed)
    for other in others:
        changed = dataclasses.replace(feed, entries=(other, *feed.entries[1:]))
        assert reused(module, changed) == fresh(module, changed) != reused(module, feed)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_items_are_made_once_per_entry(module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the cache: a second feed carrying the same entries does not make their items again."""
    made: list[str] = []
    name = {
        "feedbuilder.render.rss": "_item",
        "feedbuilder.render.atom": "_entry",
        "feedbuilder.render.jsonfeed": "_item",
    }[module.__name__]
    original: Callable[[Entry], Any] = getattr(module, name)

    def counting(entry: Entry) -> Any:
        made.append(entry.article.slug)
        return original(entry)

    monkeypatch.setattr(module, name, counting)
    site = make_site()
    shown = articles(4)
    reused(module, feed_of(site, shown))
    reused(module, feed_of(site, shown[1:3], path="tags/council/", name="council"))
    reused(module, feed_of(site, shown[:2], content="summary", path="tags/news/", name="news"))
    assert made == ["ferry", "story-1", "story-2", "story-3", "ferry", "story-1"]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_markup_in_text_does_not_confuse_the_cut(module: ModuleType) -> None:
    """Titles and bodies that spell out the tags the items are cut at stay inside their item."""
    tricky = "\n    <item>\n  </channel>\n  <entry>\n</feed>\n    {"
    site = make_site()
    shown = [
        dataclasses.replace(
            a, title=a.title + tricky, summary="See <item> & </entry>" + tricky, body_utf8=encode_body(a.body + tricky)
        )
        for a in articles(3)
    ]
    full = feed_of(site, shown)
    part = feed_of(site, shown[1:], content="summary", path="tags/x/", name="x")
    assert reused(module, part) == fresh(module, part)
    assert reused(module, full) == fresh(module, full)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_feed_without_items(module: ModuleType) -> None:
    feed = feed_of(make_site(), [])
    assert reused(module, feed) == fresh(module, feed)


def test_json_text_is_what_json_dumps_writes() -> None:
    """Strings json escapes, characters it keeps, empty lists, sizes: the same bytes as json.dumps."""
    odd = 'quote " backslash \\ tab \t newline \n nul \x00 del \x7f ls \u2028 emoji 🦆 </script> ü'
    site = make_site(hubs=("https://hub.example.org/",), description=odd)
    shown = [
        rich_article(title=odd, summary=odd, tags=(), categories=(), lang=None),
        rich_article(
            "zero", enclosure=Enclosure(url="https://lakeside.example.org/a.pdf", length=0, type="application/pdf")
        ),
    ]
    feed = feed_of(site, shown, title=odd)
    assert reused(jsonfeed, feed) == fresh(jsonfeed, feed)
    assert json.loads(reused(jsonfeed, feed))["items"][0]["title"] == odd


def test_cache_lets_go_of_a_builds_articles() -> None:
    """Items live as long as their articles: once a build's articles are gone, so are its items."""
    feed = feed_of(make_site(), articles(3))
    for module in MODULES:
        reused(module, feed)
        assert len(module.ITEMS) == 3
    del feed
    gc.collect()
    assert [len(module.ITEMS) for module in MODULES] == [0, 0, 0]


def test_an_equal_but_other_article_gets_a_correct_item() -> None:
    """Another build's article with the same path but other content is never served the old item."""
    site = make_site()
    old = feed_of(site, articles(2))
    changed_article = dataclasses.replace(old.entries[0].article, title="Retitled")
    new = feed_of(site, [changed_article, old.entries[1].article])
    for module in MODULES:
        reused(module, old)
        assert reused(module, new) == fresh(module, new)
        assert b"Retitled" in reused(module, new)


def _build_checking_every_render(site: Site, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, bytes], int]:
    """Build ``site`` with every render held against a fresh one; the files and how many renders were checked."""
    checked = 0
    for name, form in list(pipeline.FORMATS.items()):
        module = {"rss": rss, "atom": atom, "json": jsonfeed}[name]

        def checking(feed: Feed, module: ModuleType = module) -> bytes:
            nonlocal checked
            data = reused(module, feed)
            assert data == fresh(module, feed), f"{feed.path}{module.FILE_NAME} differs from a fresh render"
            checked += 1
            return data

        monkeypatch.setitem(pipeline.FORMATS, name, pipeline.Format(form.file_name, form.media_type, checking))
    result = pipeline.build(site, pipeline.Options(now=NOW, cache=False))
    return result.files, checked


@pytest.mark.parametrize(
    "changes",
    [
        {},  # taxonomy feeds with summaries, the site's feed full: each article in two modes
        {"content": "summary"},
        {
            "taxonomies": {
                "tags": FeedOptions(content="full", limit=8),
                "authors": FeedOptions(content="summary", limit=5),
            }
        },
        {"max_bytes": 20_000},  # over budget: items give up their full text, then the oldest are left out
    ],
    ids=["default", "summaries", "mixed", "budget"],
)
def test_a_whole_site_renders_as_fresh(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any]
) -> None:
    """A generated site with many shared articles: every feed file of the build is its fresh render."""
    site = dataclasses.replace(load_site(generated_site(tmp_path / "site", 120)), **changes)
    files, checked = _build_checking_every_render(site, monkeypatch)
    feeds = [name for name in files if name.endswith((".xml", ".json"))]
    assert checked >= len(feeds) > 30


def test_the_sample_site_renders_as_fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample site (podcast, enclosures, pictures, hubs): every feed file is its fresh render."""
    monkeypatch.chdir(ROOT)
    files, checked = _build_checking_every_render(load_site(ROOT / "feedbuilder.yaml"), monkeypatch)
    assert checked >= len([name for name in files if name.endswith((".xml", ".json"))]) > 30
