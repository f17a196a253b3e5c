"""commands.py through its real entry point: exit codes, exact messages, nothing lost."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli
from feedbuilder.version import __version__

from conftest import ROOT, SiteFolder

GOOD = "---\ntitle: Good\ndate: 2026-01-01\n---\nHello.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def snapshot(root: pathlib.Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()
    }


def test_build_writes_both_feeds_and_one_summary_line(folder: SiteFolder) -> None:
    """A good site: exit 0, two files, and a summary line on stderr."""
    folder.article("good.md", GOOD)
    code, out, err = run("build")
    assert code == 0 and out == ""
    written = sorted(p.relative_to(folder.root / "public").as_posix() for p in (folder.root / "public").rglob("*.*"))
    assert written == [
        ".feedbuilder-files",  # what the build wrote (owned_files.py)
        "atom.xml",
        "authors/test-site/atom.xml",
        "authors/test-site/feed.json",
        "authors/test-site/rss.xml",
        "authors/test-site/subscribe.html",
        "feed.css",
        "feed.json",
        "feeds-by-name.opml",
        "feeds.opml",
        "index.html",
        "rss.xml",
        "subscribe.html",
    ]
    assert err.startswith("feedbuilder: 1 article, 6 feed files; wrote 12 of 12 files in ")


def test_quiet_prints_nothing(folder: SiteFolder) -> None:
    """--quiet silences the summary and warnings."""
    folder.article("good.md", GOOD)
    folder.article("undated.md", "---\ntitle: U\n---\n")
    assert run("build", "--quiet") == (0, "", "")


def test_bad_article_exits_1_and_keeps_previous_feeds(folder: SiteFolder) -> None:
    """One bad article: every problem listed, exit 1, previous feeds byte-identical."""
    folder.article("good.md", GOOD)
    assert run("build")[0] == 0
    before = snapshot(folder.root / "public")
    folder.article("good.md", GOOD.replace("Good", "Changed"))
    folder.article("x.md", "---\ntitle: X\ndate: 2024-13-45\n---\n")
    folder.article("y.md", "---\ntitle: [1]\ndate: 2026-01-01\n---\n")
    code, _, err = run("build")
    assert code == 1
    assert err.splitlines() == [
        "articles/x.md:3: date: '2024-13-45' is not a date "
        "(write 2024-07-01, 2024-07-01T09:30:00+02:00 or 'July 1, 2024 9:30 am')",
        "articles/y.md:2: title: [1] is not text (write plain text, not a list or mapping)",
    ]
    after = snapshot(folder.root / "public")
    assert after == before


def test_keep_going_writes_the_good_articles(folder: SiteFolder) -> None:
    """--keep-going lists the bad article, writes feeds of the rest, and still exits 1."""
    folder.article("good.md", GOOD)
    folder.article("x.md", "---\ntitle: X\ndate: 2024-13-45\n---\n")
    code, _, err = run("build", "--keep-going")
    assert code == 1
    assert err.splitlines()[0].startswith("articles/x.md:3: date: '2024-13-45' is not a date")
    rss = (folder.root / "public" / "rss.xml").read_text()
    assert "<title>Good</title>" in rss and "<title>X</title>" not in rss


def test_unchanged_files_are_not_rewritten(folder: SiteFolder) -> None:
    """A rebuild with nothing changed leaves the files (and their mtimes) alone."""
    folder.article("good.md", GOOD)
    run("build")
    rss = folder.root / "public" / "rss.xml"
    os.utime(rss, ns=(1, 1))
    code, _, err = run("build")
    assert code == 0 and "; wrote 0 of 12 files in " in err
    assert rss.stat().st_mtime_ns == 1


def test_config_error_exit_1(folder: SiteFolder) -> None:
    """A broken config names the file, line and key; exit 1."""
    folder.config.write_text("title: T\nurl: https://example.org/\nlimt: 5\n")
    assert run("build") == (1, "", "feedbuilder.yaml:3: limt: unknown key (did you mean 'limit'?)\n")


def test_usage_error_exit_2(folder: SiteFolder) -> None:
    """A wrong flag is a usage error: exit 2."""
    assert run("build", "--limit", "zero")[0] == 2
    assert run("build", "--no-such-flag")[0] == 2


def test_overrides_from_the_command_line(folder: SiteFolder) -> None:
    """--output, --base-url and --limit change where, what address and how many."""
    for day in range(1, 4):
        folder.article(f"a{day}.md", GOOD.replace("01-01", f"01-0{day}"))
    code, _, _ = run("build", "--output", "out", "--base-url", "https://preview.example.net/", "--limit", "2")
    assert code == 0
    rss = (folder.root / "out" / "rss.xml").read_text()
    assert rss.count("<item>") == 2
    assert 'href="https://preview.example.net/rss.xml"' in rss


def test_drafts_and_future_only_when_asked(folder: SiteFolder) -> None:
    """Drafts and future articles are left out unless --drafts / --future."""
    folder.article("good.md", GOOD)
    folder.article("draft.md", "---\ntitle: Draft\ndate: 2026-01-01\ndraft: true\n---\n")
    folder.article("future.md", "---\ntitle: Future\ndate: 2999-01-01\n---\n")
    run("build")
    rss = (folder.root / "public" / "rss.xml").read_text()
    assert "Draft" not in rss and "Future" not in rss
    run("build", "--drafts", "--future", "--output", "preview")
    rss = (folder.root / "preview" / "rss.xml").read_text()
    assert "<title>Draft</title>" in rss and "<title>Future</title>" in rss


def test_init_then_build_then_never_overwrite(folder: SiteFolder) -> None:
    """init writes a config and an article that build once its examples are set; a second init refuses."""
    folder.config.unlink()
    code, _, err = run("init")
    assert code == 0 and "wrote " in err
    assert run("build")[0] == 1  # init's examples are said (tests/cli/test_placeholders.py)
    text = folder.config.read_text()
    for old, new in (("My Site", "Lake"), ("News from", "About"), ("My Name", "Jo"), ("example.org", "lake.example")):
        text = text.replace(old, new)
    folder.config.write_text(text)
    article = folder.root / "articles" / "hello-world.md"
    article.write_text(article.read_text().replace("author: My Name\n", "").replace("One sentence", "A sentence"))
    assert run("build")[0] == 0
    code, _, err = run("init")
    assert code == 1
    assert err.startswith("feedbuilder.yaml: already exists; nothing written")


def test_new_writes_an_article_that_builds(folder: SiteFolder) -> None:
    """new "Title" makes a dated article with a slug from the title; it never overwrites."""
    code, out, _ = run("new", 'Rust & "C++" news')
    assert code == 0
    path = folder.root / out.strip()
    assert path.name == "rust-and-c-plus-plus-news.md"
    assert run("build")[0] == 1  # its example summary must be written first
    path.write_text(path.read_text().replace("One sentence that says", "A sentence on"))
    assert run("build")[0] == 0
    assert 'Rust &#x26; "C++" news' in (folder.root / "public" / "rss.xml").read_text()
    assert run("new", 'Rust & "C++" news')[0] == 1


def test_check_reports_everything_and_writes_nothing(folder: SiteFolder) -> None:
    """check lists article problems, exits 1, and writes no feed."""
    folder.article("x.md", "---\ntitle: X\ndate: 2024-13-45\n---\n")
    code, _, err = run("check")
    assert code == 1 and "articles/x.md:3: date:" in err
    assert not (folder.root / "public").exists()


def test_check_strict_counts_warnings(folder: SiteFolder) -> None:
    """A warning passes check, but not check --strict."""
    folder.article("undated.md", "---\ntitle: U\n---\n")
    assert run("check")[0] == 0
    assert run("check", "--strict")[0] == 1


def test_check_feed_files(folder: SiteFolder) -> None:
    """check FEED judges built files: ours pass, a broken one fails with its line."""
    folder.article("good.md", GOOD)
    run("build")
    assert run("check", "public/rss.xml", "public/atom.xml")[0] == 0
    broken = folder.root / "broken.xml"
    broken.write_text("<rss version='2.0'><channel>\n<title>x</channel></rss>")
    code, _, err = run("check", "broken.xml")
    assert code == 1 and err.startswith("broken.xml:2:")


def test_version_and_python_m() -> None:
    """--version works, and python -m feedbuilder is the same program."""
    assert run("--version")[1] == f"feedbuilder, version {__version__}\n"
    done = subprocess.run([sys.executable, "-m", "feedbuilder", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "build" in done.stdout


@pytest.mark.parametrize("command", ["build", "check", "init", "new"])
def test_every_command_has_help(command: str) -> None:
    """Each command documents itself."""
    code, out, _ = run(command, "--help")
    assert code == 0 and "Usage: " in out


def test_every_command_is_in_the_readme() -> None:
    """The README's command table names every command."""
    readme = (ROOT / "README.md").read_text()
    for command in cli.list_commands(None):  # type: ignore[arg-type]
        assert f"`feedbuilder {command}" in readme, command


