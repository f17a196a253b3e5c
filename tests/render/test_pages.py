"""pages.py: the index page, the OPML list, article pages and where they go."""

from __future__ import annotations

import datetime
import functools
import http.server
import pathlib
import subprocess
import threading
from collections.abc import Iterator, Sequence
from zoneinfo import ZoneInfo

import lxml.etree  # type: ignore[import-untyped, unused-ignore]
import lxml.html  # type: ignore[import-untyped, unused-ignore]
import pytest

from feedbuilder.model import Article, Author, Enclosure, Entry, FeedFormat, FeedKind, FeedLink, Site
from feedbuilder.render.pages import article_page, index_html, opml, page_path, subscribe_url
from feedbuilder.render.subscribe import subscribe_page

from conftest import CHROMIUM_FLAGS, make_article, make_site

HOSTILE = '"/><script>alert(1)</script><VADER> & 中朝'
MEDIA: dict[FeedFormat, tuple[str, str]] = {
    "rss": ("rss.xml", "application/rss+xml"),
    "atom": ("atom.xml", "application/atom+xml"),
    "json": ("feed.json", "application/feed+json"),
}
LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def make_entry(article: Article, *, content_html: str | None = "<p>The full <em>text</em>.</p>") -> Entry:
    return Entry(
        article=article, summary=f"Summary of {article.title}", content_html=content_html, authors=article.authors
    )


def links_for(
    site: Site, kind: FeedKind, name: str, items: int, formats: Sequence[FeedFormat] = ("rss", "atom", "json")
) -> list[FeedLink]:
    folder = "" if kind == "site" else f"{kind}/{name.lower().replace(' ', '-')}/"
    title = site.title if kind == "site" else f"{site.title}: {name}"
    return [
        FeedLink(
            title=f"{title} ({LABELS[form]})",
            url=site.feed_url + folder + MEDIA[form][0],
            path=folder + MEDIA[form][0],
            format=form,
            media_type=MEDIA[form][1],
            kind=kind,
            name=name,
            items=items,
        )
        for form in formats
    ]


SITE = make_site()
LATEST = [
    make_entry(make_article("budget")),
    make_entry(
        make_article("ferry", title="Ferry times <change> & more", authors=(Author(name="Bo"), Author(name="Cy")))
    ),
]
FEEDS = [
    *links_for(SITE, "site", "", 2),
    *links_for(SITE, "tags", "council", 1),
    *links_for(SITE, "tags", "ferry", 1, ("rss", "json")),
    *links_for(SITE, "categories", "News", 2),
    *links_for(SITE, "authors", "Ann Lee", 1, ("json",)),
]


def parse_html(data: bytes) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(data.decode("utf-8"))


def alternates(page: lxml.html.HtmlElement) -> list[tuple[str, str, str]]:
    return [(e.get("type"), e.get("title"), e.get("href")) for e in page.xpath('//head/link[@rel="alternate"]')]


# --- index.html ---------------------------------------------------------------------------------------------------


def test_index_is_a_complete_accessible_page() -> None:
    """Catches a page without lang, charset, viewport, title, a single h1 or its landmarks."""
    data = index_html(SITE, FEEDS, LATEST)
    page = parse_html(data)
    assert data.startswith(b'<!DOCTYPE html>\n<html lang="en">')
    assert page.xpath("//head/meta[@charset='utf-8']")
    assert page.xpath("//head/meta[@name='viewport']")
    assert page.findtext(".//title") == "Lakeside Gazette"
    assert [h.text_content() for h in page.xpath("//h1")] == ["Lakeside Gazette"]
    assert [e.tag for e in page.find("body")] == ["header", "main", "footer"]
    assert not page.xpath("//script | //*[@src] | //link[@rel='stylesheet']")


def test_index_has_alternate_links_for_exactly_the_site_feeds() -> None:
    """Catches missing autodiscovery for a format, wrong media types, relative hrefs, or tag feeds in the head."""
    page = parse_html(index_html(SITE, FEEDS, LATEST))
    assert alternates(page) == [
        ("application/rss+xml", "Lakeside Gazette (RSS)", "https://lakeside.example.org/rss.xml"),
        ("application/atom+xml", "Lakeside Gazette (Atom)", "https://lakeside.example.org/atom.xml"),
        ("application/feed+json", "Lakeside Gazette (JSON Feed)", "https://lakeside.example.org/feed.json"),
    ]


