"""Any generated article builds in time roughly proportional to its bytes: eight times the text may not
take much more than eight times as long (a quadratic stage would take sixty-four)."""

from __future__ import annotations

import pathlib
import tempfile
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from feedbuilder import build as pipeline
from feedbuilder.config import load_site
from feedbuilder.errors import ArticleError

from conftest import BASIC_CONFIG, NOW

GROWTH = 8  # the larger folder's text, against the smaller's
SLACK = 2.5  # how much worse than proportional a build may do (noise, caches warming): a square is 8x worse
SMALL = 8_000  # bytes of body in the smaller folder

# Pieces of a body, each as Markdown writers and hostile files use them; every one within the limits.
PIECES = [
    "Some *emphasis*, **strong** and [a link](../other/) in a sentence.\n\n",
    "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n\n",
    "- one\n- two\n  - nested\n\n",
    "> quoted *text* with `code`\n\n",
    "<div><span>raw</span> <b>html</b></div>\n\n",
    "<div></i><p>unbalanced</span></p></div>\n\n",
    "```\ncode block <b>\n```\n\n",
    "Footnote[^n] here.\n\n[^n]: The note.\n\n",
    "* * *\n\n",
    "[ref] and ![image](pic.jpg)\n\n[ref]: https://example.org/ref\n\n",
    "a *b _c **d __e " * 20 + "\n\n",
    "&amp; &lt; &#169; &notanentity; \u200b text\n\n",
    "<div></i>",  # nests ever deeper: refused past the limit, which must be as cheap
    "<b><div></b>",
]


def _site(folder: pathlib.Path, body: str, tags: int) -> pathlib.Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "feedbuilder.yaml").write_text(BASIC_CONFIG, encoding="utf-8")
    names = "".join(f"  - tag {index}\n" for index in range(tags))
    text = f"---\ntitle: Grown\ndate: 2026-01-01\ntags:\n{names}---\n{body}"
    for index in range(3):
        (folder / "articles" / f"a{index}.md").write_text(text, encoding="utf-8")
    return folder / "feedbuilder.yaml"


def _seconds(config: pathlib.Path) -> float:
    """CPU seconds of a build (the fastest of two: other processes on the machine add to wall time)."""
    site = load_site(config)
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        try:
            result = pipeline.build(site, pipeline.Options(now=NOW, cache=False))
        except ArticleError:
            result = None
        best = min(best, time.process_time() - started)
        del result  # refused or built: either way in time
    return best


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=6), tags=st.integers(0, 30))
@example(pieces=["<div></i>"], tags=0)  # the nesting limit's old bypass
@example(pieces=[PIECES[1]], tags=30)  # a table that grows
def test_build_time_grows_with_the_bytes(pieces: list[str], tags: int) -> None:
    """The same mix of pieces, GROWTH times longer: CPU time at most GROWTH * SLACK times the smaller's."""
    unit = "".join(pieces)
    small = unit * max(1, SMALL // len(unit))
    with tempfile.TemporaryDirectory() as folder:
        root = pathlib.Path(folder)
        first = _seconds(_site(root / "small", small, tags))
        second = _seconds(_site(root / "large", small * GROWTH, tags))
    assert second <= max(first, 0.05) * GROWTH * SLACK, f"{first:.3f} s, then {second:.3f} s for {GROWTH}x the bytes"
