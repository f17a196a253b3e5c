"""Feed files rendered on several cores are byte for byte the ones one core renders."""

from __future__ import annotations

import pathlib

import pytest

from feedbuilder import build as pipeline
from feedbuilder.config import load_site
from feedbuilder.render import parallel
from feedbuilder.sources import forking

from conftest import NOW, generated_site


def test_feeds_rendered_by_format_on_two_cores_are_the_feeds_of_one(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = load_site(generated_site(tmp_path / "site", 150))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**12)
    alone = pipeline.build(site, pipeline.Options(now=NOW, cache=False))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(forking, "LARGE_PROCESS", 10**12)  # the test process itself may be larger than a build
    shares: list[int] = []
    split = parallel._shares
    monkeypatch.setattr(parallel, "_shares", lambda jobs, workers: shares.append(workers) or split(jobs, workers))
    shared = pipeline.build(site, pipeline.Options(now=NOW, cache=False))
    assert shares == [2], "the build did not share its feeds between two processes"
    assert shared.files == alone.files
    assert [link.items for link in shared.feeds] == [link.items for link in alone.feeds]


def test_each_format_stays_on_one_core() -> None:
    jobs = [(object(), name, "") for name in ("rss", "atom", "json") * 4]
    shares = parallel._shares(jobs, 2)  # type: ignore[arg-type]
    assert sorted(index for share in shares for index in share) == list(range(12))
    formats = [{jobs[index][1] for index in share} for share in shares]
    assert formats in ([{"rss"}, {"atom", "json"}], [{"atom", "json"}, {"rss"}])
    assert parallel._shares(jobs, 1) == [list(range(12))]  # type: ignore[arg-type]


def test_a_process_holding_a_large_archive_renders_alone(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past LARGE_PROCESS a fork would copy much of the archive: the build stays on one core."""
    site = load_site(generated_site(tmp_path / "site", 60))
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(forking, "LARGE_PROCESS", 0)

    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("forked although the process is large")

    monkeypatch.setattr(parallel.forking, "pool", no_fork)
    result = pipeline.build(site, pipeline.Options(now=NOW, cache=False))
    assert any(name.endswith("rss.xml") for name in result.files)
