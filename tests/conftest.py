"""Shared helpers: small sites written into a temporary folder."""

from __future__ import annotations

import dataclasses
import datetime
import os
import pathlib
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from feedbuilder.config import load_site
from feedbuilder.model import Article, Author, Site, encode_body

NOW = datetime.datetime(2026, 11, 28, 12, 0, tzinfo=datetime.UTC)
ROOT = pathlib.Path(__file__).resolve().parent.parent

BASIC_CONFIG = """\
title: Test Site
url: https://example.org/
id_authority: example.org,2026
"""


class SiteFolder:
    """A site in a temporary folder: its config and articles, written by a test."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        self.config = root / "feedbuilder.yaml"
        self.config.write_text(BASIC_CONFIG, encoding="utf-8")
        (root / "articles").mkdir()

    def article(self, name: str, text: str) -> pathlib.Path:
        path = self.root / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def configure(self, extra: str) -> None:
        self.config.write_text(BASIC_CONFIG + textwrap.dedent(extra), encoding="utf-8")

    def site(self) -> Site:
        return load_site(self.config)


@pytest.fixture
def folder(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> SiteFolder:
    """An empty site; the current folder is its root, as when a user runs the tool."""
    monkeypatch.chdir(tmp_path)
    return SiteFolder(tmp_path)


def read_items(path: pathlib.Path) -> list[dict[str, str]]:
    """The items of a feed file as a reader sees them: id, title, link, updated.

    RSS and Atom through feedparser; JSON Feed through json (feedparser 6 does
    not read JSON Feed).
    """
    import json

    import feedparser

    data = path.read_bytes()
    if path.suffix == ".json":
        return [
            {"id": i["id"], "title": i["title"], "link": i["url"], "updated": i["date_modified"]}
            for i in json.loads(data)["items"]
        ]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [
        {"id": e.id, "title": e.title, "link": e.link, "updated": e.get("updated", e.get("published", ""))}
        for e in parsed.entries
    ]


# Model values for tests of the pure stages (no files): a site and an article, changed as a test needs.


def make_site(**changes: object) -> Site:
    site = Site(
        title="Lakeside Gazette",
        url="https://lakeside.example.org/",
        description="News from the lake & around it",
        language="en",
        author=None,
        timezone=ZoneInfo("Europe/Berlin"),
        articles_dir=pathlib.Path("articles"),
        output_dir=pathlib.Path("public"),
        feed_url="https://lakeside.example.org/",
        permalink="/{slug}/",
        limit=50,
        content="full",
        id_authority="lakeside.example.org,2026",
    )
    return dataclasses.replace(site, **changes)  # type: ignore[arg-type]


def make_article(slug: str = "budget", **changes: object) -> Article:
    article = Article(
        source=f"{slug}.md",
        path=f"articles/{slug}.md",
        id=f"tag:lakeside.example.org,2026:{slug}",
        title=f"Council passes the {slug}",
        url=f"https://lakeside.example.org/{slug}/",
        slug=slug,
        published=datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC),
        updated=datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC),
        summary=None,
        authors=(Author(name="Ann Lee"),),
        tags=("council",),
        categories=("News",),
        draft=False,
        lang=None,
        image=None,
        enclosure=None,
        body_utf8=encode_body("Body."),
        body_format="markdown",
    )
    if "body" in changes:  # tests give the body as text
        changes["body_utf8"] = encode_body(str(changes.pop("body")))
    return dataclasses.replace(article, **changes)  # type: ignore[arg-type]


def generated_site(folder: pathlib.Path, count: int) -> pathlib.Path:
    """The benchmark's generated news site of ``count`` articles in ``folder``; its config file."""
    command = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(folder), "--count", str(count)]
    subprocess.run(command, check=True, capture_output=True)
    return folder / "feedbuilder.yaml"


# ---------------------------------------------------------------- builds with and without .feedbuilder/


def run_build(*args: str) -> Result:
    """``feedbuilder build`` in the current folder, through the CLI."""
    from feedbuilder.cli.commands import cli

    return CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)


def build_past_check(*args: str) -> Result:
    """A build that runs even if nothing changed (the last build's record removed first): it reads the
    articles through the caches in .feedbuilder/ (test_lastbuild.py tests the early stop itself)."""
    record = pathlib.Path(".feedbuilder", "last-build.json")
    if record.parent.is_dir():  # (some tests make .feedbuilder a file)
        record.unlink(missing_ok=True)
    return run_build(*args)


def files(folder: pathlib.Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative name, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def problems(result: Result) -> list[str]:
    """The problem lines of a build: its stderr without the summary line."""
    return [line for line in result.stderr.splitlines() if not line.startswith("feedbuilder: ")]


def build_like_cold(
    root: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    build: Callable[..., Result] = build_past_check,
    warm_only: str = r"^\.feedbuilder/",
) -> Result:
    """Build ``root`` with its .feedbuilder/ (``build``), and a copy of it without (``--no-cache``): the
    same exit code, files, id record and problems (but the warm build's lines matching ``warm_only``,
    about its caches); the warm build's result."""
    reference = root.with_name(root.name + "-cold")
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(root, reference, symlinks=True, ignore=shutil.ignore_patterns(".feedbuilder"))
    monkeypatch.chdir(root)
    warm = build(*args)
    monkeypatch.chdir(reference)
    cold = run_build("--no-cache", *args)
    monkeypatch.chdir(root)
    assert warm.exit_code == cold.exit_code
    assert [p for p in problems(warm) if not re.search(warm_only, p)] == problems(cold)
    assert files(root / "public") == files(reference / "public")
    ids = [
        path.read_bytes() if path.exists() else None
        for path in (root / "feedbuilder.ids", reference / "feedbuilder.ids")
    ]
    assert ids[0] == ids[1]
    assert not (reference / ".feedbuilder").exists()
    return warm


# --- headless Chromium (Debian's chromium; .ci/run installs it) ---------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def chromium() -> str:
    """Debian's chromium; skipped only outside CI (CI installs it, so there a missing browser fails)."""
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser test (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); CI runs this test")
    return found
