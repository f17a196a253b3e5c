"""Sites of other generators built where they stand, with no feedbuilder.yaml: the fixture sites under
tests/fixtures/sites/ (one per generator, in the shape of its real sites), read back as a reader would;
and, where the generator is installed (Hugo; Jekyll with jekyll-feed), the same folder built by it and
its feed compared with ours: the same posts, links, ids and publication instants."""

from __future__ import annotations

import datetime
import pathlib
import re
import shutil
import subprocess
import textwrap
from collections.abc import Callable

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli

from conftest import ROOT, run_build

SITES = ROOT / "tests" / "fixtures" / "sites"


Copy = Callable[[str], pathlib.Path]


@pytest.fixture
def site_copy(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Copy:
    """A copy of a fixture site, the current folder its root (as when a user runs the tool there)."""

    def copy(name: str) -> pathlib.Path:
        root = tmp_path / name
        shutil.copytree(SITES / name, root)
        monkeypatch.chdir(root)
        return root

    return copy


def items(path: pathlib.Path) -> dict[str, tuple[str, datetime.datetime]]:
    """link -> (id, publication instant) of every item of a feed file."""
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    found = {}
    for entry in parsed.entries:
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        found[entry.link] = (entry.id, datetime.datetime(*when[:6], tzinfo=datetime.UTC))
    return found


def links_in_content(path: pathlib.Path) -> set[str]:
    """Every link in the content (or description) of a feed file's items."""
    parsed = feedparser.parse(path.read_bytes())
    found = set()
    for entry in parsed.entries:
        html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        found.update(re.findall(r'href="([^"]+)"', html))
    return found


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).astimezone(datetime.UTC)


def test_jekyll_site_builds_with_no_config_of_ours(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "feedbuilder: Jekyll site 'Sassy News' (_config.yml) at https://sassy.example.org/: "
        "posts read from ./, feeds written to feeds/"
    )
    assert not (root / "_site").exists() and not (root / "public").exists()
    base = "https://sassy.example.org"
    # _posts only: not index.md, README.md, _includes/, _layouts/, a dateless name, an _-folder, published: false;
    # the draft only with --drafts.  :title keeps case and dots; the id is jekyll-feed's (no .html).
    assert items(root / "feeds" / "atom.xml") == {
        f"{base}/es/2023/04/02/hola.html": (f"{base}/es/2023/04/02/hola", utc("2023-04-02T09:00:00+02:00")),
        f"{base}/2023/02/14/Valentine-Release.html": (
            f"{base}/2023/02/14/Valentine-Release",
            utc("2023-02-14T00:00:00-08:00"),
        ),
        f"{base}/releases/2023/01/29/release-notes.html": (
            f"{base}/releases/2023/01/29/release-notes",
            utc("2023-01-29T18:30:22-08:00"),
        ),
        f"{base}/2010/03/10/sass-3.0-in-Javascript.html": (
            f"{base}/2010/03/10/sass-3.0-in-Javascript",
            utc("2010-03-10T18:30:22-08:00"),
        ),
    }
    assert run_build("--drafts").exit_code == 0  # a draft is dated by its file's time, as Jekyll dates it
    assert any(link.endswith("/upcoming-feature.html") for link in items(root / "feeds" / "atom.xml"))


def test_hugo_site_builds_with_no_config_of_ours(site_copy: Copy) -> None:
    root = site_copy("hugo")
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert "Hugo site 'Trio Project' (hugo.toml)" in result.stderr
    base = "https://trio.example.com"
    # no _index.md, no bundle resources (.txt, .html, a second .md), no headless bundle, draft, expired,
    # future or unlisted page; url kept as written; the slug's dot kept; a section's permalinks pattern
    assert items(root / "feeds" / "rss.xml") == {
        f"{base}/2024/03/security-fix-1.0.1/": (
            f"{base}/2024/03/security-fix-1.0.1/",
            utc("2024-03-20T09:15:00+01:00"),
        ),
        f"{base}/blog/2024/v1.0-trio/": (f"{base}/blog/2024/v1.0-trio/", utc("2024-03-05T10:00:00+01:00")),
        f"{base}/legacy/Moved-Page/": (f"{base}/legacy/Moved-Page/", utc("2024-02-12T08:30:00+00:00")),
        f"{base}/blog/roadmap-update/": (f"{base}/blog/roadmap-update/", utc("2024-01-15T00:00:00+01:00")),
    }
    assert not (root / "public").exists()


