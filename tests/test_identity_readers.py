"""Real readers through renames that change a title, a body or both, by `build` and under `serve --watch`:
newsboat (over loopback HTTP, its cache read with sqlite3) and feedparser hold every article once."""

from __future__ import annotations

import os
import pathlib
import shutil
import time
from collections.abc import Callable

import feedparser
import pytest
from click.testing import CliRunner
from test_readers import Newsboat, served  # noqa: F401 (a fixture)

from feedbuilder.cli.commands import cli
from feedbuilder.serve.server import Server

from conftest import SiteFolder

BODY = [
    "The harbour board voted on Tuesday to reopen the north quay after two years of repairs.",
    "Fishing boats will moor there again from the first of May, the board's chair said.",
    "The repairs cost four million and were paid for by the port and the regional council.",
    "Residents asked for the quay's old crane to be kept, and the board agreed to restore it.",
]
LIBRARY = [
    "The library will open until eight in the evening from Monday, the council announced.",
    "Longer hours were the most common wish in last year's survey of the town's readers.",
    "Two more librarians have been hired, and the reading room gets new lamps and chairs.",
]


def article(title: str, date: str, body: list[str]) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n" + "\n\n".join(body) + "\n"


def rebuild(monkeypatch: pytest.MonkeyPatch, epoch: int) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = CliRunner().invoke(cli, ["build", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def renames(folder: SiteFolder) -> list[tuple[str, Callable[[], None]]]:
    """A title changed with a rename, then an edit with a rename, then both with a move."""
    articles = folder.root / "articles"

    def title_and_rename() -> None:
        (articles / "quay.md").unlink()
        folder.article("north-quay.md", article("North quay to reopen in May", "2026-04-01", BODY))

    def edit_and_rename() -> None:
        (articles / "library.md").unlink()
        edited = [LIBRARY[0].replace("Monday", "next Monday"), *LIBRARY[1:]]
        folder.article("library-hours.md", article("Library opens late", "2026-04-02", edited))

    def both_and_move() -> None:
        (articles / "north-quay.md").unlink()
        edited = [*BODY[:3], "The old crane stays."]
        folder.article("2026/quay-reopens.md", article("Quay reopens on 1 May", "2026-04-01", edited))

    return [("title+rename", title_and_rename), ("edit+rename", edit_and_rename), ("both+move", both_and_move)]


def start(folder: SiteFolder) -> None:
    folder.article("quay.md", article("Harbour quay reopens", "2026-04-01", BODY))
    folder.article("library.md", article("Library opens late", "2026-04-02", LIBRARY))


def test_newsboat_shows_each_renamed_article_once(
    folder: SiteFolder,
    served: str,  # noqa: F811 (the fixture)
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After each rename with a new title or an edit, newsboat holds two articles with their first ids."""
    if shutil.which("newsboat") is None:
        if os.environ.get("CI"):
            pytest.fail("newsboat is not installed; .ci/run installs it")
        pytest.skip("newsboat is not installed here (CI installs it)")
    start(folder)
    home = tmp_path / "newsboat"
    home.mkdir()
    reader = Newsboat(home, [served + "rss.xml", served + "atom.xml"])
    rebuild(monkeypatch, 1_780_000_000)
    reader.reload()
    first = sorted(guid for guid, _ in reader.rows())
    assert len(first) == 2
    for epoch, (step, change) in enumerate(renames(folder), start=1_780_000_100):
        change()
        rebuild(monkeypatch, epoch)
        reader.reload()
        rows = reader.rows()
        assert sorted(guid for guid, _ in rows) == first, f"after {step}: newsboat holds {rows}"


def test_feedparser_sees_the_first_ids_after_each_rename(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same renames read with feedparser in RSS, Atom and JSON Feed: the ids never change."""
    start(folder)
    rebuild(monkeypatch, 1_780_000_000)
    first = {name: _ids(folder.root / "public" / name) for name in ("rss.xml", "atom.xml", "feed.json")}
    for epoch, (step, change) in enumerate(renames(folder), start=1_780_000_100):
        change()
        rebuild(monkeypatch, epoch)
        for name, ids in first.items():
            assert _ids(folder.root / "public" / name) == ids, f"{name} after {step}"


def _ids(path: pathlib.Path) -> list[str]:
    return sorted(entry.id for entry in feedparser.parse(path.read_bytes()).entries)


def test_serve_watch_keeps_ids_through_an_edit_then_a_rename(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve --watch the articles are edited, then renamed (a rebuild after each): the served feeds
    keep the ids of the committed record, read by feedparser over HTTP."""
    start(folder)
    rebuild(monkeypatch, 1_780_000_000)  # the record, as committed
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    log: list[str] = []
    with Server(folder.config, port=0, say=lambda _line: None, log=log.append) as server:
        assert server.rebuild().ok
        server.start()
        server.watch()
        feed = server.url + "atom.xml"
        first = sorted(entry.id for entry in feedparser.parse(feed).entries)
        assert len(first) == 2
        articles = folder.root / "articles"
        edited = article(
            "Harbour quay reopens at last", "2026-04-01", [BODY[0].replace("Tuesday", "Monday"), *BODY[1:]]
        )
        (articles / "quay.md").write_text(edited)
        _wait(lambda: any("at last" in e.title for e in feedparser.parse(feed).entries), "the edit", log)
        (articles / "quay.md").rename(articles / "quay-reopens.md")
        _wait(lambda: any("was quay.md" in line for line in log), "the rename", log)
        _wait(lambda: sorted(entry.id for entry in feedparser.parse(feed).entries) == first, "the ids", log)
        edited = article("Quay reopens in May", "2026-04-01", [*BODY[:3], "The old crane stays."])
        (articles / "quay-reopens.md").unlink()
        (articles / "may.md").write_text(edited)
        _wait(lambda: any(entry.title == "Quay reopens in May" for entry in feedparser.parse(feed).entries), "", log)
        assert sorted(entry.id for entry in feedparser.parse(feed).entries) == first


def _wait(condition: Callable[[], bool], what: str, log: list[str]) -> None:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > 15:
            pytest.fail(f"waited 15 s for {what}; the server said {log}")
        time.sleep(0.1)
