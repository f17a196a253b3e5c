"""Author strings as real sites write them (v8.dev, opentelemetry.io) give plain names and their links."""

from __future__ import annotations

import pytest

from feedbuilder.sources.people import people


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("[Victor Gomes](https://x.org/v), the bit shifter", [("Victor Gomes", "https://x.org/v")]),
        (
            "Ingvar Stepanyan ([@RReverser](https://twitter.com/RReverser))",
            [("Ingvar Stepanyan", "https://twitter.com/RReverser")],
        ),
        (
            "[Haochao Zhuang](https://github.com/dmsolr), Fei Han",
            [("Haochao Zhuang", "https://github.com/dmsolr"), ("Fei Han", None)],
        ),
        (
            "[Mike Dame](https://github.com/damemi) (Google), [Kumar Pratyush](https://github.com/kpratyus)",
            [("Mike Dame", "https://github.com/damemi"), ("Kumar Pratyush", "https://github.com/kpratyus")],
        ),
        ("[Severin Neumann](https://github.com/svrnm), Cisco", [("Severin Neumann", "https://github.com/svrnm")]),
        ("[X Y](https://a.b) (Datadog, Inc.)", [("X Y", "https://a.b")]),
        (
            "Mathias Bynens ([@mathias](https://twitter.com/mathias)), V8 historian",
            [("Mathias Bynens", "https://twitter.com/mathias")],
        ),
        ("[Ann](https://a.org), Vincent van Gogh", [("Ann", "https://a.org"), ("Vincent van Gogh", None)]),
        ('<a href="https://j.org/">Jane &amp; Co</a>', [("Jane & Co", "https://j.org/")]),
        ("the V8 team", [("the V8 team", None)]),
        ("Francis McCabe, Thibaud Michaud", [("Francis McCabe, Thibaud Michaud", None)]),  # no markup: as written
    ],
)
def test_people(written: str, expected: list[tuple[str, str | None]]) -> None:
    assert people(written) == expected
