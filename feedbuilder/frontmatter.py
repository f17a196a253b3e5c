"""Split an article's text into front matter and body, and parse the former.

YAML front matter sits between ``---`` lines (Hugo, Jekyll); TOML between
``+++`` lines (Hugo).  The result keeps the line of every top-level key so
that a problem can name it.
"""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

import yaml

from feedbuilder.errors import Problem

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML loading; a timestamp that is not a real date stays a string."""


def _timestamp_or_text(loader: Any, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclasses.dataclass(frozen=True)
class Parsed:
    """Front matter as a mapping, the line of each key, and the body."""

    meta: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int  # line number of the body's first line in the file
    has_front_matter: bool


def load_yaml_mapping(text: str, *, path: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML that must be a mapping; return it and each key's line.

    Raises :class:`FrontMatterError` with the line of the problem.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                Problem(
                    path=path,
                    line=first_line + node.start_mark.line,
                    message="front matter is not a list of 'key: value' lines",
                    hint="write one 'key: value' per line, e.g. 'title: Hello'",
                )
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        what = (exc.problem or exc.context or "not valid YAML").strip()
        raise FrontMatterError(
            Problem(
                path=path,
                line=line,
                message=f"front matter is not valid YAML: {what}",
                hint="check quotes and indentation; quote values that contain ': '",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(
            Problem(path=path, line=first_line, message=f"front matter is not valid YAML: {exc}")
        ) from None
    finally:
        loader.dispose()
    lines = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return {str(k): v for k, v in data.items()}, lines


def _load_toml(text: str, *, path: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = first_line + getattr(exc, "lineno", 1) - 1
        raise FrontMatterError(
            Problem(
                path=path,
                line=line,
                message=f"front matter is not valid TOML: {str(exc).split(' (at')[0]}",
                hint='strings need quotes in TOML: title = "Hello"',
            )
        ) from None
    lines: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=first_line):
        key = raw.split("=", 1)[0].strip().strip('"')
        if "=" in raw and key in data and key not in lines:
            lines[key] = number
    return data, lines


class FrontMatterError(Exception):
    """Front matter that cannot be parsed; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def split(text: str, *, path: str) -> Parsed:
    """Separate front matter from the body and parse it.

    ``text`` has already lost its BOM and CRLF line endings.
    """
    first = text.split("\n", 1)[0].rstrip()
    if first not in ("---", "+++"):
        return Parsed({}, {}, text, 1, False)
    closers = ("---", "...") if first == "---" else ("+++",)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            break
    else:
        raise FrontMatterError(
            Problem(
                path=path,
                line=1,
                message=f"front matter opened with '{first}' is never closed",
                hint=f"add a line '{closers[0]}' after the last front matter key",
            )
        )
    inner = "\n".join(lines[1:index])
    loader = load_yaml_mapping if first == "---" else _load_toml
    meta, key_lines = loader(inner, path=path, first_line=2)
    body = "\n".join(lines[index + 1 :])
    return Parsed(meta, key_lines, body, index + 2, True)
