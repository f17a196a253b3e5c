"""Each generator's rules one at a time: its config read (never run), its dates, slugs and globs."""

from __future__ import annotations

import datetime
import functools
import pathlib
import subprocess
import textwrap

import pytest

from feedbuilder.errors import Report
from feedbuilder.site import gitdates
from feedbuilder.sources import dates
from feedbuilder.sources.generators import astro, hugo, jekyll, matches, path_date, pelican, zola
from feedbuilder.sources.generators.detect import detect
from feedbuilder.sources.generators.reading import python_assignments
from feedbuilder.sources.values import BadValue

UTC = datetime.UTC
LA = datetime.timezone(datetime.timedelta(hours=-8))


@pytest.mark.parametrize(
    ("written", "instant"),
    [
        ("2023-01-29 18:30:22 2023 -0800", datetime.datetime(2023, 1, 29, 18, 30, 22, tzinfo=LA)),  # Ruby Time.parse
        ("2023-01-29 18:30:22 -0800", datetime.datetime(2023, 1, 29, 18, 30, 22, tzinfo=LA)),
        ("2006-01-02 15:04:05 -0700 MST", datetime.datetime(2006, 1, 2, 22, 4, 5, tzinfo=UTC)),  # Go layouts
        ("2006-01-02 15:04:05Z", datetime.datetime(2006, 1, 2, 15, 4, 5, tzinfo=UTC)),
        ("2006-01-02 15:04:05 -07:00", datetime.datetime(2006, 1, 2, 22, 4, 5, tzinfo=UTC)),
        ("2024-3-5 9:07", datetime.datetime(2024, 3, 5, 9, 7, tzinfo=UTC)),
    ],
)
def test_dates_other_generators_read(written: str, instant: datetime.datetime) -> None:
    assert dates.parse_loose(written, tz=UTC)[0] == instant


def test_a_date_that_is_none_stays_an_error() -> None:
    with pytest.raises(BadValue):
        dates.parse_loose("2023-02-30 10:00:00 -0800", tz=UTC)
    with pytest.raises(BadValue):
        dates.parse_loose("soon", tz=UTC)


def test_date_in_an_address_or_path() -> None:
    assert path_date("/2014/12/12/1.0-Timeline") == datetime.date(2014, 12, 12)
    assert path_date(None, "posts/2021/02/28/x.md") == datetime.date(2021, 2, 28)
    assert path_date("/2021/02/30/x/") is None  # no such day
    assert path_date("/v2014/12/12x/") is None


def test_slugs_keep_what_each_generator_keeps() -> None:
    assert jekyll.slugify("sass-3.0-in-Javascript", pretty=True) == "sass-3.0-in-Javascript"  # :title
    assert jekyll.slugify("sass-3.0-in-Javascript") == "sass-3-0-in-javascript"  # :slug
    assert jekyll.slugify("Ünïcode & more!", pretty=True) == "Ünïcode-&-more!"
    assert hugo.sanitize("v1.0-trio") == "v1.0-trio"
    assert hugo.sanitize("My Slug!") == "my-slug"
    assert hugo.sanitize("Café Crème", cased=True) == "Café-Crème"
    assert zola.slugify("Lang_1.60.0") == "lang-1-60-0"
    assert zola.slugify("Lang 1.60.0", "safe") == "Lang 1.60.0"
    assert zola.slugify("Crème brûlée") == "creme-brulee"
    assert zola.slugify("東京 日記") == "東京-日記"  # not empty: Zola would write 'dong-jing-ri-ji'
    assert pelican.slugify("Hello, World! v2.0") == "hello-world-v20"
    assert astro.slug("Second Post") == "second-post"
    assert astro.slug("Hello, World.") == "hello-world"


def test_jekyll_escapes_what_is_not_plain() -> None:
    assert jekyll.escape_path("2023") == "2023"
    assert jekyll.escape_path("a b#c") == "a%20b%23c"


def test_globs() -> None:
    assert matches("drafts/x.md", ["drafts"])
    assert matches("a/b/c.md", ["**/c.md"])
    assert matches("c.md", ["**/c.md"])
    assert not matches("a/b/c.md", ["*.md"])
    assert matches("a/b.md", ["a/*.md"])


def test_pelicans_config_is_read_never_run(tmp_path: pathlib.Path) -> None:
    witness = tmp_path / "ran"
    (tmp_path / "pelicanconf.py").write_text(
        textwrap.dedent(f"""\
            SITENAME = "Notes"
            SITEURL = "https://n.example"
            open({str(witness)!r}, "w").write("ran")
            PATH = "posts"
            ARTICLE_SAVE_AS = ARTICLE_URL = "{{slug}}/"
            THEME = __import__("os").environ["HOME"]
            """),
        encoding="utf-8",
    )
    found, notes = python_assignments(tmp_path / "pelicanconf.py")
    assert not witness.exists()
    assert found == {
        "SITENAME": "Notes",
        "SITEURL": "https://n.example",
        "PATH": "posts",
        "ARTICLE_SAVE_AS": "{slug}/",
        "ARTICLE_URL": "{slug}/",
    }
    assert notes == [f"{tmp_path}/pelicanconf.py: not plain values, not read: THEME"]


