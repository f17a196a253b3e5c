"""The sample site's feeds: compared with checked golden files.

Regenerate after an intended change with
``FEEDBUILDER_REGENERATE=1 pytest tests/test_golden.py`` and read the diff.
"""

from __future__ import annotations

import os
import pathlib

import pytest
from lxml import etree

from feedbuilder.build import Options, build
from feedbuilder.check.checker import check_feed
from feedbuilder.config import load_site
from feedbuilder.sources.values import quote_iri

from conftest import NOW, ROOT

GOLDEN = ROOT / "tests" / "golden"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    cwd = pathlib.Path.cwd()
    os.chdir(ROOT)
    try:
        result = build(load_site(ROOT / "feedbuilder.yaml"), Options(now=NOW))
    finally:
        os.chdir(cwd)
    assert [str(p) for p in result.report] == []
    return result.files


REGENERATE = bool(os.environ.get("FEEDBUILDER_REGENERATE"))
GOLDEN_FILES = [
    "rss.xml", "atom.xml", "feed.json", "feeds.opml", "feeds-by-name.opml", "index.html", "subscribe.html",
    "tags/river-lune/atom.xml",
]  # fmt: skip


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_matches_golden(files: dict[str, bytes], name: str) -> None:
    """The sample site's files are byte-identical to the reviewed golden files."""
    golden = GOLDEN / name
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(files[name])
    assert files[name] == golden.read_bytes(), f"{name} changed: regenerate and review the diff"


def test_every_file_is_listed(files: dict[str, bytes]) -> None:
    """The set of files a build writes is the reviewed list (a new or lost feed shows up here)."""
    listing = GOLDEN / "FILES"
    if REGENERATE:
        listing.write_text("".join(f"{name}\n" for name in sorted(files)), encoding="utf-8")
    assert sorted(files) == listing.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", [n for n in GOLDEN_FILES if n.endswith((".xml", ".json"))])
def test_golden_passes_our_checks(name: str) -> None:
    """The golden feeds themselves follow every rule feedcheck knows (no warnings either)."""
    data = (GOLDEN / name).read_bytes()
    problems = check_feed(data, path=name, now=NOW, expected_url=f"https://lakeside.example.org/{name}")
    assert [str(p) for p in problems] == []


def test_every_feed_of_the_build_passes_our_checks(files: dict[str, bytes]) -> None:
    """Every RSS, Atom and JSON file of the sample build (tags, categories, authors too) is clean."""
    feeds = [name for name in files if name.endswith((".xml", ".json"))]
    assert len(feeds) > 30
    for name in feeds:
        expected = "https://lakeside.example.org/" + quote_iri(name)
        assert [str(p) for p in check_feed(files[name], path=name, now=NOW, expected_url=expected)] == []


def test_rss_channel_link_is_the_site_and_self_link_the_feed() -> None:
    """feedgen's link-order trap: <channel><link> must be the website, atom:link self the feed."""
    channel = etree.fromstring((GOLDEN / "rss.xml").read_bytes()).find("channel")
    assert channel.findtext("link") == "https://lakeside.example.org/"
    [self_link] = channel.findall(f"{ATOM}link")
    assert (self_link.get("rel"), self_link.get("href"), self_link.get("type")) == (
        "self",
        "https://lakeside.example.org/rss.xml",
        "application/rss+xml",
    )


def test_atom_entry_links_keep_rel_type_and_length() -> None:
    """feedgen issue #135: the enclosure must stay rel=enclosure with type and length, not a second alternate."""
    feed = etree.fromstring((GOLDEN / "atom.xml").read_bytes())
    podcast = next(e for e in feed.findall(f"{ATOM}entry") if "podcast" in e.findtext(f"{ATOM}id"))
    links = [(link.get("rel"), link.get("type"), link.get("length")) for link in podcast.findall(f"{ATOM}link")]
    assert links == [("alternate", "text/html", None), ("enclosure", "audio/mpeg", "36891")]


def test_no_build_time_anywhere(files: dict[str, bytes]) -> None:
    """Feed dates come from the newest article, never from the clock."""
    for data in files.values():
        assert b"2026-11-28" not in data and b"28 November 2026" not in data and b"28 Nov 2026" not in data


def test_rss_plain_text_uses_character_references() -> None:
    """'&' in a title is written &#x26; (RSS Best Practices), never &amp;."""
    text = (GOLDEN / "rss.xml").read_text()
    assert "roads &#x26; buses" in text
    assert "<title>Council agrees a 2027 budget with more for roads &amp;" not in text
