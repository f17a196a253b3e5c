"""Memory a build holds for its archive (issue 7): bodies are kept as compact UTF-8 bytes, not as text.

CPython stores a str with any character beyond U+00FF at two bytes a character (four beyond the BMP);
an archive's bodies are most of what a build holds, and only the few some feed carries are ever rendered.
"""

from __future__ import annotations

import gc
import hashlib
import sys
import tracemalloc

from feedbuilder.build import Options, load_articles, render_site
from feedbuilder.errors import Report
from feedbuilder.incremental import kept_bodies
from feedbuilder.model import decode_body, encode_body
from feedbuilder.render import entries
from feedbuilder.sources import cards

from conftest import NOW, SiteFolder, make_article

ARTICLE = """\
---
title: Story {n}
date: 2026-10-{day:02d}T10:00:00Z
tags: [harbour]
---
{body}
"""


def test_loading_an_archive_holds_less_than_its_bodies_would_take_as_text(folder: SiteFolder) -> None:
    """Everything load_articles keeps for 200 long articles takes less than their bodies alone as str
    (about 0.6 of it here, for text with many accented letters; 1.03 when bodies were kept as str)."""
    count = 200
    body = "Die Fähre nach Łódź legte früh ab. " * 600  # 'Ł' (U+0141): two bytes a character as a str
    for n in range(count):
        folder.article(f"story-{n}.md", ARTICLE.format(n=n, day=n % 28 + 1, body=f"{n} {body}"))
    site = folder.site()
    as_text = count * sys.getsizeof(body)
    gc.collect()
    tracemalloc.start()
    try:
        loaded = load_articles(site, report=Report())
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(loaded.articles) == count
    assert all(article.body.strip().endswith(body.strip()) for article in loaded.articles)
    assert held < 0.7 * as_text, f"{held:,} bytes held for {count} articles whose bodies are {as_text:,} as text"


def test_bodies_come_back_exactly() -> None:
    """Every str, even one with a lone surrogate or characters beyond the BMP, is the same after keeping."""
    for text in ("", "plain", "Łódź \u2013 „quoted“", "emoji 🚢 and CJK 中朝", "lone \ud800 surrogate", "\x00 nul"):
        assert decode_body(encode_body(text)) == text
        assert make_article(body=text).body == text


def test_hashes_are_those_of_the_text() -> None:
    """The digest in feedbuilder.ids and the render cache's key are unchanged by keeping bodies as bytes:
    a published article's ``updated`` does not move, and cached renderings stay valid."""
    article = make_article(summary="Told \u2013 briefly", body="Łódź 🚢 \ud800 <p>text</p>\n")
    joined = "\x00".join((article.title, article.summary or "", article.body))
    assert cards.digest(article) == hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    parts = (kept_bodies._SCHEMA, article.body_format, article.url, article.summary or "", article.body)
    key = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    assert entries.key_of(article) == key


def test_a_file_changed_after_it_was_read_never_lends_its_new_body(folder: SiteFolder) -> None:
    """The body a feed carries is the one read with the article's metadata, not the file's later text."""
    path = folder.article("story.md", ARTICLE.format(n=1, day=1, body="The ferry left at dawn."))
    site = folder.site()
    report = Report()
    loaded = load_articles(site, report=report)
    path.write_text(ARTICLE.format(n=2, day=2, body="Rewritten while the build ran."), encoding="utf-8")
    files, _ = render_site(site, loaded, Options(now=NOW), report)
    rss = files["rss.xml"].decode()
    assert "Story 1" in rss and "The ferry left at dawn." in rss
    assert "Rewritten" not in rss
