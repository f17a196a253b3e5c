"""Agreement with the W3C Feed Validation Service on its own test suite (benchmarks/w3c_agreement.py).

Runs when the suite is extracted at $FEEDBUILDER_W3C_SUITE (default /tmp/feedvalidator, holding src/ and
testcases/) with a Python that runs the validator at SUITE/venv/bin/python (what ../shared/tools/w3c-validate
makes); skipped otherwise. The thresholds are the issue's: on the RSS 2.0 and Atom 1.0 cases, at least 95 %
of error cases caught on the named element, no valid case given an error, at least 90 % of warning cases
agreeing.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SUITE = pathlib.Path(os.environ.get("FEEDBUILDER_W3C_SUITE", "/tmp/feedvalidator"))
PYTHON = SUITE / "venv" / "bin" / "python"

needs_suite = pytest.mark.skipif(
    not (SUITE / "testcases").is_dir() or not (SUITE / "src" / "feedvalidator").is_dir() or not PYTHON.exists(),
    reason=f"the W3C feedvalidator suite is not at {SUITE} (see benchmarks/w3c_agreement.py)",
)


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("w3c_agreement", ROOT / "benchmarks" / "w3c_agreement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["w3c_agreement"] = module
    spec.loader.exec_module(module)
    return module


@needs_suite
def test_default_level_agrees_with_the_w3c_validator() -> None:
    tallies = _script().agreement(SUITE, PYTHON, strict=False)
    for row in ("RSS 2.0", "Atom 1.0"):
        tally = tallies[row]
        assert tally.errors > 150 and tally.valid > 150 and tally.warnings > 100, row  # the suite was read
        assert tally.errors_caught >= 0.95 * tally.errors, (row, tally.misses)
        assert tally.valid_failed == 0, (row, tally.misses)
        assert tally.warnings_agreeing >= 0.90 * tally.warnings, (row, tally.misses)


@needs_suite
def test_strict_level_still_catches_every_error() -> None:
    """--strict adds findings; it never loses one."""
    script = _script()
    default, strict = script.agreement(SUITE, PYTHON, strict=False), script.agreement(SUITE, PYTHON, strict=True)
    for row in ("RSS 2.0", "Atom 1.0"):
        assert strict[row].errors_caught >= default[row].errors_caught


def test_the_script_reads_labels_levels_and_elements(tmp_path: pathlib.Path) -> None:
    """Without the suite: how the script reads an event's level, a case's label and format, and the element."""
    script = _script()
    logging_py = tmp_path / "logging.py"
    logging_py.write_text(
        "class Message: pass\nclass Error(Message): pass\nclass Warning(Message): pass\n"
        "class InvalidValue(Error): pass\nclass InvalidContact(InvalidValue): pass\n"
        "class NotBlank(Warning): pass\nclass ValidURI(Message): pass\n"
    )
    levels = script.event_levels(logging_py)
    assert (levels["InvalidContact"], levels["NotBlank"], levels["ValidURI"]) == ("error", "warning", "other")
    assert script.sniff_format(b"<!-- x --><?xml-stylesheet href='a'?><rss version='0.92'>") == "RSS 2.0"
    assert script.sniff_format(b"<feed xmlns='http://www.w3.org/2005/Atom'>") == "Atom 1.0"
    assert script.sniff_format(b"<rdf:RDF>") is None
    from feedbuilder.errors import Problem

    case = script.Case(
        tmp_path, "RSS 2.0", "InvalidContact", False, {"parent": "channel", "element": "webMaster"}, "error"
    )
    assert script.on_element(Problem(path="x", message="m", field="channel/webMaster"), case)
    assert not script.on_element(Problem(path="x", message="m", field="channel/managingEditor"), case)
    assert script.main(["--suite", str(tmp_path)]) == 2  # no suite there
