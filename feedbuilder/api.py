"""The public Python API: build a site from a folder or a mapping, get its problems as data, write or not.

    import feedbuilder
    site = feedbuilder.build_site("path/to/site")            # reads path/to/site/feedbuilder.yaml
    for problem in site.problems:                            # warnings (errors raise FeedbuilderError)
        print(problem.path, problem.line, problem.message)
    site.files["rss.xml"]                                    # bytes, nothing written yet
    site.write()                                             # only the files whose bytes changed

Everything else in the package is internal and may change.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import pathlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from feedbuilder.errors import ConfigError, FeedbuilderError, Problem

if TYPE_CHECKING:
    from feedbuilder.model import Progress, Site

__all__ = ["Built", "FeedbuilderError", "Problem", "build_site", "check_site"]

CONFIG_NAME = "feedbuilder.yaml"


@dataclasses.dataclass(frozen=True)
class Built:
    """A built site held in memory: its files by output path, its warnings, and where it would be written."""

    files: Mapping[str, bytes]
    problems: tuple[Problem, ...]
    output: pathlib.Path
    _write: Callable[..., list[str]] = dataclasses.field(repr=False, compare=False)

    @property
    def changed(self) -> list[str]:
        """The files a write would change on disk (what ``feedbuilder build --check`` lists)."""
        return list(self._write(dry_run=True))

    def write(self) -> list[str]:
        """Write the files whose bytes changed (and the id record ``feedbuilder.ids``); returns their paths."""
        return list(self._write(dry_run=False))


def build_site(
    source: str | os.PathLike[str] | Mapping[str, Any],
    *,
    now: datetime.datetime | None = None,
    drafts: bool = False,
    future: bool = False,
    articles: str | os.PathLike[str] | None = None,
    output: str | os.PathLike[str] | None = None,
) -> Built:
    """Build a site in memory.

    ``source``: a folder holding ``feedbuilder.yaml``, the path of a config file, or the config as a mapping
    (the keys of ``feedbuilder.yaml``; ``articles`` and ``output`` relative to the current folder).
    ``now``: an aware datetime, what counts as the future and the time of changed articles; default the
    clock (or ``SOURCE_DATE_EPOCH``).  Raises :class:`FeedbuilderError` (with ``.problems``) for a bad
    config or article; warnings are in ``.problems`` of the result.
    """
    import feedbuilder.build as pipeline
    from feedbuilder.config import Overrides

    site = _load(source, Overrides(articles=_path(articles), output=_path(output)))
    result = pipeline.build(site, pipeline.Options(now=_now(now), drafts=drafts, future=future, cache=False))

    def write(*, dry_run: bool) -> list[str]:
        if dry_run:
            return pipeline.pending_changes(site, result)
        changed = pipeline.pending_changes(site, result)
        pipeline.write(site, result)
        return changed

    return Built(files=dict(result.files), problems=tuple(result.report), output=site.output_dir, _write=write)


def check_site(
    source: str | os.PathLike[str] | Mapping[str, Any], *, now: datetime.datetime | None = None
) -> list[Problem]:
    """Every problem of a site (config, articles, the feeds they would make), errors and warnings, as data;
    nothing written, nothing raised for the site's own problems."""
    from feedbuilder.config import Overrides

    try:
        site = _load(source, Overrides())
        return judge_site(site, now=_now(now))
    except FeedbuilderError as error:
        return list(error.problems)


def judge_site(
    site: Site,
    *,
    now: datetime.datetime,
    progress: Progress | None = None,
    scheduled: list[tuple[int, datetime.datetime | None]] | None = None,
) -> list[Problem]:
    """Every problem of ``site``'s articles and of the feeds they would make, judged in memory
    (``feedbuilder check``).  Built as ``feedbuilder build`` builds, from the caches in ``.feedbuilder/``; a
    feed file is judged again only when the inputs it is made from changed (incremental/kept_checks.py).
    ``scheduled``, if given, is told how many articles are left out as dated in the future, and when the
    first appears."""
    import feedbuilder.build as pipeline
    from feedbuilder.check.checker import check_feed
    from feedbuilder.incremental import kept_bodies, kept_checks
    from feedbuilder.output import too_long
    from feedbuilder.sources import forking
    from feedbuilder.sources.values import quote_iri

    try:
        result = pipeline.build(site, pipeline.Options(now=now, keep_going=True, progress=progress))
    except FeedbuilderError as error:
        return list(error.problems)
    if scheduled is not None:
        scheduled.append(result.scheduled)
    path = site.config_path.parent / kept_bodies.FOLDER / kept_checks.FILE_NAME if site.config_path else None
    before = kept_checks.load(path)
    judged: dict[str, tuple[str, tuple[Problem, ...]]] = {}
    names = sorted(name for name in result.files if name.endswith((".xml", ".json")))
    todo = []
    for name in names:
        made, known = result.rendered.get(name), before.get(name)
        if made is not None and known is not None and known[0] == made.key:
            judged[name] = known
        else:
            todo.append(name)

    def judge(name: str) -> tuple[Problem, ...]:
        shown = (site.output_dir / name).as_posix()
        url = site.feed_url + quote_iri(name)
        return tuple(check_feed(result.files[name], path=f"{shown} (as built)", now=now, expected_url=url))

    # on every core when there are many (the first check of a large site judges hundreds of files); the
    # forked workers only read the files' bytes, so even a large process shares them without copying
    each = forking.each_in_order(judge, todo)
    for name, found in zip(todo, progress(each, len(todo), "checking") if progress and todo else each, strict=True):
        made = result.rendered.get(name)
        judged[name] = (made.key if made is not None else "", found)
    if judged != before:
        kept_checks.save(path, {name: entry for name, entry in judged.items() if entry[0]})
    problems = list(result.report)
    problems.extend(too_long(result.files, site.output_dir))  # build would refuse to write them
    for name in names:
        problems.extend(judged[name][1])
    return problems


def _load(source: str | os.PathLike[str] | Mapping[str, Any], overrides: Any) -> Any:
    from feedbuilder.config import load_site, site_from_mapping

    if isinstance(source, Mapping):
        return site_from_mapping(source, overrides=overrides)
    path = pathlib.Path(source)
    return load_site(path / CONFIG_NAME if path.is_dir() else path, overrides)


def _path(value: str | os.PathLike[str] | None) -> pathlib.Path | None:
    return pathlib.Path(value) if value is not None else None


def _now(now: datetime.datetime | None) -> datetime.datetime:
    """``now`` checked: aware, else a clear error (feedgen would fail later with a TypeError)."""
    if now is None:
        from feedbuilder.site.clock import build_time

        return build_time()
    if not isinstance(now, datetime.datetime):
        raise TypeError(f"now must be a datetime.datetime, not {type(now).__name__}")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ConfigError(
            Problem(
                path="now",
                message=f"{now.isoformat()} has no time zone",
                hint="pass an aware datetime, e.g. datetime.datetime.now(datetime.UTC)",
            )
        )
    return now.astimezone(datetime.UTC).replace(microsecond=0)
