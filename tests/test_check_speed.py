"""`feedbuilder check` and `explain` answer from the build's caches: only what changed is read and judged."""

from __future__ import annotations

import pytest

import feedbuilder
from feedbuilder.check import checker
from feedbuilder.cli.plain_build import summary
from feedbuilder.incremental.lastbuild import Outcome

from conftest import NOW, SiteFolder, run_build

ARTICLE = "---\ntitle: {title}\ndate: 2026-04-0{day}\ntags: [{tag}]\n---\nBody {day}.\n"


def test_check_judges_only_the_feeds_whose_inputs_changed(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catches check judging every feed file again (9 s at 20,000 articles) or reusing a stale judgement."""
    for day, tag in ((1, "sea"), (2, "land")):
        folder.article(f"a{day}.md", ARTICLE.format(title=f"A{day}", day=day, tag=tag))
    assert run_build().exit_code == 0
    judged: list[str] = []
    real = checker.check_feed

    def counting(data: bytes, *, path: str, **kwargs: object) -> list[feedbuilder.Problem]:
        judged.append(path.removesuffix(" (as built)").rpartition("/public/")[2])
        return real(data, path=path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checker, "check_feed", counting)
    first = feedbuilder.check_site(folder.root, now=NOW)
    assert len(judged) == 4 * 3  # the site, two tags, one author, in three formats: every feed file, once
    judged.clear()
    assert feedbuilder.check_site(folder.root, now=NOW) == first
    assert judged == []
    folder.article("a2.md", ARTICLE.format(title="A2 edited", day=2, tag="land"))
    feedbuilder.check_site(folder.root, now=NOW)
    assert sorted({name.rpartition("/")[0] for name in judged}) == ["", "authors/test-site", "tags/land"]


def test_summary_fits_80_columns_and_names_its_numbers() -> None:
    """Catches a summary line over 80 columns at 20,000 articles, or numbers without their nouns."""
    outcome = Outcome(articles=20000, feeds=732, site_items=(50,), files=1234, problems=(), written=1234)
    line = summary(outcome, 15.17)
    assert line == "feedbuilder: 20000 articles, 732 feed files; wrote 1234 of 1234 files in 15.17 s"
    assert len(line) <= 80
