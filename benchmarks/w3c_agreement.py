"""How far `feedbuilder check` agrees with the W3C Feed Validation Service on the validator's own test suite.

The suite is not in this repository. Extract it from github.com/w3c/feedvalidator:

    mkdir -p /tmp/feedvalidator
    git --git-dir=REPO archive HEAD src testcases | tar x -C /tmp/feedvalidator

and run `python benchmarks/w3c_agreement.py [--suite /tmp/feedvalidator] [--level strict] [--misses]`
(the suite folder is also read from $FEEDBUILDER_W3C_SUITE).

Each test case carries the event the W3C validator must (`Expect: Name{element:x,parent:y}`) or must not
(`Expect: !Name`) report. The event's class in the validator's `feedvalidator/logging.py` (read as text with
`ast`, never run) says whether it is an error, a warning or neither. Only RSS (0.91, 0.92, 2.0) and Atom 1.0
cases count. A case is:

- an *error case* when an error must be reported: caught when we report an error on the element it names;
- a *warning case* when a warning must be reported: agreeing when we report a finding on the named element;
- a *valid case* otherwise (an event that is neither, or one that must not be reported) when the W3C
  validator itself reports no error on the file: failed when we report any error at the level checked.
  Those on which the W3C validator reports no warning either are *clean*: the last column counts the clean
  cases we give a warning (and no error).

Which cases the W3C validator finds errors in is asked of the validator itself, run from the suite's
`src/` by the Python at `SUITE/venv/bin/python` (the one `w3c-validate` makes; `--w3c-python` to choose
another). The core rows are the suite's `rss`, `rss20` and `atom` folders; `ext` (namespaces such as
iTunes, Media RSS, Dublin Core, threading) is its own row.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import datetime
import json
import os
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterator

from feedbuilder.check.checker import check_feed
from feedbuilder.errors import Problem

DEFAULT_SUITE = pathlib.Path("/tmp/feedvalidator")  # noqa: S108 (where the README extracts it)
SUITE_VARIABLE = "FEEDBUILDER_W3C_SUITE"
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
ROWS = ("RSS 2.0", "Atom 1.0", "RSS 2.0 extensions", "Atom 1.0 extensions")
FOLDERS = {"rss": "", "rss20": "", "atom": "", "ext": " extensions"}
_W3C_ERRORS = """
import json, sys
sys.path.insert(0, sys.argv[1])
import feedvalidator
from feedvalidator import compatibility
from feedvalidator.logging import Error, Warning
found = {}
for path in sys.argv[2:]:
    with open(path, "rb") as stream:
        events = feedvalidator.validateString(stream.read(), fallback="US-ASCII")["loggedEvents"]
    events = compatibility.AA(events)
    found[path] = [any(isinstance(event, kind) for event in events) for kind in (Error, Warning)]