def test_unwritable_output_is_named(folder: SiteFolder) -> None:
    """An output path that cannot be a folder: exit 1 and a message naming it (works as root too)."""
    folder.article("good.md", GOOD)
    (folder.root / "public").write_text("a file where the folder should be")
    code, _, err = run("build")
    assert code == 1
    assert err.startswith("public/rss.xml: cannot write the feeds: ") or err.startswith("public: cannot write")
    assert (folder.root / "public").read_text() == "a file where the folder should be"


# --- the progress bar --------------------------------------------------------------------------------------------


class _Terminal:
    """stderr as a terminal shows it."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_bar_only_on_a_terminal_and_never_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """No bar when stderr is a file or a pipe, or under CI; on a terminal, every item passes through."""
    from feedbuilder.cli import commands as cli_module

    monkeypatch.delenv("CI", raising=False)
    assert cli_module._progress_bar() is None  # pytest's stderr is no terminal
    monkeypatch.setattr(sys, "stderr", _Terminal())
    bar = cli_module._progress_bar()
    assert bar is not None
    assert list(bar(iter(range(5)), 5, "reading")) == [0, 1, 2, 3, 4]
    monkeypatch.setenv("CI", "true")
    assert cli_module._progress_bar() is None


def test_a_build_shows_how_far_reading_and_rendering_have_got(folder: SiteFolder) -> None:
    """Reading counts every file, rendering every body it renders, each item once."""
    from feedbuilder import build as pipeline

    from conftest import NOW

    for number in range(6):
        folder.article(f"a{number}.md", f"---\ntitle: A{number}\ndate: 2026-10-0{number + 1}\n---\nBody {number}.\n")
    steps: dict[str, tuple[int, int]] = {}

    def counting(items, total, what):  # type: ignore[no-untyped-def]
        seen = 0
        for item in items:
            seen += 1
            yield item
        steps[what] = (seen, total)

    pipeline.build(folder.site(), pipeline.Options(now=NOW, cache=False, progress=counting))
    assert steps["reading"] == (6, 6)
    assert steps["rendering"][0] == steps["rendering"][1] > 0
