"""Pools of forked worker processes that end when the build that forked them ends, however it ends.

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
import multiprocessing
import os
import signal
import sys
import threading

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
