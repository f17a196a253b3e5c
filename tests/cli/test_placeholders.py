"""No placeholder goes live: init's example values stop a build, each named; an id authority of another
domain than the url's is a warning before the first publication; init and new print the next command."""

from __future__ import annotations

import pathlib

import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def started(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """A folder after 'feedbuilder init'."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    code, _, err = run("init")
    assert code == 0
    assert err.splitlines()[-1].startswith("next: set title, url, id_authority, author and description")
    assert err.splitlines()[-1].endswith('then run: feedbuilder new "My first article"')
    return tmp_path


def edit(path: pathlib.Path, *changes: tuple[str, str]) -> None:
    text = path.read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text)


def test_a_build_right_after_init_names_every_example(started: pathlib.Path) -> None:
    """Title, url, description and author as init wrote them: one error each, nothing written (the id
    authority example.org is said once the url is another domain's)."""
    code, _, err = run("build")
    assert code == 1
    assert [line.split(" is the example")[0] for line in err.splitlines()] == [
        "feedbuilder.yaml:4: title: 'My Site'",
        "feedbuilder.yaml:5: url: 'https://example.org/'",
        "feedbuilder.yaml:6: description: 'News from My Site'",
        "feedbuilder.yaml:8: author: 'My Name'",
    ]
    assert not (started / "public").exists()


def test_the_url_changed_and_the_rest_left_stops_the_build(started: pathlib.Path) -> None:
    """The issue's case: url changed, id_authority, title and summary not; check says the same."""
    config = started / "feedbuilder.yaml"
    edit(config, ("https://example.org/", "https://lakeside.example.net/"))
    code, _, err = run("build")
    assert code == 1 and "url:" not in err
    assert (
        "feedbuilder.yaml:13: id_authority: 'example.org,2026' is the example 'feedbuilder init' wrote (set a "
        "domain you own and this year, e.g. yourdomain.org,2026: every article's id is made from it, and never "
        "changes once published)"
    ) in err.splitlines()
    assert run("check")[0] == 1
    edit(
        config,
        ("title: My Site", "title: Lakeside"),
        ("description: News from My Site", "description: News"),
        ("author: My Name ", "author: Jo Lake "),
        ("id_authority: example.org", "id_authority: lakeside.example.net"),
    )
    code, _, err = run("build")
    assert code == 1
    assert err.splitlines() == [
        "articles/hello-world.md:6: summary: is still the example feedbuilder wrote (write the article's own "
        "summary, or remove it)",
        "articles/hello-world.md:4: author: is still the example feedbuilder wrote (write the article's own "
        "author, or remove it)",
    ]
    edit(
        started / "articles" / "hello-world.md",
        ("author: My Name\n", ""),
        ("summary: One sentence that says what this article is about.", "summary: Our first story."),
    )
    code, _, err = run("build")
    assert code == 0, err


def test_new_prints_the_next_command(started: pathlib.Path) -> None:
    """The file on stdout (for scripts), what to do next on stderr; its example summary stops a build."""
    code, out, err = run("new", "Harbour reopens")
    assert (code, out) == (0, "articles/harbour-reopens.md\n")
    assert err == (
        "next: write it (and its summary), then run: feedbuilder serve --watch  (to preview), or feedbuilder build\n"
    )


def test_an_id_authority_of_another_domain_is_a_warning_until_published(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the first publication the warning says it is permanent; once ids are recorded, nothing."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    (tmp_path / "feedbuilder.yaml").write_text(
        "title: Lakeside\nurl: https://lakeside.example.net/\nid_authority: example.com,2026\n"
    )
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text("---\ntitle: A\ndate: 2026-05-01\n---\nText.\n")
    code, _, err = run("build")
    assert code == 0
    assert err.splitlines()[0] == (
        "feedbuilder.yaml: warning: id_authority: example.com is not the domain of url (lakeside.example.net); "
        "every article id is made from it, for ever (if you do not own example.com, set id_authority to "
        "lakeside.example.net,2026 before the first build you publish: once published it must never change)"
    )
    (tmp_path / "articles" / "b.md").write_text("---\ntitle: B\ndate: 2026-05-02\n---\nText.\n")
    code, _, err = run("build")
    assert code == 0 and "id_authority" not in err
