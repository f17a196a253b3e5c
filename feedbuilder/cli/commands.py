"""The command line: a thin layer over build.py and friends.

Exit codes: 0 success, 1 problems with articles, config or output, 2 usage.
Only :class:`FeedbuilderError` is caught; anything else is a bug and shows
its traceback.
"""

from __future__ import annotations

import datetime
import os
import pathlib
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

import click

from feedbuilder.cli.plain_build import (
    BuildArgs,
    Prechecked,
    build_settings,
    count,
    nothing_to_do_lines,
    said_scheduled,
    summary,
)
from feedbuilder.errors import FeedbuilderError, Problem, shown_path
from feedbuilder.version import __version__

T = TypeVar("T")

if TYPE_CHECKING:
    from feedbuilder.build import Result
    from feedbuilder.incremental.lastbuild import Outcome
    from feedbuilder.model import Progress, Site
    from feedbuilder.output import Written

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _print_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="feedbuilder")
def cli() -> None:
    """Turn a folder of articles into RSS 2.0, Atom 1.0 and JSON Feed files."""


config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=pathlib.Path, dir_okay=False),
    default="feedbuilder.yaml",
    show_default=True,
    help="The site's config file.",
)


@cli.command()
@config_option
@click.option(
    "--articles",
    type=click.Path(path_type=pathlib.Path, file_okay=False),
    help="Folder of articles (overrides 'articles').",
)
@click.option(
    "--output",
    type=click.Path(path_type=pathlib.Path, file_okay=False),
    help="Folder for the feeds (overrides 'output').",
)
@click.option("--base-url", help="The site's URL (overrides 'url' and 'feed_url').")
@click.option("--limit", type=click.IntRange(min=1), help="Items per feed (overrides 'limit').")
@click.option("--drafts", is_flag=True, help="Include drafts (for previews).")
@click.option("--future", is_flag=True, help="Include articles dated in the future (for previews).")
@click.option("--keep-going", is_flag=True, help="Leave bad articles out (still listed, exit 1) and write the rest.")
@click.option("--no-cache", is_flag=True, help="Render every body afresh, ignoring .feedbuilder/.")
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 listing the files a build would change."
)
@click.option("-q", "--quiet", is_flag=True, help="No summary line and no warnings; errors are still printed.")
def build(
    config_path: pathlib.Path,
    articles: pathlib.Path | None,
    output: pathlib.Path | None,
    base_url: str | None,
    limit: int | None,
    drafts: bool,
    future: bool,
    keep_going: bool,
    no_cache: bool,
    check_only: bool,
    quiet: bool,
) -> None:
    """Read the articles and write the feeds (only files whose bytes changed)."""
    from feedbuilder.incremental import lastbuild
    from feedbuilder.site.clock import build_time

    started = time.perf_counter()
    try:
        now = build_time()
        last = None
        if not no_cache:
            settings = build_settings(
                articles=articles,
                output=output,
                base_url=base_url,
                limit=limit,
                drafts=drafts,
                future=future,
                keep_going=keep_going,
            )
            pre = click.get_current_context().obj
            if isinstance(pre, Prechecked) and pre.args == BuildArgs(config_path, settings, quiet):
                started, now, last = pre.started, pre.now, pre.check  # made before the CLI loaded (main.py)
            else:
                last = lastbuild.check(config_path, settings=settings, now=now)
            if last.outcome is not None:
                _nothing_to_do(last.outcome, started, check_only=check_only, quiet=quiet)
                return
        from feedbuilder.config import Overrides, load_site

        site = load_site(config_path, Overrides(articles=articles, output=output, base_url=base_url, limit=limit))
        _before_building(site, quiet=quiet)
        if last is not None:
            last.attach(site)
            _print_problems(() if quiet else last.problems)
        import feedbuilder.build as pipeline

        options = pipeline.Options(
            now=now,
            drafts=drafts,
            future=future,
            keep_going=keep_going,
            cache=not no_cache,
            progress=None if quiet else _progress_bar(),
            listing=last.inputs if last is not None else None,
        )
        result = pipeline.build(site, options)
        if check_only:
            _report_pending(
                pipeline.pending_changes(site, result), pipeline.pending_removals(site, result), quiet=quiet
            )
        written = pipeline.write(site, result)
        outcome = _outcome(result, written)
        outputs, span, repeatable = pipeline.written_paths(site, result), result.span, result.repeatable
        del result  # the files' bytes are written (30 MB at 100,000 articles): not held while the build is recorded
        if last is not None:
            # another generator's config is not among what the record checks: such a site builds in full
            repeatable = repeatable and not (site.generator is not None and site.generator.config_file)
            lastbuild.remember(last, outcome=outcome, outputs=outputs, span=span, repeatable=repeatable)
    except FeedbuilderError as exc:
        _print_problems(p for p in exc.problems if p.is_error or not quiet)
        sys.exit(1)
    _print_problems(p for p in outcome.problems if p.is_error or not quiet)
    if not quiet:
        for line in [*said_scheduled(outcome), summary(outcome, time.perf_counter() - started)]:
            click.echo(line, err=True)
    if any(p.is_error for p in outcome.problems):
        sys.exit(1)


