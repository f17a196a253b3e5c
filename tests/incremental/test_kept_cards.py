"""kept_cards.py: a warm build reads only what changed, and its output is always a cold build's.

Every scenario builds a site twice into the same folders: once with the cache
(warm), and once with ``--no-cache`` in a copy of the site made just before
(cold, the reference). Both must write the same bytes, the same id record and
the same problem lines.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
import os
import pathlib
import shutil
import time
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import Result

from feedbuilder.config import load_site
from feedbuilder.errors import Report
from feedbuilder.incremental import fingerprint, kept_cards
from feedbuilder.model import Site
from feedbuilder.sources import articles, cards
from feedbuilder.sources.discover import Files, SourceFile, find_articles

from conftest import ROOT, files, problems
from conftest import build_like_cold as like_cold
from conftest import build_past_check as build

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
CACHE = pathlib.Path(".feedbuilder") / "cards"
DATED = "---\ntitle: {title}\ndate: 2026-10-{day:02d} 09:30\ntags: [harbour]\n---\nBody of {title}.\n"


@pytest.fixture
def site(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """The sample site (its articles, config and id record) in a temporary folder, built once with the cache."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(ROOT / "articles", root / "articles")
    shutil.copy2(ROOT / "feedbuilder.yaml", root / "feedbuilder.yaml")
    shutil.copy2(ROOT / "feedbuilder.ids", root / "feedbuilder.ids")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time())))
    monkeypatch.chdir(root)
    assert build().exit_code == 0
    return root


def build_like_cold(root: pathlib.Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """conftest.build_like_cold: the warm build may add only the article and render caches' warnings."""
    return like_cold(root, monkeypatch, *args, warm_only=r"(article|render) cache")


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source path of every file read in brief (for its card) from now on, not counting the cold
    reference builds.  (Articles some re-rendered feed carries are also read again in full: not counted.)"""
    seen: list[str] = []
    original = cards.read_card

    def counting(file: SourceFile, *, site: Site) -> tuple[object, list[object]]:
        if not pathlib.Path.cwd().name.endswith("-cold"):
            seen.append(file.source)
        return original(file, site=site)  # type: ignore[return-value]

    monkeypatch.setattr(cards, "read_card", counting)
    return seen


def cached(root: pathlib.Path) -> kept_cards.Kept:
    """The cache's cards, read as a build reads them."""
    site = load_site(root / "feedbuilder.yaml")
    found = kept_cards.CardCache.open(root / CACHE, site)
    assert found.problems == []
    return found._kept


def cached_sources(root: pathlib.Path) -> list[str]:
    return sorted(cached(root).cards.sources)


def rewrite_same_size(path: pathlib.Path, old: bytes, new: bytes) -> None:
    """Change ``old`` to ``new`` (same length) in the file, keeping its mtime: only its ctime shows the edit."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


# --- warm builds read nothing unchanged ---------------------------------------------------------------------------


def test_warm_build_reads_no_unchanged_file(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """Nothing changed: read_draft is not called at all, the output is a cold build's, the cache is not rewritten."""
    before = (site / CACHE).stat()
    build_like_cold(site, monkeypatch)
    assert reads == []
    after = (site / CACHE).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert len(cached_sources(site)) == 7


def test_warm_build_reads_only_the_edited_file(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """One article edited: only it is read again, and the feeds show the edit as a cold build does."""
    path = site / "articles" / "river-cleanup.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Two hundred", "Updated: 200", 1), encoding="utf-8")
    warm = build_like_cold(site, monkeypatch)
    assert warm.exit_code == 0
    assert reads == ["river-cleanup.md"]
    assert b"Updated: 200" in (site / "public" / "rss.xml").read_bytes()
    reads.clear()
    build_like_cold(site, monkeypatch)  # the cache was patched, not emptied: nothing is read again
    assert reads == []


# --- every change a user makes -----------------------------------------------------------------------------------


