"""incremental/layer.py: the one door to .feedbuilder/; each kept result can be turned off alone to measure it."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

KEPT_FILES = {"cards": "cards", "places": "places", "bodies": "render.sqlite", "files": "feeds.json"}
ALSO_OFF = {"cards": {"places"}}  # the kept places are keyed by the kept cards' hash: none without them


def build(site: pathlib.Path, without: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FEEDBUILDER_MEASURE_WITHOUT=without)
    command = [sys.executable, "-m", "feedbuilder", "build", "--config", str(site / "feedbuilder.yaml")]
    return subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)


def tree(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("without", sorted(KEPT_FILES))
def test_a_kept_result_turned_off_is_neither_kept_nor_used(tmp_path: pathlib.Path, without: str) -> None:
    """A benchmark that turns one cache off must really build without it, and give the same feeds."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "articles", site / "articles")
    shutil.copy(ROOT / "feedbuilder.yaml", site / "feedbuilder.yaml")
    shutil.copy(ROOT / "feedbuilder.ids", site / "feedbuilder.ids")
    for _ in range(2):  # the second build would use what the first kept
        done = build(site, without)
        assert done.returncode == 0, done.stderr
    kept = {p.name for p in (site / ".feedbuilder").iterdir()}
    off = {without, *ALSO_OFF.get(without, ())}
    assert not kept & {KEPT_FILES[name] for name in off}
    assert {KEPT_FILES[other] for other in KEPT_FILES if other not in off} <= kept
    on = tmp_path / "on"
    shutil.copytree(site, on, ignore=shutil.ignore_patterns(".feedbuilder", "public"))
    assert build(on, "").returncode == 0
    assert tree(site / "public") == tree(on / "public")


def test_worth_benchmark_prints_a_row_per_setting(tmp_path: pathlib.Path) -> None:
    """benchmarks/worth.py runs end to end on a small site and reports every setting it was asked for."""
    command = [sys.executable, str(ROOT / "benchmarks" / "worth.py"), "--count", "40", "--runs", "1"]
    done = subprocess.run([*command, "--only", "files,last-build"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    rows = [line.split()[0] for line in done.stdout.splitlines()[2:]]
    assert rows == ["all", "files", "last-build"]
