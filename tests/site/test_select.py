"""select.py: what each feed shows, without the disk."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from feedbuilder.model import Article, Author, Entry, FeedOptions, Site
from feedbuilder.site.select import archive_pages, newest_first, plan, taxonomy_feeds, unique_slugs, visible

from conftest import make_article, make_site

UTC = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, tzinfo=UTC)


def site(**changes: object) -> Site:
    base = {"title": "S", "url": "https://example.org/", "feed_url": "https://example.org/", "description": "d"}
    return make_site(**{**base, "timezone": ZoneInfo("UTC"), "id_authority": "example.org,2026", **changes})


def article(name: str, day: int, **changes: object) -> Article:
    when = datetime.datetime(2026, 5, day, tzinfo=UTC)
    base = {
        "source": f"{name}.md",
        "path": f"articles/{name}.md",
        "id": f"tag:example.org,2026:{name}",
        "title": name.title(),
        "url": f"https://example.org/{name}/",
        "published": when,
        "updated": when,
        "summary": "s",
        "authors": (),
        "tags": (),
        "categories": (),
        "body": "b",
    }
    return make_article(name, **{**base, **changes})


def entry(a: Article, mode: str) -> Entry:
    return Entry(article=a, summary="s", content_html="<p>b</p>" if mode == "full" else None, authors=a.authors)


def test_visible_leaves_out_drafts_and_future() -> None:
    """Drafts and future articles are out unless asked for."""
    articles = [article("a", 1), article("d", 2, draft=True), article("f", 3, published=NOW + datetime.timedelta(1))]
    assert [a.slug for a in visible(articles, now=NOW, drafts=False, future=False)] == ["a"]
    assert len(visible(articles, now=NOW, drafts=True, future=True)) == 3


def test_newest_first_with_a_stable_tie_break() -> None:
    """Equal times are ordered by id, so two builds agree."""
    same = [article("b", 5), article("a", 5), article("c", 6)]
    assert [a.slug for a in newest_first(same)] == ["c", "a", "b"]


def test_per_tag_feeds_hold_exactly_their_items() -> None:
    """Each tag feed holds the articles with that tag (any case), under a readable slug."""
    shown = newest_first(
        [
            article("a", 1, tags=("North Korea", "C++ & Rust")),
            article("b", 2, tags=("north korea",)),
            article("c", 3, tags=("中朝",)),
        ]
    )
    feeds = taxonomy_feeds(
        site(), shown, kind="tags", options=FeedOptions(content="full", limit=50), entry=entry, id_authority="x,2026"
    )
    summary = {f.base_url: [e.article.slug for e in f.entries] for f in feeds}
    assert summary == {
        "https://example.org/tags/c-plus-plus-and-rust/": ["a"],
        "https://example.org/tags/north-korea/": ["b", "a"],
        "https://example.org/tags/%E4%B8%AD%E6%9C%9D/": ["c"],
    }
    north = next(f for f in feeds if "north" in f.base_url)
    assert north.title == "S: North Korea"
    assert north.id == "tag:x,2026:feed/tags/north-korea"


def test_author_feeds_fall_back_to_the_site() -> None:
    """Articles without authors count for the site's author."""
    shown = [article("a", 1, authors=(Author(name="Ann"),)), article("b", 2)]
    feeds = taxonomy_feeds(
        site(),
        shown,
        kind="authors",
        options=FeedOptions(content="summary", limit=1),
        entry=entry,
        id_authority="x,2026",
    )
    assert [(f.name, len(f.entries), f.entries[0].content_html) for f in feeds] == [("Ann", 1, None), ("S", 1, None)]


def test_slug_collisions_are_resolved_stably() -> None:
    """Names with one slug get distinct slugs; the plainest name keeps the bare one whatever else appears."""
    assert unique_slugs(["rust"]) == {"rust": "rust"}
    both = unique_slugs(["Rust!", "rust"])
    assert both["rust"] == "rust" and both["Rust!"].startswith("rust-") and len(both["Rust!"]) == 11
    assert unique_slugs(["Rust!", "rust"]) == unique_slugs(["rust", "Rust!"])


def test_plan_honours_taxonomy_choice() -> None:
    """Only the chosen taxonomies get feeds."""
    chosen = site(taxonomies={"categories": FeedOptions(content="full", limit=5)})
    result = plan(chosen, [article("a", 1, tags=("t",), categories=("c",))], entry=entry, id_authority="x,2026")
    assert [f.base_url for f in result.taxonomy_feeds] == ["https://example.org/categories/c/"]


def test_archive_pages_are_complete_fixed_and_linked() -> None:
    """RFC 5005: full pages oldest first, linked to each other and to the current feed."""
    shown = newest_first([article(f"a{d}", d) for d in range(1, 8)])
    pages = archive_pages(site(limit=3), shown, entry=entry, id_authority="x,2026")
    assert [[e.article.slug for e in p.entries] for p in pages] == [["a3", "a2", "a1"], ["a6", "a5", "a4"]]
    assert pages[0].archive_links == (
        ("current", "https://example.org/"),
        ("next-archive", "https://example.org/archive/2/"),
    )
    assert pages[1].archive_links[1] == ("prev-archive", "https://example.org/archive/1/")
    assert all(p.is_archive for p in pages)
    whole = plan(site(limit=3, archive=True), shown, entry=entry, id_authority="x,2026")
    assert whole.site_feed.archive_links == (("prev-archive", "https://example.org/archive/2/"),)
    assert [e.article.slug for e in whole.site_feed.entries] == ["a7", "a6", "a5"]


def test_summary_entries_with_a_given_summary_render_nothing() -> None:
    """A taxonomy feed of summaries needs no Markdown rendered when the articles give their summaries."""
    from feedbuilder.render.entries import EntryCache, needs_rendering

    given = article("a", 1, summary="Told in one line.", body="# Heading\n\nLong *text*.")
    derived = article("b", 2, summary=None, body="First paragraph.\n\nSecond.")
    assert not needs_rendering(given, "summary")
    assert needs_rendering(given, "full") and needs_rendering(derived, "summary")
    entries = EntryCache(site(), workers=1)
    assert entries(given, "summary").summary == "Told in one line."
    assert entries.used == {}
    assert entries(derived, "summary").summary == "First paragraph."
    assert entries(given, "full").content_html == "<h1>Heading</h1>\n<p>Long <em>text</em>.</p>\n"