def test_deleted_article_drops_out(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A deleted file leaves the feeds and the cache, as if the cache had never been."""
    (site / "articles" / "night-market.html").unlink()
    build_like_cold(site, monkeypatch)
    assert "night-market.html" not in cached_sources(site)
    assert b"night-market" not in (site / "public" / "rss.xml").read_bytes()


def test_renamed_article(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]) -> None:
    """A renamed file (same inode, new path) is read under its new name: slug, address and cache entry follow."""
    (site / "articles" / "river-cleanup.md").rename(site / "articles" / "river-clean-up-day.md")
    build_like_cold(site, monkeypatch)
    assert reads[0] == "river-clean-up-day.md"
    assert "river-cleanup.md" not in cached_sources(site)


def test_added_article(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]) -> None:
    """A new file is read and appears; the others come from the cache."""
    (site / "articles" / "new-pier.md").write_text(DATED.format(title="New pier", day=30), encoding="utf-8")
    build_like_cold(site, monkeypatch)
    assert reads[0] == "new-pier.md"
    assert "new-pier.md" in cached_sources(site)


@pytest.mark.parametrize(
    ("key", "value"),
    [("timezone", "Pacific/Auckland"), ("permalink", "/news/{year}/{month}/{slug}.html"), ("limit", "2")],
)
def test_config_change(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, key: str, value: str) -> None:
    """A changed time zone (which moves dates written without one), permalink or limit gives a cold build's output."""
    config = site / "feedbuilder.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{key}:")]
    config.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", encoding="utf-8")
    build_like_cold(site, monkeypatch)


def test_time_zone_change_reads_every_file_again(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """Dates without a zone are read in the site's time zone: a new zone is a new cache key."""
    config = site / "feedbuilder.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Europe/London", "Asia/Tokyo"), encoding="utf-8")
    build_like_cold(site, monkeypatch)
    assert len(reads) == 7


@pytest.mark.parametrize("attribute", ["version", "schema", "code", "layout"])
def test_other_feedbuilder_version(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str], attribute: str
) -> None:
    """Another version, cache layout or code (a development edit) starts afresh, silently, and rewrites the cache."""
    if attribute == "layout":  # as feedbuilder wrote it before its head came first: one tuple of everything
        _, key, columns = _payload(site / CACHE)
        data = marshal.dumps((2, key, columns))
        (site / CACHE).write_bytes(kept_cards.MAGIC + hashlib.blake2b(data, digest_size=32).digest() + data)
        monkeypatch.setattr(fingerprint, "__version__", "0.0.9")  # the version the caches are keyed by
    elif attribute == "version":
        monkeypatch.setattr(fingerprint, "__version__", "99.0")
    elif attribute == "schema":
        monkeypatch.setattr(kept_cards, "SCHEMA", 99)
    else:
        monkeypatch.setattr(fingerprint, "code_digest", lambda: "edited")
    warm = build_like_cold(site, monkeypatch)
    assert len(reads) == 7
    assert problems(warm) == []
    reads.clear()
    build_like_cold(site, monkeypatch)
    assert reads == []


# --- a cache that is not ours -----------------------------------------------------------------------------------


def _garbage(path: pathlib.Path) -> None:
    path.write_bytes(b"\x00\xffnot a cache at all\n" * 500)


def _truncated(path: pathlib.Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path: pathlib.Path) -> None:
    path.write_bytes(b"")


def _other_program(path: pathlib.Path) -> None:
    """A file another program left under the same name."""
    path.write_text('{"cards": []}\n', encoding="utf-8")


def _edited_byte(path: pathlib.Path) -> None:
    """A byte changed inside a stored card (as a disk or another program might)."""
    data = path.read_bytes()
    at = data.index(b"river-cleanup")
    path.write_bytes(data[:at] + b"R" + data[at + 1 :])


def _wrong_shape(path: pathlib.Path) -> None:
    """Checked and of this version and key, but its entries are not entries (a hand-made file)."""
    _, key, _ = _payload(path)
    _rewrite(path, (kept_cards.SCHEMA, key, [("river-cleanup.md", "a stat", True, ("card",), ())]))


def _wrong_types(path: pathlib.Path) -> None:
    """Checked and of this version and key, a tag that is not text."""
    schema, key, columns = _payload(path)
    columns["cards"]["tags"][0] = (12,)
    _rewrite(path, (schema, key, columns))


def _payload(path: pathlib.Path) -> tuple[object, str, Any]:
    payload = path.read_bytes()[len(kept_cards.MAGIC) + 32 :]
    size = int.from_bytes(payload[:4], "big")
    schema, key = marshal.loads(payload[4 : 4 + size])  # noqa: S302
    return schema, key, marshal.loads(payload[4 + size :])  # noqa: S302


def _rewrite(path: pathlib.Path, payload: tuple[object, str, object]) -> None:
    schema, key, columns = payload
    head = marshal.dumps((schema, key))
    data = len(head).to_bytes(4, "big") + head + marshal.dumps(columns)
    path.write_bytes(kept_cards.MAGIC + hashlib.blake2b(data, digest_size=32).digest() + data)