def _before_building(site: Site, *, quiet: bool) -> None:
    """init's example values stop the build (a warning about the id authority is printed); the site's
    generator, when a config file of its says which, is named."""
    from feedbuilder.cli.scaffold import placeholders

    found = placeholders(site)
    if any(p.is_error for p in found):
        raise FeedbuilderError(found)
    _print_problems(() if quiet else found)
    if site.generator is not None and site.generator.config_file and not quiet:
        from feedbuilder.sources.generators.detect import described

        for line in described(site):
            click.echo(line, err=True)


def _nothing_to_do(outcome: Outcome, started: float, *, check_only: bool, quiet: bool) -> None:
    """The last build's files are exactly what this one would write: say so as a build would."""
    lines = nothing_to_do_lines(outcome, started, quiet=quiet)
    for line in lines[:-1]:
        click.echo(line, err=True)
    if check_only:
        _report_pending([], [], quiet=quiet)
    for line in lines[-1:]:
        click.echo(line, err=True)


def _outcome(result: Result, written: Written) -> Outcome:
    from feedbuilder.incremental.lastbuild import Outcome
    from feedbuilder.sources.dates import rfc3339

    return Outcome(
        articles=result.articles,
        feeds=len(result.feeds),
        site_items=tuple(result.items.values()),
        files=len(written.changed) + len(written.unchanged),
        problems=tuple(result.report),
        written=len(written.changed),
        scheduled=result.scheduled[0],
        next_scheduled=rfc3339(result.scheduled[1]) if result.scheduled[1] else None,
    )


@cli.command()
@config_option
@click.option(
    "--strict",
    "--best-practice",
    "strict",
    is_flag=True,
    help="Also feedbuilder's own stricter rules (self link, guids, absolute http(s) URLs, ...); warnings fail too.",
)
@click.argument("feeds", nargs=-1, metavar="[FEED|URL]...")
def check(config_path: pathlib.Path, strict: bool, feeds: tuple[str, ...]) -> None:
    """Report every problem, write nothing.

    Without FEEDS: the config and every article, and the feeds they would
    make. With FEEDS (files, or http(s) URLs): judge those feeds (ours or
    anyone's) against RSS 2.0, Atom 1.0 and JSON Feed 1.0/1.1, as the W3C
    Feed Validation Service does; each finding names its rule code.
    """
    from feedbuilder.site.clock import build_time

    notes: list[str] = []
    try:
        if feeds:
            from feedbuilder.check.checker import check_files  # only the checker: no build pipeline

            problems = check_files(feeds, now=build_time(), strict=strict)
        else:
            from feedbuilder.cli.check_site import check_site

            problems, notes = check_site(config_path, now=build_time(), progress=_progress_bar())
    except FeedbuilderError as exc:
        problems = exc.problems
    _print_problems(problems)
    for note in notes:
        click.echo(note, err=True)
    failed = [p for p in problems if p.is_error or strict]
    if not failed:
        click.echo(
            f"feedbuilder: no problems ({len(problems)} warnings)" if problems else "feedbuilder: no problems", err=True
        )
    sys.exit(1 if failed else 0)


@cli.command()
@config_option
@click.argument("article", type=click.Path(path_type=pathlib.Path, dir_okay=False))
def explain(config_path: pathlib.Path, article: pathlib.Path) -> None:
    """Show every field of ARTICLE as the feeds carry it, and where each came from."""
    import feedbuilder.build as pipeline
    from feedbuilder.cli.explain import explain as describe
    from feedbuilder.config import load_site
    from feedbuilder.site.clock import build_time

    try:
        lines = describe(load_site(config_path), article, pipeline.Options(now=build_time()))
    except FeedbuilderError as exc:
        _print_problems(exc.problems)
        sys.exit(1)
    click.echo("\n".join(lines))


