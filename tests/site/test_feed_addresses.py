"""A tag, category or author feed keeps its address once published, whatever names appear later
(feedbuilder.addresses, beside feedbuilder.ids)."""

from __future__ import annotations

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli
from feedbuilder.site.select import addresses_text, read_addresses, unique_slugs

from conftest import SiteFolder


def build(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    result = CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def feed_title(folder: SiteFolder, path: str) -> str:
    return str(feedparser.parse((folder.root / "public" / path).read_bytes()).feed.title)


def test_a_published_tag_feed_keeps_its_address_when_a_lookalike_tag_appears(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'foo bar' was published at tags/foo-bar/; a new tag 'foo-bar' gets another address, not that one."""
    folder.article("a.md", "---\ntitle: A\ndate: 2026-03-01\ntags: [foo bar]\n---\nText.\n")
    assert build(monkeypatch)[0] == 0
    assert feed_title(folder, "tags/foo-bar/rss.xml") == "Test Site: foo bar"
    folder.article("b.md", "---\ntitle: B\ndate: 2026-03-02\ntags: [foo-bar]\n---\nText.\n")
    code, err = build(monkeypatch, "--check")
    assert code == 1 and "feedbuilder.addresses: would change" in err.splitlines()
    assert build(monkeypatch)[0] == 0
    assert feed_title(folder, "tags/foo-bar/rss.xml") == "Test Site: foo bar"
    [other] = [p for p in (folder.root / "public" / "tags").iterdir() if p.name.startswith("foo-bar-")]
    assert feed_title(folder, f"tags/{other.name}/rss.xml") == "Test Site: foo-bar"
    pinned = read_addresses((folder.root / "feedbuilder.addresses").read_bytes())
    assert pinned["tags"] == {"foo bar": "foo-bar", "foo-bar": other.name}
    (folder.root / "articles" / "a.md").unlink()  # 'foo bar' gone: its address stays reserved
    assert build(monkeypatch)[0] == 0
    assert not (folder.root / "public" / "tags" / "foo-bar").exists()
    assert (folder.root / "public" / "tags" / other.name / "rss.xml").exists()


def test_unique_slugs_keep_pinned_addresses() -> None:
    """Pinned names keep theirs; a new name never takes a pinned slug, even when it reads most like it."""
    assert unique_slugs(["foo bar", "foo-bar"]) == {"foo-bar": "foo-bar", "foo bar": "foo-bar-" + _hash("foo bar")}
    pinned = unique_slugs(["foo bar", "foo-bar"], {"foo bar": "foo-bar"})
    assert pinned == {"foo bar": "foo-bar", "foo-bar": "foo-bar-" + _hash("foo-bar")}


def test_the_record_is_written_only_when_an_address_is_new() -> None:
    """Unchanged: None (nothing to write); a new feed's address is added, old ones kept as first spelled."""
    first = addresses_text(b"", [("tags", "Rust", "rust")])
    assert first is not None and first.endswith(b"tags\trust\tRust\n")
    assert addresses_text(first, [("tags", "rust", "rust")]) is None
    assert addresses_text(b"", []) is None


def _hash(name: str) -> str:
    import hashlib

    return hashlib.sha256(name.encode()).hexdigest()[:6]