@pytest.mark.parametrize(
    "damage", [_garbage, _truncated, _empty, _other_program, _edited_byte, _wrong_shape, _wrong_types]
)
def test_corrupt_cache_is_ignored_with_one_warning(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str], damage: object
) -> None:
    """A cache file that is not ours is never trusted: one warning naming it, every file read, cold output, rebuilt."""
    damage(site / CACHE)  # type: ignore[operator]
    warm = build_like_cold(site, monkeypatch)
    assert warm.exit_code == 0
    warnings = [line for line in problems(warm) if "article cache" in line]
    assert len(warnings) == 1, warm.stderr
    assert warnings[0].startswith(".feedbuilder/cards: warning: the article cache ")
    assert "cannot be used (" in warnings[0]
    assert warnings[0].endswith("; ignored and rebuilt (nothing to do; delete .feedbuilder/ if this repeats)")
    assert sorted(reads) == cached_sources(site)  # every file read again
    reads.clear()
    again = build_like_cold(site, monkeypatch)
    assert problems(again) == [] and reads == []


def test_cache_replaced_during_a_build(site: pathlib.Path, reads: list[str]) -> None:
    """Another build replacing the cache meanwhile: this one writes what it found, whole, over the other's file."""
    site_ = load_site(site / "feedbuilder.yaml")
    path = site / CACHE
    (site / "articles" / "night-market.html").unlink()
    cache, report = kept_cards.CardCache.open(path, site_), Report()
    found = find_articles(site_.articles_dir, report=report, shown_root="articles")
    assert len(cache.scan(found, site=site_, report=report)) == len(found)
    _garbage(path)
    assert cache.save(report=report) and list(report) == []
    assert cached_sources(site) == sorted(file.source for file in found)
    reads.clear()
    again = kept_cards.CardCache.open(path, site_)
    assert len(again.scan(found, site=site_, report=report)) == len(found)
    assert reads == [] and again.problems == [] and not again.save(report=report)