def test_index_shows_the_latest_items() -> None:
    """Catches items without their link, date in the site's zone, authors or summary."""
    page = parse_html(index_html(SITE, FEEDS, LATEST))
    items = page.xpath("//main//article")
    assert [item.findtext(".//h3/a") for item in items] == [e.article.title for e in LATEST]
    assert items[0].find(".//h3/a").get("href") == "https://lakeside.example.org/budget/"
    time = items[0].find(".//time")
    assert (time.get("datetime"), time.text) == ("2026-11-02T10:30:00+01:00", "2 November 2026")
    assert "by Bo and Cy" in items[1].text_content()
    assert "Summary of Ferry times <change> & more" in items[1].text_content()


def test_index_dates_are_in_the_site_timezone() -> None:
    """Catches dates shown in UTC (or the machine's zone) instead of the site's."""
    late = make_entry(make_article(published=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)))
    page = parse_html(index_html(make_site(timezone=ZoneInfo("Asia/Tokyo")), FEEDS, [late]))
    time = page.find(".//time")
    assert (time.get("datetime"), time.text) == ("2027-01-01T08:30:00+09:00", "1 January 2027")


def test_index_lists_every_feed_with_its_count() -> None:
    """Catches a feed of the list (any kind, any format) left out of the page or shown with the wrong count."""
    page = parse_html(index_html(SITE, FEEDS, LATEST))
    section = page.get_element_by_id("feeds").getparent()
    for link in FEEDS:
        assert not section.xpath(".//a[@href=$url]", url=link.url)  # a person's click leads to the subscribe page
        anchors = section.xpath(".//a[@href=$url]", url=subscribe_url(link.url, link.format))
        assert len(anchors) == 1, link.url
        count = f"({link.items} item{'' if link.items == 1 else 's'})"
        if link.kind == "site":
            assert count in section.xpath(".//p[starts-with(., 'All articles')]")[0].text_content()
        else:
            row = anchors[0].getparent().text_content()
            assert row.startswith(f"{link.name} {count}:"), row
    assert [h.text for h in section.xpath(".//h3")] == ["This site", "Tags", "Categories", "Authors"]
    assert "copy a feed address into your feed reader" in section.text_content()
    assert section.xpath(".//a[@href='https://lakeside.example.org/feeds.opml']")
    assert section.xpath(".//a[@href='https://lakeside.example.org/feeds-by-name.opml']")
    site_rows = section.xpath(".//ul[1]/li")
    assert [row.findtext("code") for row in site_rows] == [link.url for link in FEEDS if link.kind == "site"]


def test_index_first_lines_say_how_to_subscribe() -> None:
    """Catches a header without the site's feeds (each to its subscribe page) and the one-line how-to."""
    page = parse_html(index_html(SITE, FEEDS, LATEST))
    line = page.xpath("//header/p[@class='subscribe']")[0]
    assert [a.get("href") for a in line.xpath("a")] == [
        f"https://lakeside.example.org/subscribe.html#{name}" for name in ("rss", "atom", "json")
    ]
    assert [a.text for a in line.xpath("a")] == ["RSS", "Atom", "JSON Feed"]
    assert "paste its address into your feed reader" in line.text_content()


def test_index_escapes_hostile_text() -> None:
    """Catches titles, names, summaries or descriptions that inject markup or lose their characters."""
    site = make_site(title=HOSTILE, description=HOSTILE)
    article = make_article(title=HOSTILE, authors=(Author(name=HOSTILE, url="javascript:alert(1)"),))
    entry = Entry(article=article, summary=HOSTILE, content_html=None, authors=article.authors)
    feeds = links_for(site, "site", "", 1) + links_for(site, "tags", HOSTILE, 1)
    page = parse_html(index_html(site, feeds, [entry]))
    assert not page.xpath("//script | //vader")
    assert page.findtext(".//title") == HOSTILE
    assert page.find(".//h1").text_content() == HOSTILE
    assert page.find(".//main//article//h3").text_content() == HOSTILE
    assert {title for _, title, _ in alternates(page)} == {f"{HOSTILE} ({label})" for label in LABELS.values()}
    assert not [a for a in page.xpath("//a") if not a.get("href", "").startswith("https://")]
    assert page.get_element_by_id("feeds").getparent().text_content().count(HOSTILE) == 1


