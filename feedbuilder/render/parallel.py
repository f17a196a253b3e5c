"""Feed files rendered on more than one core: each format's files on a core of its own.

A large build writes hundreds of feed files in each format, most of their
items shared between files of the same format (see shared_items.py).  Giving
each core whole formats keeps that sharing intact: no item is written twice,
and every file's bytes are the same as on one core.  The build's own process
takes the first share, one forked process each of the others; both see the
build's feeds as they were at the fork, so nothing but the finished files
travels between them.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from feedbuilder.model import Entry, Feed, FeedFormat, Progress
from feedbuilder.sources import forking
from feedbuilder.sources.forking import cores, large_process

PARALLEL_FROM = 5_000  # items to write in all; below this, forking costs more than it saves
WEIGHTS: dict[str, int] = {"rss": 8, "atom": 6, "json": 4}  # how long a format's files take, roughly (measured)

Job = tuple[Feed[Entry], FeedFormat, str]  # a feed, its format and its file's path
_Result = TypeVar("_Result")
_SHARED: list[tuple[Callable[..., Any], Sequence[Job]]] = []  # the work a forked process inherits


def in_parallel(
    jobs: Sequence[Job], work: Callable[[Feed[Entry], FeedFormat, str], _Result], progress: Progress | None = None
) -> list[_Result]:
    """``work(*job)`` for every job, results in the order of ``jobs``; ``progress`` shows them done."""
    results: dict[int, _Result] = {}
    steps = _steps(jobs, work, results)
    for _ in progress(steps, len(jobs), "feeds") if progress and jobs else steps:
        pass
    return [results[index] for index in range(len(jobs))]


def _steps(
    jobs: Sequence[Job], work: Callable[[Feed[Entry], FeedFormat, str], _Result], results: dict[int, _Result]
) -> Iterator[int]:
    """Does the jobs into ``results``, yielding each index as it is done (the main process's share first)."""
    shares = _shares(jobs, cores())
    if len(shares) < 2 or sum(len(feed.entries) for feed, _, _ in jobs) < PARALLEL_FROM or large_process():
        for index, job in enumerate(jobs):
            results[index] = work(*job)
            yield index
        return
    _SHARED[:] = [(work, jobs)]
    try:
        with forking.pool(len(shares) - 1) as pool:
            elsewhere = [pool.submit(_do_share, share) for share in shares[1:]]
            for index in shares[0]:
                results[index] = work(*jobs[index])
                yield index
            for share, done in zip(shares[1:], elsewhere, strict=True):
                results.update(zip(share, done.result(), strict=True))
                yield from share
    finally:
        _SHARED.clear()


def _do_share(share: list[int]) -> list[Any]:
    work, jobs = _SHARED[0]
    return [work(*jobs[index]) for index in share]


def _shares(jobs: Sequence[Job], workers: int) -> list[list[int]]:
    """The jobs' indexes, by format, in at most ``workers`` shares of about equal weight (the heaviest first)."""
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [list(range(len(jobs)))]
    by_format: dict[str, list[int]] = {}
    for index, (_, format_name, _) in enumerate(jobs):
        by_format.setdefault(format_name, []).append(index)
    weight = {name: WEIGHTS.get(name, 1) * len(indexes) for name, indexes in by_format.items()}
    loads = [0] * min(workers, len(by_format))
    shares: list[list[int]] = [[] for _ in loads]
    for name in sorted(by_format, key=lambda name: -weight[name]):
        lightest = loads.index(min(loads))
        loads[lightest] += weight[name]
        shares[lightest] += by_format[name]
    return [sorted(share) for share in shares if share]
