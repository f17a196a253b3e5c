"""main.py: a plain ``feedbuilder build`` with nothing to do is answered without loading the CLI.

Its own reading of the command line must be click's (or give way to it), what it prints must be what
the CLI prints, and a build that has work to do must run once, checked once, as the CLI runs it.
"""

from __future__ import annotations

import datetime
import os
import pathlib
import subprocess
import sys

import click
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from feedbuilder.cli import main as main_module
from feedbuilder.cli import plain_build
from feedbuilder.cli.commands import build as build_command
from feedbuilder.incremental import lastbuild
from feedbuilder.incremental.owned_files import MANIFEST

CONFIG = """title: Lighthouse Log
url: https://lighthouse.example.org/
description: What the keepers saw.
timezone: Europe/Lisbon
id_authority: lighthouse.example.org,2026
"""
ARTICLE = "---\ntitle: {title}\ndate: 2026-09-{day:02d} 07:15\nauthor: Keeper Rui\n---\nThe {title} entry.\n"
EPOCH = str(int(datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC).timestamp()))

WORDS = [
    "--config",
    "--config=other.yaml",
    "site.yaml",
    "--output",
    "--output=public",
    "out dir",
    "--articles",
    "posts",
    "--base-url",
    "https://example.org/news/",
    "-q",
    "--quiet",
    "--drafts",
    "--future",
    "--keep-going",
    "--no-cache",
    "--check",
    "--limit",
    "3",
    "--help",
    "-qq",
    "-x",
    "--",
    "",
    "--output=",
]


def clicks_reading(argv: list[str]) -> plain_build.BuildArgs:
    """What the CLI's ``build`` makes of ``argv`` (without "build"), as the check is keyed."""
    with build_command.make_context("build", list(argv)) as context:
        params = context.params
    settings_text = plain_build.build_settings(
        articles=params["articles"],
        output=params["output"],
        base_url=params["base_url"],
        limit=params["limit"],
        drafts=params["drafts"],
        future=params["future"],
        keep_going=params["keep_going"],
    )
    return plain_build.BuildArgs(params["config_path"], settings_text, params["quiet"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6))
@example([])
@example(["--config", "site.yaml", "--output", "public", "-q"])
@example(["--config=site.yaml", "--output=out dir", "--drafts", "--future", "--keep-going"])
def test_a_plain_build_is_read_as_click_reads_it(words: list[str]) -> None:
    """Whenever entry reads a command line itself, click reads it the same way (same config, same key
    for the last build, same --quiet); everything else is left to click."""
    found = plain_build.plain_build(["build", *words])
    if found is None:
        return
    assert found == clicks_reading(words)


def test_what_entry_leaves_to_the_cli() -> None:
    for argv in (
        [],
        ["--version"],
        ["serve"],
        ["build", "--help"],
        ["build", "--no-cache"],
        ["build", "--check"],
        ["build", "--limit", "5"],
        ["build", "-q", "-q"],
        ["build", "--output", "a", "--output", "b"],
        ["build", "--output"],
        ["build", "extra"],
    ):
        assert plain_build.plain_build(argv) is None, argv
    with pytest.raises(click.UsageError):
        clicks_reading(["--output"])  # what click says of one of them


@pytest.fixture
def site(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    (root / "feedbuilder.yaml").write_text(CONFIG, encoding="utf-8")
    for day, title in ((3, "Fog signal"), (4, "Lamp cleaned"), (5, "Supply boat")):
        (root / "articles" / f"log-{day}.md").write_text(ARTICLE.format(title=title, day=day), encoding="utf-8")
    return root


def run(site: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m feedbuilder`` as a user runs it, with every module it imports listed on stderr."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "feedbuilder", *args],
        cwd=site,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def said(process: subprocess.CompletedProcess[str]) -> list[str]:
    """What the build printed, without the import times and with its own timing blanked."""
    lines = [line for line in process.stderr.splitlines() if not line.startswith("import time:")]
    return [line.rsplit(" in ", 1)[0] if line.startswith("feedbuilder: ") else line for line in lines]


def imported(process: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.split("|")[-1].strip() for line in process.stderr.splitlines() if line.startswith("import time:")}


def test_nothing_to_do_is_said_as_the_cli_says_it_without_loading_it(site: pathlib.Path) -> None:
    (site / "articles" / "log-6.md").write_text("---\ntitle: Gale\ndate: 1987-09-06\n---\nWind.\n")
    first = run(site, "build", "--output", "public")
    assert first.returncode == 0, first.stderr
    assert "click" in imported(first)  # a build with work to do runs in the CLI
    warning = [line for line in said(first) if "log-6.md" in line]
    assert warning, said(first)  # the article's problem is listed

    again = run(site, "build", "--output", "public")
    assert again.returncode == 0, again.stderr
    assert "click" not in imported(again) and "feedbuilder.cli.commands" not in imported(again)
    files = sum(len(set(names) - {MANIFEST}) for _, _, names in os.walk(site / "public"))  # the feeds' files
    counts = said(first)[-1].split("; ")[0]  # articles, feed files
    assert said(again) == [*warning, f"{counts}; wrote 0 of {files} files"]

    quiet = run(site, "build", "--output=public", "--quiet")
    assert quiet.returncode == 0 and said(quiet) == []
    # an option entry leaves to the CLI: the CLI answers from the same check
    checked = run(site, "build", "--output", "public", "--check")
    assert checked.returncode == 0 and "click" in imported(checked)
    assert said(checked) == [*warning, "feedbuilder: 0 files would change"]


def test_a_build_with_work_to_do_is_checked_once(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(site)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    checks: list[str] = []
    original = lastbuild.check

    def counting(config_path, *, settings, now):  # type: ignore[no-untyped-def]
        checks.append(settings)
        return original(config_path, settings=settings, now=now)

    monkeypatch.setattr(lastbuild, "check", counting)

    def main(*argv: str) -> str:
        monkeypatch.setattr(sys, "argv", ["feedbuilder", *argv])
        with pytest.raises(SystemExit) as ended:
            main_module.main()
        assert ended.value.code == 0
        return capsys.readouterr().err

    said_first = main("build")
    assert len(checks) == 1 and "3 articles" in said_first and "wrote 12 of 12 files" in said_first
    (site / "articles" / "log-4.md").write_text(ARTICLE.format(title="Lamp replaced", day=4), encoding="utf-8")
    main("build", "-q")
    assert len(checks) == 2  # once, before the CLI loaded; the CLI took it over
    assert "Lamp replaced" in (site / "public" / "rss.xml").read_text(encoding="utf-8")
    main("build", "--no-cache", "-q")  # the CLI's own way: no check at all
    assert len(checks) == 2


def test_a_bad_source_date_epoch_is_one_line_and_exit_1(site: pathlib.Path) -> None:
    """Checked before anything is read, by the way in too: one line naming it, no traceback, nothing written."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "99999999999999999"}
    for args in (["build"], ["build", "--no-cache"], ["check"]):
        command = [sys.executable, "-m", "feedbuilder", *args]
        ran = subprocess.run(command, cwd=site, env=environment, capture_output=True, text=True, check=False)
        assert ran.returncode == 1, args
        assert ran.stderr.splitlines() == [
            "SOURCE_DATE_EPOCH: '99999999999999999' is not whole seconds since 1970-01-01 UTC (before the year 10000)"
            " (set it to the last commit's time, SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it)"
        ], args
    assert not (site / "public").exists()
