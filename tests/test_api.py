"""The public Python API (feedbuilder/api.py), used the way the README's "Python API" section shows."""

from __future__ import annotations

import datetime
import json
import pathlib
import subprocess
import sys

import feedparser
import pytest

import feedbuilder

from conftest import NOW, SiteFolder

GOOD = "---\ntitle: Harbour reopens\ndate: 2026-04-01\ntags: [sea]\n---\nBoats are back.\n"


def test_build_from_a_folder_writes_nothing_until_asked(folder: SiteFolder) -> None:
    """Catches a build that writes on its own, or a write that rewrites unchanged files."""
    folder.article("harbour.md", GOOD)
    built = feedbuilder.build_site(folder.root, now=NOW)
    assert not (folder.root / "public").exists()
    assert [e.title for e in feedparser.parse(built.files["rss.xml"]).entries] == ["Harbour reopens"]
    changed = built.changed
    assert any(path.endswith("public/rss.xml") for path in changed)
    assert built.write() == changed
    assert (folder.root / "public" / "atom.xml").read_bytes() == built.files["atom.xml"]
    assert feedbuilder.build_site(folder.root, now=NOW).write() == []


def test_build_from_a_mapping(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catches a mapping config that is not checked like the file, or folders not taken from the arguments."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "harbour.md").write_text(GOOD, encoding="utf-8")
    config = {"title": "Harbour news", "url": "https://example.org/", "id_authority": "example.org,2026"}
    built = feedbuilder.build_site(config, now=NOW, articles="posts", output="out")
    assert json.loads(built.files["feed.json"])["title"] == "Harbour news"
    assert built.output == pathlib.Path("out")
    with pytest.raises(feedbuilder.FeedbuilderError) as caught:
        feedbuilder.build_site({"title": "T", "url": "https://example.org/", "limt": 5}, now=NOW)
    assert [str(p) for p in caught.value.problems] == ["feedbuilder.yaml: limt: unknown key (did you mean 'limit'?)"]


def test_naive_now_is_refused_with_a_clear_message(folder: SiteFolder) -> None:
    """Catches a naive datetime reaching feedgen (a TypeError deep inside) instead of a message that says why."""
    folder.article("harbour.md", GOOD)
    with pytest.raises(feedbuilder.FeedbuilderError) as caught:
        feedbuilder.build_site(folder.root, now=datetime.datetime(2026, 11, 28, 12, 0))
    assert str(caught.value) == (
        "now: 2026-11-28T12:00:00 has no time zone (pass an aware datetime, e.g. datetime.datetime.now(datetime.UTC))"
    )


def test_now_is_optional(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catches a build that needs `now` (the clock, or SOURCE_DATE_EPOCH, serves)."""
    folder.article("harbour.md", GOOD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    built = feedbuilder.build_site(folder.root / "feedbuilder.yaml")
    assert b"Harbour reopens" in built.files["atom.xml"]


def test_problems_as_data(folder: SiteFolder) -> None:
    """Catches check_site raising, printing, or losing the path, line and field of a problem."""
    folder.article("harbour.md", GOOD)
    folder.article("bad.md", "---\ntitle: Bad\ndate: 2026-13-01\n---\nBody.\n")
    problems = feedbuilder.check_site(folder.root, now=NOW)
    bad = [p for p in problems if p.path.endswith("bad.md")]
    assert [(p.line, p.field, p.is_error) for p in bad] == [(3, "date", True)]
    assert feedbuilder.check_site(folder.root / "nowhere", now=NOW)[0].message == "no config file here"


def test_import_is_light() -> None:
    """Catches `import feedbuilder` pulling in the pipeline (the CLI's nothing-to-do path imports it)."""
    code = (
        "import sys, feedbuilder; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'feedbuilder', 'feedgen', 'yaml', 'lxml'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "['feedbuilder']"
    assert feedbuilder.__all__ == ["Built", "FeedbuilderError", "Problem", "__version__", "build_site", "check_site"]
