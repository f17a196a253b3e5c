"""Generators' config files read as data, never run: YAML, TOML, JSON, and the plain values of JS and Python."""

from __future__ import annotations

import ast
import json
import pathlib
import re
import tomllib
from typing import Any

from feedbuilder.errors import shown_path


def read_yaml(path: pathlib.Path) -> tuple[dict[str, Any], list[str]]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {}, [f"{shown_path(path)}: cannot be read ({_first_line(exc)}); its settings are not used"]
    return (data if isinstance(data, dict) else {}), []


def read_toml(path: pathlib.Path) -> tuple[dict[str, Any], list[str]]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig")), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{shown_path(path)}: cannot be read ({_first_line(exc)}); its settings are not used"]


def read_json(path: pathlib.Path) -> tuple[dict[str, Any], list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return {}, [f"{shown_path(path)}: cannot be read ({_first_line(exc)}); its settings are not used"]
    return (data if isinstance(data, dict) else {}), []


def read_any(path: pathlib.Path) -> tuple[dict[str, Any], list[str]]:
    """A config file by its suffix: .toml, .yaml/.yml or .json."""
    if path.suffix == ".toml":
        return read_toml(path)
    if path.suffix == ".json":
        return read_json(path)
    return read_yaml(path)


def table(config: dict[str, Any], key: str) -> dict[str, Any]:
    """``config[key]`` when it is a table (a mapping), else an empty one."""
    value = config.get(key)
    return value if isinstance(value, dict) else {}


def python_assignments(path: pathlib.Path) -> tuple[dict[str, Any], list[str]]:
    """A Python settings file's plain top-level assignments (``NAME = literal``), never run; the
    names whose values are not plain literals are listed in the notes."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8-sig"), filename=str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as exc:
        return {}, [f"{shown_path(path)}: cannot be read ({_first_line(exc)}); its settings are not used"]
    found: dict[str, Any] = {}
    unread: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [t.id for t in targets if isinstance(t, ast.Name)]
            try:
                given = node.value
                value = (
                    found[given.id] if isinstance(given, ast.Name) and given.id in found else ast.literal_eval(given)
                )
            except ValueError:
                unread.extend(n for n in names if n.isupper())
                for name in names:
                    found.pop(name, None)
                continue
            found.update(dict.fromkeys(names, value))
    notes = [f"{shown_path(path)}: not plain values, not read: {', '.join(unread)}"] if unread else []
    return found, notes


def js_string(text: str, key: str) -> str | None:
    """The string a JS object key is given (``key: "value"`` or ``key = 'value'``), if written plainly."""
    found = re.search(rf"""(?<![\w$]){re.escape(key)}["']?\s*[:=]\s*(["'`])([^"'`\n]*)\1""", text)
    return found.group(2) if found else None


def js_strings(text: str, key: str) -> tuple[str, ...] | None:
    """The strings of ``key: ["a", "b"]`` or ``key: "a"`` in JS or JSON text."""
    found = re.search(rf"""(?<![\w$])["']?{re.escape(key)}["']?\s*:\s*(\[[^\]]*\]|(["'])[^"'\n]*\2)""", text)
    if not found:
        return None
    return tuple(item for _, item in re.findall(r"""(["'])([^"'\n]*)\1""", found.group(1)))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