def test_zola_site_with_path_keys_and_a_template_stub(site_copy: Copy) -> None:
    root = site_copy("zola")
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("\n") == 2  # the detected line and the summary: the stub stops nothing
    base = "https://blog.lang.example"
    # dates from `path` (the only place the post has one), a dated folder name and front matter (zone-less:
    # UTC, as Zola reads it); the stub, the undated page, the draft, _index.md and ignored_content left out
    assert items(root / "feeds" / "atom.xml") == {
        f"{base}/dated-name/": (f"{base}/dated-name/", utc("2024-05-01T00:00:00+00:00")),
        f"{base}/inside-team/roadmap/": (f"{base}/inside-team/roadmap/", utc("2023-06-01T12:00:00+00:00")),
        f"{base}/2022/04/07/Lang-1.60.0/": (f"{base}/2022/04/07/Lang-1.60.0/", utc("2022-04-07T00:00:00+00:00")),
        f"{base}/2014/12/12/1.0-Timeline/": (f"{base}/2014/12/12/1.0-Timeline/", utc("2014-12-12T00:00:00+00:00")),
    }


def test_eleventy_site_feeds_its_collection(site_copy: Copy) -> None:
    root = site_copy("eleventy")
    result = run_build()
    assert result.exit_code == 0, result.stderr
    base = "https://engine.example.dev"
    # the "posts" collection its feed plugin names (tags from blog.11tydata.js): not about.md, not a page
    # excluded from collections; the default permalink keeps the file name's date; a date in the path
    assert items(root / "feeds" / "atom.xml") == {
        f"{base}/releases/1.2/": (f"{base}/releases/1.2/", utc("2020-02-02T00:00:00+00:00")),
        f"{base}/blog/2019-08-20-fast-properties/": (
            f"{base}/blog/2019-08-20-fast-properties/",
            utc("2019-08-20T00:00:00+00:00"),
        ),
        f"{base}/blog/fourthpost/": (f"{base}/blog/fourthpost/", utc("2018-09-30T10:00:00+00:00")),
        f"{base}/blog/firstpost/": (f"{base}/blog/firstpost/", utc("2018-05-01T00:00:00+00:00")),
    }


def test_pelican_site_read_without_running_its_config(site_copy: Copy) -> None:
    root = site_copy("pelican")
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert "pelicanconf.py: not plain values, not read: THEME" in result.stderr.splitlines()
    base = "https://notes.example.net"  # publishconf.py's SITEURL
    # ARTICLE_URL with the date; slug from the title (dots and commas removed) or Slug as written; a
    # tag: id of the local date; pages/, drafts and hidden articles left out
    # (and read in Pelican's own formats: its metadata header, reST)
    assert items(root / "feeds" / "atom.xml") == {
        f"{base}/2024/03/Second.Post.html": (
            "tag:notes.example.net,2024-03-10:/2024/03/Second.Post.html",
            utc("2024-03-10T18:45:00+01:00"),
        ),
        f"{base}/2024/02/written-in-rst.html": (
            "tag:notes.example.net,2024-02-25:/2024/02/written-in-rst.html",
            utc("2024-02-25T12:00:00+01:00"),
        ),
        f"{base}/2024/02/notes-header.html": (
            "tag:notes.example.net,2024-02-20:/2024/02/notes-header.html",
            utc("2024-02-20T08:30:00+01:00"),
        ),
        f"{base}/2024/01/hello-world-v20.html": (
            "tag:notes.example.net,2024-01-05:/2024/01/hello-world-v20.html",
            utc("2024-01-05T10:00:00+01:00"),
        ),
    }


