"""kept_places.py: a rebuild after articles changed only in what they say reuses the last build's places,
and its output is always a cold build's.

Every scenario builds the site with its caches (warm) and a copy made just before with ``--no-cache``
(cold): the same files, id record and problem lines.  Whether the places were reused is seen by
counting calls of placing.place.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import time

import pytest

from feedbuilder.incremental import kept_places
from feedbuilder.site import choose, placing

from conftest import ROOT, build_like_cold, problems
from conftest import build_past_check as build

PLACES = pathlib.Path(".feedbuilder") / "places"
RECORD = pathlib.Path(".feedbuilder") / "last-build.json"


@pytest.fixture
def site(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """The sample site in a temporary folder, built once with its caches (and so its places kept)."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(ROOT / "articles", root / "articles")
    shutil.copy2(ROOT / "feedbuilder.yaml", root / "feedbuilder.yaml")
    shutil.copy2(ROOT / "feedbuilder.ids", root / "feedbuilder.ids")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time())))
    monkeypatch.chdir(root)
    assert build().exit_code == 0
    assert (root / PLACES).is_file()
    return root


@pytest.fixture
def placings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry for each time the folder is placed afresh by a warm build (not by a cold reference)."""
    seen: list[str] = []
    original = placing.place

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        if not pathlib.Path.cwd().name.endswith("-cold"):
            seen.append("placed")
        return original(*args, **kwargs)

    monkeypatch.setattr(placing, "place", counting)
    monkeypatch.setattr(choose, "place", counting)  # where the build calls it
    return seen


def edit(path: pathlib.Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- what an article says: the places are reused -----------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        ("river-cleanup.md", "Two hundred", "Three hundred"),  # the body
        ("river-cleanup.md", "title: ", "title: Revised "),  # the title (its hash is in the record)
        ("council-budget-2027.md", "\n---\n", "\nsummary: The budget, in brief.\n---\n"),  # a summary added
    ],
)
def test_what_an_article_says_reuses_the_places(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str], change: tuple[str, str, str]
) -> None:
    """The edit shows in the feeds (its updated time is this build's), placed as before without placing."""
    name, old, new = change
    edit(site / "articles" / name, old, new)
    warm = build_like_cold(site, monkeypatch)
    assert warm.exit_code == 0
    assert placings == []


def test_edit_then_undo_gives_back_the_recorded_time(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str]
) -> None:
    """An edit moves the article's updated time; undoing it brings back the one the record kept first."""
    path = site / "articles" / "river-cleanup.md"
    original = path.read_bytes()
    record = (site / "feedbuilder.ids").read_bytes()
    edit(path, "Two hundred", "Three hundred")
    build_like_cold(site, monkeypatch)
    assert (site / "feedbuilder.ids").read_bytes() != record
    path.write_bytes(original)
    build_like_cold(site, monkeypatch)
    assert placings == []


def test_an_updated_time_in_the_front_matter_is_kept_on_an_edit(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str]
) -> None:
    """An article that gives its own updated time keeps it when its body changes (the record's does not move)."""
    path = site / "articles" / "river-cleanup.md"
    edit(path, "title: ", "lastmod: 2026-11-30T10:00:00Z\ntitle: ")
    build_like_cold(site, monkeypatch)
    edit(path, "Two hundred", "Three hundred")
    build_like_cold(site, monkeypatch)
    assert placings == ["placed"]  # once for the new updated time, not for the edit
    assert b"<updated>2026-11-30T10:00:00+00:00</updated>" in (site / "public" / "atom.xml").read_bytes()


def test_several_builds_in_a_row_stay_equal_to_cold_ones(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str]
) -> None:
    """The kept places are kept up: each rebuild starts from the last one's, never from an older one."""
    path = site / "articles" / "river-cleanup.md"
    for word in ("Three", "Four", "Five"):
        edit(path, "hundred", f"{word} hundred")
        build_like_cold(site, monkeypatch)
    assert placings == []


