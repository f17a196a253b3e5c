"""A plain ``feedbuilder build`` command line read as the CLI reads it, and the lines a build prints.

Shared by main.py (which answers a build with nothing to do before the CLI loads) and commands.py.
"""

from __future__ import annotations

import pathlib
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import datetime

    from feedbuilder.incremental.lastbuild import Check, Outcome

DEFAULT_CONFIG = "feedbuilder.yaml"
_VALUED = {"--config": "config", "--articles": "articles", "--output": "output", "--base-url": "base_url"}
_FLAGS = {"--drafts": "drafts", "--future": "future", "--keep-going": "keep_going", "-q": "quiet", "--quiet": "quiet"}


class BuildArgs(NamedTuple):
    """A plain ``feedbuilder build`` command line, as the CLI would read it."""

    config_path: pathlib.Path
    settings: str  # the options that change the output, as lastbuild.check is given them
    quiet: bool


class Prechecked(NamedTuple):
    """The check made before the CLI loaded, for the CLI to use when its own reading agrees."""

    args: BuildArgs
    now: datetime.datetime
    check: Check
    started: float


def build_settings(
    *,
    articles: pathlib.Path | None,
    output: pathlib.Path | None,
    base_url: str | None,
    limit: int | None,
    drafts: bool,
    future: bool,
    keep_going: bool,
) -> str:
    """The options of ``build`` that change what it writes, as one string (part of the last build's key)."""
    return repr((articles, output, base_url, limit, drafts, future, keep_going))


def plain_build(argv: Sequence[str]) -> BuildArgs | None:
    """``argv`` (without the program's name) read as the CLI would, if it is a plain build; else None."""
    if not argv or argv[0] != "build":
        return None
    values: dict[str, str] = {}
    flags: set[str] = set()
    rest = list(argv[1:])
    while rest:
        word = rest.pop(0)
        name, equals, value = word.partition("=")
        if name in _VALUED:
            if not equals:
                if not rest:
                    return None
                value = rest.pop(0)
            if _VALUED[name] in values or not value or value.startswith("-"):
                return None  # repeated, empty or option-like: the CLI's own rules decide
            values[_VALUED[name]] = value
        elif word in _FLAGS and _FLAGS[word] not in flags:
            flags.add(_FLAGS[word])
        else:
            return None
    settings = build_settings(
        articles=pathlib.Path(values["articles"]) if "articles" in values else None,
        output=pathlib.Path(values["output"]) if "output" in values else None,
        base_url=values.get("base_url"),
        limit=None,
        drafts="drafts" in flags,
        future="future" in flags,
        keep_going="keep_going" in flags,
    )
    return BuildArgs(pathlib.Path(values.get("config", DEFAULT_CONFIG)), settings, "quiet" in flags)


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary(outcome: Outcome, seconds: float) -> str:
    """One line under 80 columns: articles in, feed files out (a feed per format), files written of those the
    build makes (feeds, pages, lists), time: ``feedbuilder: 20000 articles, 732 feed files; wrote 12 of 980
    files in 0.52 s``."""
    return (
        f"feedbuilder: {count(outcome.articles, 'article')}, {count(outcome.feeds, 'feed file')}; "
        f"wrote {outcome.written} of {count(outcome.files, 'file')} in {seconds:.2f} s"
    )


def scheduled_line(number: int, first: str | None) -> str:
    """'feedbuilder: 2 articles scheduled; the next appears at 2026-12-01T09:00:00Z': articles dated in the
    future, left out until then (under 80 columns, a line of its own)."""
    return f"feedbuilder: {count(number, 'article')} scheduled; the next appears at {first}"


def said_scheduled(outcome: Outcome) -> list[str]:
    """The line on scheduled articles a build prints before its summary, if it left any out."""
    return [scheduled_line(outcome.scheduled, outcome.next_scheduled)] if outcome.scheduled else []


def nothing_to_do_lines(outcome: Outcome, started: float, *, quiet: bool) -> list[str]:
    """What a build whose files are already right prints: the last build's warnings and the summary."""
    if quiet:
        return []
    return [*map(str, outcome.problems), *said_scheduled(outcome), summary(outcome, time.perf_counter() - started)]