def test_astro_site_collection(site_copy: Copy) -> None:
    root = site_copy("astro")
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert "Astro site 'Astro Blog' (astro.config.mjs) at https://example.com/" in result.stderr
    assert items(root / "feeds" / "rss.xml") == {
        "https://example.com/blog/second-post/": ("https://example.com/blog/second-post/", utc("2022-07-15T00:00:00Z")),
        "https://example.com/blog/first-post/": ("https://example.com/blog/first-post/", utc("2022-07-08T00:00:00Z")),
    }


def test_our_config_wins_key_by_key(site_copy: Copy) -> None:
    root = site_copy("hugo")
    (root / "feedbuilder.yaml").write_text(
        textwrap.dedent("""\
            title: Trio, the feeds
            articles: content/blog
            exclude: ["**/Roadmap*"]
            """),
        encoding="utf-8",
    )
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert "Hugo site 'Trio, the feeds' (hugo.toml)" in result.stderr  # still Hugo's rules, the url from hugo.toml
    parsed = feedparser.parse((root / "feeds" / "atom.xml").read_bytes())
    assert parsed.feed.title == "Trio, the feeds"
    assert [e.link for e in parsed.entries] == [
        "https://trio.example.com/blog/2024/v1.0-trio/",
        "https://trio.example.com/legacy/Moved-Page/",
    ]


def test_generator_none_reads_every_file_as_before(site_copy: Copy) -> None:
    root = site_copy("zola")
    (root / "feedbuilder.yaml").write_text(
        "title: Plain\nurl: https://blog.lang.example/\ngenerator: none\narticles: content/inside-team\n",
        encoding="utf-8",
    )
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert "Zola site" not in result.stderr
    links = {e.link for e in feedparser.parse((root / "public" / "atom.xml").read_bytes()).entries}
    assert "https://blog.lang.example/undated-note/" in links  # every file is an article again


def test_unknown_generator_name_is_one_line(site_copy: Copy) -> None:
    root = site_copy("zola")
    (root / "feedbuilder.yaml").write_text("title: T\nurl: https://x.example/\ngenerator: gatsby\n", encoding="utf-8")
    result = run_build()
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "feedbuilder.yaml:3: generator: 'gatsby' is not a generator I know "
        "(write one of jekyll, hugo, zola, eleventy, pelican, astro)"
    )


