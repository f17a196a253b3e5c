"""Time ``feedbuilder build`` on a generated article set, side by side with Hugo.

Usage: ``python benchmarks/run.py --count 10000 [--runs 5] [--seed 1] [--keep DIR] [--json FILE] [--no-hugo]``

Three phases, each run ``--runs`` times, the tools taking turns within a run:

- cold: no cache and a fresh output folder;
- warm: again, nothing changed;
- touched: again, after one article's body was rewritten (a different one each run).

Each build is a child process; its wall time is measured here and its peak
memory comes from ``os.wait4`` (the largest single process), raised to the
sampled sum over its process tree when it runs helpers. Every build's output
is checked (item counts, the touched article's new text, warm output equal to
cold output) so that a broken build cannot look fast.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import json
import multiprocessing
import os
import pathlib
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import generate  # benchmarks/generate.py, beside this file

PHASES = ("cold", "warm", "touched")
PHASE_NAMES = {"cold": "cold", "warm": "warm, nothing changed", "touched": "warm, 1 article touched"}
TOUCH_POOL = 40  # touched articles come from the newest 40, so they are in a feed of 50


class BenchmarkError(Exception):
    """A build failed or produced wrong output: the numbers would mean nothing."""


# ---------------------------------------------------------------- measuring


@dataclasses.dataclass(frozen=True)
class Sample:
    """One timed build."""

    seconds: float
    cpu_seconds: float
    max_rss_kb: int  # the build's own process: its sampled high-water mark (os.wait4's where /proc is missing)
    tree_rss_kb: int  # sampled: all processes of the build at once (0 when not sampled)

    @property
    def peak_kb(self) -> int:
        return max(self.max_rss_kb, self.tree_rss_kb)


class TreeSampler(threading.Thread):
    """Sums the memory of a process and its descendants every ``interval`` seconds.

    Worker processes forked from a build share most of its pages; adding up their resident sizes
    would count those pages once per worker, so when there are several processes each one counts
    its proportional share (PSS: a page shared by three counts a third in each)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.high_water_kb = 0  # the build's own process: its peak since it started the tool (VmHWM)
        self.done = threading.Event()
        self.page_kb = os.sysconf("SC_PAGE_SIZE") // 1024

    def run(self) -> None:
        rounds = 0
        while not self.done.is_set():
            if rounds % 5 == 0:  # the whole tree every ``interval``; the build's own peak five times as often
                self.peak_kb = max(self.peak_kb, self.tree_kb())
            self.high_water_kb = max(self.high_water_kb, _high_water_kb(self.pid))
            rounds += 1
            self.done.wait(self.interval / 5)

    def tree_kb(self) -> int:
        parents: dict[int, int] = {}
        pages: dict[int, int] = {}
        for pid, ppid, rss in _processes():
            parents[pid], pages[pid] = ppid, rss
        members = {self.pid}
        changed = True
        while changed:
            grown = members | {pid for pid, ppid in parents.items() if ppid in members}
            changed, members = grown != members, grown
        if len(members) > 1:
            return sum(_pss_kb(pid, pages.get(pid, 0) * self.page_kb) for pid in members)
        return sum(pages.get(pid, 0) for pid in members) * self.page_kb


def _high_water_kb(pid: int) -> int:
    """The process's peak resident size since it started its program (0 if it cannot be read)."""
    return _proc_kb(f"/proc/{pid}/status", b"VmHWM:") or 0


def _pss_kb(pid: int, fallback_kb: int) -> int:
    """The process's proportional set size, from /proc; if that cannot be read, its resident size as
    /proc says it now.  (Not ``fallback_kb`` alone, taken a moment before: a worker that has just
    begun to exit no longer shows its memory, and its resident size then would count every page it
    shares with the build once more.  Seen at 100,000 articles: 205 MB where the build held 136 MB.)"""
    found = _proc_kb(f"/proc/{pid}/smaps_rollup", b"Pss:")
    if found is not None:
        return found
    now = _proc_kb(f"/proc/{pid}/status", b"VmRSS:")  # a process past the point of freeing its memory has none
    return 0 if now is None else min(now, fallback_kb)


