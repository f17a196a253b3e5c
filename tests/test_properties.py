"""Properties: any titles, bodies, tags, authors and dates give feeds that parse, pass our checks and keep every item.

Articles are written to a temporary folder as a user would write them (YAML
front matter, strings as JSON-style double-quoted scalars, so control
characters arrive through escapes too), read with the real reader and
rendered with the pure pipeline.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import pathlib
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from feedbuilder.build import Options, load_articles, render_site
from feedbuilder.check.checker import check_feed
from feedbuilder.config import Overrides, site_from_mapping
from feedbuilder.errors import Report
from feedbuilder.model import Article
from feedbuilder.render.content import clean_text
from feedbuilder.sources.values import quote_iri

from conftest import NOW

ATOM = "{http://www.w3.org/2005/Atom}"
SNIPPETS = (
    "<script>alert(1)</script>",
    '<iframe src="https://video.example.com/e/1"></iframe>',
    '<a href="../x" onclick="steal()">link</a>',
    '<img src="p.jpg" srcset="p.jpg 1x, p2.jpg 2x" alt="">',
    '<p style="position:fixed">x</p>',
    '<a href="javascript:alert(1)">js</a>',
    "]]>",
    "<![CDATA[",
    "&amp; &lt; &#0; &#xD800; &bogus;",
    "<b>unclosed",
    "</div>",
    "<svg><circle/></svg>",
    "\n\n# Heading\n\n",
    "<h1>HTML heading</h1>",
    "<!--more-->",
    "[^1]\n\n[^1]: note",
    "\x00\x07\x1b\ufffe\x85",
    "Vec<T> & a < b",
)
text_with_snippets = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(SNIPPETS)), max_size=6).map("".join)
names = st.text(min_size=1, max_size=20)
authors = st.one_of(
    names,
    st.builds(
        lambda name, email: {"name": name, "email": email},
        names,
        st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.org", fullmatch=True),
    ),
)
dates = st.datetimes(min_value=datetime.datetime(1901, 1, 1), max_value=datetime.datetime(2026, 11, 1)).flatmap(
    lambda moment: st.sampled_from([moment.isoformat(), moment.date().isoformat(), moment.isoformat() + "+05:30"])
)


@dataclasses.dataclass(frozen=True)
class Written:
    title: str
    body: str
    html: bool
    tags: list[str]
    authors: list[object]
    date: str

    def text(self) -> str:
        # JSON strings are YAML double-quoted scalars: control characters become escapes such as \u001b.
        quoted = {key: json.dumps(value, ensure_ascii=False) for key, value in dataclasses.asdict(self).items()}
        return (
            f"---\ntitle: {quoted['title']}\ndate: {quoted['date']}\ntags: {quoted['tags']}\n"
            f"authors: {quoted['authors']}\n---\n{self.body}\n"
        )


articles_written = st.lists(
    st.builds(
        Written,
        title=st.one_of(st.text(max_size=40), text_with_snippets),
        body=text_with_snippets,
        html=st.booleans(),
        tags=st.lists(st.one_of(names, st.sampled_from(["Rust", "rust", "RUST", "À", "à", "<b>x</b>"])), max_size=3),
        authors=st.lists(authors, max_size=2),
        date=dates,
    ),
    min_size=1,
    max_size=4,
)


def read(folder: pathlib.Path, written: list[Written]) -> tuple[list[Article], dict[str, bytes], str]:
    """Write the articles, read them with the real reader, render every feed (JSON too)."""
    articles_dir = folder / "articles"
    articles_dir.mkdir()
    for number, article in enumerate(written):
        suffix = ".html" if article.html else ".md"
        (articles_dir / f"a{number}{suffix}").write_text(article.text(), encoding="utf-8")
    site = site_from_mapping(
        {"title": "Site", "url": "https://example.org/", "id_authority": "example.org,2026"},
        overrides=Overrides(articles=articles_dir, output=folder / "public"),
    )
    report = Report()
    loaded = load_articles(site, report=report)
    rendered, _ = render_site(site, loaded, Options(now=NOW), report)
    return loaded.articles, rendered, site.feed_url


def expected_title(written: str) -> str | None:
    """The title a plain-text title must keep: characters feeds forbid removed, whitespace collapsed."""
    if "<" in written or "&" in written:
        return None  # HTML in a title is turned into text by the content module; checked against the model
    return " ".join(clean_text(written)[0].split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written=articles_written)
def test_any_articles_give_valid_feeds_that_keep_every_item(written: list[Written]) -> None:
    """Feeds parse, pass check_feed without errors, and carry every good article with its cleaned title and id."""
    with tempfile.TemporaryDirectory() as temporary:
        articles, files, feed_url = read(pathlib.Path(temporary), written)
    by_source = {a.source: a for a in articles}
    for number, article in enumerate(written):
        source = f"a{number}{'.html' if article.html else '.md'}"
        expected = expected_title(article.title)
        if expected == "" and "#" not in article.body and "<h1" not in article.body.lower():
            assert source not in by_source  # no title and no heading: reported, left out
        elif expected is not None and source in by_source:
            assert by_source[source].title == expected
    feeds = {name: data for name, data in files.items() if name.endswith((".xml", ".json"))}
    assert {"rss.xml", "atom.xml"} <= set(feeds)
    for name, data in feeds.items():
        errors = [
            p for p in check_feed(data, path=name, now=NOW, expected_url=feed_url + quote_iri(name)) if p.is_error
        ]
        assert errors == [], (name, [str(p) for p in errors])
    wanted = {(a.title, a.id) for a in articles}
    rss = etree.fromstring(files["rss.xml"])
    assert {(i.findtext("title"), i.findtext("guid")) for i in rss.iter("item")} == wanted
    atom = etree.fromstring(files["atom.xml"])
    assert {(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}id")) for e in atom.iter(f"{ATOM}entry")} == wanted
    if "feed.json" in files:
        items = json.loads(files["feed.json"])["items"]
        assert {(item["title"], item["id"]) for item in items} == wanted
