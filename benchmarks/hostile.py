"""Feed ``feedbuilder build`` growing hostile articles and print time and peak memory per size.

Usage: ``python benchmarks/hostile.py [--case tags] [--sizes 10000,40000,160000] [--timeout 60]``

Each case writes one article of about the given size (bytes) into a fresh site
and builds it, as a child process, with ``--no-cache``. Time is wall time;
memory is the child's peak resident size (``os.wait4``). A cost linear in the
input shows as time and memory growing at most about as fast as the size
(the ``x`` columns: the growth since the previous size, against the size's own
growth); a quadratic one as the time growing with the square. A build that
refuses the article (a limit) is fine: the exit code is printed, and refusing
must be as cheap as reading.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

CONFIG = "title: Hostile\nurl: https://example.org/\nid_authority: example.org,2026\n"


def tags(size: int) -> str:
    """A front-matter list of distinct tags."""
    count = max(1, size // 12)
    lines = "".join(f"  - tag{index:06d}\n" for index in range(count))
    return f"---\ntitle: Tags\ndate: 2026-01-01\ntags:\n{lines}---\nBody.\n"


def authors(size: int) -> str:
    """A front-matter list of distinct authors."""
    count = max(1, size // 16)
    lines = "".join(f"  - Writer {index:06d}\n" for index in range(count))
    return f"---\ntitle: Authors\ndate: 2026-01-01\nauthors:\n{lines}---\nBody.\n"


def nesting(size: int) -> str:
    """``<div></i>`` repeated: every end tag that matches nothing lowered the old depth count."""
    return "---\ntitle: Nesting\ndate: 2026-01-01\n---\n" + "<div></i>" * max(1, size // 9) + "\n"


def table(size: int) -> str:
    """A Markdown table of many rows."""
    rows = "".join(f"| r{index} | b | c |\n" for index in range(max(1, size // 16)))
    return "---\ntitle: Table\ndate: 2026-01-01\n---\n| a | b | c |\n|---|---|---|\n" + rows


def wide_table(size: int) -> str:
    """A Markdown table with one row of many columns."""
    columns = max(1, size // 8)
    return (
        "---\ntitle: Wide\ndate: 2026-01-01\n---\n"
        + "|a" * columns
        + "|\n"
        + "|-" * columns
        + "|\n"
        + "|x" * columns
        + "|\n"
    )


def long_line(size: int) -> str:
    """One paragraph on one line of many words with emphasis markers."""
    return "---\ntitle: Line\ndate: 2026-01-01\n---\n" + "a *b _c " * max(1, size // 8) + "\n"


def summary(size: int) -> str:
    """A front-matter summary of ``size`` bytes (the feed's max_bytes must still hold)."""
    return f"---\ntitle: Summary\ndate: 2026-01-01\nsummary: {'word ' * max(1, size // 5)}\n---\nBody.\n"


CASES: dict[str, Callable[[int], str]] = {
    "tags": tags,
    "authors": authors,
    "nesting": nesting,
    "table": table,
    "wide-table": wide_table,
    "long-line": long_line,
    "summary": summary,
}


def run_one(text: str, *, timeout: float) -> tuple[float, int, int | str]:
    """Seconds, peak memory (bytes) and exit code (or "timeout") of one build of the site with this article."""
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        (root / "articles").mkdir()
        (root / "feedbuilder.yaml").write_text(CONFIG, encoding="utf-8")
        (root / "articles" / "hostile.md").write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "feedbuilder", "build", "--no-cache", "--quiet"]
        start = time.perf_counter()
        child = subprocess.Popen(
            command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(child.pid, signal.SIGKILL)
                _, status, usage = os.wait4(child.pid, 0)
                return time.perf_counter() - start, usage.ru_maxrss * 1024, "timeout"
            time.sleep(0.01)
        child.returncode = os.waitstatus_to_exitcode(status)
        return time.perf_counter() - start, usage.ru_maxrss * 1024, child.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="a case (repeatable); default all")
    parser.add_argument("--sizes", default="25000,100000,400000,1600000", help="article sizes in bytes")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a build is killed")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"{'case':<11} {'bytes':>10} {'seconds':>8} {'MB':>7} {'exit':>7} {'x size':>7} {'x time':>7} {'x mem':>6}")
    for name in args.case or list(CASES):
        last: tuple[int, float, int] | None = None
        for size in sizes:
            text = CASES[name](size)
            seconds, memory, code = run_one(text, timeout=args.timeout)
            actual = len(text.encode("utf-8"))
            growth = ""
            if last is not None:
                growth = f"{actual / last[0]:7.1f} {seconds / last[1]:7.1f} {memory / last[2]:6.1f}"
            print(f"{name:<11} {actual:>10,} {seconds:>8.2f} {memory / 1e6:>7.0f} {code!s:>7} {growth}", flush=True)
            last = (actual, seconds, memory)
            if code == "timeout":
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