def _proc_kb(path: str, label: bytes) -> int | None:
    """The kB figure on the line of a /proc file that starts with ``label``; None if there is none."""
    try:
        with open(path, "rb") as file:
            for line in file:
                if line.startswith(label):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _processes() -> Iterator[tuple[int, int, int]]:
    """(pid, parent pid, resident pages) of every process /proc shows."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as file:
                fields = file.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended meanwhile
        yield int(entry.name), int(fields[1]), int(fields[21])


def run_timed(command: Sequence[str], *, cwd: pathlib.Path, log: pathlib.Path) -> Sample:
    """Run ``command`` to its end; raise with its output if it fails."""
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(child.pid) if os.path.isdir("/proc") else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.done.set()
        sampler.join()
    if child.returncode != 0:
        raise BenchmarkError(f"{' '.join(command)} exited with {child.returncode}:\n{_tail(log)}")
    return Sample(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        # os.wait4's figure counts, on Linux, the memory of the process the build was started from; the
        # sampled high-water mark of the build's own program does not, and is read until just before it ends
        max_rss_kb=sampler.high_water_kb if sampler and sampler.high_water_kb else usage.ru_maxrss,
        tree_rss_kb=sampler.peak_kb if sampler else 0,
    )


def _tail(log: pathlib.Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


# ---------------------------------------------------------------- checking feeds


def rss_items(path: pathlib.Path) -> list[ET.Element]:
    """The <item>s of an RSS file; raise if there is none or it does not parse."""
    if not path.is_file():
        raise BenchmarkError(f"no feed was written at {path}")
    try:
        root = ET.parse(path).getroot()  # noqa: S314 -- the build we just ran wrote it
    except ET.ParseError as exc:
        raise BenchmarkError(f"{path} is not well-formed XML: {exc}") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise BenchmarkError(f"{path} is not an RSS 2.0 feed (root <{root.tag}>)")
    return channel.findall("item")


def check_items(path: pathlib.Path, *, expected: int, marker: str | None) -> set[str]:
    """The feed has ``expected`` items with content, and ``marker`` in it; return its titles."""
    items = rss_items(path)
    if len(items) != expected:
        raise BenchmarkError(f"{path} has {len(items)} items, expected {expected}")
    if marker is not None and marker.encode() not in path.read_bytes():
        raise BenchmarkError(f"{path} does not contain the touched article's new text {marker!r}: stale output")
    return {item.findtext("title") or "" for item in items}


def feed_files(folder: pathlib.Path) -> dict[str, bytes]:
    """Every file under an output folder, by its path there; dot-files and dot-folders (caches) left out."""
    found = {}
    for path in sorted(folder.rglob("*")):
        inside = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in inside.parts):
            found[inside.as_posix()] = path.read_bytes()
    return found


# ---------------------------------------------------------------- the tools


class Tool(Protocol):
    name: str
    version: str

    def prepare_cold(self) -> None: ...
    def command(self, *, cold: bool) -> list[str]: ...
    def touch(self, spec: generate.ArticleSpec, body: str) -> None: ...
    def check(self, *, phase: str, expected: int, marker: str | None) -> set[str]: ...


class Feedbuilder:
    """``python -m feedbuilder build`` on the generated site."""

    name = "feedbuilder"

    def __init__(self, work: pathlib.Path) -> None:
        self.site = work / "site"
        self.output = work / "feedbuilder-out"
        self.version = _first_line([sys.executable, "-m", "feedbuilder", "--version"])
        build_help = _first_line([sys.executable, "-m", "feedbuilder", "build", "--help"], whole=True)
        self.no_cache = bool(re.search(r"--no-cache\b", build_help))
        self.cold_files: dict[str, bytes] | None = None

    def prepare_cold(self) -> None:
        shutil.rmtree(self.output, ignore_errors=True)
        shutil.rmtree(self.site / ".feedbuilder", ignore_errors=True)

    def command(self, *, cold: bool, output: pathlib.Path | None = None) -> list[str]:
        command = [sys.executable, "-m", "feedbuilder", "build", "--config", str(self.site / "feedbuilder.yaml")]
        command += ["--output", str(output or self.output)]
        return [*command, "--no-cache"] if cold and self.no_cache else command

    def touch(self, spec: generate.ArticleSpec, body: str) -> None:
        (self.site / "articles" / spec.path).write_bytes(generate.article_text(spec, body=body).encode("utf-8"))

    def check(self, *, phase: str, expected: int, marker: str | None) -> set[str]:
        titles = check_items(self.output / "rss.xml", expected=expected, marker=marker)
        files = feed_files(self.output)
        if phase == "cold" and self.cold_files is None:
            self.cold_files = files
        elif phase in ("cold", "warm") and files != self.cold_files:
            first = self.cold_files or {}
            changed = sorted(name for name in {*files, *first} if files.get(name) != first.get(name))
            raise BenchmarkError(f"{phase} build wrote other bytes than the first cold build: {', '.join(changed)}")
        return titles

    def verify_against_cold(self, work: pathlib.Path) -> None:
        """After the touched runs: a cold build of the same articles must give the warm build's bytes."""
        fresh = work / "feedbuilder-verify"
        shutil.rmtree(fresh, ignore_errors=True)
        cache = self.site / ".feedbuilder"
        saved = work / "feedbuilder-cache-saved"
        if cache.exists():
            cache.rename(saved)
        try:
            run_timed(self.command(cold=True, output=fresh), cwd=self.site, log=work / "logs" / "verify.log")
        finally:
            if saved.exists():
                shutil.rmtree(cache, ignore_errors=True)
                saved.rename(cache)
        if feed_files(fresh) != feed_files(self.output):
            raise BenchmarkError(f"the warm build's feeds in {self.output} differ from a cold build's in {fresh}")


