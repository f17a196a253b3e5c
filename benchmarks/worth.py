"""What each kept result in ``.feedbuilder/`` is worth: builds timed with it turned off alone.

Usage: ``python benchmarks/worth.py --count 10000 --runs 3 [--only cards,files]``

Generates a site (generate.py), then times three kinds of build with everything kept (``all on``) and
with one kept result turned off at a time (``FEEDBUILDER_MEASURE_WITHOUT=NAME``, which only
incremental/layer.py, incremental/lastbuild.py and sources/frontmatter.py read):

- ``fill``: a first build with caching on, into an empty ``.feedbuilder/`` and a new output folder;
- ``nothing changed``: the same build again;
- ``one touched``: after a sentence was added to one of the newest articles (another one each run).

The settings take turns within each run, so that a machine's slow spell falls on all of them alike.
Each line gives the median seconds and the ratio to ``all on`` (above 1: slower without it).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SETTINGS = ("all on", "last-build", "cards", "places", "bodies", "files", "quickyaml")
PHASES = ("fill", "nothing changed", "one touched")


def build(site: pathlib.Path, output: pathlib.Path, without: str) -> float:
    """One ``feedbuilder build`` in a child process: its wall time; a failed build stops the run."""
    env = dict(os.environ, FEEDBUILDER_MEASURE_WITHOUT="" if without == "all on" else without)
    command = [sys.executable, "-m", "feedbuilder", "build", "-q", "--config", str(site / "feedbuilder.yaml")]
    command += ["--output", str(output)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=site, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"worth: the build without {without} failed:\n{done.stderr}")
    return seconds


def newest(site: pathlib.Path, count: int) -> list[pathlib.Path]:
    """The ``count`` articles whose names sort last (generate.py files them under YEAR/MONTH/)."""
    return sorted((site / "articles").rglob("*.md"))[-count:]


def measure(site: pathlib.Path, work: pathlib.Path, without: str, run: int) -> dict[str, float]:
    """The three phases for one setting, in a site copy of its own (its own .feedbuilder/ and output)."""
    copy = work / f"site-{without.replace(' ', '-')}"
    if not copy.exists():
        shutil.copytree(site, copy)
    shutil.rmtree(copy / ".feedbuilder", ignore_errors=True)
    output = copy / f"public-{run}"
    shutil.rmtree(output, ignore_errors=True)
    times = {"fill": build(copy, output, without), "nothing changed": build(copy, output, without)}
    article = newest(copy, 20)[run % 20]
    with article.open("a", encoding="utf-8") as file:
        file.write(f"\n\nUpdated in run {run}: a sentence readers see.\n")
    times["one touched"] = build(copy, output, without)
    shutil.rmtree(output, ignore_errors=True)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="", help="comma-separated settings besides 'all on' (default: all)")
    args = parser.parse_args(argv)
    settings = ["all on", *(args.only.split(",") if args.only else SETTINGS[1:])]
    unknown = sorted(set(settings) - set(SETTINGS))
    if unknown:
        parser.error(f"unknown setting {', '.join(unknown)} (choose from {', '.join(SETTINGS[1:])})")
    with tempfile.TemporaryDirectory(prefix="feedbuilder-worth-") as folder:
        work = pathlib.Path(folder)
        here = pathlib.Path(__file__).resolve().parent
        generate = [sys.executable, str(here / "generate.py"), str(work / "site"), "--count", str(args.count)]
        subprocess.run(generate, check=True, capture_output=True)
        results: dict[str, dict[str, list[float]]] = {s: {p: [] for p in PHASES} for s in settings}
        for run in range(args.runs):
            for without in settings:
                for phase, seconds in measure(work / "site", work, without, run).items():
                    results[without][phase].append(seconds)
                    print(f"run {run}: without {without}: {phase} {seconds:.3f} s", file=sys.stderr)
    print(f"{args.count:,} articles, median of {args.runs}; ratio = time without it / time with everything on")
    print(f"{'turned off':<12}" + "".join(f"{phase:>26}" for phase in PHASES))
    base = {phase: statistics.median(results["all on"][phase]) for phase in PHASES}
    for without in settings:
        cells = []
        for phase in PHASES:
            median = statistics.median(results[without][phase])
            cells.append(f"{median:>14.3f} s {median / base[phase]:>6.2f}x")
        print(f"{without:<12}" + "".join(f"{cell:>26}" for cell in cells))


if __name__ == "__main__":
    main()