def test_index_is_deterministic() -> None:
    """Catches output that depends on the clock, dict order or anything but the arguments."""
    assert index_html(SITE, FEEDS, LATEST) == index_html(SITE, list(FEEDS), list(LATEST))


def test_index_without_articles_or_language() -> None:
    """Catches an empty site or a site without a language breaking the page."""
    page = parse_html(index_html(make_site(language=None), links_for(SITE, "site", "", 0), []))
    assert page.get("lang") is None
    assert "No articles yet." in page.text_content()
    assert "(0 items)" in page.text_content()


# --- feeds.opml ---------------------------------------------------------------------------------------------------


def test_opml_lists_the_site_feed_once_in_one_format() -> None:
    """Catches feeds.opml holding per-name feeds (30 subscriptions for a small site) or several formats."""
    root = lxml.etree.fromstring(opml(SITE, FEEDS))
    assert root.tag == "opml"
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "Lakeside Gazette: feeds"
    assert root.find("head/dateCreated") is None
    folders = root.findall("body/outline")
    assert {f.get("text"): [o.get("xmlUrl") for o in f] for f in folders} == {
        "Site": ["https://lakeside.example.org/atom.xml"]
    }


def test_opml_by_name_lists_every_other_feed_once_in_one_format() -> None:
    """Catches a per-name feed missing from the second OPML list, listed twice, or the wrong format preferred."""
    root = lxml.etree.fromstring(opml(SITE, FEEDS, named=True))
    assert root.findtext("head/title") == "Lakeside Gazette: feeds by name"
    folders = root.findall("body/outline")
    assert [f.get("text") for f in folders] == ["Tags", "Categories", "Authors"]
    listed = {f.get("text"): [o.get("xmlUrl") for o in f] for f in folders}
    base = "https://lakeside.example.org/"
    assert listed == {
        "Tags": [base + "tags/council/atom.xml", base + "tags/ferry/rss.xml"],
        "Categories": [base + "categories/news/atom.xml"],
        "Authors": [base + "authors/ann-lee/feed.json"],
    }


def test_opml_outline_attributes() -> None:
    """Catches outlines without type, text, title or htmlUrl, or titles that keep the format label."""
    outlines = [
        *lxml.etree.fromstring(opml(SITE, FEEDS)).xpath("//outline[@xmlUrl]"),
        *lxml.etree.fromstring(opml(SITE, FEEDS, named=True)).xpath("//outline[@xmlUrl]"),
    ]
    assert outlines[0].attrib == {
        "type": "rss",
        "text": "Lakeside Gazette",
        "title": "Lakeside Gazette",
        "xmlUrl": "https://lakeside.example.org/atom.xml",
        "htmlUrl": "https://lakeside.example.org/",
    }
    assert [o.get("title") for o in outlines[1:]] == [
        "Lakeside Gazette: council", "Lakeside Gazette: ferry", "Lakeside Gazette: News", "Lakeside Gazette: Ann Lee",
    ]  # fmt: skip
    assert all(o.get("type") == "rss" and o.get("text") == o.get("title") for o in outlines)


def test_opml_keeps_hostile_text_as_text() -> None:
    """Catches names that break the XML or get double-escaped."""
    site = make_site(title=HOSTILE + "\x0b")
    root = lxml.etree.fromstring(opml(site, links_for(site, "tags", HOSTILE, 3), named=True))
    assert root.find("body/outline/outline").get("text") == f"{HOSTILE}: {HOSTILE}"
    assert opml(site, links_for(site, "tags", HOSTILE, 3)) == opml(site, links_for(site, "tags", HOSTILE, 3))


def test_opml_without_taxonomy_feeds_has_only_the_site_folder() -> None:
    """Catches empty folders written for taxonomies that have no feeds."""
    root = lxml.etree.fromstring(opml(SITE, links_for(SITE, "site", "", 2, ("json", "rss"))))
    assert [f.get("text") for f in root.findall("body/outline")] == ["Site"]
    assert root.find("body/outline/outline").get("xmlUrl") == "https://lakeside.example.org/rss.xml"


# --- article pages and where they go ------------------------------------------------------------------------------