def test_unwritable_cache_is_a_warning(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache that cannot be written (its folder is a file) costs a warning, never the build."""
    shutil.rmtree(site / ".feedbuilder")
    (site / ".feedbuilder").write_text("in the way\n", encoding="utf-8")
    warm = build_like_cold(site, monkeypatch)
    assert warm.exit_code == 0
    assert any(
        line.startswith(".feedbuilder/cards: warning: cannot write the article cache") for line in problems(warm)
    )


# --- clocks, time stamps and file identity -----------------------------------------------------------------------


def test_future_mtime_then_edit_with_mtime_set_back(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """Clock skew: an mtime in the future, an edit of the same size, the mtime set back to it: the edit is seen."""
    path = site / "articles" / "council-budget-2027.md"
    future = time.time_ns() + 86_400 * 10**9
    os.utime(path, ns=(future, future))
    build_like_cold(site, monkeypatch)
    rewrite_same_size(path, b"title: ", b"title:\t")
    reads.clear()
    build_like_cold(site, monkeypatch)
    assert reads == ["council-budget-2027.md"]


def test_mtime_going_backwards_is_seen(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]) -> None:
    """An mtime moved into the past (a restore from backup, a clock set back) counts as a change: equal, not newer."""
    monkeypatch.setattr(fingerprint, "now_ns", lambda: time.time_ns() + 3600 * 10**9)  # trusted by stat alone
    (site / CACHE).unlink()
    build_like_cold(site, monkeypatch)
    reads.clear()
    path = site / "articles" / "river-cleanup.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Two hundred", "Restored 20", 1), encoding="utf-8")
    os.utime(path, ns=(10**18, 10**18))  # 2001
    build_like_cold(site, monkeypatch)
    assert reads == ["river-cleanup.md"]
    assert b"Restored 20" in (site / "public" / "rss.xml").read_bytes()


def test_settled_file_edited_with_its_mtime_kept_is_seen_by_ctime(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """Files read long after they changed are trusted by stat alone; an edit that keeps size and mtime changes ctime."""
    monkeypatch.setattr(fingerprint, "now_ns", lambda: time.time_ns() + 3600 * 10**9)  # every file looks settled
    (site / CACHE).unlink()
    build_like_cold(site, monkeypatch)
    assert all(cached(site).settled)
    rewrite_same_size(site / "articles" / "council-budget-2027.md", b"title: ", b"title:\t")
    reads.clear()
    build_like_cold(site, monkeypatch)
    assert reads == ["council-budget-2027.md"]


def test_coarse_time_stamps_cannot_hide_an_edit(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """Time stamps that did not tick between two edits: a recently changed file is checked by its content."""
    frozen: dict[pathlib.Path, kept_cards.Stat] = {}
    real_stat = kept_cards._stat

    def coarse(path: pathlib.Path) -> kept_cards.Stat | None:
        found = real_stat(path)
        if found is None:
            return None
        first = frozen.setdefault(path, found)
        return (found[0], found[1], found[2], first[3], first[4])  # times as first seen: the clock never ticked

    monkeypatch.setattr(kept_cards, "_stat", coarse)
    (site / CACHE).unlink()
    build_like_cold(site, monkeypatch)  # the files were written a moment ago: not settled, so their bytes are hashed
    path = site / "articles" / "council-budget-2027.md"
    data = path.read_bytes()
    path.write_bytes(data.replace(b"title: ", b"title:\t", 1))
    reads.clear()
    build_like_cold(site, monkeypatch)
    assert reads == ["council-budget-2027.md"]


def test_symlink_pointed_at_another_file(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]) -> None:
    """A link re-pointed at another file of the same size: the target's identity changed, so it is read again."""
    folder = site / "articles"
    (folder / "drafts").mkdir()
    (folder / "drafts" / ".a.txt").write_text(DATED.format(title="Pier A", day=20), encoding="utf-8")
    (folder / "drafts" / ".b.txt").write_text(DATED.format(title="Pier B", day=20), encoding="utf-8")
    (folder / "pier.md").symlink_to(pathlib.Path("drafts") / ".a.txt")
    build_like_cold(site, monkeypatch)
    (folder / "pier.md").unlink()
    (folder / "pier.md").symlink_to(pathlib.Path("drafts") / ".b.txt")
    reads.clear()
    build_like_cold(site, monkeypatch)
    assert reads == ["pier.md"]
    assert b"Pier B" in (site / "public" / "rss.xml").read_bytes()


def test_other_working_folder(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    """Built from another folder, files are named differently: a cached warning is not replayed under the old name."""
    (site / "articles" / "bell.md").write_text(DATED.format(title="Bell\x07 rings", day=3), encoding="utf-8")
    assert build().exit_code == 0
    monkeypatch.chdir(tmp_path)
    elsewhere = build("--config", str(site / "feedbuilder.yaml"), "--output", str(tmp_path / "out"))
    assert elsewhere.exit_code == 0
    assert any(line.startswith("site/articles/bell.md: warning: removed characters") for line in problems(elsewhere))
    assert files(tmp_path / "out") == files(site / "public")


# --- problems ----------------------------------------------------------------------------------------------------


def test_warnings_are_reported_on_warm_builds(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """An undated file and one with control characters warn on every build, the cached ones included."""
    (site / "articles" / "undated.md").write_text("---\ntitle: Undated\n---\nNo date.\n", encoding="utf-8")
    (site / "articles" / "bell.md").write_text(DATED.format(title="Bell\x07 rings", day=3), encoding="utf-8")
    first = build_like_cold(site, monkeypatch)
    reads.clear()
    second = build_like_cold(site, monkeypatch)
    assert reads == []
    assert problems(second) == problems(first)
    assert any(line.startswith("articles/undated.md: warning: date: no date;") for line in problems(second))
    assert any(line.startswith("articles/bell.md: warning: removed characters") for line in problems(second))


def test_files_with_errors_are_never_cached(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """A bad article is read (and reported) again on every build; the build fails as a cold one does."""
    (site / "articles" / "bad.md").write_text("---\ntitle: Bad\ndate: 2026-13-45\n---\nBody.\n", encoding="utf-8")
    for _ in range(2):
        reads.clear()
        warm = build_like_cold(site, monkeypatch)
        assert warm.exit_code == 1
        assert reads == ["bad.md"]
        assert any(line.startswith("articles/bad.md:3: date:") for line in problems(warm))
    assert "bad.md" not in cached_sources(site)


def test_hostile_folder_keep_going(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]) -> None:
    """Every hostile fixture, twice with --keep-going: the same errors, warnings and feeds as a cold build."""
    root = tmp_path / "hostile"
    shutil.copytree(HOSTILE, root / "articles")
    (root / "feedbuilder.yaml").write_text(
        "title: Hostile\nurl: https://example.org/\nid_authority: example.org,2026\n", encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(time.time())))
    first = build_like_cold(root, monkeypatch, "--keep-going")
    reads.clear()
    second = build_like_cold(root, monkeypatch, "--keep-going")
    assert first.exit_code == second.exit_code == 1
    assert problems(second) == problems(first)
    bad = {source for source in os.listdir(HOSTILE) if source not in cached_sources(root)}
    assert sorted(reads) == sorted(bad)


# --- the cache's own contract ------------------------------------------------------------------------------------


def _sites() -> Iterator[tuple[pathlib.Path, Site]]:
    sample = load_site(ROOT / "feedbuilder.yaml")
    yield ROOT / "articles", sample
    yield HOSTILE, dataclasses.replace(sample, articles_dir=HOSTILE)


def test_cached_cards_equal_read_ones_to_the_last_field(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every field of every card (dates, names, hashes) and every warning survives the cache."""
    for folder, site in _sites():
        path = tmp_path / folder.name / "cards"
        found = find_articles(folder, report=Report(), shown_root="articles")
        cold, cold_report = kept_cards.CardCache.open(path, site), Report()
        read = cold.scan(found, site=site, report=cold_report)
        assert cold.save(report=cold_report)
        with monkeypatch.context() as patch:
            patch.setattr(cards, "read_card", lambda *args, **kwargs: pytest.fail("a file was read"))
            warm, warm_report = kept_cards.CardCache.open(path, site), Report()
            good = [file for file in found if file.source in warm._kept.cards.sources]
            again = warm.scan(
                Files.of(str(folder), "articles", (f.source for f in good)), site=site, report=warm_report
            )
        assert len(again) >= 3
        assert list(again) == [card for card in read if card.source in {file.source for file in good}]
        shown = {file.shown for file in good}
        assert list(warm_report) == [problem for problem in cold_report if problem.path in shown]


def test_read_draft_uses_only_the_site_fields_in_the_key() -> None:
    """If read_draft starts to read another config field, the cache key must include it (READ_FIELDS)."""

    class Recording:
        def __init__(self, site: Site) -> None:
            self.site, self.used = site, set[str]()

        def __getattr__(self, name: str) -> object:
            self.used.add(name)
            return getattr(self.site, name)

    for folder, site in _sites():
        recording = Recording(site)
        for file in find_articles(folder, report=Report(), shown_root="articles"):
            articles.read_draft(file, site=recording, report=Report())  # type: ignore[arg-type]
        assert recording.used <= set(kept_cards.READ_FIELDS), recording.used - set(kept_cards.READ_FIELDS)


def test_folder_name_with_uri_characters(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is opened by URI: a folder named 'a#b?c%20' (with --config given as an absolute path) still works."""
    root = tmp_path / "a#b?c%20"
    shutil.copytree(ROOT / "articles", root / "articles")
    shutil.copy2(ROOT / "feedbuilder.yaml", root / "feedbuilder.yaml")
    monkeypatch.chdir(tmp_path)
    config = str(root / "feedbuilder.yaml")
    assert build("--config", config).exit_code == 0
    assert (root / CACHE).is_file()
    monkeypatch.setattr(cards, "read_card", lambda *args, **kwargs: pytest.fail("a file was read"))
    again = build("--config", config)
    assert again.exit_code == 0
    assert not any("article cache" in line for line in problems(again))


def test_render_cache_is_used_in_a_folder_with_uri_characters(tmp_path: pathlib.Path) -> None:
    """A site folder named with '#' or '?' still reads its render cache (no 'cannot be read' warning)."""
    from feedbuilder.incremental import kept_bodies

    path = tmp_path / "a#b?c" / ".feedbuilder" / "render.sqlite"
    kept_bodies.save(path, {"k": ("summary", "<p>x</p>")})
    assert kept_bodies.load(path) == ({"k": ("summary", "<p>x</p>")}, [])


def test_summary_rendered_before_then_full_text_asked_for(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The render cache kept only a derived summary for an article; when a feed then wants its full text, the
    body is rendered, never left empty."""
    for day in range(1, 5):
        (site / "articles" / f"harbour-{day}.md").write_text(DATED.format(title=f"Harbour {day}", day=day))
    config = site / "feedbuilder.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "limit: 2\n", encoding="utf-8")
    build_like_cold(site, monkeypatch)  # older articles appear only in summary-only tag feeds
    config.write_text(
        config.read_text(encoding="utf-8") + "taxonomies: {tags: {content: full, limit: 10}}\n", encoding="utf-8"
    )
    build_like_cold(site, monkeypatch)
    rss = (site / "public" / "tags" / "harbour" / "rss.xml").read_bytes()
    assert rss.count(b"<content:encoded>") == rss.count(b"<item>") == 4
