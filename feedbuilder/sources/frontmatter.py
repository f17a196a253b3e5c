"""Split an article's text into front matter and body, and parse the former.

YAML front matter sits between ``---`` lines (Hugo, Jekyll); TOML between
``+++`` lines (Hugo).  The result keeps the line of every top-level key so
that a problem can name it.
"""

from __future__ import annotations

import dataclasses
import os
from typing import Any

import yaml

from feedbuilder.errors import Problem
from feedbuilder.sources import quickyaml
from feedbuilder.sources.chars import clean_text

# Aliases (*name) may repeat a value this many times over in all: "billion laughs"
# front matter (aliases of aliases) would otherwise expand to millions of values
# in anything that walks, prints or flattens them.
MAX_ALIASED_VALUES = 100_000
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Measuring only (benchmarks/README.md): FEEDBUILDER_MEASURE_WITHOUT=quickyaml reads every front matter with PyYAML.
_QUICK = "quickyaml" not in os.environ.get("FEEDBUILDER_MEASURE_WITHOUT", "").split(",")


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe YAML loading; a timestamp that is not a real date stays a string."""


def _timestamp_or_text(loader: Any, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError, AttributeError):  # AttributeError: '!!timestamp x' matches no pattern
        return loader.construct_scalar(node)


def _checked(kind: str) -> Any:
    """PyYAML's constructor for ``!!kind``, raising a YAML error with a line instead of crashing.

    Plain values can reach them too: ``0x_`` looks like an int to the resolver but is none.
    """
    construct = getattr(yaml.SafeLoader, f"construct_yaml_{kind}")

    def constructor(loader: Any, node: yaml.Node) -> object:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, TypeError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid {kind}", node.start_mark
            ) from None

    return constructor


class _RefusedTag(yaml.constructor.ConstructorError):
    """A tag such as ``!!python/object/apply:os.system``: refused before anything is built."""


def _refuse_tag(loader: Any, node: yaml.Node) -> object:
    raise _RefusedTag(None, None, repr(node.tag.replace("tag:yaml.org,2002:", "!!")), node.start_mark)


_Loader.add_constructor(None, _refuse_tag)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
for _kind in ("int", "float", "bool", "binary"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_kind}", _checked(_kind))


_CONSTRUCTORS = _Loader.yaml_constructors


@dataclasses.dataclass(frozen=True)
class Parsed:
    """Front matter as a mapping, the line of each key, and the body."""

    meta: dict[str, Any]
    lines: dict[str, int]
    body: str
    body_line: int  # line number of the body's first line in the file
    has_front_matter: bool
    removed_characters: bool = False  # a string held characters feeds may not contain (a "\\e" escape)


def load_yaml_mapping(text: str, *, path: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML that must be a mapping; return it, characters feeds may not contain removed
    from its strings without a word, and each key's line.  To tell the user, use
    :func:`parse_yaml_mapping` and :func:`clean_strings`.

    Raises :class:`FrontMatterError` with the line of the problem.
    """
    data, lines = parse_yaml_mapping(text, path=path, first_line=first_line)
    clean_strings(data)
    return data, lines


def parse_yaml_mapping(text: str, *, path: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse YAML that must be a mapping, strings as written; return it and each key's line.

    Raises :class:`FrontMatterError` with the line of the problem.
    """
    common = quickyaml.read_mapping(text, constructors=_CONSTRUCTORS, first_line=first_line) if _QUICK else None
    return common if common is not None else _load_with_pyyaml(text, path=path, first_line=first_line)


def _load_with_pyyaml(text: str, *, path: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """parse_yaml_mapping by PyYAML's loader (libyaml's when present): any YAML, every error with its line."""
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
        if "*" in text:  # without an alias (*name) no value is shared: nothing to count
            _check_aliases(node, path=path, first_line=first_line)
        _check_duplicate_keys(node, path=path, first_line=first_line)
        data = loader.construct_document(node)
    except _RefusedTag as exc:
        raise FrontMatterError(
            Problem(
                path=path,
                line=first_line + (exc.problem_mark.line if exc.problem_mark else 0),
                message=f"front matter may not use the tag {exc.problem}",
                hint="remove the tag: front matter holds text, numbers, dates, lists and mappings, never code",
            )
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark is not None else first_line
        what = (exc.problem or exc.context or "not valid YAML").strip()
        if mark and exc.problem and exc.context and exc.context_mark and exc.context_mark.line != mark.line:
            what += f" {exc.context.strip()} that starts on line {first_line + exc.context_mark.line}"
        raise FrontMatterError(
            Problem(
                path=path,
                line=line,
                message=f"front matter is not valid YAML: {what}",
                hint="check quotes and indentation; quote values that contain ': '",
            )
        ) from None
    except yaml.YAMLError as exc:  # a ReaderError (a character YAML refuses) has a position, not a mark
        position = getattr(exc, "position", None)
        if isinstance(position, int) and _BaseLoader is not yaml.SafeLoader:  # libyaml counts UTF-8 bytes
            position = len(text.encode()[:position].decode(errors="ignore"))
        line = first_line + (text[:position].count("\n") if isinstance(position, int) else 0)
        message = f"front matter is not valid YAML: {str(exc).splitlines()[0]}"
        raise FrontMatterError(Problem(path=path, line=line, message=message)) from None
    except RecursionError:  # the pure-Python loader recurses once per level; libyaml stops at 1000
        raise FrontMatterError(_too_deep(path, first_line)) from None
    finally:
        loader.dispose()
    lines = {}
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return {str(k): v for k, v in data.items()}, lines


def _check_duplicate_keys(root: yaml.MappingNode, *, path: str, first_line: int) -> None:
    """Refuse a key given twice in one mapping (YAML keeps the last without a word): both lines named.
    Each node is visited once, without recursion."""
    stack: list[yaml.Node] = [root]
    seen_nodes: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:  # an alias: the same node again
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, _ in node.value:
                if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                    continue
                line = first_line + key.start_mark.line
                earlier = first.get((key.tag, key.value))
                first.setdefault((key.tag, key.value), line)
                if earlier is not None:
                    raise FrontMatterError(
                        Problem(
                            path=path,
                            line=line,
                            field=str(key.value),
                            message=f"'{key.value}' is given twice, on lines {earlier} and {line}",
                            hint="keep one of them: YAML would silently use the last",
                        )
                    )
        stack.extend(_children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _expanded_size(root: yaml.Node) -> tuple[int | None, int]:
    """(values once every alias is expanded, or None if a value contains itself; distinct values).

    Each node is visited once, without recursion.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
        elif key in open_nodes:
            return None, len(sizes)
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
    return sizes[id(root)], len(sizes)


