"""Real readers and parsers reading all three formats of the sample site: what each shows is what the articles say.

The matrix: feedparser (RSS, Atom), the ``reader`` library (RSS, Atom, JSON Feed), newsboat (RSS and Atom,
each on its own cache: 2.21 reads no JSON Feed), and the npm parsers ``rss-parser`` (RSS, Atom) and
``@extractus/feed-extractor`` (all three) run with node.  Each reader is checked on the fields it shows:
author names (never an e-mail), every co-author, categories, enclosure, image, published and updated dates,
full content, and each item once.  The expectations come from the sample site's JSON Feed, read with json.

Limits of the readers themselves, kept as expectations so a change shows up: of an Atom entry's several
``<author>`` elements ``reader`` shows the last and ``rss-parser`` the first; ``rss-parser`` shows no Atom
categories or enclosure links; ``feed-extractor`` shows only id, title, link, a date and the summary, and for
Atom its date is ``<updated>``.  node and newsboat are installed by .ci/run (npm packages into
tests/readers/node_modules); without them the tests skip here and fail in CI.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
from typing import Any

import feedparser
import lxml.html
import pytest

import feedbuilder
from feedbuilder.build import Options, build
from feedbuilder.config import load_site
from feedbuilder.output import write_files

from conftest import NOW, ROOT

FORMATS = ("rss.xml", "atom.xml", "feed.json")
NODE_FOLDER = ROOT / "tests" / "readers"
Item = dict[str, Any]


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The sample site built into a temporary folder."""
    cwd = pathlib.Path.cwd()
    os.chdir(ROOT)
    try:
        result = build(load_site(ROOT / "feedbuilder.yaml"), Options(now=NOW))
    finally:
        os.chdir(cwd)
    folder = tmp_path_factory.mktemp("sample") / "public"
    write_files(result.files, folder)
    return folder


@pytest.fixture(scope="module")
def expected(public: pathlib.Path) -> dict[str, Item]:
    """Each article as the JSON Feed says it, by id: the values every reader should show."""
    items = json.loads((public / "feed.json").read_text(encoding="utf-8"))["items"]
    return {
        item["id"]: {
            "title": item["title"],
            "authors": [author["name"] for author in item["authors"]],
            "categories": sorted(item.get("tags", [])),
            "enclosure": item["attachments"][0]["url"] if item.get("attachments") else None,
            "image": item.get("image"),
            "published": _when(item["date_published"]),
            "updated": _when(item["date_modified"]),
            "content": _words(item["content_html"]),
        }
        for item in items
    }


