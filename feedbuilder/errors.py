"""Problems found in articles, config and feeds, and the one exception type.

Every problem is reported in one line of the form::

    articles/hello.md:3: date: '2024-13-01' is not a date (write 2024-12-01)

where, what, the bad value, and how to fix it.  A run collects every problem
it finds (a :class:`Report`) and only then decides whether to fail.
"""

from __future__ import annotations

import dataclasses
import enum
import pathlib
from collections.abc import Iterable, Iterator


class Level(enum.Enum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with one file, ready to print as a single line."""

    path: str
    message: str
    line: int | None = None
    field: str | None = None
    hint: str | None = None
    level: Level = Level.ERROR
    code: str | None = None  # the feed checker's rule, e.g. 'rss-guid-missing'

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f" {self.field}:" if self.field else ""
        warning = " warning:" if self.level is Level.WARNING else ""
        hint = f" ({self.hint})" if self.hint else ""
        code = f" [{self.code}]" if self.code else ""
        return f"{where}:{warning}{field} {self.message}{hint}{code}"

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


class Report:
    """Problems collected during a run, in the order they were found."""

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        self._problems: list[Problem] = list(problems)

    def add(self, problem: Problem) -> None:
        self._problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    def error(self, path: str, message: str, **where: object) -> None:
        self.add(Problem(path=path, message=message, level=Level.ERROR, **where))  # type: ignore[arg-type]

    def warn(self, path: str, message: str, **where: object) -> None:
        self.add(Problem(path=path, message=message, level=Level.WARNING, **where))  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self._problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self._problems if not p.is_error]

    def errors_in(self, path: str) -> list[Problem]:
        return [p for p in self._problems if p.is_error and p.path == path]


class FeedbuilderError(Exception):
    """A problem with the user's input: printed without a traceback, exit 1."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ConfigError(FeedbuilderError):
    """feedbuilder.yaml is missing, unreadable or holds a bad value."""


class ArticleError(FeedbuilderError):
    """One or more articles could not be read; nothing was written."""


class OutputError(FeedbuilderError):
    """A feed file could not be written; the previous files are untouched."""


def shown_path(path: pathlib.Path) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(pathlib.Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def encode_problem(problem: Problem) -> list[object]:
    """A problem as JSON values, for the records in .feedbuilder/."""
    return [problem.path, problem.message, problem.line, problem.field, problem.hint, problem.level.value]


def decode_problem(value: object) -> Problem:
    """The problem :func:`encode_problem` made; TypeError or ValueError for anything else."""
    if not isinstance(value, list) or len(value) != 6:
        raise TypeError("a problem is a list of six values")
    path, message, line, field, hint, level = value
    texts = [path, message, *(v for v in (field, hint) if v is not None)]
    if not (all(isinstance(t, str) for t in texts) and (line is None or type(line) is int)):
        raise TypeError("a problem of the wrong types")
    return Problem(path=path, message=message, line=line, field=field, hint=hint, level=Level(level))


def unusable_record(shown: str, what: str) -> Problem:
    """The warning for a file in .feedbuilder/ that is damaged or not ours: it is ignored and rebuilt."""
    return Problem(
        path=shown,
        level=Level.WARNING,
        message=f"{what}; ignored and rebuilt",
        hint="nothing to do; delete .feedbuilder/ if this repeats",
    )