def test_config_toml_is_hugos_or_zolas_by_its_keys(tmp_path: pathlib.Path) -> None:
    (tmp_path / "config.toml").write_text('base_url = "https://z.example"\ntheme = "even"\n', encoding="utf-8")
    found = detect(tmp_path)
    assert found is not None and found.generator.name == "zola"
    (tmp_path / "config.toml").write_text('baseURL = "https://h.example/"\ntitle = "H"\n', encoding="utf-8")
    found = detect(tmp_path)
    assert found is not None and found.generator.name == "hugo"
    assert found.settings == {"articles": "content", "url": "https://h.example/", "title": "H"}


def test_hugo_multilingual_content_folder(tmp_path: pathlib.Path) -> None:
    (tmp_path / "hugo.yaml").write_text(
        textwrap.dedent("""\
            baseURL: https://otel.example.io/
            defaultContentLanguage: en
            languages:
              en:
                title: OTel
                contentDir: content/en
                languageCode: en-US
              ja:
                contentDir: content/ja
            """),
        encoding="utf-8",
    )
    found = detect(tmp_path)
    assert found is not None
    assert found.settings["articles"] == "content/en"
    assert found.settings["language"] == "en-US"
    assert found.generator.content == "content/en"


def test_a_config_that_cannot_be_read_is_said(tmp_path: pathlib.Path) -> None:
    (tmp_path / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    found = detect(tmp_path)
    assert found is not None and found.generator.name == "jekyll"
    assert found.notes and found.notes[0].startswith(f"{tmp_path}/_config.yml: cannot be read (")


def _git(folder: pathlib.Path, *args: str, when: str | None = None) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(folder), **env},
    )


def test_git_dates_follow_a_move(tmp_path: pathlib.Path) -> None:
    """589 posts moved in one commit kept the date they were first added on, not the move's."""
    _git(tmp_path, "init", "-q")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "old.md").write_text("# Old\n\nText that stays the same.\n" * 5, encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "add", when="2014-12-12T10:00:00Z")
    (tmp_path / "content").mkdir()
    _git(tmp_path, "mv", "posts/old.md", "content/old.md")
    (tmp_path / "content" / "new.md").write_text("# New\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "move", when="2025-03-01T10:00:00Z")
    added = gitdates.dates_added(tmp_path / "content", report=Report(), shown="content")
    assert added == {
        "old.md": datetime.datetime(2014, 12, 12, 10, tzinfo=UTC),
        "new.md": datetime.datetime(2025, 3, 1, 10, tzinfo=UTC),
    }


def test_hugo_config_folder_and_a_content_mount(tmp_path: pathlib.Path) -> None:
    (tmp_path / "config" / "_default").mkdir(parents=True)
    (tmp_path / "config" / "_default" / "hugo.yaml").write_text(
        "baseURL: https://docs.example.io\ntitle: Docs\ndefaultContentLanguage: en\n", encoding="utf-8"
    )
    (tmp_path / "config" / "_default" / "module.yaml").write_text(
        "mounts:\n  - source: content/en\n    target: content\n  - source: content/de\n    target: content\n"
        "    lang: de\n",
        encoding="utf-8",
    )
    found = detect(tmp_path)
    assert found is not None and found.generator.name == "hugo"
    assert found.generator.config_file == "config/_default/hugo.yaml"
    assert found.settings["articles"] == "content/en"  # the default language's mount


def test_eleventy_permalinks_with_the_common_values() -> None:
    from feedbuilder.model import Generator
    from feedbuilder.sources.generators import eleventy

    site = Generator(name="eleventy", root=pathlib.Path("."), config_file="eleventy.config.js", content="")
    read = functools.partial(eleventy.reading, generator=site)
    assert read({"permalink": "/posts/{{ page.fileSlug }}/"}, "blog/2020-01-02-Hello.md", "Hi").url == "/posts/Hello/"
    assert (
        read({"permalink": "{{ page.filePathStem }}.html"}, "blog/x/index.md", "T").url == "/blog/x/"
    )  # index.html: /
    assert read({"permalink": "/{{ page.fileSlug }}/"}, "blog/x/index.md", "T").url == "/x/"
    assert read({"permalink": "/{{ title | slugify }}/"}, "a.md", "Crème & Sugar").url == "/creme-and-sugar/"
    assert read({"permalink": "/{{ page.date | date: '%Y' }}/x/"}, "a.md", "T").url == "/a/"  # not known: default
    assert read({}, "blog/2020-01-02-Hello.md", "T").slug == "Hello"


def test_hugo_pages_of_other_languages_by_file_name(tmp_path: pathlib.Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://m.example/"\ndefaultContentLanguage = "en"\n[languages.en]\n[languages.fr]\n',
        encoding="utf-8",
    )
    found = detect(tmp_path)
    assert found is not None
    generator = found.generator
    sources = ["post.md", "post.fr.md", "other.en.md", "bundle/index.md", "bundle/index.fr.md", "bundle/x.txt"]
    assert hugo.posts(sources, generator) == ["post.md", "other.en.md", "bundle/index.md"]
    assert hugo.reading({}, "other.en.md", "Other", generator).url == "/other/"


def test_jekyll_dates_names_with_one_digit_months() -> None:
    from feedbuilder.model import Generator

    site = Generator(name="jekyll", root=pathlib.Path("."), config_file="_config.yml", content="", permalink="")
    assert jekyll.reading({}, "_posts/2023-1-5-short.md", "T", site).published == "2023-1-5"
    assert jekyll.reading({"date": "2023-01-06"}, "_posts/2023-1-5-short.md", "T", site).published is None
    assert dates.parse_loose("2023-1-5", tz=UTC)[0] == datetime.datetime(2023, 1, 5, tzinfo=UTC)
