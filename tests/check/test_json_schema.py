"""JSON Feed 1.0 and 1.1 checked completely: on our own fixtures, the checker's verdict at the default level
(any error or none) is the verdict of a JSON Schema written from the JSON Feed 1.1 field list, and both are
the verdict each fixture's name states (valid-... or invalid-...)."""

from __future__ import annotations

import datetime
import json
import pathlib

import jsonschema
import pytest

from feedbuilder.check.checker import check_feed

FOLDER = pathlib.Path(__file__).parent.parent / "fixtures" / "jsonfeed"
SCHEMA = json.loads((FOLDER / "schema-1.1.json").read_text(encoding="utf-8"))
FIXTURES = sorted(path for path in FOLDER.glob("*.json") if path.name != "schema-1.1.json")
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def test_the_fixtures_cover_both_verdicts() -> None:
    names = [path.name for path in FIXTURES]
    assert sum(name.startswith("valid-") for name in names) >= 15
    assert sum(name.startswith("invalid-") for name in names) >= 40


@pytest.mark.parametrize("path", FIXTURES, ids=[path.stem for path in FIXTURES])
def test_checker_agrees_with_the_schema(path: pathlib.Path) -> None:
    data = path.read_bytes()
    validator = jsonschema.Draft202012Validator(SCHEMA)
    schema_says = [error.message for error in validator.iter_errors(json.loads(data))]
    errors = [str(p) for p in check_feed(data, path=path.name, now=NOW, strict=False) if p.is_error]
    expected_valid = path.name.startswith("valid-")
    assert (not schema_says) == expected_valid, schema_says
    assert (not errors) == expected_valid, errors
