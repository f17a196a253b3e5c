"""The README's recipes for running feedbuilder after another site generator: Hugo and Jekyll, as installed."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import feedparser
import pytest

POST = "---\ntitle: Harbour reopens\ndate: 2026-04-01T09:00:00Z\ntags: [sea]\n---\nBoats are back.\n"
CONFIG = """\
title: My Site
url: https://example.org/
feed_url: https://example.org/feeds/
articles: {articles}
output: {output}/feeds
id_authority: example.org,2026
"""
SITES = {
    "hugo": (
        {"hugo.toml": 'baseURL = "https://example.org/"\ntitle = "My Site"\n', "content/posts/harbour.md": POST},
        "content/posts",
        "public",
        ["hugo", "--quiet"],
    ),
    "jekyll": (
        {"_config.yml": "title: My Site\nurl: https://example.org\n", "_posts/2026-04-01-harbour.md": POST},
        "_posts",
        "_site",
        ["jekyll", "build", "--quiet"],
    ),
}


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed, and CI must run the recipe (.ci/run installs it)")
        pytest.skip(f"{name} is not installed here (CI runs this recipe)")
    return found


def files(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("generator", sorted(SITES))
def test_generator_then_feedbuilder(generator: str, tmp_path: pathlib.Path) -> None:
    """Catches the recipe writing over the generator's files, or feeds that miss the generator's posts."""
    written, articles, output, command = SITES[generator]
    command = [tool(command[0]), *command[1:]]
    for name, text in written.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "feedbuilder.yaml").write_text(CONFIG.format(articles=articles, output=output), encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "JEKYLL_NO_BUNDLER_REQUIRE": "true"}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    before = files(tmp_path / output)
    assert before, f"{generator} wrote nothing"
    build = [sys.executable, "-m", "feedbuilder", "build"]
    done = subprocess.run(build, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    after = files(tmp_path / output)
    assert {name: data for name, data in after.items() if name in before} == before  # nothing of theirs touched
    assert all(name.startswith("feeds/") for name in set(after) - set(before))
    feed = feedparser.parse(after["feeds/atom.xml"])
    assert [e.title for e in feed.entries] == ["Harbour reopens"]
    assert feed.feed.links[0].href == "https://example.org/feeds/atom.xml"