def _check_aliases(node: yaml.MappingNode, *, path: str, first_line: int) -> None:
    """Refuse aliases (*name) that contain themselves or repeat more than MAX_ALIASED_VALUES values."""

    def too_many(size: int | None, distinct: int) -> bool:
        return size is None or size > distinct + MAX_ALIASED_VALUES

    if not too_many(*_expanded_size(node)):
        return
    line, field, size = first_line, None, _expanded_size(node)[0]
    for key_node, value_node in node.value:
        size, distinct = _expanded_size(value_node)
        if too_many(size, distinct):
            line, field = first_line + key_node.start_mark.line, str(key_node.value)
            break
    if size is None:
        message = "an alias (*name) is used inside the value it names"
        hint = "an alias can only repeat a value that is complete before it"
    else:
        message = f"aliases (*name) expand to more than {MAX_ALIASED_VALUES:,} values"
        hint = "write the values out instead of repeating aliases of aliases"
    raise FrontMatterError(Problem(path=path, line=line, field=field, message=message, hint=hint))


def _too_deep(path: str, line: int) -> Problem:
    return Problem(
        path=path,
        line=line,
        message="front matter is nested too deeply",
        hint="front matter needs a few levels at most: title, tags: [a, b], author: {name: ...}",
    )


def clean_strings(data: dict[str, Any]) -> bool:
    """Remove characters that feeds may not contain from every string inside ``data``, in place.

    Returns whether any were removed.  Shared and self-containing values are
    visited once, without recursion.
    """
    removed = False
    seen: set[int] = set()
    stack: list[dict[Any, Any] | list[Any]] = [data]
    while stack:
        container = stack.pop()
        if id(container) in seen:
            continue
        seen.add(id(container))
        items = list(container.items()) if isinstance(container, dict) else list(enumerate(container))
        for key, value in items:
            if isinstance(value, str):
                cleaned, changed = clean_text(value)
                if changed:
                    container[key] = cleaned
                    removed = True
            elif isinstance(value, (dict, list)):
                stack.append(value)
    return removed


def _load_toml(text: str, *, path: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    import tomllib  # only Hugo's +++ front matter needs it

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise FrontMatterError(_too_deep(path, first_line)) from None
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

    ``text`` has already lost its BOM, its CRLF line endings and the characters feeds may not
    contain (chars.clean_text): strings its front matter writes out as they are need no cleaning,
    only those that escapes make (``"\\e"``).
    """
    first = text.split("\n", 1)[0].rstrip()
    if first not in ("---", "+++"):
        return Parsed({}, {}, text, 1, False)
    closers = ("---", "...") if first == "---" else ("+++",)
    closing = _closing_line(text, closers)
    if closing is None:
        raise FrontMatterError(
            Problem(
                path=path,
                line=1,
                message=f"front matter opened with '{first}' is never closed",
                hint=f"add a line '{closers[0]}' after the last front matter key",
            )
        )
    index, start, end = closing
    inner = text[text.index("\n") + 1 : start - 1] if index > 1 else ""
    common = (
        quickyaml.read_mapping(inner, constructors=_CONSTRUCTORS, first_line=2) if first == "---" and _QUICK else None
    )
    if common is not None:  # its values are pieces of ``text``, which holds no character feeds may not contain
        meta, key_lines = common
        removed = False
    else:
        loader = _load_with_pyyaml if first == "---" else _load_toml
        meta, key_lines = loader(inner, path=path, first_line=2)
        removed = clean_strings(meta)
    body = text[end + 1 :] if end >= 0 else ""
    return Parsed(meta, key_lines, body, index + 2, True, removed)


def _closing_line(text: str, closers: tuple[str, ...]) -> tuple[int, int, int] | None:
    """The first line after the first that is one of ``closers`` (ignoring spaces after it):
    its index (0 for the first line), where it starts and where its newline is (-1 if none).

    Only the lines up to it are looked at, not the whole body.
    """
    index, start = 1, text.find("\n") + 1
    while start:
        end = text.find("\n", start)
        if (text[start:end] if end >= 0 else text[start:]).rstrip() in closers:
            return index, start, end
        index, start = index + 1, end + 1
    return None
