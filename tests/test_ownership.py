"""The output folder is ours only where we wrote it: foreign files survive, a deleted article's files go,
`build --check` lists removals, a file changed since we wrote it is never replaced."""

from __future__ import annotations

import pathlib

import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli
from feedbuilder.incremental.owned_files import MANIFEST, read_manifest

from conftest import SiteFolder

HARBOUR = "---\ntitle: Harbour\ndate: 2026-03-01\ntags: [sea]\n---\nBoats.\n"
MARKET = "---\ntitle: Market\ndate: 2026-03-02\ntags: [food]\n---\nStalls.\n"


def run(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def tree(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_foreign_file_in_the_way_stops_the_build_and_survives(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hugo's public/index.html: the build names it and the fix, writes nothing, and it is intact."""
    folder.article("harbour.md", HARBOUR)
    public = folder.root / "public"
    public.mkdir()
    (public / "index.html").write_text("<html>Hugo's home page</html>")
    code, err = run(monkeypatch, "build")
    assert code == 1
    assert err.splitlines() == [
        "public/index.html: is not a file feedbuilder wrote; the build would replace it (move it out of the "
        "output folder, or set 'output:' to a folder of feedbuilder's own; if it is feedbuilder's, delete it "
        "and build again. Nothing was written)"
    ]
    assert tree(public) == {"index.html": b"<html>Hugo's home page</html>"}
    assert run(monkeypatch, "build", "--check")[0] == 1  # check says the same
    folder.configure("output: public/feeds\n")
    assert run(monkeypatch, "build")[0] == 0
    assert (public / "index.html").read_bytes() == b"<html>Hugo's home page</html>"


def test_foreign_files_beside_ours_are_left_alone(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file we never make (robots.txt, a tag folder's own file) survives every build and is not listed."""
    folder.article("harbour.md", HARBOUR)
    assert run(monkeypatch, "build")[0] == 0
    (folder.root / "public" / "robots.txt").write_text("User-agent: *\n")
    (folder.root / "public" / "tags" / "sea" / "notes.txt").write_text("mine")
    (folder.root / "articles" / "harbour.md").unlink()
    folder.article("market.md", MARKET)
    assert run(monkeypatch, "build")[0] == 0
    assert (folder.root / "public" / "robots.txt").read_text() == "User-agent: *\n"
    assert (folder.root / "public" / "tags" / "sea" / "notes.txt").read_text() == "mine"
    assert not (folder.root / "public" / "tags" / "sea" / "rss.xml").exists()
    listed = read_manifest(folder.root / "public")
    assert listed is not None and "robots.txt" not in listed and "tags/food/rss.xml" in listed


def test_a_deleted_articles_files_go_and_check_lists_them(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its page and the tag feeds only it filled are removed (their folders too); --check lists them first."""
    folder.configure("pages: true\n")
    folder.article("harbour.md", HARBOUR)
    folder.article("market.md", MARKET)
    assert run(monkeypatch, "build")[0] == 0
    public = folder.root / "public"
    assert (public / "harbour" / "index.html").exists() and (public / "tags" / "sea" / "atom.xml").exists()
    (folder.root / "articles" / "harbour.md").unlink()
    code, err = run(monkeypatch, "build", "--check")
    assert code == 1
    removed = [line.split(":")[0] for line in err.splitlines() if line.endswith("would be removed (no longer made)")]
    assert removed == [
        "public/harbour/index.html",
        "public/tags/sea/atom.xml",
        "public/tags/sea/feed.json",
        "public/tags/sea/rss.xml",
        "public/tags/sea/subscribe.html",
    ]
    assert err.splitlines()[-1].endswith(", 5 files would be removed")
    assert (public / "harbour" / "index.html").exists()  # --check wrote and removed nothing
    assert run(monkeypatch, "build")[0] == 0
    assert not (public / "harbour").exists() and not (public / "tags" / "sea").exists()
    assert (public / "market" / "index.html").exists() and (public / "tags" / "food" / "rss.xml").exists()
    assert run(monkeypatch, "build", "--check")[0] == 0


def test_a_file_changed_since_we_wrote_it_is_never_replaced_nor_removed(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edited by hand or by another tool: replacing it stops the build; no longer made, it stays, said."""
    folder.article("harbour.md", HARBOUR)
    folder.article("market.md", MARKET)
    assert run(monkeypatch, "build")[0] == 0
    public = folder.root / "public"
    (public / "tags" / "sea" / "rss.xml").write_text("<rss>my edit</rss>")
    folder.article("market.md", MARKET.replace("Stalls.", "Stalls on Friday."))
    (public / "feed.json").write_text("{}")
    code, err = run(monkeypatch, "build")
    assert code == 1 and err.startswith("public/feed.json: is changed since feedbuilder wrote it;")
    (public / "feed.json").unlink()
    (folder.root / "articles" / "harbour.md").unlink()
    code, err = run(monkeypatch, "build")
    assert code == 0
    assert (
        "public/tags/sea/rss.xml: warning: is no longer made, but was changed since feedbuilder wrote it: left in "
        "place (delete it if it is not needed)"
    ) in err.splitlines()
    assert (public / "tags" / "sea" / "rss.xml").read_text() == "<rss>my edit</rss>"
    assert not (public / "tags" / "sea" / "atom.xml").exists()


def test_an_output_folder_of_an_earlier_feedbuilder_is_taken_over(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No manifest yet: files as the last build recorded them, and our own feeds, are ours; others not."""
    folder.article("harbour.md", HARBOUR)
    assert run(monkeypatch, "build")[0] == 0
    public = folder.root / "public"
    (public / MANIFEST).unlink()
    folder.article("harbour.md", HARBOUR.replace("Boats.", "Boats again."))
    assert run(monkeypatch, "build")[0] == 0  # recorded in .feedbuilder/last-build.json
    (public / MANIFEST).unlink()
    (folder.root / ".feedbuilder" / "last-build.json").unlink()
    folder.article("harbour.md", HARBOUR.replace("Boats.", "Boats at last."))
    code, err = run(monkeypatch, "build")
    assert code == 1  # the feeds say they are feedbuilder's; feed.json and index.html cannot
    assert sorted(line.split(":")[0] for line in err.splitlines()) == [
        "public/authors/test-site/feed.json",
        "public/feed.json",
        "public/index.html",
        "public/tags/sea/feed.json",
    ]