def _when(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(datetime.UTC)


def _words(html: str) -> str:
    """An HTML body's text, whitespace collapsed (readers keep the markup, or not)."""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def _required(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, and CI must run the reader matrix (.ci/run installs it)")
        pytest.skip(f"{name} is not installed here (.ci/run installs it; CI runs this test)")
    return found


def _check_once(items: list[Item], expected: dict[str, Item]) -> dict[str, Item]:
    ids = [item["id"] for item in items]
    assert sorted(ids) == sorted(expected), "each item exactly once"
    return {item["id"]: item for item in items}


def _check_authors(shown: str | list[str], want: list[str]) -> None:
    """Names as the reader shows them: every co-author, and no e-mail address."""
    text = shown if isinstance(shown, str) else ", ".join(shown)
    assert "@" not in text, text
    assert text == ", ".join(want), text


# --- feedparser -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_feedparser(public: pathlib.Path, expected: dict[str, Item], name: str) -> None:
    """Catches a field feedparser shows wrong: author, co-authors, categories, enclosure, image, dates, content."""
    parsed = feedparser.parse(str(public / name))
    assert not parsed.bozo, parsed.get("bozo_exception")
    shown = _check_once([{"id": e.id, "entry": e} for e in parsed.entries], expected)
    for key, want in expected.items():
        entry = shown[key]["entry"]
        assert entry.title == want["title"]
        _check_authors([a["name"] for a in entry.authors] if name == "atom.xml" else entry.author, want["authors"])
        assert sorted(t.term for t in entry.get("tags", [])) == want["categories"]
        assert [e.href for e in entry.get("enclosures", [])] == ([want["enclosure"]] if want["enclosure"] else [])
        assert [m["url"] for m in entry.get("media_content", [])] == ([want["image"]] if want["image"] else [])
        assert _stamp(entry.published_parsed) == want["published"]
        assert _stamp(entry.updated_parsed) == want["updated"]
        assert _words(entry.content[0].value) == want["content"]


def _stamp(parsed: Any) -> datetime.datetime:
    return datetime.datetime(*parsed[:6], tzinfo=datetime.UTC)


# --- reader -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_reader_library(public: pathlib.Path, expected: dict[str, Item], name: str) -> None:
    """Catches a field the `reader` library shows wrong, in each of the three formats."""
    reader_module = pytest.importorskip("reader", reason="the reader library is in the test extra")
    library = reader_module.make_reader(":memory:", feed_root=str(public))
    try:
        library.add_feed(f"file:{name}")
        library.update_feeds()
        entries = list(library.get_entries())
        shown = _check_once([{"id": e.id, "entry": e} for e in entries], expected)
        for key, want in expected.items():
            entry = shown[key]["entry"]
            assert entry.title == want["title"]
            authors = want["authors"][-1:] if name == "atom.xml" else want["authors"]  # its limit: the last
            _check_authors(entry.authors_str if hasattr(entry, "authors_str") else entry.author, authors)
            assert [e.href for e in entry.enclosures] == ([want["enclosure"]] if want["enclosure"] else [])
            assert entry.published == want["published"]
            assert entry.updated == want["updated"]
            assert _words(entry.get_content().value) == want["content"]
    finally:
        library.close()


# --- newsboat ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])  # newsboat 2.21 (Debian 12) reads no JSON Feed
def test_newsboat(public: pathlib.Path, expected: dict[str, Item], name: str, tmp_path: pathlib.Path) -> None:
    """Catches a field newsboat shows wrong (it keeps title, author, date, content, enclosure), per format."""
    binary = _required("newsboat")
    (tmp_path / "urls").write_text(f"file://{public / name}\n", encoding="utf-8")
    (tmp_path / "config").write_text("reload-threads 1\n", encoding="utf-8")
    command = [binary, "-x", "reload", "-u", "urls", "-c", "cache.db", "-C", "config"]
    env = {**os.environ, "HOME": str(tmp_path), "TERM": "dumb"}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "cache.db") as db:
        rows = db.execute("SELECT guid, title, author, pubDate, content, enclosure_url FROM rss_item").fetchall()
    fields = ("id", "title", "author", "date", "content", "enclosure")
    shown = _check_once([dict(zip(fields, row, strict=True)) for row in rows], expected)
    for key, want in expected.items():
        item = shown[key]
        assert item["title"] == want["title"]
        _check_authors(item["author"], want["authors"])
        assert (item["enclosure"] or None) == want["enclosure"]
        assert datetime.datetime.fromtimestamp(item["date"], datetime.UTC) == want["published"]
        assert _words(item["content"]) == want["content"]


# --- the npm parsers --------------------------------------------------------------------------------------------


def _node_items(parser: str, path: pathlib.Path) -> list[Item]:
    node = _required("node")
    if not (NODE_FOLDER / "node_modules" / "rss-parser").is_dir():
        if os.environ.get("CI"):
            pytest.fail("the npm parsers are not installed (.ci/run: npm install --prefix tests/readers)")
        pytest.skip("the npm parsers are not installed here (npm install --prefix tests/readers); CI runs this")
    command = [node, str(NODE_FOLDER / "read_feed.mjs"), parser, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_rss_parser(public: pathlib.Path, expected: dict[str, Item], name: str) -> None:
    """Catches a field npm's rss-parser shows wrong: author (its dc:creator), categories, enclosure, date, content."""
    shown = _check_once(_node_items("rss-parser", public / name), expected)
    for key, want in expected.items():
        item = shown[key]
        assert item["title"] == want["title"]
        _check_authors(item["authors"], want["authors"][:1] if name == "atom.xml" else want["authors"])
        if name == "rss.xml":  # it shows no Atom categories or enclosure links
            assert sorted(item["categories"]) == want["categories"]
            assert item["enclosure"] == want["enclosure"]
        assert _when(item["published"]) == want["published"]
        assert _words(item["content"]) == want["content"]


@pytest.mark.parametrize("name", FORMATS)
def test_feed_extractor(public: pathlib.Path, expected: dict[str, Item], name: str) -> None:
    """Catches an item @extractus/feed-extractor misses, shows twice, or shows with the wrong title or date."""
    shown = _check_once(_node_items("feed-extractor", public / name), expected)
    for key, want in expected.items():
        assert shown[key]["title"] == want["title"]
        date = want["updated"] if name == "atom.xml" else want["published"]  # its limit: Atom's <updated>
        assert _when(shown[key]["published"]) == date


def test_no_reader_sees_the_stylesheet_lines(public: pathlib.Path) -> None:
    """Catches <?xml-stylesheet?> lines missing from the XML feeds (the readers above read the files with them)."""
    for name in ("rss.xml", "atom.xml"):
        head = (public / name).read_bytes()[:512]
        assert re.search(rb'<\?xml-stylesheet type="text/css" href="feed.css"\?>', head), name
        # the root element within 512 bytes: the W3C validator's marker for a feed served as application/xml
        assert b"<rss" in head or b"<feed" in head, name


W3C_VALIDATE = ROOT.parent / "shared" / "tools" / "w3c-validate"


@pytest.mark.skipif(not W3C_VALIDATE.exists(), reason="the W3C validator wrapper is not installed here")
def test_w3c_validator_accepts_the_chosen_elements(public: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """Catches a stylesheet line, dc:creator or atom:updated in RSS items that draws a W3C error or warning."""
    paths = [public / "rss.xml", public / "atom.xml", public / "tags" / "river-lune" / "rss.xml"]
    both = tmp_path / "rss-xslt.xml"  # as stylesheet: xslt writes it: the XSLT line before the CSS one
    both.write_bytes(
        (public / "rss.xml")
        .read_bytes()
        .replace(b"<?xml-stylesheet", b'<?xml-stylesheet type="text/xsl" href="feed.xsl"?>\n<?xml-stylesheet', 1)
    )
    command = [str(W3C_VALIDATE), *map(str, [*paths, both])]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if result.returncode == 3:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stdout
    assert b"<atom:updated>" in paths[0].read_bytes() and b"<dc:creator>" in paths[0].read_bytes()


def test_stylesheet_false_writes_raw_feeds(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catches `stylesheet: false` still naming a stylesheet, or still writing feed.css."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("---\ntitle: A\ndate: 2026-04-01\n---\nBody.\n", encoding="utf-8")
    config = {"title": "T", "url": "https://example.org/", "articles": "posts", "stylesheet": False}
    files = feedbuilder.build_site(config, now=NOW).files
    assert not [name for name in files if name.startswith("feed.") and name != "feed.json"]
    assert all(b"xml-stylesheet" not in files[name] for name in ("rss.xml", "atom.xml"))
