"""Template syntax of real sites' posts (Jekyll Liquid, Hugo shortcodes, Eleventy containers) never reaches
a reader raw: built feeds read back with feedparser, warnings naming file and line."""

from __future__ import annotations

import re

import feedparser

from feedbuilder.config import site_from_mapping
from feedbuilder.sources import syntax

from conftest import SiteFolder, build_past_check, problems, run_build

RAW = ("{%", "{{<", "{{%", ":::", "{{ ")


def entries(folder: SiteFolder, name: str = "atom.xml") -> dict[str, feedparser.FeedParserDict]:
    parsed = feedparser.parse((folder.root / "public" / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return {entry.title: entry for entry in parsed.entries}


def outside_code(html: str) -> str:
    """The HTML without its code (template syntax may be shown there on purpose)."""
    return re.sub(r"<(pre|code)\b.*?</\1>", "", html, flags=re.DOTALL)


def assert_no_template_syntax(entry: feedparser.FeedParserDict) -> None:
    for text in (outside_code(entry.content[0].value), entry.summary):
        for raw in RAW:
            assert raw not in text, (raw, text)


JEKYLL_POST = """\
---
title: "Jekyll 3.4.2 Released"
date: 2017-03-09 15:41:57 -0500
author: pathawks
categories: [release]
---

Another one-line fix for a bug introduced in our
[previous release]({% link _posts/2017-03-02-jekyll-3-4-1-released.markdown %}).
See [1.0]({% post_url 2013-05-06-jekyll-1-0-0-released %}) and
[the source]({{ site.repository }}) of {{ page.title }}.
See our [documentation]({{ "/docs/themes/#assets" | relative_url }}).

{% raw %}
```liquid
{{ "/docs/assets/" | relative_url }} => /docs/assets
```
{% endraw %}

Access layout variables via `{% raw %}{{ layout }}{% endraw %}`.

{% highlight ruby %}
puts 1 < 2
{% endhighlight %}

{% include docs_contents_mobile.html %}
{% assign issue_numbers = "1037|1040" | split: "|" %}
{% for issue in issue_numbers %}
- [#{{ issue }}](https://github.com/jekyll/jekyll/issues/{{ issue }})
{% endfor %}
{% include footer.html %}
"""


def test_jekyll_liquid(folder: SiteFolder) -> None:
    """Links and post_url become the posts' addresses, site/page values are filled in, raw is kept as
    written (in its code), highlight is a code block, and includes and loops go with one warning each."""
    folder.configure("generator: jekyll\nvariables:\n  repository: https://github.com/jekyll/jekyll\n")
    folder.article("2017-03-09-jekyll-3-4-2-released.markdown", JEKYLL_POST)
    result = run_build()
    assert result.exit_code == 0, result.output
    entry = entries(folder)["Jekyll 3.4.2 Released"]
    assert_no_template_syntax(entry)
    html = entry.content[0].value
    assert 'href="https://example.org/jekyll-3-4-1-released/"' in html
    assert 'href="https://example.org/jekyll-1-0-0-released/"' in html
    assert 'href="https://github.com/jekyll/jekyll"' in html and "of Jekyll 3.4.2 Released." in html
    assert 'href="https://example.org/docs/themes/#assets"' in html
    assert '{{ "/docs/assets/" | relative_url }} =&gt; /docs/assets' in html
    assert "<code>{{ layout }}</code>" in html
    assert '<code class="language-ruby">puts 1 &lt; 2</code>' in html
    assert "issues/" not in html and "docs_contents" not in html
    assert problems(result) == [
        "articles/2017-03-09-jekyll-3-4-2-released.markdown:26: warning: Liquid tag 'include' is not rendered "
        "in feeds: removed (feeds cannot run Liquid: write the text it would give, or wrap it in {% raw %} to "
        "show it as written)",
        "articles/2017-03-09-jekyll-3-4-2-released.markdown:27: warning: Liquid tag 'assign' is not rendered "
        "in feeds: removed (feeds cannot run Liquid: write the text it would give, or wrap it in {% raw %} to "
        "show it as written)",
        "articles/2017-03-09-jekyll-3-4-2-released.markdown:28: warning: Liquid 'for' blocks are not run in "
        "feeds: removed with what they hold (feeds cannot run Liquid: write the text it would give, or wrap it "
        "in {% raw %} to show it as written)",
    ]


HUGO_POST = """\
---
title: OpenTelemetry at KubeCon
linkTitle: KubeCon
date: 2025-03-10
author: >-
  [Victor Gomes](https://github.com/victorgomes), the bit shifter
cSpell:ignore: Contribfest
---

{{% comment %}}

## OpenTelemetry Contribfest

TODO: add the room number when the schedule is out.

{{% /comment %}}

{{< figure src="observatory.png" alt="The booth" caption="The OTel [Observatory](https://example.com/o)" >}}

Watch the talk: {{<youtube w3hNcl5-3e0>}}

{{< comment >}} cSpell:disable {{< /comment >}}

The collector ({{% param collector_vers %}}) is out.

Write `{{</* figure src="x.png" */>}}` to show a figure.

{{< highlight go >}}
fmt.Println("<3")
{{< /highlight >}}

See [the last post]({{< ref "/blog/2024/otel-day.md" >}}).

{{% alert title="Note" color="info" %}}
Registration closes **soon**.
{{% /alert %}}

{{< blog/integrations >}}
"""


def test_hugo_shortcodes(folder: SiteFolder) -> None:
    """Built-in shortcodes render; comment hides its TODO; the escape is shown literally; an unknown
    paired shortcode keeps what it holds; the summary is text, not a shortcode."""
    folder.configure("generator: hugo\nvariables:\n  params:\n    collector_vers: 0.121.0\n")
    folder.article("blog/2025/kubecon-eu.md", HUGO_POST)
    result = run_build()
    assert result.exit_code == 0, result.output
    entry = entries(folder)["OpenTelemetry at KubeCon"]
    assert_no_template_syntax(entry)
    html = entry.content[0].value
    assert "TODO" not in html and "Contribfest" not in html and "cSpell" not in html
    assert '<figure><img alt="The booth" src="https://example.org/kubecon-eu/observatory.png" />' in html
    assert '<a href="https://example.com/o">Observatory</a>' in html
    assert 'href="https://www.youtube.com/watch?v=w3hNcl5-3e0"' in html
    assert "The collector (0.121.0) is out." in html
    assert '<code>{{&lt; figure src="x.png" &gt;}}</code>' in html
    assert '<code class="language-go">fmt.Println("&lt;3")</code>' in html
    assert 'href="https://example.org/otel-day/"' in html
    assert "Registration closes <strong>soon</strong>." in html
    assert entry.summary == "The OTel Observatory"  # the first paragraph with text: the caption
    assert problems(result) == [
        "articles/blog/2025/kubecon-eu.md:34: warning: shortcode 'alert' is not rendered in feeds: removed "
        "(what it holds is kept) (feeds cannot run the site's own shortcodes: write the HTML it gives, or "
        "leave it to the site)",
        "articles/blog/2025/kubecon-eu.md:38: warning: shortcode 'blog/integrations' is not rendered in feeds: "
        "removed (feeds cannot run the site's own shortcodes: write the HTML it gives, or leave it to the site)",
    ]
    [author] = entry.authors
    assert (author.name, author.href) == ("Victor Gomes", "https://github.com/victorgomes")


ELEVENTY_POST = """\
---
title: 'Sparkplug — a non-optimizing JavaScript compiler'
author: '[Leszek Swirski](https://twitter.com/leszekswirski) — maybe not the most surprising compiler'
avatars:
  - leszek-swirski
date: 2021-05-27
tags:
  - JavaScript
description: 'To write a high-performance JavaScript engine, it is not enough to have a single compiler.'
---

:::note
**Note:** If you prefer watching a presentation over reading articles, then enjoy the video below!
:::

The results are great:

::: figure Median improvement in V8 main-thread time.
![Result for linux-perf bot](/_img/sparkplug/linux.svg)
:::

::::table-wrapper
| Tier | Speed |
|------|-------|
| Sparkplug | fast |

:::note
Nested inside the wrapper.
:::
::::

```md
:::note
not a container inside code
:::
```
"""


def test_eleventy_containers_and_markdown_authors(folder: SiteFolder) -> None:
    """Containers become divs (a figure with its caption), nesting by colons, never inside code; the
    author written as a Markdown link is a plain name with its url."""
    folder.configure("generator: eleventy\ntaxonomies: [authors]\n")
    folder.article("blog/sparkplug.md", ELEVENTY_POST)
    result = run_build()
    assert result.exit_code == 0, result.output
    entry = entries(folder)["Sparkplug — a non-optimizing JavaScript compiler"]
    html = entry.content[0].value
    assert ":::" not in outside_code(html)
    assert '<div class="note">\n<p><strong>Note:</strong> If you prefer' in html
    assert "<figcaption>Median improvement in V8 main-thread time.</figcaption></figure>" in html
    assert re.search(r'<div class="table-wrapper">\s*<table>.*</table>\s*<div class="note">\s*<p>Nested', html, re.S)
    assert '<code class="language-md">:::note\nnot a container inside code\n:::\n</code>' in html
    [author] = entry.authors
    assert (author.name, author.href) == ("Leszek Swirski", "https://twitter.com/leszekswirski")
    assert (folder.root / "public" / "authors" / "leszek-swirski" / "atom.xml").is_file()
    assert problems(result) == []


def test_plain_sites_are_left_as_written(folder: SiteFolder) -> None:
    """Without a generator nothing is transformed: a plain site shows what it wrote."""
    folder.article("a.md", "---\ntitle: A\ndate: 2026-01-01\n---\n\nLiteral {{< figure >}} and {% raw %}.\n")
    assert run_build().exit_code == 0
    html = entries(folder)["A"].content[0].value
    assert "Literal {{&lt; figure &gt;}} and {% raw %}." in html


def test_one_warning_per_kind_in_each_file() -> None:
    """Three includes and two unknown shortcodes of one name give one warning each, at the first."""
    site = site_from_mapping({"title": "T", "url": "https://example.org/", "generator": "jekyll"})
    body = "a\n{% include a.html %}\n{% include b.html %}\n{% seo %}\n{% include c.html %}\n"
    text, notes = syntax.transform(body, site=site, page={}, first_line=5)
    assert text == "a\n\n\n\n\n"
    assert [(note.line, note.message) for note in notes] == [
        (6, "Liquid tag 'include' is not rendered in feeds: removed"),
        (8, "Liquid tag 'seo' is not rendered in feeds: removed"),
    ]


def test_unknown_syntax_inside_code_is_kept() -> None:
    """Template syntax nothing renders is left as written inside code (a post about templates)."""
    site = site_from_mapping({"title": "T", "url": "https://example.org/", "generator": "hugo"})
    body = "Use `{{< mine >}}` here.\n\n```\n{{< mine >}}\n```\n"
    assert syntax.transform(body, site=site, page={}) == (body, [])
    inline = 'a {{< now.inline >}}{{ now.Format "2006" }}{{< /now.inline >}} b'
    assert syntax.transform(inline, site=site, page={})[0] == "a  b"  # an inline shortcode's template goes


ZOLA_POST = """\
+++
title = "Announcing Rust 1.60.0"
authors = ["The Rust Release Team"]
path = "2022/04/07/Rust-1.60.0"
description = "{{ youtube(id=\\"dQw4w9WgXcQ\\") }}"
+++

{{ youtube(id="dQw4w9WgXcQ") }}

Write `{{/* youtube(id="x") */}}` to embed a video.

{% note(kind="info") %}
Rustup **1.24** is out.
{% end %}

{{ team_members(team="release") }}
"""


def test_zola_shortcodes_and_a_summary_that_is_a_shortcode(folder: SiteFolder) -> None:
    """Zola's embeds become links, escapes are shown as written, the site's own shortcodes go with one
    warning each (a body shortcode keeping its body); a description that is only a shortcode gives its text."""
    folder.configure("generator: zola\n")
    folder.article("2022-04-07-Rust-1.60.0.md", ZOLA_POST)
    result = run_build()
    assert result.exit_code == 0, result.output
    entry = entries(folder)["Announcing Rust 1.60.0"]
    assert_no_template_syntax(entry)
    html = entry.content[0].value
    assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">YouTube video</a>' in html
    assert '<code>{{ youtube(id="x") }}</code>' in html
    assert "Rustup <strong>1.24</strong> is out." in html and "team" not in html
    assert entry.summary == "YouTube video"
    assert [line.split(": warning: ")[0] for line in problems(result)] == [
        "articles/2022-04-07-Rust-1.60.0.md:12",
        "articles/2022-04-07-Rust-1.60.0.md:16",
    ]


def test_bodies_full_of_unclosed_syntax_take_linear_time() -> None:
    """Openings that never close (or shortcodes never paired) cost time in proportion to the body (a scan to
    the end for each of them would take minutes here)."""
    import time

    for generator, piece in (
        ("jekyll", "{% a {{ b "),
        ("hugo", "{{< a b {{% c "),
        ("hugo", "{{< a >}} "),
        ("zola", "{{ a( {% b( "),
        ("eleventy", ":::note\n"),
    ):
        site = site_from_mapping({"title": "T", "url": "https://example.org/", "generator": generator})
        body = piece * (300_000 // len(piece))
        started = time.perf_counter()
        syntax.transform(body, site=site, page={})
        assert time.perf_counter() - started < 5, generator


def test_a_changed_variable_reaches_the_feeds_of_a_warm_build(folder: SiteFolder) -> None:
    """The kept results of the last build (.feedbuilder/) are not used when a value the bodies read changed."""
    folder.configure("generator: jekyll\nvariables:\n  repository: https://example.com/old\n")
    folder.article("2026-01-01-a.md", "---\ntitle: A\n---\n\nSee [the code]({{ site.repository }}).\n")
    assert build_past_check().exit_code == 0
    assert 'href="https://example.com/old"' in entries(folder)["A"].content[0].value
    folder.configure("generator: jekyll\nvariables:\n  repository: https://example.com/new\n")
    assert build_past_check().exit_code == 0
    assert 'href="https://example.com/new"' in entries(folder)["A"].content[0].value
    for name in ("rss.xml", "feed.json"):
        assert b"https://example.com/new" in (folder.root / "public" / name).read_bytes()


def test_an_unknown_generator_is_a_config_error(folder: SiteFolder) -> None:
    folder.configure("generator: gatsby\n")
    result = run_build()
    assert result.exit_code == 1
    assert problems(result) == [
        "feedbuilder.yaml:4: generator: 'gatsby' is not a generator I know "
        "(write one of jekyll, hugo, zola, eleventy, pelican, astro)"
    ]
