"""The code stays as clean as pyproject.toml says: ruff and mypy (strict) pass."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "ruff", "check", "."], [sys.executable, "-m", "mypy"]],
    ids=["ruff", "mypy"],
)
def test_linters_are_clean(command: list[str]) -> None:
    """A lint or type error anywhere fails the tests, so main stays clean."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