print(json.dumps(found))
"""

_EXPECT = re.compile(rb"<!--\s*Description:\s*(.*?)\s*Expect:\s*(!?)(\w*)(?:{(.*?)})?\s*-->", re.S)
_COMMENTS = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", re.S)
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)([^>]*)>")
_ATOM_NS = re.compile(rb"""xmlns\s*=\s*["']http://www\.w3\.org/2005/Atom["']""")
_RSS_VERSION = re.compile(rb"""version\s*=\s*["'](2\.0|0\.91|0\.92)["']""")


@dataclasses.dataclass(frozen=True)
class Case:
    """One W3C test case: its file, format, what it expects, and of which kind that is."""

    path: pathlib.Path
    row: str
    event: str
    negated: bool
    params: dict[str, str]
    kind: str  # "error", "warning" or "valid"


def event_levels(logging_py: pathlib.Path) -> dict[str, str]:
    """Every event class of the W3C validator: 'error', 'warning' or 'other', from its base classes."""
    tree = ast.parse(logging_py.read_text(encoding="utf-8"))
    bases: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            bases[node.name] = [base.id for base in node.bases if isinstance(base, ast.Name)]

    def level(name: str, seen: frozenset[str] = frozenset()) -> str:
        if name in ("Error", "Warning"):
            return name.lower()
        for base in bases.get(name, []):
            if base not in seen:
                found = level(base, seen | {name})
                if found != "other":
                    return found
        return "other"

    return {name: level(name) for name in bases}


def sniff_format(data: bytes) -> str | None:
    """'RSS 2.0' (also 0.91 and 0.92), 'Atom 1.0' or None, from the root element."""
    root = _ROOT.search(_COMMENTS.sub(b"", data))
    if root is None:
        return None
    name = root.group(1).split(b":")[-1]
    if name == b"rss" and _RSS_VERSION.search(root.group(2)):
        return "RSS 2.0"
    if name == b"feed" and _ATOM_NS.search(root.group(2)):
        return "Atom 1.0"
    return None


def read_cases(suite: pathlib.Path) -> Iterator[Case]:
    levels = event_levels(suite / "src" / "feedvalidator" / "logging.py")
    for path in sorted((suite / "testcases").rglob("*.xml")):
        folder = path.relative_to(suite / "testcases").parts[0]
        if folder not in FOLDERS:
            continue
        data = path.read_bytes()
        expect, kind = _EXPECT.search(data), sniff_format(data)
        if expect is None or kind is None:
            continue
        negated, event = expect.group(2) == b"!", expect.group(3).decode()
        params = {}
        for entry in (expect.group(4) or b"").decode("utf-8", "replace").split(","):
            name, colon, value = entry.strip().partition(":")
            if colon:
                params[name] = value
        level = "other" if negated else levels.get(event, "other")
        yield Case(path, kind + FOLDERS[folder], event, negated, params, "valid" if level == "other" else level)


def w3c_events(suite: pathlib.Path, python: pathlib.Path, paths: list[pathlib.Path]) -> dict[str, list[bool]]:
    """For each file: does the W3C validator itself report [an error, a warning]?"""
    command = [str(python), "-c", _W3C_ERRORS, str(suite / "src"), *map(str, paths)]
    done = subprocess.run(command, capture_output=True, check=True, timeout=600)
    found: dict[str, list[bool]] = json.loads(done.stdout)
    return found


def on_element(problem: Problem, case: Case) -> bool:
    """Does the finding fall on the element (or attribute) the case names?"""
    element = case.params.get("element")
    if element is None:
        return True
    parts = [part.split("[")[0].lstrip("@") for part in (problem.field or "").split("/")]
    names = {name.lower() for part in parts if part for name in (part, part.split(":")[-1])}
    wanted = element.split(":")[-1].lower()
    if names & {wanted, element.lower(), element.replace(":", "_").lower()}:
        return True
    parent = case.params.get("parent", "").split(":")[-1].lower()
    return bool(parent) and bool(parts) and parts[-1].split(":")[-1].lower() == parent and wanted != parent


@dataclasses.dataclass
class Tally:
    errors: int = 0
    errors_caught: int = 0
    warnings: int = 0
    warnings_agreeing: int = 0
    valid: int = 0
    valid_failed: int = 0
    clean: int = 0
    clean_warned: int = 0
    misses: list[str] = dataclasses.field(default_factory=list)


def judge(case: Case, tally: Tally, *, strict: bool, w3c_warns: bool = False) -> None:
    problems = check_feed(case.path.read_bytes(), path=case.path.name, now=NOW, strict=strict)
    errors = [problem for problem in problems if problem.is_error]
    said = case.event + ("{" + ",".join(f"{k}:{v}" for k, v in case.params.items()) + "}" if case.params else "")
    if case.kind == "error":
        tally.errors += 1
        if any(on_element(problem, case) for problem in errors):
            tally.errors_caught += 1
        else:
            tally.misses.append(f"missed error {said}: {case.path} -> {[str(p) for p in problems][:3]}")
    elif case.kind == "warning":
        tally.warnings += 1
        if any(on_element(problem, case) for problem in problems):
            tally.warnings_agreeing += 1
        else:
            tally.misses.append(f"missed warning {said}: {case.path} -> {[str(p) for p in problems][:3]}")
    else:
        tally.valid += 1
        if not w3c_warns:
            tally.clean += 1
            tally.clean_warned += bool(problems) and not errors
        if errors:
            tally.valid_failed += 1
            tally.misses.append(f"valid failed ({'!' if case.negated else ''}{said}): {case.path} -> {errors[0]}")


def percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "0/0"


def table(tallies: dict[str, Tally], level: str) -> list[str]:
    lines = [
        f"W3C feedvalidator test suite, level: {level}",
        "| format | error cases caught on the named element | warning cases agreeing | valid cases given an error "
        "| W3C-clean cases (no W3C warning) given a warning |",
        "|---|---|---|---|---|",
    ]
    for name, tally in tallies.items():
        lines.append(
            f"| {name} | {percent(tally.errors_caught, tally.errors)} | "
            f"{percent(tally.warnings_agreeing, tally.warnings)} | {percent(tally.valid_failed, tally.valid)} | "
            f"{percent(tally.clean_warned, tally.clean)} |"
        )
    return lines


def agreement(suite: pathlib.Path, python: pathlib.Path, *, strict: bool = False) -> dict[str, Tally]:
    """The tallies per row for the suite extracted at `suite` (holding src/ and testcases/)."""
    tallies = {name: Tally() for name in ROWS}
    cases = list(read_cases(suite))
    events = w3c_events(suite, python, [case.path for case in cases if case.kind == "valid"])
    for case in cases:
        if case.kind != "valid":
            judge(case, tallies[case.row], strict=strict)
        elif not events[str(case.path)][0]:
            judge(case, tallies[case.row], strict=strict, w3c_warns=events[str(case.path)][1])
    return tallies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = pathlib.Path(os.environ.get(SUITE_VARIABLE, DEFAULT_SUITE))
    parser.add_argument("--suite", type=pathlib.Path, default=default, help="holds src/ and testcases/")
    parser.add_argument("--level", choices=("default", "strict"), default="default")
    parser.add_argument("--misses", action="store_true", help="list every case we disagree on")
    parser.add_argument("--w3c-python", type=pathlib.Path, help="a Python that can run the W3C validator")
    args = parser.parse_args(argv)
    python = args.w3c_python or args.suite / "venv" / "bin" / "python"
    if not (args.suite / "testcases").is_dir() or not (args.suite / "src" / "feedvalidator").is_dir():
        print(f"w3c_agreement: no suite at {args.suite} (see this script's docstring)", file=sys.stderr)
        return 2
    tallies = agreement(args.suite, python, strict=args.level == "strict")
    if args.misses:
        for tally in tallies.values():
            print("\n".join(tally.misses))
    print("\n".join(table(tallies, args.level)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
