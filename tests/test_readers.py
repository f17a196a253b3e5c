"""A real reader across edits, domain and scheme moves and renames: every article once.

newsboat (the Debian package; .ci/run installs it) is subscribed over
loopback HTTP to the built RSS and Atom feeds and reloaded headless after
each change; its cache is read with sqlite3.  The same sequence is checked
with feedparser (RSS, Atom) and json (JSON Feed).
"""

from __future__ import annotations

import functools
import http.server
import os
import pathlib
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli

from conftest import SiteFolder, read_items

TYPES = {".xml": "application/xml; charset=utf-8", ".json": "application/feed+json; charset=utf-8"}
ARTICLES = {
    "harbour.md": "---\ntitle: Harbour reopens\ndate: 2026-04-01\ntags: [sea]\n---\nBoats are back.\n",
    "market.md": "---\ntitle: Market moves to the pier\ndate: 2026-04-02\n---\nStalls on Friday.\n",
    "library.md": "---\ntitle: Library opens late\ndate: 2026-04-03\n---\nUntil 8 pm.\n",
}


class _Static(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path: str | os.PathLike[str]) -> str:
        name = str(path)
        if name.endswith("rss.xml"):
            return "application/rss+xml; charset=utf-8"
        if name.endswith("atom.xml"):
            return "application/atom+xml; charset=utf-8"
        return TYPES.get(pathlib.Path(name).suffix, "text/html; charset=utf-8")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def served(folder: SiteFolder) -> Iterator[str]:
    """The site's output folder over loopback HTTP (a static host, like a real one)."""
    (folder.root / "public").mkdir()
    handler = functools.partial(_Static, directory=str(folder.root / "public"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def rebuild(monkeypatch: pytest.MonkeyPatch, epoch: int) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = CliRunner().invoke(cli, ["build", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def changes(folder: SiteFolder) -> Iterator[str]:
    """Edit a title, move to another domain, switch to https, rename a file."""
    folder.article("market.md", ARTICLES["market.md"].replace("Market moves", "Night market moves"))
    yield "edit"
    folder.config.write_text(folder.config.read_text().replace("https://example.org/", "http://news.example.net/"))
    yield "domain"
    folder.config.write_text(folder.config.read_text().replace("http://news.example.net/", "https://news.example.net/"))
    yield "https"
    (folder.root / "articles" / "harbour.md").rename(folder.root / "articles" / "harbour-reopens.md")
    yield "rename"


EXPECTED_TITLES = {"Harbour reopens", "Night market moves to the pier", "Library opens late"}


class Newsboat:
    def __init__(self, home: pathlib.Path, urls: list[str]) -> None:
        self.binary = shutil.which("newsboat")
        self.home = home
        (home / "urls").write_text("".join(f"{u}\n" for u in urls))
        (home / "config").write_text("reload-threads 1\nsuppress-first-reload yes\n")
        self.cache = home / "cache.db"

    def reload(self) -> None:
        assert self.binary is not None
        done = subprocess.run(
            [
                self.binary,
                "-x",
                "reload",
                "-u",
                str(self.home / "urls"),
                "-c",
                str(self.cache),
                "-C",
                str(self.home / "config"),
            ],
            env={**os.environ, "HOME": str(self.home), "TERM": "dumb"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    def rows(self) -> list[tuple[str, str]]:
        """(guid, title) of every item newsboat stored, over all its feeds."""
        with sqlite3.connect(self.cache) as db:
            return db.execute("SELECT guid, title FROM rss_item WHERE deleted = 0").fetchall()


def test_newsboat_shows_each_article_once_through_every_change(
    folder: SiteFolder, served: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit, a domain move, http->https and a rename, newsboat holds each article exactly once."""
    if shutil.which("newsboat") is None:
        if os.environ.get("CI"):
            pytest.fail("newsboat is not installed; .ci/run installs it")
        pytest.skip("newsboat is not installed here (CI installs it)")
    for name, text in ARTICLES.items():
        folder.article(name, text)
    home = tmp_path / "newsboat"
    home.mkdir()
    reader = Newsboat(home, [served + "rss.xml", served + "atom.xml", served + "tags/sea/atom.xml"])
    rebuild(monkeypatch, 1_780_000_000)
    reader.reload()
    first = reader.rows()
    assert len(first) == 3
    for epoch, step in enumerate(changes(folder), start=1_780_000_100):
        rebuild(monkeypatch, epoch)
        reader.reload()
        rows = reader.rows()
        # newsboat keys items by guid across all its feeds: the same id in RSS, Atom and a
        # tag feed is one item, so a reader subscribed to several sees each article once.
        assert len(rows) == 3, f"after {step}: newsboat holds {rows}"
        assert {title for _, title in rows} == EXPECTED_TITLES, f"after {step}"
        assert sorted(guid for guid, _ in rows) == sorted(guid for guid, _ in first), f"after {step}: ids changed"


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml", "feed.json"])
def test_feedparser_sees_the_same_ids_through_every_change(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The same sequence read with feedparser (or json): ids never change, titles follow the edits."""
    for article, text in ARTICLES.items():
        folder.article(article, text)
    rebuild(monkeypatch, 1_780_000_000)
    first = {item["id"] for item in read_items(folder.root / "public" / name)}
    assert len(first) == 3
    for epoch, step in enumerate(changes(folder), start=1_780_000_100):
        rebuild(monkeypatch, epoch)
        items = read_items(folder.root / "public" / name)
        assert {item["id"] for item in items} == first, f"after {step}"
        assert {item["title"] for item in items} == EXPECTED_TITLES, f"after {step}"
        if step in ("domain", "https"):
            assert all(
                item["link"].startswith(("http://news.example.net/", "https://news.example.net/")) for item in items
            )
