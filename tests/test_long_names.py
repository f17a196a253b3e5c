"""No name makes a file name longer than file systems allow; what build would refuse, check reports first."""

from __future__ import annotations

import pathlib

import pytest

from feedbuilder.errors import OutputError
from feedbuilder.output import write_files
from feedbuilder.site.select import MAX_SEGMENT, capped, unique_slugs

from conftest import SiteFolder, run_build


def test_long_author_names_get_short_stable_folders(folder: SiteFolder) -> None:
    """A 300-byte author name gets a folder of at most 100 bytes, the same on every build; short names
    keep the folders they had."""
    long_name = "Ada" + " Lovelace-Byron" * 20
    folder.configure("taxonomies: [authors, tags]\n")
    folder.article("a.md", f"---\ntitle: A\ndate: 2026-01-01\nauthor: {long_name}\ntags: [{'x' * 150}, rust]\n---\nA\n")
    result = run_build()
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in (folder.root / "public" / "authors").iterdir())
    tags = sorted(p.name for p in (folder.root / "public" / "tags").iterdir())
    assert all(len(name.encode()) <= MAX_SEGMENT for name in folders + tags)
    assert "rust" in tags and folders == [capped("ada-" + "lovelace-byron-" * 19 + "lovelace-byron", long_name)]
    assert run_build().exit_code == 0
    assert sorted(p.name for p in (folder.root / "public" / "authors").iterdir()) == folders


def test_capping_keeps_short_slugs_and_separates_long_ones() -> None:
    assert unique_slugs(["Rust", "C++ & Rust"]) == {"Rust": "rust", "C++ & Rust": "c-plus-plus-and-rust"}
    first, second = "é" * 80 + "a", "é" * 80 + "b"
    slugs = unique_slugs([first, second])
    assert slugs[first] != slugs[second] and all(len(s.encode()) <= MAX_SEGMENT for s in slugs.values())


def test_a_name_too_long_is_refused_before_anything_is_written(tmp_path: pathlib.Path) -> None:
    """The last guard: a file name over 255 bytes stops the write before any folder is made, naming it."""
    long = "x" * 256
    with pytest.raises(OutputError) as raised:
        write_files({"atom.xml": b"<feed/>", f"tags/{long}/atom.xml": b"<feed/>"}, tmp_path / "public")
    [problem] = raised.value.problems
    assert problem.message == "a name in this path is over 255 bytes: file systems refuse it"
    assert problem.path.endswith(f"public/tags/{long}/atom.xml")
    assert not (tmp_path / "public").exists()


def test_a_failure_to_write_a_names_feed_names_the_name(folder: SiteFolder) -> None:
    """When a per-name feed cannot be written, the message says whose feed it is (an article named it)."""
    folder.article("a.md", "---\ntitle: A\ndate: 2026-01-01\nauthor: Jane Doe\n---\nA\n")
    (folder.root / "public" / "authors").mkdir(parents=True)
    (folder.root / "public" / "authors" / "jane-doe").write_text("a file where a folder must go")
    result = run_build()
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "public/authors/jane-doe: cannot write the feeds: File exists (the feeds of the author 'Jane Doe', which "
        "an article names) (check the folder exists, is writable and the disk has space; the previous feeds are "
        "unchanged)"
    )