class Hugo:
    """``hugo`` on the same articles converted to a Hugo site that builds one RSS feed."""

    name = "hugo"

    def __init__(self, work: pathlib.Path, executable: str, *, limit: int, taxonomies: bool = False) -> None:
        self.executable = executable
        self.site = work / "hugo-site"
        self.output = work / "hugo-out"
        self.cache = work / "hugo-cache"
        self.limit = limit
        self.taxonomies = taxonomies  # also a feed per tag, category and author (--hugo-taxonomies)
        self.version = _first_line([executable, "version"])

    def write_site(self, specs: Sequence[generate.ArticleSpec]) -> None:
        write_hugo_site(self.site, specs, limit=self.limit, taxonomies=self.taxonomies)

    def prepare_cold(self) -> None:
        for folder in (self.output, self.cache, self.site / "resources"):
            shutil.rmtree(folder, ignore_errors=True)

    def command(self, *, cold: bool) -> list[str]:
        command = [self.executable, "--quiet", "--source", str(self.site), "--destination", str(self.output)]
        command += ["--cacheDir", str(self.cache)]
        return [*command, "--ignoreCache"] if cold else command

    def touch(self, spec: generate.ArticleSpec, body: str) -> None:
        (self.site / "content" / "posts" / spec.path).write_bytes(hugo_article(spec, body=body).encode("utf-8"))

    def check(self, *, phase: str, expected: int, marker: str | None) -> set[str]:
        feed = self.output / "index.xml"
        titles = check_items(feed, expected=expected, marker=marker)
        for item in rss_items(feed):
            if len(item.findtext("description") or "") < 500:
                raise BenchmarkError(f"{feed}: item {item.findtext('title')!r} has no full content: check the template")
        if self.taxonomies:
            for taxonomy in ("tags", "categories", "authors"):
                if not any((self.output / taxonomy).glob("*/index.xml")):
                    raise BenchmarkError(f"{self.output / taxonomy}: Hugo wrote no feed of a {taxonomy[:-1]}")
        return titles