# --- what places an article: placed afresh -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("date: ", "date: 2026-01-01\nold_date: "),  # its date
        ("tags:", "tags: [newtag]\nold_tags:"),  # its tags
        ("title: ", "draft: true\ntitle: "),  # a draft now
        ("title: ", "slug: another-address\ntitle: "),  # its address
        ("title: ", "id: tag:lakeside.example.org,2026:given\ntitle: "),  # its id
    ],
)
def test_what_places_an_article_places_the_folder_afresh(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str], old: str, new: str
) -> None:
    edit(site / "articles" / "river-cleanup.md", old, new)
    build_like_cold(site, monkeypatch)
    assert placings == ["placed"]


def test_added_and_removed_files_place_the_folder_afresh(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str]
) -> None:
    (site / "articles" / "new-pier.md").write_text(
        "---\ntitle: New pier\ndate: 2026-10-30 09:30\ntags: [harbour]\n---\nA new pier.\n", encoding="utf-8"
    )
    build_like_cold(site, monkeypatch)
    (site / "articles" / "new-pier.md").unlink()
    build_like_cold(site, monkeypatch)
    assert placings == ["placed", "placed"]


def test_a_record_edited_by_hand_places_the_folder_afresh(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str]
) -> None:
    record = site / "feedbuilder.ids"
    lines = record.read_text(encoding="utf-8").splitlines(keepends=True)
    record.write_text("".join(lines[:-1]), encoding="utf-8")  # a published article's line taken out
    edit(site / "articles" / "river-cleanup.md", "Two hundred", "Three hundred")
    build_like_cold(site, monkeypatch)
    assert placings == ["placed"]


@pytest.mark.parametrize("args", [["--drafts"], ["--future"]])
def test_other_options_place_the_folder_afresh(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str], args: list[str]
) -> None:
    edit(site / "articles" / "river-cleanup.md", "Two hundred", "Three hundred")
    build_like_cold(site, monkeypatch, *args)
    assert placings == ["placed"]


def test_time_passing_an_article_places_the_folder_afresh(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str]
) -> None:
    """An article dated in the future joins the feeds once its time comes, whatever else changed."""
    now = int(time.time())
    later = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 10 * 86_400))
    (site / "articles" / "later.md").write_text(f"---\ntitle: Later\ndate: {later}\n---\nSoon.\n", encoding="utf-8")
    build_like_cold(site, monkeypatch)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(now + 20 * 86_400))
    edit(site / "articles" / "river-cleanup.md", "Two hundred", "Three hundred")
    build_like_cold(site, monkeypatch)
    assert placings == ["placed", "placed"]
    assert b"Later" in (site / "public" / "rss.xml").read_bytes()


# --- the file itself ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"\x00garbage" * 100),
        lambda path: path.write_bytes(path.read_bytes()[:-20]),
        lambda path: path.write_bytes(path.read_bytes()[:-5] + b"12345"),
    ],
)
def test_damaged_places_are_ignored_with_one_warning(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, placings: list[str], damage: object
) -> None:
    damage(site / PLACES)  # type: ignore[operator]
    edit(site / "articles" / "river-cleanup.md", "Two hundred", "Three hundred")
    warm = build_like_cold(site, monkeypatch)
    assert placings == ["placed"]
    warnings = [line for line in problems(warm) if line.startswith(".feedbuilder/places: warning:")]
    assert len(warnings) == 1 and "cannot be used" in warnings[0]
    edit(site / "articles" / "river-cleanup.md", "Three hundred", "Four hundred")
    again = build_like_cold(site, monkeypatch)
    assert placings == ["placed"] and not [p for p in problems(again) if ".feedbuilder" in p]


def test_places_kept_only_where_they_can_be_kept(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A site whose articles are dated by their files' times keeps no places (no card holds such a date)."""
    root = tmp_path / "undated"
    (root / "articles").mkdir(parents=True)
    (root / "feedbuilder.yaml").write_text("title: T\nurl: https://example.org/\nid_authority: example.org,2026\n")
    (root / "articles" / "a.md").write_text("---\ntitle: A\n---\nBody.\n")
    os.utime(root / "articles" / "a.md", (1_700_000_000, 1_700_000_000))
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert build().exit_code == 0
    assert not (root / PLACES).exists()
    assert PLACES.name == kept_places.FILE_NAME