def test_include_brings_back_a_file_the_rules_leave_out(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    (root / "feedbuilder.yaml").write_text('include: ["about/*.md"]\n', encoding="utf-8")
    (root / "about").mkdir()
    (root / "about" / "team.md").write_text("---\ntitle: The team\ndate: 2023-05-05\n---\nWho we are.\n")
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert any(link.endswith("/team.html") for link in items(root / "feeds" / "atom.xml"))


def test_a_change_to_the_generators_config_is_seen_by_the_next_build(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    assert run_build().exit_code == 0
    config = root / "_config.yml"
    config.write_text(config.read_text().replace("Sassy News", "Sassy Times"), encoding="utf-8")
    assert run_build().exit_code == 0
    assert feedparser.parse((root / "feeds" / "atom.xml").read_bytes()).feed.title == "Sassy Times"


# ---------------------------------------------------------------- the generators themselves, where installed


def _jekyll_with_feed() -> bool:
    if shutil.which("jekyll") is None:
        return False
    found = subprocess.run(["gem", "list", "-i", "jekyll-feed"], capture_output=True, text=True, check=False)
    return found.stdout.strip() == "true"


# The fixture as it is; with the posts' permalink set as jekyllrb.com's docs set it (in the posts
# collection, a pretty address) and the site's name in `name`; and with `permalink: pretty`, categories
# with capitals and spaces, a file name with spaces and accents, a one-digit month, a `slug` with a dot
# and a front-matter permalink (where jekyll-feed's id is not the link's folder: it keeps the raw slug)
AS_JEKYLLS_DOCS = """\
collections:
  posts:
    permalink: "/news/:year/:month/:day/:title/"
name: Sassy News, by name
"""
PRETTY_POSTS = {
    "_posts/2023-05-06-Café Olé.md": '---\ntitle: "Café"\ncategories: [Release Notes, Big]\n---\nSpaces.\n',
    "_posts/2023-6-7-short-date.md": "---\ntitle: A one-digit month and day\n---\nShort.\n",
    "_posts/2023-05-07-slugged.md": (
        '---\ntitle: "Slugged"\nslug: Custom.Slug\npermalink: /custom/:year/:slug/:title\n---\nHere.\n'
    ),
}


@pytest.mark.skipif(not _jekyll_with_feed(), reason="jekyll and jekyll-feed are not installed (.ci/run installs them)")
@pytest.mark.parametrize("variant", ["as is", "docs", "pretty"])
def test_jekyll_feed_and_ours_carry_the_same_posts_links_ids_and_dates(site_copy: Copy, variant: str) -> None:
    root = site_copy("jekyll")
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    if variant == "docs":
        config.write_text(text.replace("title: Sassy News\n", "") + AS_JEKYLLS_DOCS, encoding="utf-8")
    if variant == "pretty":
        config.write_text(re.sub(r"(?m)^permalink: .*$", "permalink: pretty", text), encoding="utf-8")
        for name, post in PRETTY_POSTS.items():
            (root / name).write_text(post, encoding="utf-8")
    subprocess.run(["jekyll", "build", "--quiet"], cwd=root, check=True, capture_output=True, timeout=300)
    theirs = items(root / "_site" / "feed.xml")
    assert run_build().exit_code == 0
    assert items(root / "feeds" / "atom.xml") == theirs
    assert len(theirs) == (7 if variant == "pretty" else 4)
    # {% post_url %} and {{ site.* }} in a post: the address Jekyll gave the linked post, the config's value
    theirs_links = links_in_content(root / "_site" / "feed.xml")  # (feedparser makes them absolute)
    assert theirs_links and links_in_content(root / "feeds" / "atom.xml") >= theirs_links
    assert "releases and notes of a small styling tool" in (root / "feeds" / "atom.xml").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed (.ci/run installs it)")
@pytest.mark.parametrize("ugly", [False, True])
def test_hugo_rss_and_ours_carry_the_same_posts_links_ids_and_dates(site_copy: Copy, ugly: bool) -> None:
    root = site_copy("hugo")
    if ugly:  # .html addresses, and a section's pattern made of its title
        config = root / "hugo.toml"
        text = config.read_text(encoding="utf-8").replace("disableKinds", "uglyURLs = true\ndisableKinds")
        text = text.replace("[permalinks]\n", '[permalinks]\nblog = "/:section/:year/:title/"\n')
        config.write_text(text, encoding="utf-8")
    subprocess.run(["hugo", "--quiet"], cwd=root, check=True, capture_output=True, timeout=300)
    theirs = items(root / "public" / "index.xml")
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False).stdout
    found = re.search(r"v0\.(\d+)", version)
    if found and int(found.group(1)) < 123:
        # Hugo before 0.123 (Debian's 0.111) still lists a `build: {list: never}` page in the home feed;
        # later Hugo leaves it out of every page collection (hugolib/page__meta.go), as we do.
        theirs = {link: item for link, item in theirs.items() if "unlisted" not in link}
    assert run_build().exit_code == 0
    assert items(root / "feeds" / "rss.xml") == theirs
    assert len(theirs) == 4
    # {{< relref >}} in a post: the address Hugo gave the page it names
    page = (root / "public" / "blog" / "2024" / "v1.0-trio" / ("index.html" if not ugly else "")).as_posix()
    built = pathlib.Path(page if not ugly else next(root.glob("public/blog/2024/trio-1.0-is-out*")))
    [relref] = re.findall(r'href="?(/blog/[^" >]*roadmap[^" >]*)', built.read_text(encoding="utf-8"))
    assert "https://trio.example.com" + relref in links_in_content(root / "feeds" / "rss.xml")


def test_posts_of_one_day_keep_the_instant_their_generator_gave(site_copy: Copy) -> None:
    root = site_copy("zola")
    (root / "content" / "second-that-day.md").write_text(
        '+++\npath = "2022/04/07/second-that-day"\ntitle = "Also on release day"\n+++\n\nMore.\n', encoding="utf-8"
    )
    assert run_build().exit_code == 0
    found = items(root / "feeds" / "atom.xml")
    day = utc("2022-04-07T00:00:00+00:00")
    assert found["https://blog.lang.example/2022/04/07/Lang-1.60.0/"][1] == day
    assert found["https://blog.lang.example/2022/04/07/second-that-day/"][1] == day


def test_eleventy_collection_made_from_a_glob_and_read_from_its_feed_template(site_copy: Copy) -> None:
    """As v8.dev: addCollection('posts', c => c.getFilteredByGlob('src/blog/*.md')), src/blog.atom.njk."""
    root = site_copy("eleventy")
    config = root / "eleventy.config.js"
    config.write_text(
        textwrap.dedent("""\
            export default function(eleventyConfig) {
              eleventyConfig.addCollection('posts', (collection) => {
                return collection.getFilteredByGlob('./content/blog/{fourthpost,gone}/*.md')
              });
              eleventyConfig.addCollection('notes', (c) => c.getFilteredByGlob('content/*.md'));
            };
            export const config = { dir: { input: "content", data: "../_data", output: "_site" } };
            """),
        encoding="utf-8",
    )
    (root / "content" / "blog.atom.njk").write_text(
        "---\npermalink: /blog.atom\n---\n{%- for post in collections.posts | head(10) %}{{ post.url }}{% endfor %}\n",
        encoding="utf-8",
    )
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert "no feed's collection found" not in result.stderr
    assert set(items(root / "feeds" / "atom.xml")) == {"https://engine.example.dev/blog/fourthpost/"}


def test_new_writes_a_jekyll_post_where_jekyll_reads_posts(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    result = CliRunner().invoke(cli, ["new", "Hello There"])
    assert result.exit_code == 0, result.stderr
    written = list((root / "_posts").glob("*-hello-there.md"))
    assert len(written) == 1 and re.fullmatch(r"\d{4}-\d{2}-\d{2}-hello-there\.md", written[0].name)
    text = written[0].read_text(encoding="utf-8")  # new's example summary must be written first (issue 17)
    written[0].write_text(text.replace("One sentence that says", "A sentence on"), encoding="utf-8")
    assert run_build("--future").exit_code == 0
    assert any(link.endswith("/hello-there.html") for link in items(root / "feeds" / "atom.xml"))


def test_the_feed_length_its_generator_sets_is_ours(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    with (root / "_config.yml").open("a", encoding="utf-8") as config:
        config.write("feed:\n  posts_limit: 2\n")
    assert run_build().exit_code == 0
    assert list(items(root / "feeds" / "atom.xml")) == [
        "https://sassy.example.org/es/2023/04/02/hola.html",
        "https://sassy.example.org/2023/02/14/Valentine-Release.html",
    ]


def test_hugo_feeds_the_publish_date(site_copy: Copy) -> None:
    """Hugo's RSS template gives .PublishDate: publishDate, else date, else lastmod (Debian's Hugo 0.111
    still gave .Date, so the comparison with it has no page that sets both)."""
    root = site_copy("hugo")
    (root / "content" / "blog" / "later.md").write_text(
        "---\ntitle: Later\ndate: 2024-01-01\npublishDate: 2024-02-01T12:00:00Z\n---\nText.\n", encoding="utf-8"
    )
    (root / "content" / "blog" / "only-lastmod.md").write_text(
        "---\ntitle: Only lastmod\nlastmod: 2024-02-02T08:00:00Z\n---\nText.\n", encoding="utf-8"
    )
    assert run_build().exit_code == 0
    found = items(root / "feeds" / "rss.xml")
    assert found["https://trio.example.com/blog/later/"][1] == utc("2024-02-01T12:00:00Z")
    assert found["https://trio.example.com/blog/only-lastmod/"][1] == utc("2024-02-02T08:00:00Z")


def test_eleventy_date_words_are_no_error(site_copy: Copy) -> None:
    root = site_copy("eleventy")
    (root / "content" / "blog" / "created.md").write_text(
        "---\ntitle: Dated by its creation\ndate: git Created\n---\nText.\n", encoding="utf-8"
    )
    result = run_build()
    assert result.exit_code == 0, result.stderr
    assert "https://engine.example.dev/blog/created/" in items(root / "feeds" / "atom.xml")
    assert "content/blog/created.md: warning: date: no date; using the file's modification time" in result.stderr


def test_our_permalink_on_a_generators_site_is_said_to_be_unused(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    (root / "feedbuilder.yaml").write_text("articles: .\npermalink: /{slug}/\n", encoding="utf-8")
    result = run_build()
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == (
        "feedbuilder.yaml:2: permalink: not used: addresses are made as jekyll makes them "
        "(write 'generator: none' to use it)"
    )
    assert "https://sassy.example.org/2010/03/10/sass-3.0-in-Javascript.html" in items(root / "feeds" / "atom.xml")


def test_ids_in_other_scripts_are_percent_encoded(site_copy: Copy) -> None:
    """Zola writes such an id as an IRI (東京): the W3C validator warns "IRI found where URL expected",
    so ours is percent-encoded, as every id we write is; the one place we differ from Zola's bytes."""
    root = site_copy("zola")
    (root / "content" / "tokyo.md").write_text(
        '+++\npath = "2023/05/01/東京"\ntitle = "Tokyo"\n+++\n\nText.\n', encoding="utf-8"
    )
    assert run_build().exit_code == 0
    link = "https://blog.lang.example/2023/05/01/%E6%9D%B1%E4%BA%AC/"
    assert items(root / "feeds" / "atom.xml")[link][0] == link


def test_site_values_in_posts_come_from_the_generators_config(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    with (root / "_config.yml").open("a", encoding="utf-8") as config:
        config.write("repository: https://github.com/sassy/sassy\n")
    (root / "_posts" / "2023-06-01-liquid.md").write_text(
        "---\ntitle: Liquid\n---\nThe code is at [our repository]({{ site.repository }}).\n", encoding="utf-8"
    )
    result = run_build()
    assert result.exit_code == 0, result.stderr
    parsed = feedparser.parse((root / "feeds" / "atom.xml").read_bytes())
    [entry] = [e for e in parsed.entries if e.title == "Liquid"]
    assert 'href="https://github.com/sassy/sassy"' in entry.content[0].value


def test_posts_of_gems_vendored_into_a_jekyll_site_are_not_its_posts(site_copy: Copy) -> None:
    root = site_copy("jekyll")
    posts = root / "vendor" / "bundle" / "ruby" / "3.1.0" / "gems" / "jekyll-feed-0.17.0" / "spec" / "fixtures"
    (posts / "_posts").mkdir(parents=True)
    (posts / "_posts" / "2013-12-12-dec-the-second.md").write_text("---\ntitle: A gem's test post\n---\nx\n")
    assert run_build().exit_code == 0
    assert len(items(root / "feeds" / "atom.xml")) == 4


def test_config_names_the_generators_config_from_elsewhere(site_copy: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    root = site_copy("hugo")
    monkeypatch.chdir(root.parent)
    result = run_build("--config", "hugo/hugo.toml")
    assert result.exit_code == 0, result.stderr
    assert "Hugo site 'Trio Project' (hugo.toml)" in result.stderr
    assert len(items(root / "feeds" / "rss.xml")) == 4


def test_node_modules_is_never_walked(tmp_path: pathlib.Path) -> None:
    """An Eleventy or Astro site's packages: thousands of READMEs and no article, in a folder that would
    be listed on every build (and by the nothing-changed check)."""
    from feedbuilder.errors import Report
    from feedbuilder.sources.discover import article_paths

    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "README.md").write_text("# A package\n", encoding="utf-8")
    (tmp_path / "post.md").write_text("# A post\n", encoding="utf-8")
    listed: list[str] = []
    found = article_paths(tmp_path, report=Report(), shown_root="x", listing=listed.append)
    assert found == ["post.md"]
    assert listed == [str(tmp_path)]