def _first_line(command: Sequence[str], *, whole: bool = False) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchmarkError(f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout if whole else (done.stdout.strip().splitlines() or [""])[0]


# ---------------------------------------------------------------- Hugo's site

HUGO_CONFIG = """\
# Generated by benchmarks/run.py: {what} built.
baseURL = "{url}"
title = "{title}"
languageCode = "en"
timeZone = "{timezone}"
disableKinds = [{disabled}"section", "taxonomy", "sitemap", "robotsTXT", "404"]
{ignore}enableGitInfo = false
rssLimit = {limit}

[services.rss]
limit = {limit}

[outputs]
home = ["RSS"]
{outputs}
[permalinks]
posts = "/:year/:month/:slug/"

# Pages are not written on their own, but have addresses and are listed.
[[cascade]]
[cascade._build]
render = "link"
list = "always"
[cascade._target]
kind = "page"
"""

HUGO_RSS_TEMPLATE = """\
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\" standalone=\\"yes\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>{{ .Site.Title }}</title>
    <link>{{ .Permalink }}</link>
    <description>{{ .Site.Title }}</description>
    <language>{{ .Site.LanguageCode }}</language>
    <atom:link href="{{ .Permalink }}" rel="self" type="application/rss+xml" />
    {{- range first LIMIT .Site.RegularPages.ByDate.Reverse }}
    <item>
      <title>{{ .Title }}</title>
      <link>{{ .Permalink }}</link>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
      <guid>{{ .Permalink }}</guid>
      {{- with .Params.author }}<author>{{ . }}</author>{{ end }}
      {{- range .Params.categories }}<category>{{ . }}</category>{{ end }}
      {{- range .Params.tags }}<category>{{ . }}</category>{{ end }}
      <description>{{ .Content | html }}</description>
    </item>
    {{- end }}
  </channel>
</rss>
"""


# With --hugo-taxonomies: a feed per tag, category and author too, of summaries, as feedbuilder's are.
HUGO_TAXONOMIES = """term = ["RSS"]

[taxonomies]
tag = "tags"
category = "categories"
author = "authors"
"""
HUGO_TERM_RSS_TEMPLATE = (
    HUGO_RSS_TEMPLATE.replace("<title>{{ .Site.Title }}</title>", "<title>{{ .Title }}</title>", 1)
    .replace(".Site.RegularPages.ByDate.Reverse", ".Pages.ByDate.Reverse")
    .replace("{{ .Content | html }}", "{{ .Summary | html }}")
)


def hugo_article(spec: generate.ArticleSpec, *, body: str | None = None) -> str:
    """The article with front matter as Hugo reads it: dates as instants, lists as lists."""
    lines = [f"title: {json.dumps(spec.title, ensure_ascii=False)}", f"date: {spec.published.isoformat()}"]
    if spec.updated is not None:
        lines.append(f"lastmod: {spec.updated.isoformat()}")
    if len(spec.authors) == 1:
        lines.append(f"author: {json.dumps(spec.authors[0].name, ensure_ascii=False)}")
    if spec.authors:
        lines.append(f"authors: {json.dumps([p.name for p in spec.authors], ensure_ascii=False)}")
    if spec.tags:
        lines.append(f"tags: {json.dumps(list(spec.tags), ensure_ascii=False)}")
    lines.append(f"categories: {json.dumps(list(spec.categories), ensure_ascii=False)}")
    if spec.summary is not None:
        lines.append(f"summary: {json.dumps(spec.summary, ensure_ascii=False)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + (spec.body if body is None else body)


def write_hugo_site(
    folder: pathlib.Path, specs: Sequence[generate.ArticleSpec], *, limit: int, taxonomies: bool = False
) -> None:
    """A Hugo site whose only output is an RSS feed of the newest ``limit`` articles, in full; with
    ``taxonomies``, also one for each tag, category and author, of summaries."""
    site = {"url": generate.SITE_URL, "title": generate.SITE_TITLE, "timezone": generate.SITE_TIMEZONE}
    config = HUGO_CONFIG.format(
        **site,
        limit=limit,
        what="the home page's RSS feed and one per name are" if taxonomies else "only the home page's RSS feed is",
        disabled="" if taxonomies else '"term", ',
        # the term pages are wanted and the list of terms is not, which Hugo 0.73+ asks to be told it meant
        ignore='ignoreErrors = ["error-disable-taxonomy"]\n' if taxonomies else "",
        outputs=HUGO_TAXONOMIES if taxonomies else "",
    )
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "config.toml").write_text(config, encoding="utf-8")
    (folder / "layouts" / "index.rss.xml").write_text(HUGO_RSS_TEMPLATE.replace("LIMIT", str(limit)), encoding="utf-8")
    if taxonomies:
        term = HUGO_TERM_RSS_TEMPLATE.replace("LIMIT", str(limit))
        (folder / "layouts" / "_default" / "term.rss.xml").write_text(term, encoding="utf-8")
    made: set[pathlib.Path] = set()
    for spec in specs:
        path = folder / "content" / "posts" / spec.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(hugo_article(spec).encode("utf-8"))


# ---------------------------------------------------------------- the benchmark


@dataclasses.dataclass
class Results:
    """Every sample of every tool and phase."""

    samples: dict[str, dict[str, list[Sample]]] = dataclasses.field(default_factory=dict)

    def add(self, tool: str, phase: str, sample: Sample) -> None:
        self.samples.setdefault(tool, {}).setdefault(phase, []).append(sample)

    def median(self, tool: str, phase: str) -> float:
        return statistics.median(s.seconds for s in self.samples[tool][phase])

    def minimum(self, tool: str, phase: str) -> float:
        return min(s.seconds for s in self.samples[tool][phase])

    def peak_mb(self, tool: str, phase: str) -> float:
        return max(s.peak_kb for s in self.samples[tool][phase]) / 1024


def touched_body(spec: generate.ArticleSpec, run: int) -> tuple[str, str]:
    """A changed body for ``spec`` and the marker text that must show up in the feed."""
    marker = f"benchmark-touch-{run}"
    return f"*Update {run + 1}:* this article was corrected ({marker}).\n\n{spec.body}", marker


def newest(specs: Sequence[generate.ArticleSpec], count: int) -> list[generate.ArticleSpec]:
    return sorted(specs, key=lambda s: (s.published, s.path), reverse=True)[:count]


def time_phases(
    tools: Sequence[Tool], touch_pool: Sequence[generate.ArticleSpec], *, expected: int, runs: int, work: pathlib.Path
) -> Results:
    """Cold, warm and touched builds, ``runs`` of each, the tools taking turns."""
    results = Results()
    titles: dict[str, set[str]] = {}

    def timed(tool: Tool, phase: str, label: str, *, marker: str | None = None, record: bool = True) -> None:
        cwd = work / "site" if tool.name == "feedbuilder" else work
        log = work / "logs" / f"{tool.name}-{phase}-{label}.log"
        sample = run_timed(tool.command(cold=phase == "cold"), cwd=cwd, log=log)
        titles[tool.name] = tool.check(phase=phase, expected=expected, marker=marker)
        shown = f"{phase} {label}: {tool.name} {sample.seconds:.3f} s, {sample.peak_kb / 1024:.0f} MB"
        print(shown, file=sys.stderr, flush=True)  # progress, and the numbers so far if a later build fails
        if record:
            results.add(tool.name, phase, sample)

    for run in range(runs):
        for tool in tools:
            tool.prepare_cold()
            timed(tool, "cold", str(run))
    _compare_titles(titles)
    for tool in tools:
        timed(tool, "warm", "first", record=False)  # fills a cache that a --no-cache build left empty
    for run in range(runs):
        for tool in tools:
            timed(tool, "warm", str(run))
    for run in range(runs):
        spec = touch_pool[run % len(touch_pool)]
        body, marker = touched_body(spec, run)
        for tool in tools:
            tool.touch(spec, body)
            timed(tool, "touched", str(run), marker=marker)
    return results


def _compare_titles(titles: dict[str, set[str]]) -> None:
    """Both tools picked (nearly) the same newest articles: same-day ties may be ordered apart."""
    if len(titles) < 2:
        return
    ours, theirs = titles["feedbuilder"], titles["hugo"]
    if len(ours & theirs) < 0.8 * len(ours):
        raise BenchmarkError(
            f"feedbuilder and Hugo chose different articles ({len(ours & theirs)} of {len(ours)} in common): "
            "Hugo's site does not hold the same articles or dates"
        )


# ---------------------------------------------------------------- reporting


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        lines = pathlib.Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
        model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")
    return {
        "cpus": os.cpu_count(),
        "cpu": model or platform.processor(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
    }


def summary(
    results: Results, *, tools: Sequence[Tool], count: int, runs: int, seed: int, setup: dict[str, Any]
) -> dict[str, Any]:
    """Every number of the run, for --json."""
    data: dict[str, Any] = {"count": count, "runs": runs, "seed": seed, "machine": machine(), **setup, "tools": {}}
    for tool in tools:
        phases = {}
        for phase in PHASES:
            samples = results.samples[tool.name][phase]
            phases[phase] = {
                "median_s": results.median(tool.name, phase),
                "min_s": results.minimum(tool.name, phase),
                "peak_rss_mb": results.peak_mb(tool.name, phase),
                "samples": [dataclasses.asdict(s) for s in samples],
            }
        data["tools"][tool.name] = {"version": tool.version, "phases": phases}
    if "hugo" in results.samples:
        data["ratios"] = {
            phase: {
                "time": results.median("feedbuilder", phase) / results.median("hugo", phase),
                "memory": results.peak_mb("feedbuilder", phase) / results.peak_mb("hugo", phase),
            }
            for phase in PHASES
        }
    return data


def table(data: dict[str, Any]) -> str:
    """The numbers as a small text table."""
    tools = data["tools"]
    names = list(tools)
    runs, cpus = data["runs"], data["machine"]["cpus"]
    head = f"{data['count']:,} articles (seed {data['seed']}), {runs} runs per phase, {cpus} CPUs"
    lines = [head, *(f"  {tools[name]['version']}" for name in names)]
    if "hugo" in tools:
        lines.append(f"  hugo's RSS feeds: {data.get('hugo_feeds', 'home')}")
    lines.append("")
    header = f"{'phase':<24}" + "".join(f"{name + ' median / min':>28}{'peak RSS':>10}" for name in names)
    if "ratios" in data:
        header += f"{'time ratio':>12}{'mem ratio':>11}"
    lines += [header, "-" * len(header)]
    for phase in PHASES:
        row = f"{PHASE_NAMES[phase]:<24}"
        for name in names:
            numbers = tools[name]["phases"][phase]
            row += f"{numbers['median_s']:>18.3f} / {numbers['min_s']:.3f} s{numbers['peak_rss_mb']:>7.0f} MB"
        if "ratios" in data:
            ratio = data["ratios"][phase]
            row += f"{ratio['time']:>11.2f}x{ratio['memory']:>10.2f}x"
        lines.append(row)
    if "ratios" in data:
        lines += [
            "",
            "ratios: feedbuilder / hugo, of median time and of peak RSS (below 1: feedbuilder is faster, smaller)",
        ]
    return "\n".join(lines)


# ---------------------------------------------------------------- the command


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time feedbuilder build (and Hugo, if on PATH) on generated articles.")
    parser.add_argument("--count", type=int, default=10_000, help="articles to generate (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed builds per phase (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    parser.add_argument("--keep", type=pathlib.Path, metavar="DIR", help="work in DIR (new or empty), kept")
    parser.add_argument("--json", type=pathlib.Path, metavar="FILE", help="also write every number to FILE")
    parser.add_argument("--no-hugo", action="store_true", help="time feedbuilder only, even when hugo is on PATH")
    parser.add_argument(
        "--hugo-taxonomies",
        action="store_true",
        help="Hugo also writes an RSS feed per tag, category and author (summaries), as feedbuilder does",
    )
    args = parser.parse_args(argv)
    if args.count < 1 or args.runs < 1:
        parser.error("--count and --runs must be at least 1")
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder is not empty")
    return args


def write_sites(work: pathlib.Path, tools: Sequence[Tool], *, count: int, seed: int) -> list[generate.ArticleSpec]:
    """Generate the articles and write each tool's site; the articles a touch may change."""
    specs = generate.generate_articles(count, seed=seed)
    generate.write_site(work / "site", specs)
    for tool in tools:
        if isinstance(tool, Hugo):
            tool.write_site(specs)
    return newest(specs, min(TOUCH_POOL, len(specs)))


def benchmark(args: argparse.Namespace, work: pathlib.Path) -> dict[str, Any]:
    """Generate, build, check and time; return every number."""
    (work / "logs").mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    feedbuilder = Feedbuilder(work)
    tools: list[Tool] = [feedbuilder]
    hugo_path = None if args.no_hugo else shutil.which("hugo")
    hugo = Hugo(work, hugo_path, limit=generate.LIMIT, taxonomies=args.hugo_taxonomies) if hugo_path else None
    if hugo:
        tools.append(hugo)
    # Generated in a child process: a build's peak memory is read from os.wait4, and Linux counts in it
    # the memory of the process it was started from (this one) at the moment it started, so this
    # process must never have held the archive.
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        touch_pool = pool.submit(write_sites, work, tools, count=args.count, seed=args.seed).result()
    setup_seconds = time.perf_counter() - started
    print(f"generated {args.count:,} articles in {work} ({setup_seconds:.1f} s)", file=sys.stderr, flush=True)
    if not hugo_path:
        reason = "--no-hugo" if args.no_hugo else "not on PATH"
        print(f"hugo: not compared ({reason})", file=sys.stderr, flush=True)
    expected = min(generate.LIMIT, args.count)
    results = time_phases(tools, touch_pool, expected=expected, runs=args.runs, work=work)
    feedbuilder.verify_against_cold(work)
    setup = {
        "generate_s": setup_seconds,
        "feedbuilder_no_cache_flag": feedbuilder.no_cache,
        "hugo_feeds": "home, tags, categories, authors" if args.hugo_taxonomies else "home",
    }
    return summary(results, tools=tools, count=args.count, runs=args.runs, seed=args.seed, setup=setup)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.keep:
            data = benchmark(args, args.keep.resolve())
        else:
            with tempfile.TemporaryDirectory(prefix="feedbuilder-bench-") as temp:
                data = benchmark(args, pathlib.Path(temp))
    except BenchmarkError as exc:
        print(f"run.py: error: {exc}", file=sys.stderr)
        return 1
    print(table(data))
    if args.json:
        args.json.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