@cli.command()
@config_option
@click.argument("feeds", nargs=-1, required=True)
def adopt(config_path: pathlib.Path, feeds: tuple[str, ...]) -> None:
    """Keep the ids and dates of the feeds the site publishes today (files or URLs) in feedbuilder.ids.

    Each item is matched to its article by its link, else by its title and
    day; the items that match none are listed.
    """
    from feedbuilder.cli.adopt import adopt as adopt_feeds
    from feedbuilder.config import load_site
    from feedbuilder.output import write_files
    from feedbuilder.site.clock import build_time

    try:
        site = load_site(config_path)
        done = adopt_feeds(site, feeds, now=build_time())
        if any(p.is_error for p in done.problems):
            raise FeedbuilderError(done.problems)
        path = pipeline_record_path(site)
        write_files({path.name: done.record}, path.parent)
    except FeedbuilderError as exc:
        _print_problems(exc.problems)
        sys.exit(1)
    _print_problems(done.problems)
    click.echo(
        f"feedbuilder: {done.matched} of {done.items} items matched to articles; their ids and dates are in "
        f"{shown_path(path)}",
        err=True,
    )


def pipeline_record_path(site: Site) -> pathlib.Path:
    """Where the site's id record is (a site always has one when it has a config of any kind)."""
    import feedbuilder.build as pipeline

    path = pipeline.record_path(site)
    if path is None:
        raise FeedbuilderError(
            Problem(path="feedbuilder.yaml", message="no config file here", hint="run 'feedbuilder init'")
        )
    return path


@cli.command()
def init() -> None:
    """Write a commented feedbuilder.yaml and an example article here (never overwrites)."""
    from feedbuilder.cli import scaffold

    try:
        for path in scaffold.init(pathlib.Path.cwd(), today=datetime.date.today()):
            click.echo(f"wrote {path}", err=True)
    except FeedbuilderError as exc:
        _print_problems(exc.problems)
        sys.exit(1)
    click.echo(scaffold.AFTER_INIT, err=True)


@cli.command()
@config_option
@click.argument("title")
def new(config_path: pathlib.Path, title: str) -> None:
    """Start an article: a Markdown file with front matter, named after TITLE."""
    from feedbuilder.cli import scaffold

    try:
        path = scaffold.new_article(config_path, title)
    except FeedbuilderError as exc:
        _print_problems(exc.problems)
        sys.exit(1)
    click.echo(str(path))
    click.echo(scaffold.AFTER_NEW, err=True)


@cli.command()
@config_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="0: any free port.")
@click.option("--bind", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--watch", is_flag=True, help="Rebuild when an article or the config changes.")
@click.option("--drafts", is_flag=True, help="Include drafts.")
@click.option("--future", is_flag=True, help="Include articles dated in the future.")
def serve(config_path: pathlib.Path, port: int, bind: str, watch: bool, drafts: bool, future: bool) -> None:
    """Build the feeds for this server's own address and serve them, to preview in a reader.

    The feed URLs go to stdout; Ctrl-C stops. The output folder is left alone.
    """
    from feedbuilder.serve.server import run

    try:
        code = run(config_path, host=bind, port=port, watch=watch, drafts=drafts, future=future)
    except FeedbuilderError as exc:
        _print_problems(exc.problems)
        sys.exit(1)
    sys.exit(code)


def _progress_bar() -> Progress | None:
    """A progress bar on stderr for a long step: only on a terminal, never in CI logs, and only once the
    step has taken more than half a second."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def wrap(items: Iterator[T], total: int, what: str) -> Iterator[T]:
        from tqdm import tqdm

        unit = " files" if what in ("checking", "feeds") else " articles"
        return iter(tqdm(items, total=total, desc=what, unit=unit, leave=False, file=sys.stderr, delay=0.5))

    return wrap


def _report_pending(changed: list[str], removed: list[str], *, quiet: bool) -> None:
    """``build --check``: list what would change or be removed and stop before writing."""
    for name in changed:
        click.echo(f"{name}: would change", err=True)
    for name in removed:
        click.echo(f"{name}: would be removed (no longer made)", err=True)
    if not quiet:
        gone = f", {count(len(removed), 'file')} would be removed" if removed else ""
        click.echo(f"feedbuilder: {count(len(changed), 'file')} would change{gone}", err=True)
    sys.exit(1 if changed or removed else 0)


def main(prechecked: Prechecked | None = None) -> None:
    """The CLI; ``prechecked``: the last build's check, if entry.main made it already for this command line."""
    cli(prog_name="feedbuilder", obj=prechecked)
