"""Build the served site, and build it again whenever its config or articles change.

:class:`Builder` builds with the server's overrides (its address, its
folder) and hands each good build to the server; a build with problems logs
them, the same lines `feedbuilder build` prints, and hands over nothing, so
the last good feeds stay served. :class:`Watcher` runs one
:func:`watchfiles.watch` thread per folder, each with a stop event of its
own, so the folders can change while the others keep watching (the articles
folder moves when the config says so).
"""

from __future__ import annotations

import dataclasses
import pathlib
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping

import watchfiles

import feedbuilder.build as pipeline
from feedbuilder.config import Overrides, load_site
from feedbuilder.errors import FeedbuilderError, Problem, Report
from feedbuilder.model import Site
from feedbuilder.site.clock import build_time

Say = Callable[[str], None]
Publish = Callable[[Mapping[str, bytes], str], tuple[str, ...]]  # (files, title) -> names that changed

Accept = Callable[[watchfiles.Change, str], bool]

READY_TIMEOUT = 5.0  # seconds to wait for a new watch to be in place
_TICK_MS = 200  # the watch thread wakes this often without changes (how it says it is ready)


@dataclasses.dataclass(frozen=True)
class Target:
    """A folder to watch: recursively or only its own entries; ``accept`` filters the changes."""

    folder: pathlib.Path
    recursive: bool
    accept: Accept


def only_named(name: str) -> Accept:
    """A filter for one file of a folder, whichever way an editor saves it (in place or by rename)."""
    return lambda _change, path: pathlib.PurePath(path).name == name


class _Watch:
    def __init__(self, target: Target, changed: Callable[[], None], log: Say) -> None:
        self.target = target
        self.ready = threading.Event()
        self.stop = threading.Event()
        self._changed, self._log = changed, log
        self.thread = threading.Thread(target=self._run, name=f"watch {target.folder}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        changes = watchfiles.watch(
            self.target.folder,
            watch_filter=self.target.accept,
            recursive=self.target.recursive,
            stop_event=self.stop,
            step=50,
            rust_timeout=_TICK_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        )
        try:
            for found in changes:
                self.ready.set()
                if found:
                    self._changed()
        except OSError as exc:  # gone, unreadable, or the system's watch limit: the next rebuild tries again
            self._log(f"serve: cannot watch {self.target.folder}: {exc}")
        finally:
            self.ready.set()


class Watcher:
    """Calls ``changed`` (from a background thread) after files in the followed folders change."""

    def __init__(self, changed: Callable[[], None], log: Say) -> None:
        self._changed, self._log = changed, log
        self._watches: dict[tuple[pathlib.Path, bool], _Watch] = {}

    def follow(self, targets: Iterable[Target]) -> None:
        """Watch exactly these folders from now on; returns once every new watch is in place."""
        wanted = {(t.folder, t.recursive): t for t in targets if t.folder.is_dir()}
        for key, watch in list(self._watches.items()):
            if key not in wanted or not watch.thread.is_alive():
                watch.stop.set()
                del self._watches[key]
        started = [self._start(key, t) for key, t in wanted.items() if key not in self._watches]
        for watch in started:
            watch.ready.wait(READY_TIMEOUT)

    def _start(self, key: tuple[pathlib.Path, bool], target: Target) -> _Watch:
        watch = _Watch(target, self._changed, self._log)
        self._watches[key] = watch
        return watch

    def stop(self) -> None:
        for watch in self._watches.values():
            watch.stop.set()
        for watch in self._watches.values():
            watch.thread.join(READY_TIMEOUT)
        self._watches.clear()


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one (re)build did."""

    ok: bool
    problems: tuple[Problem, ...]
    changed: tuple[str, ...] = ()
    articles: int = 0
    seconds: float = 0.0


def _some(names: list[str], shown: int = 3) -> str:
    if len(names) <= shown + 1:
        return ", ".join(names) or "nothing"
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


class Builder:
    """Builds one site with ``overrides`` and publishes every good build; ``watch`` rebuilds on changes."""

    def __init__(
        self, config: pathlib.Path, overrides: Overrides, *, drafts: bool, future: bool, publish: Publish, log: Say
    ) -> None:
        self.config = config
        self._overrides = overrides
        self._drafts, self._future = drafts, future
        self._publish, self._log = publish, log
        self._lock = threading.Lock()
        self._site: Site | None = None  # of the last good build
        self._stop, self._wanted = threading.Event(), threading.Event()
        self._watcher = Watcher(self._wanted.set, log)
        self._thread: threading.Thread | None = None

    def rebuild(self) -> Outcome:
        with self._lock:
            started = time.perf_counter()
            try:
                site, result, notes = self._build()
                changed = self._publish(result.files, site.title)
            except FeedbuilderError as exc:
                outcome = Outcome(ok=False, problems=tuple(exc.problems))
            else:
                seconds = time.perf_counter() - started
                outcome = Outcome(True, (*notes, *result.report), changed, result.articles, seconds)
                self._site = site
            self._report(outcome)
            return outcome

    def _build(self) -> tuple[Site, pipeline.Result, list[Problem]]:
        site = load_site(self.config, self._overrides)
        notes: list[Problem] = []
        if site.id_authority is None:
            # The default authority is made from the site's url: take it from the configured url,
            # or the ids (and the warning's advice to write them down) would name this server.
            report = Report()
            real = load_site(self.config, dataclasses.replace(self._overrides, base_url=None))
            site = dataclasses.replace(site, id_authority=pipeline.load_articles(real, report=report).id_authority)
            notes = [p for p in report if p.field == "id_authority"]
        options = pipeline.Options(now=build_time(), drafts=self._drafts, future=self._future)
        return site, pipeline.build(site, options), notes

    def _report(self, outcome: Outcome) -> None:
        for problem in outcome.problems:
            self._log(str(problem))
        if outcome.ok:
            changed = _some(sorted(outcome.changed, key=lambda n: (n.count("/"), n)))
            self._log(f"serve: built {outcome.articles} articles in {outcome.seconds:.2f} s; changed: {changed}")
        else:
            errors = sum(p.is_error for p in outcome.problems)
            kept = "still serving the last good feeds" if self._site else "no feeds to serve yet"
            self._log(f"serve: build failed ({errors} error{'s' if errors != 1 else ''}); {kept}")

    def watch(self) -> None:
        """Rebuild (in a background thread) after changes; returns once the watch is in place."""
        self._follow()
        self._thread = threading.Thread(target=self._rebuild_when_wanted, name="feedbuilder rebuild", daemon=True)
        self._thread.start()

    def _rebuild_when_wanted(self) -> None:
        while True:
            self._wanted.wait()
            if self._stop.is_set():
                return
            self._wanted.clear()
            try:
                self.rebuild()
            except Exception:  # a bug: show it, and keep watching and serving the last good feeds
                traceback.print_exc()
                self._log("serve: the rebuild crashed (a bug in feedbuilder); still serving the last good feeds")
            self._follow()

    def _follow(self) -> None:
        targets = [Target(self.config.parent.absolute(), False, only_named(self.config.name))]
        if self._site:
            targets.append(Target(self._site.articles_dir.absolute(), True, watchfiles.DefaultFilter()))
        self._watcher.follow(targets)

    def close(self) -> None:
        self._stop.set()
        self._wanted.set()
        if self._thread:
            self._thread.join(timeout=10)
        self._watcher.stop()