def test_article_page_shows_the_article() -> None:
    """Catches an article page without title, date, authors, terms, content, a way back or autodiscovery."""
    article = make_article(
        tags=("council", "C++ & Rust"),
        enclosure=Enclosure(url="https://lakeside.example.org/a.mp3", length=5_000_000, type="audio/mpeg"),
    )
    page = parse_html(article_page(SITE, make_entry(article)))
    assert page.findtext(".//title") == "Council passes the budget · Lakeside Gazette"
    assert [h.text for h in page.xpath("//h1")] == ["Council passes the budget"]
    assert page.find(".//main//div[@class='content']/p/em").text == "text"
    text = page.text_content()
    for expected in (
        "2 November 2026",
        "by Ann Lee",
        "Tags: council, C++ & Rust",
        "Categories: News",
        "audio/mpeg, 5.0 MB",
    ):
        assert expected in text
    assert page.xpath("//footer//a[@href='https://lakeside.example.org/']")
    assert page.xpath("//head/link[@rel='canonical']")[0].get("href") == article.url
    assert [href for _, _, href in alternates(page)] == [
        "https://lakeside.example.org/rss.xml",
        "https://lakeside.example.org/atom.xml",
        "https://lakeside.example.org/feed.json",
    ]


def test_article_page_falls_back_to_the_summary_escaped() -> None:
    """Catches a summary-only entry giving an empty page, or its text injected as markup."""
    article = make_article(title=HOSTILE, lang="zh")
    page = parse_html(article_page(make_site(formats=("atom",)), make_entry(article, content_html=None)))
    assert page.get("lang") == "zh"
    assert not page.xpath("//script | //vader")
    assert page.find(".//h1").text_content() == HOSTILE
    assert page.find(".//div[@class='content']").text_content().strip() == f"Summary of {HOSTILE}"
    assert [t for t, _, _ in alternates(page)] == ["application/atom+xml"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://lakeside.example.org/budget/", "budget/index.html"),
        ("https://lakeside.example.org/2026/11/budget/", "2026/11/budget/index.html"),
        ("https://lakeside.example.org/notes/hello", "notes/hello/index.html"),
        ("https://lakeside.example.org/old/page.html", "old/page.html"),
        ("https://lakeside.example.org/old/page.HTM#top", "old/page.HTM"),
        ("https://LAKESIDE.example.org:443/budget/", "budget/index.html"),
        ("https://lakeside.example.org/caf%C3%A9/%E4%B8%AD%E6%9C%9D/", "café/中朝/index.html"),
        ("https://lakeside.example.org/caf%c3%a9%20bar/", "café bar/index.html"),
    ],
)
def test_page_path_maps_the_url_below_the_output_folder(url: str, expected: str) -> None:
    """Catches pages written where the article URL would not find them, or names left percent-encoded."""
    assert page_path(SITE, url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://elsewhere.example.org/budget/",  # another host
        "http://lakeside.example.org/budget/",  # another scheme
        "https://lakeside.example.org:8443/budget/",  # another port
        "https://lakeside.example.org/",  # the index page itself
        "https://lakeside.example.org/index.html",  # likewise
        "https://lakeside.example.org/../etc/passwd",
        "https://lakeside.example.org/a/%2E%2E/%2e%2e/etc/",  # encoded dot segments
        "https://lakeside.example.org/a%2F..%2F..%2Fetc/",  # encoded slashes
        "https://lakeside.example.org/a%5C..%5Cb/",  # encoded backslashes
        "https://lakeside.example.org/a%00b/",  # NUL
        "https://lakeside.example.org/a//b/",  # empty segment
        "https://lakeside.example.org/.git/config/",  # hidden folder
        "https://lakeside.example.org/%FF%FE/",  # not UTF-8
        "https://lakeside.example.org/budget/?page=2",  # a query a static file cannot serve
        "https://lakeside.example.org/rss.xml",  # not an HTML page (and a feed's name)
        "https://lakeside.example.org/" + "x" * 300 + "/",  # too long for a file name
        "mailto:council@lakeside.example.org",
    ],
)
def test_page_path_refuses_unsafe_or_foreign_urls(url: str) -> None:
    """Catches a page path that escapes the output folder, overwrites the index or cannot be served at its URL."""
    assert page_path(SITE, url) is None


