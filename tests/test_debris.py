"""A build that dies, however it dies, leaves no process and no temporary file behind."""

from __future__ import annotations

import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import generated_site

pytestmark = pytest.mark.skipif(not pathlib.Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")


def _group_members(group: int) -> list[int]:
    """Processes (not zombies) whose process group is ``group``."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A generated site large enough that its build forks reader workers (800 articles)."""
    return generated_site(tmp_path_factory.mktemp("big"), 800).parent


@pytest.mark.parametrize("moment", [0.4, 0.8, 1.2, 1.8])
def test_sigkill_leaves_no_worker(big_site: pathlib.Path, tmp_path: pathlib.Path, moment: float) -> None:
    """SIGKILL to the build (only the build, as the OOM killer sends it) at several moments: within a
    second no process of its group is left (forked workers used to block for ever on a pipe)."""
    site = tmp_path / "site"
    shutil.copytree(big_site, site)
    command = [sys.executable, "-m", "feedbuilder", "build", "--no-cache", "--quiet"]
    child = subprocess.Popen(
        command, cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    time.sleep(moment)
    finished = child.poll() is not None
    os.kill(child.pid, signal.SIGKILL) if not finished else None
    child.wait()
    deadline = time.monotonic() + 1.0
    while (left := _group_members(child.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:  # not to leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"processes of the killed build still running after a second (killed at {moment} s)"
    assert not list((site / "public").rglob("*.tmp")) or not finished
    ran = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120, check=False)
    assert ran.returncode == 0, ran.stderr
    assert list((site / "public").rglob("*.tmp")) == []  # the next build removes what the killed one left
