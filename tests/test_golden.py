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
from feedbuilder.config import load_site
from feedbuilder.feedcheck import check_feed

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


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_matches_golden(files: dict[str, bytes], name: str) -> None:
    """The sample feeds are byte-identical to the reviewed golden files."""
    golden = GOLDEN / name
    if os.environ.get("FEEDBUILDER_REGENERATE"):
        golden.write_bytes(files[name])
    assert files[name] == golden.read_bytes(), f"{name} changed: regenerate and review the diff"


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_golden_passes_our_checks(name: str) -> None:
    """The golden files themselves follow every rule feedcheck knows (no warnings either)."""
    data = (GOLDEN / name).read_bytes()
    problems = check_feed(data, path=name, now=NOW, expected_url=f"https://lakeside.example.org/{name}")
    assert [str(p) for p in problems] == []


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
    assert links == [("alternate", "text/html", None), ("enclosure", "audio/mpeg", "18734112")]


def test_no_build_time_anywhere(files: dict[str, bytes]) -> None:
    """Feed dates come from the newest article, never from the clock."""
    for data in files.values():
        assert b"2026-11-28" not in data and b"28 Nov 2026" not in data


def test_rss_plain_text_uses_character_references() -> None:
    """'&' in a title is written &#x26; (RSS Best Practices), never &amp;."""
    text = (GOLDEN / "rss.xml").read_text()
    assert "roads &#x26; buses" in text
    assert "<title>Council agrees a 2027 budget with more for roads &amp;" not in text
