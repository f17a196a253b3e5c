"""Work shared by forked worker processes, results in order; the workers end when the build ends, however it ends.

Reading many files (cards.py, articles.py) and rendering many bodies share work this way: the workers
inherit the work at the fork and only ranges of positions and results cross between processes.

A build killed with SIGKILL (the OOM killer, ``timeout -s KILL``, a CI
runner) runs no clean-up: its workers would stay, each blocked writing a
result to a pipe that a sibling still holds open. So each worker asks the
kernel to kill it when its parent dies (``PR_SET_PDEATHSIG`` on Linux) and,
where that is not available, watches its parent's id and exits when it changes.
"""

from __future__ import annotations

import concurrent.futures
import ctypes
import ctypes.util
import functools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.25


def pool(max_workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """A process pool of forked workers that die with this process."""
    return concurrent.futures.ProcessPoolExecutor(
        max_workers=max_workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )


def die_with_parent(parent: int) -> None:
    """In a forked worker: end this process when ``parent`` ends (at once, by the kernel, on Linux)."""
    if not _kernel_kills_orphans():
        threading.Thread(target=_watch_parent, args=(parent,), name="watch parent", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the kernel was asked
        os._exit(1)


def _kernel_kills_orphans() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        threading.Event().wait(_WATCH_SECONDS)
    os._exit(1)


# ---------------------------------------------------------------- work shared by forked workers


PARALLEL_FROM = 300  # files to read; below this, starting worker processes costs more than it saves
_CHUNK = 200  # the most items a worker takes at a time (fewer tasks: less sending back and forth)
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")
_SHARED: list[tuple[Callable[[Any], Any], Sequence[Any]]] = []  # the work forked workers inherit


def in_order(work: Callable[[_Item], _Result], items: Sequence[_Item]) -> list[_Result]:
    """``work(item)`` for every item, results in the order of ``items`` (see :func:`each_in_order`)."""
    return list(each_in_order(work, items))


def each_in_order(work: Callable[[_Item], _Result], items: Sequence[_Item]) -> Iterator[_Result]:
    """``work(item)`` for every item, each result as soon as it and those before it are ready (in worker
    processes when there are many: see :func:`chunks_in_order`)."""
    for done in chunks_in_order(functools.partial(_each, work), items):
        yield from done


def chunks_in_order(work: Callable[[Sequence[_Item]], _Result], items: Sequence[_Item]) -> Iterator[_Result]:
    """``work(chunk)`` for consecutive chunks of the items, results in order, each as soon as it and those
    before it are ready.

    Above PARALLEL_FROM items, on a machine with more than one core that can fork, the
    work is shared by forked worker processes.  They inherit ``work`` and ``items`` as
    they are at the fork: only ranges of positions go to them, only results come back.
    """
    workers = cores()
    size = max(1, min(_CHUNK, len(items) // (4 * workers)))  # four tasks a worker or more: they end together
    ranges = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    if len(items) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (work(items[start:end]) for start, end in ranges)
        return
    _SHARED[:] = [(work, items)]
    try:
        with pool(workers) as executor:
            yield from executor.map(_chunk, ranges)
    finally:
        _SHARED.clear()


def _chunk(span: tuple[int, int]) -> Any:
    work, items = _SHARED[0]
    return work(items[span[0] : span[1]])


def _each(work: Callable[[_Item], _Result], chunk: Sequence[_Item]) -> list[_Result]:
    return [work(item) for item in chunk]


# Past this peak size (bytes) the build forks no more workers: a forked copy of a process that holds a
# large archive soon owns copies of many of its pages (every object it touches writes to one).  Measured at
# 100,000 articles (the process at 112 MB after reading the folder): a fork to render feed files cost 60 MB
# and saved no time (14.6 s either way); at 10,000 (69 MB) forks save about a second in all.
LARGE_PROCESS = 90 * 1024 * 1024


def large_process() -> bool:
    """Whether this process has grown past LARGE_PROCESS (its peak resident size; False where unknown)."""
    try:
        import resource  # not on Windows
    except ImportError:  # pragma: no cover
        return False
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak * (1 if sys.platform == "darwin" else 1024) > LARGE_PROCESS


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS and Windows
