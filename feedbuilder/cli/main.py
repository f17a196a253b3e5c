"""The ``feedbuilder`` command's way in: a build with nothing to do is answered before the CLI loads.

A rebuild with nothing changed is one ``stat`` per file (lastbuild.py); loading click and the CLI
around it would cost about as much again (25 ms of 140 ms at 10,000 articles).  So ``main`` first
reads the command line itself, but only when it is a plain ``feedbuilder build`` with options this
module (with plain_build.py) reads exactly as the CLI does (``--config``, ``--articles``, ``--output``, ``--base-url``,
``--drafts``, ``--future``, ``--keep-going``, ``-q``/``--quiet``, each once); anything else (help,
``--check``, ``--no-cache``, ``--limit``, a repeated or unknown option) goes to the CLI untouched.  If
the last build's files are still right, it prints what the CLI would print and stops.  Otherwise the
CLI runs and takes the check already made (:class:`Prechecked`) instead of making it again.
tests/cli/test_main.py holds this reading of the command line equal to click's.
"""

from __future__ import annotations

import sys
import time

from feedbuilder.cli.plain_build import Prechecked, nothing_to_do_lines, plain_build


def main() -> None:
    """``feedbuilder``: a plain build with nothing to do answered here, everything else by the CLI."""
    started = time.perf_counter()
    prechecked = None
    args = plain_build(sys.argv[1:])
    if args is not None:
        from feedbuilder.errors import FeedbuilderError
        from feedbuilder.incremental import lastbuild
        from feedbuilder.site.clock import build_time

        try:
            now = build_time()
        except FeedbuilderError:
            now = None  # the CLI says what is wrong, as it says it of everything else
        if now is not None:
            found = lastbuild.check(args.config_path, settings=args.settings, now=now)
            if found.outcome is not None:
                for line in nothing_to_do_lines(found.outcome, started, quiet=args.quiet):
                    print(line, file=sys.stderr)
                return
            prechecked = Prechecked(args, now, found, started)
    from feedbuilder.cli import commands

    commands.main(prechecked)
