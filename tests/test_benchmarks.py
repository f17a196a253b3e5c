"""Smoke tests of benchmarks/: no timing is asserted, only that the benchmark works."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
ATOM = "{http://www.w3.org/2005/Atom}"


def _generate(out: pathlib.Path, *, count: int = 30, seed: int = 3, hash_seed: str = "0") -> None:
    command = [sys.executable, str(BENCHMARKS / "generate.py"), str(out), "--count", str(count), "--seed", str(seed)]
    subprocess.run(command, check=True, env={**os.environ, "PYTHONHASHSEED": hash_seed})


def _files(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_identical_files(tmp_path: pathlib.Path) -> None:
    """Generating twice with one count and seed gives the same bytes (no clock, no hash or file-system order)."""
    _generate(tmp_path / "a", hash_seed="1")
    _generate(tmp_path / "b", hash_seed="2")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert "feedbuilder.yaml" in first
    assert len([name for name in first if name.endswith(".md")]) == 30


def test_other_seed_gives_other_articles(tmp_path: pathlib.Path) -> None:
    """The seed is used: another seed gives other articles."""
    _generate(tmp_path / "a", seed=3)
    _generate(tmp_path / "b", seed=4)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_generated_articles_build_cleanly(tmp_path: pathlib.Path) -> None:
    """feedbuilder builds the generated articles with no error or warning, every article in both feeds."""
    _generate(tmp_path / "site")
    config, output = tmp_path / "site" / "feedbuilder.yaml", tmp_path / "out"
    command = [sys.executable, "-m", "feedbuilder", "build", "--config", str(config), "--output", str(output)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    problems = [line for line in done.stderr.splitlines() if not line.startswith("feedbuilder: ")]
    assert problems == []
    rss = ET.parse(output / "rss.xml").getroot()  # noqa: S314 -- our own build's output
    atom = ET.parse(output / "atom.xml").getroot()  # noqa: S314 -- our own build's output
    assert len(rss.findall("channel/item")) == 30
    assert len(atom.findall(f"{ATOM}entry")) == 30


def test_runner_completes_and_prints_its_table(tmp_path: pathlib.Path) -> None:
    """run.py times every phase at a small size and reports it (side by side with Hugo when it is on PATH)."""
    numbers = tmp_path / "numbers.json"
    command = [sys.executable, str(BENCHMARKS / "run.py"), "--count", "20", "--runs", "1", "--json", str(numbers)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for phase in ("cold", "warm, nothing changed", "warm, 1 article touched"):
        assert phase in done.stdout
    data = json.loads(numbers.read_text(encoding="utf-8"))
    tools = {"feedbuilder", "hugo"} if shutil.which("hugo") else {"feedbuilder"}
    assert set(data["tools"]) == tools
    for tool in tools:
        for phase in ("cold", "warm", "touched"):
            assert data["tools"][tool]["phases"][phase]["median_s"] > 0
            assert data["tools"][tool]["phases"][phase]["peak_rss_mb"] > 0
    assert ("ratios" in data) == ("hugo" in tools)


def _run_module():  # type: ignore[no-untyped-def]
    """benchmarks/run.py as a module (it is a script, not part of the package)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import run  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    return run


def test_a_process_that_has_exited_counts_no_memory() -> None:
    """The memory sampler counts a worker that has exited (not yet reaped) as nothing, not as the
    resident size it had a moment before: that size counts every page it shared with the build again."""
    run = _run_module()
    if not os.path.exists(f"/proc/{os.getpid()}/smaps_rollup"):
        pytest.skip("no /proc/PID/smaps_rollup here: the sampler uses os.wait4's figure")
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        for _ in range(500):  # until it is a zombie: exited, its memory gone, not reaped
            with open(f"/proc/{child.pid}/stat", "rb") as stat:
                if stat.read().rsplit(b")", 1)[1].split()[0] == b"Z":
                    break
            time.sleep(0.01)
        assert run._pss_kb(child.pid, 90_000) == 0
        assert run._pss_kb(os.getpid(), 0) > 1000  # a live process: its own share, read from /proc
    finally:
        child.wait()


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not on PATH (.ci/run installs it)")
@pytest.mark.parametrize("taxonomies", [False, True])
def test_hugos_site_builds_the_feeds_it_is_compared_on(tmp_path: pathlib.Path, taxonomies: bool) -> None:
    """Hugo builds the home feed of full content; with --hugo-taxonomies also a feed of summaries for each
    tag, category and author, as feedbuilder does, and nothing else (no pages of their own)."""
    run = _run_module()
    specs = run.generate.generate_articles(40, seed=5)
    run.write_hugo_site(tmp_path / "site", specs, limit=50, taxonomies=taxonomies)
    out = tmp_path / "out"
    command = ["hugo", "--quiet", "--source", str(tmp_path / "site"), "--destination", str(out)]
    command += ["--cacheDir", str(tmp_path / "cache")]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(run.rss_items(out / "index.xml")) == 40
    feeds = sorted(path.relative_to(out).parts[0] for path in out.glob("*/*/index.xml"))
    assert not list(out.rglob("*.html"))
    if not taxonomies:
        assert feeds == []
        return
    tags = {tag for spec in specs for tag in spec.tags}
    assert feeds.count("tags") == len(tags) and "categories" in feeds and "authors" in feeds
    one = next(out.glob("tags/*/index.xml"))
    described = [item.findtext("description") or "" for item in run.rss_items(one)]
    assert described and all(len(text) < 500 for text in described)  # summaries, not full content