def test_page_path_is_relative_to_where_the_output_is_served() -> None:
    """Catches pages placed by site.url when the output folder is served at another feed_url."""
    site = make_site(url="https://lakeside.example.org/", feed_url="https://lakeside.example.org/news/")
    assert page_path(site, "https://lakeside.example.org/news/budget/") == "budget/index.html"
    assert page_path(site, "https://lakeside.example.org/budget/") is None
    assert page_path(site, "https://lakeside.example.org/newsletter/") is None


# --- rendered in a real browser -----------------------------------------------------------------------------------


def quiet_handler(requested: list[str]) -> type[http.server.SimpleHTTPRequestHandler]:
    """A static file handler that notes each request's path instead of logging it."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            requested.append(self.path)

    return Handler


@pytest.fixture
def served(tmp_path: pathlib.Path) -> Iterator[tuple[str, list[str]]]:
    """The index page served on a loopback port; yields its URL and the paths requested."""
    root = tmp_path / "public"
    root.mkdir()
    (root / "index.html").write_bytes(index_html(SITE, FEEDS, LATEST))
    requested: list[str] = []
    handler = functools.partial(quiet_handler(requested), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/index.html", requested
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_index_renders_in_chromium(chromium: str, served: tuple[str, list[str]], tmp_path: pathlib.Path) -> None:
    """Catches a page a real browser renders without the items or without the alternate links in its head."""
    url, requested = served
    command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url]
    result = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    dom = lxml.html.document_fromstring(result.stdout.decode("utf-8"))
    assert [a.text_content() for a in dom.xpath("//main//article//h3/a")] == [e.article.title for e in LATEST]
    assert [href for _, _, href in alternates(dom)] == [link.url for link in FEEDS if link.kind == "site"]
    assert dom.find(".//h1").text_content() == SITE.title
    assert requested == ["/index.html"]  # no other file, no favicon: the page needs nothing else


# --- subscribe pages ---------------------------------------------------------------------------------------------


def test_subscribe_page_links_readers_with_the_encoded_feed_address() -> None:
    """Catches one-click links that break on the feed URL (unencoded) or a page without the addresses to copy."""
    links = links_for(SITE, "tags", "council", 3)
    page = parse_html(subscribe_page(SITE, links, LATEST))
    assert page.find(".//h1").text_content() == "Subscribe to Lakeside Gazette: council"
    hrefs = page.xpath("//section[@aria-labelledby='one-click']//a/@href")
    preferred = "https%3A%2F%2Flakeside.example.org%2Ftags%2Fcouncil%2Fatom.xml"  # Atom first, as in the OPML
    assert hrefs == [
        f"https://feedly.com/i/subscription/feed%2F{preferred}",
        f"https://www.inoreader.com/?add_feed={preferred}",
        f"https://www.newsblur.com/?url={preferred}",
        f"https://theoldreader.com/feeds/subscribe?url={preferred}",
    ]
    assert [c.text for c in page.xpath("//section[@aria-labelledby='copy']//code")] == [link.url for link in links]
    assert [href for _, _, href in alternates(page)] == [link.url for link in links]
    assert [a.text_content() for a in page.xpath("//article/h3/a")] == [e.article.title for e in LATEST]


def test_subscribe_page_escapes_hostile_text() -> None:
    """Catches a tag name or title that injects markup into the subscribe page."""
    site = make_site(title=HOSTILE)
    page = parse_html(subscribe_page(site, links_for(site, "tags", HOSTILE, 1), []))
    assert not page.xpath("//script | //vader")
    assert page.find(".//h1").text_content() == f"Subscribe to {HOSTILE}: {HOSTILE}"
    assert "No articles yet." in page.text_content()


def test_article_page_links_tags_and_categories_to_their_feeds() -> None:
    """Catches tags and categories shown as plain text on an article page when they have a feed."""
    article = make_article(tags=("council", "no-feed"), categories=("News",))
    entry = Entry(article=article, summary="S", content_html="<p>B</p>", authors=article.authors)
    feed_pages = {("tags", "council"): "https://lakeside.example.org/tags/council/subscribe.html",
                  ("categories", "News"): "https://lakeside.example.org/categories/news/subscribe.html"}  # fmt: skip
    page = parse_html(article_page(SITE, entry, feed_pages))
    linked = {a.text: a.get("href") for a in page.xpath("//p[@class='meta']/a")}
    assert linked == {"council": feed_pages["tags", "council"], "News": feed_pages["categories", "News"]}
    assert "no-feed" in page.text_content()
