"""``feedbuilder adopt``: the ids and dates of a site's published feed kept, item by item, for its articles."""

from __future__ import annotations

import functools
import http.server
import pathlib
import shutil
import threading

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli

from conftest import ROOT, run_build

OLD_FEED = """\
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Lang Blog</title>
  <id>https://blog.lang.example/</id>
  <updated>2022-04-07T00:00:00+00:00</updated>
  <entry>
    <title>Announcing Lang 1.60.0</title>
    <link rel="alternate" href="https://blog.lang.example/2022/04/07/Lang-1.60.0.html"/>
    <id>https://blog.lang.example/2022/04/07/Lang-1.60.0.html</id>
    <published>2022-04-07T15:00:00+00:00</published>
    <updated>2022-04-08T10:00:00+00:00</updated>
  </entry>
  <entry>
    <title>Lang 1.0:  Scheduling the trains</title>
    <link rel="alternate" href="http://old-host.example/timeline/"/>
    <id>tag:old-host.example,2014:timeline</id>
    <published>2014-12-12T00:00:00+00:00</published>
    <updated>2014-12-12T00:00:00+00:00</updated>
  </entry>
  <entry>
    <title>A post that was deleted</title>
    <link rel="alternate" href="https://blog.lang.example/2010/01/01/gone.html"/>
    <id>https://blog.lang.example/2010/01/01/gone.html</id>
    <updated>2010-01-01T00:00:00+00:00</updated>
  </entry>
</feed>
"""


@pytest.fixture
def zola_site(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    root = tmp_path / "zola"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sites" / "zola", root)
    monkeypatch.chdir(root)
    (root / "old-feed.xml").write_text(OLD_FEED, encoding="utf-8")
    return root


def ids_after_a_build(root: pathlib.Path) -> dict[str, str]:
    assert run_build().exit_code == 0
    return {e.link: e.id for e in feedparser.parse((root / "feeds" / "atom.xml").read_bytes()).entries}


def test_adopted_ids_are_what_the_next_build_publishes(zola_site: pathlib.Path) -> None:
    result = CliRunner().invoke(cli, ["adopt", "old-feed.xml"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "content/releases/Lang-1.60.0.md: warning: date: old-feed.xml published it at 2022-04-07T15:00:00Z, "
        "the article now gives 2022-04-07T00:00:00Z (add 'date: 2022-04-07T15:00:00Z' to its front matter to "
        "keep the time subscribers have)",
        "old-feed.xml: warning: item 'A post that was deleted' <https://blog.lang.example/2010/01/01/gone.html> "
        "matches no article (by link, nor by title and day) (give the article 'id:' in its front matter if it "
        "is still published)",
        "feedbuilder: 2 of 3 items matched to articles; their ids and dates are in feedbuilder.ids",
    ]
    ids = ids_after_a_build(zola_site)
    # by link (.html then, pretty addresses now), and by title and day (another host and path then)
    assert ids["https://blog.lang.example/2022/04/07/Lang-1.60.0/"] == (
        "https://blog.lang.example/2022/04/07/Lang-1.60.0.html"
    )
    assert ids["https://blog.lang.example/2014/12/12/1.0-Timeline/"] == "tag:old-host.example,2014:timeline"
    assert ids["https://blog.lang.example/inside-team/roadmap/"] == "https://blog.lang.example/inside-team/roadmap/"


def test_a_feed_over_http(zola_site: pathlib.Path) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(zola_site))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/old-feed.xml"
        result = CliRunner().invoke(cli, ["adopt", url])
    finally:
        server.shutdown()
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("feedbuilder: 2 of 3 items matched")
    assert ids_after_a_build(zola_site)["https://blog.lang.example/2014/12/12/1.0-Timeline/"] == (
        "tag:old-host.example,2014:timeline"
    )


def test_a_feed_that_cannot_be_read_is_one_line(zola_site: pathlib.Path) -> None:
    result = CliRunner().invoke(cli, ["adopt", "missing.xml"])
    assert result.exit_code == 1
    assert result.stderr == "missing.xml: cannot be read: No such file or directory\n"
    assert not (zola_site / "feedbuilder.ids").exists()
