"""config.py: feedbuilder.yaml becomes a Site, or every problem is named."""

from __future__ import annotations

import pathlib

import pytest

from feedbuilder.config import Overrides, load_site, site_from_mapping
from feedbuilder.errors import ConfigError


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages name files relative to the current folder, as a user runs the tool."""
    monkeypatch.chdir(tmp_path)


def write(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    path = tmp_path / "feedbuilder.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: ConfigError) -> list[str]:
    return [str(p) for p in exc.problems]


def test_defaults_fill_a_minimal_config(tmp_path: pathlib.Path) -> None:
    """title and url alone are enough; the rest takes documented defaults."""
    site = load_site(write(tmp_path, "title: T\nurl: https://Example.org/blog\n"))
    assert site.url == "https://example.org/blog/"
    assert site.feed_url == site.url
    assert site.articles_dir == tmp_path / "articles"
    assert site.output_dir == tmp_path / "public"
    assert (site.limit, site.content, site.permalink, str(site.timezone)) == (50, "full", "/{slug}/", "UTC")
    assert site.description == "T"


def test_unknown_key_names_the_closest(tmp_path: pathlib.Path) -> None:
    """A typo in a key is an error at its line that suggests the real key."""
    with pytest.raises(ConfigError) as caught:
        load_site(write(tmp_path, "title: T\nurl: https://example.org/\ntimezon: UTC\n"))
    assert messages(caught.value) == ["feedbuilder.yaml:3: timezon: unknown key (did you mean 'timezone'?)"]


def test_every_bad_value_is_reported_at_once(tmp_path: pathlib.Path) -> None:
    """All problems of the file come in one run, each at its line."""
    text = "title: T\nurl: /relative\nlanguage: en_US\ntimezone: Mars/Olympus\nlimit: 0\ncontent: most\n"
    with pytest.raises(ConfigError) as caught:
        load_site(write(tmp_path, text))
    assert messages(caught.value) == [
        "feedbuilder.yaml:2: url: '/relative' is not an absolute http(s) URL (write https://example.org/...)",
        "feedbuilder.yaml:3: language: 'en_US' is not a language tag (write 'en-US')",
        "feedbuilder.yaml:4: timezone: 'Mars/Olympus' is not a time zone "
        "(write an IANA name such as Europe/Berlin or UTC)",
        "feedbuilder.yaml:5: limit: 0 is not a positive whole number (write limit: 50)",
        "feedbuilder.yaml:6: content: 'most' is not full or summary (write content: full)",
    ]


def test_missing_url_and_title(tmp_path: pathlib.Path) -> None:
    """The two required keys are named when missing."""
    with pytest.raises(ConfigError) as caught:
        load_site(write(tmp_path, "description: d\n"))
    assert messages(caught.value) == [
        "feedbuilder.yaml: url: missing (add 'url: https://example.org/' (your site's home page))",
        "feedbuilder.yaml: title: missing (add 'title: My Site')",
    ]


def test_missing_and_broken_files(tmp_path: pathlib.Path) -> None:
    """No file, a YAML syntax error and a non-mapping each name the file and line."""
    with pytest.raises(ConfigError) as caught:
        load_site(tmp_path / "feedbuilder.yaml")
    assert messages(caught.value)[0].startswith("feedbuilder.yaml: no config file here (run 'feedbuilder init'")
    with pytest.raises(ConfigError) as caught:
        load_site(write(tmp_path, "title: T\nurl: [unclosed\n"))
    assert messages(caught.value)[0].startswith("feedbuilder.yaml:3: config is not valid YAML")
    with pytest.raises(ConfigError) as caught:
        load_site(write(tmp_path, "- just\n- a list\n"))
    assert "is not a list of 'key: value' lines" in messages(caught.value)[0]


def test_overrides_win(tmp_path: pathlib.Path) -> None:
    """--base-url replaces url and feed_url; --output, --articles and --limit replace theirs."""
    data = {"title": "T", "url": "https://example.org/", "feed_url": "https://cdn.example.org/feeds/"}
    site = site_from_mapping(
        data,
        overrides=Overrides(base_url="http://127.0.0.1:8000", output=tmp_path / "o", limit=3, articles=tmp_path / "a"),
    )
    assert (site.url, site.feed_url, site.output_dir, site.limit) == (
        "http://127.0.0.1:8000/",
        "http://127.0.0.1:8000/",
        tmp_path / "o",
        3,
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("permalink", "/{title}/", "unknown placeholder {title}"),
        ("permalink", "/posts/", "'/posts/' has no {slug}"),
        ("id_authority", "Example.org", "'Example.org' is not DOMAIN,YEAR"),
        ("author", {"name": "A", "email": "not-mail"}, "'not-mail' is not an e-mail address"),
    ],
)
def test_bad_values(key: str, value: object, message: str) -> None:
    """Each checked key refuses a bad value with its own message."""
    with pytest.raises(ConfigError) as caught:
        site_from_mapping({"title": "T", "url": "https://example.org/", key: value})
    assert message in str(caught.value)


def test_config_that_is_not_utf8_names_the_file(tmp_path: pathlib.Path) -> None:
    """A Latin-1 config is refused naming the file and the byte, not with a traceback."""
    path = tmp_path / "feedbuilder.yaml"
    path.write_bytes(b"title: Caf\xe9\nurl: https://example.org/\n")
    with pytest.raises(ConfigError) as caught:
        load_site(path)
    assert messages(caught.value) == ["feedbuilder.yaml: byte 10 is not UTF-8 (save the file as UTF-8)"]


def test_config_that_is_a_folder(tmp_path: pathlib.Path) -> None:
    """A folder where the config should be: named, exit 1 from the library (click refuses it as usage, exit 2)."""
    (tmp_path / "feedbuilder.yaml").mkdir()
    with pytest.raises(ConfigError) as caught:
        load_site(tmp_path / "feedbuilder.yaml")
    assert messages(caught.value) == ["feedbuilder.yaml: cannot read the config: Is a directory"]


def test_binary_config_is_one_line(tmp_path: pathlib.Path) -> None:
    """NUL bytes: one error line with the file and line (PyYAML's message spans two)."""
    path = tmp_path / "feedbuilder.yaml"
    path.write_bytes(b"title: T\n\x00\x01")
    with pytest.raises(ConfigError) as caught:
        load_site(path)
    assert messages(caught.value) == [
        "feedbuilder.yaml:2: config is not valid YAML: "
        "unacceptable character #x0000: control characters are not allowed"
    ]


def test_control_characters_in_the_config_never_reach_a_feed(tmp_path: pathlib.Path) -> None:
    """'\\e' in the site title was written to the feeds, where lxml refused it with a traceback."""
    site = load_site(write(tmp_path, 'title: "Lake\\e side"\nurl: https://example.org/\ndescription: "a\\x01b"\n'))
    assert (site.title, site.description) == ("Lake side", "ab")


def test_alias_bomb_in_the_config_names_the_key(tmp_path: pathlib.Path) -> None:
    """The config is YAML too: aliases of aliases are refused at the first key that explodes."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 8)]
    with pytest.raises(ConfigError) as caught:
        load_site(write(tmp_path, "title: T\nurl: https://example.org/\n" + "\n".join(lines) + "\n"))
    assert messages(caught.value) == [
        "feedbuilder.yaml:7: a4: aliases (*name) expand to more than 100,000 values "
        "(write the values out instead of repeating aliases of aliases)"
    ]


def test_taxonomy_feeds_carry_summaries_unless_asked(tmp_path: pathlib.Path) -> None:
    """Per-name feeds repeat the site feed's articles: summaries by default, full text when a taxonomy asks."""
    site = load_site(write(tmp_path, "title: T\nurl: https://example.org/\nlimit: 20\n"))
    assert {kind: (o.content, o.limit) for kind, o in site.taxonomies.items()} == {
        "tags": ("summary", 20),
        "categories": ("summary", 20),
        "authors": ("summary", 20),
    }
    site = load_site(write(tmp_path, "title: T\nurl: https://example.org/\ntaxonomies: {tags: {content: full}}\n"))
    assert {kind: o.content for kind, o in site.taxonomies.items()} == {"tags": "full"}


@pytest.mark.parametrize(
    ("value", "expected"), [(None, "css"), (True, "css"), ("css", "css"), ("xslt", "xslt"), (False, None)]
)
def test_stylesheet_values(value: object, expected: str | None) -> None:
    """Catches a stylesheet setting read wrong: css by default, xslt on request, false for raw feeds."""
    data: dict[str, object] = {"title": "T", "url": "https://example.org/"}
    if value is not None:
        data["stylesheet"] = value
    assert site_from_mapping(data).stylesheet == expected


def test_stylesheet_bad_value() -> None:
    """Catches a misspelt stylesheet value passing silently."""
    with pytest.raises(ConfigError) as caught:
        site_from_mapping({"title": "T", "url": "https://example.org/", "stylesheet": "xsl"})
    assert str(caught.value) == (
        "feedbuilder.yaml: stylesheet: 'xsl' is not css, xslt or false "
        "(write stylesheet: css, or false to leave it out)"
    )
