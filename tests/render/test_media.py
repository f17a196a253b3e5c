"""pages: true copies the local files an article links to beside its page; a missing one is a warning."""

from __future__ import annotations

from conftest import SiteFolder, problems, run_build

BUNDLE = """\
---
title: Pier photos
date: 2026-04-01
image: cover.png
enclosure: {url: /media/talk.mp3, type: audio/mpeg}
---
![The pier](pier.png) and ![the night](/media/night.png "night")
<img srcset="/media/small.png 1x, /media/big.png 2x" src="/media/small.png" alt="">
[the report](/files/report.pdf), [elsewhere](https://other.example/x.png), [up](../../../../etc/passwd)
"""


def test_linked_files_are_copied_beside_the_page(folder: SiteFolder) -> None:
    """Catches a page whose images and audio stay broken: files beside the article or in the articles folder."""
    folder.configure("pages: true\npermalink: /{year}/{slug}/\n")
    folder.article("pier/index.md", BUNDLE)
    for name, data in {"pier/pier.png": b"P1", "pier/cover.png": b"C1", "media/night.png": b"N1",
                       "media/small.png": b"S1", "media/big.png": b"B1", "media/talk.mp3": b"T1"}.items():  # fmt: skip
        (folder.root / "articles" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder.root / "articles" / name).write_bytes(data)
    result = run_build()
    assert result.exit_code == 0, result.stderr
    public = folder.root / "public"
    copied = {p.relative_to(public).as_posix() for p in public.rglob("*") if p.suffix in (".png", ".mp3", ".pdf")}
    page = next(p for p in public.rglob("index.html") if p.parent != public).parent.relative_to(public).as_posix()
    assert copied == {
        f"{page}/pier.png", f"{page}/cover.png",
        "media/night.png", "media/small.png", "media/big.png", "media/talk.mp3",
    }  # fmt: skip
    assert problems(result) == [
        "articles/pier/index.md: warning: links to files/report.pdf, which is not in the articles folder, so the "
        "article's page shows it broken (put the file at articles/files/report.pdf, or link to where it is served)"
    ]


def test_no_copies_without_pages(folder: SiteFolder) -> None:
    """Catches files copied (or warnings given) for a site whose pages are made by another tool."""
    folder.article("pier/index.md", BUNDLE)
    result = run_build()
    assert result.exit_code == 0 and problems(result) == []
    assert not [p for p in (folder.root / "public").rglob("*") if p.suffix in (".png", ".mp3")]
