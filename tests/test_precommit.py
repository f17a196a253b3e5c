"""The pre-commit hooks (.pre-commit-hooks.yaml) run the commands they name, as pre-commit would run them."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import yaml

from conftest import ROOT, SiteFolder

GOOD = "---\ntitle: Harbour reopens\ndate: 2026-04-01\n---\nBoats are back.\n"


def hooks() -> dict[str, dict[str, object]]:
    return {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}


def run_hook(hook: dict[str, object], cwd: object) -> subprocess.CompletedProcess[str]:
    """The hook's entry run the way pre-commit runs a `language: python` hook: the installed console script."""
    command = shlex.split(str(hook["entry"]))
    assert command[0] == "feedbuilder"
    full = [sys.executable, "-m", "feedbuilder", *command[1:]]
    return subprocess.run(full, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_hooks_are_declared_for_pre_commit() -> None:
    """Catches a hook pre-commit cannot use: a missing key, file names passed to a command that takes none."""
    declared = hooks()
    assert sorted(declared) == ["feedbuilder-build-check", "feedbuilder-check"]
    for hook in declared.values():
        assert {"id", "name", "entry", "language"} <= hook.keys()
        assert hook["language"] == "python" and hook["pass_filenames"] is False
    pattern = re.compile(str(declared["feedbuilder-check"]["files"]))
    assert [bool(pattern.search(p)) for p in ("feedbuilder.yaml", "site/posts/a.md", "x.png", "notes.txt")] == [
        True, True, False, True,
    ]  # fmt: skip


def test_build_check_hook_fails_until_the_feeds_are_built(folder: SiteFolder) -> None:
    """Catches a hook that passes while the committed feeds are stale, or fails once they are current."""
    folder.article("harbour.md", GOOD)
    hook = hooks()["feedbuilder-build-check"]
    stale = run_hook(hook, folder.root)
    assert stale.returncode == 1 and "public/rss.xml" in stale.stdout + stale.stderr
    subprocess.run([sys.executable, "-m", "feedbuilder", "build", "-q"], cwd=folder.root, check=True, timeout=120)
    assert run_hook(hook, folder.root).returncode == 0


def test_check_hook_fails_on_a_bad_article(folder: SiteFolder) -> None:
    """Catches a check hook that lets a broken article through."""
    folder.article("harbour.md", GOOD)
    hook = hooks()["feedbuilder-check"]
    assert run_hook(hook, folder.root).returncode == 0
    folder.article("bad.md", "---\ntitle: Bad\ndate: 2026-13-01\n---\nBody.\n")
    done = run_hook(hook, folder.root)
    assert done.returncode == 1 and "articles/bad.md:3: date:" in done.stdout + done.stderr
