"""identity.reconcile walks the id record beside the articles: it must do exactly what applying a
record read whole into a dict does (the way it was done before), for any record a user may have.

The reference below is that earlier way, kept here: every line parsed into a dict (the last line
of a path wins), moved files found among the vanished paths, the next record written line by line.
"""

from __future__ import annotations

import array
import datetime
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from feedbuilder.errors import Problem
from feedbuilder.site import identity, recognise
from feedbuilder.sources import cards
from feedbuilder.sources.dates import from_seconds, rfc3339

NOW = 1_780_000_000
NO_TIME = cards.NO_TIME


class FakeCards:
    """The few columns of cards.Cards that the record reads."""

    def __init__(self, rows: list[dict[str, object]]) -> None:
        self.rows = rows
        self.sources = [str(row["source"]) for row in rows]
        self.updated = array.array("q", [int(row["given_updated"]) for row in rows])  # type: ignore[call-overload]
        self.published = array.array("q", [int(row["published"]) for row in rows])  # type: ignore[call-overload]

    def given_id(self, index: int) -> str | None:
        return self.rows[index]["given_id"]  # type: ignore[return-value]

    def digest(self, index: int) -> str:
        return str(self.rows[index]["digest"])

    def title_key(self, index: int) -> str:
        return str(self.rows[index]["title"])

    def sketch(self, index: int) -> str:
        return str(self.rows[index].get("sketch", ""))

    def given_slug(self, index: int) -> str | None:
        return None


class FakePlacement:
    """placing.Placement as the record sees it."""

    def __init__(self, rows: list[dict[str, object]]) -> None:
        self.cards = FakeCards(rows)
        self.published = array.array("q", [int(row["published"]) for row in rows])  # type: ignore[call-overload]
        self.updated = array.array("q", [int(row["updated"]) for row in rows])  # type: ignore[call-overload]
        self.ids = [str(row["id"]) for row in rows]
        self.id_origins: dict[int, str] = {}
        self.updated_origins = bytearray(len(rows))
        self.draft = [bool(row["draft"]) for row in rows]

    def indexes(self) -> Iterator[int]:
        return iter(range(len(self.ids)))

    def count(self) -> int:
        return len(self.ids)

    def visible(self, index: int, *, now: int, drafts: bool, future: bool) -> bool:
        return (drafts or not self.draft[index]) and (future or self.published[index] <= now)

    def path(self, index: int) -> str:
        return f"articles/{self.cards.sources[index]}"


def reference(rows: list[dict[str, object]], text: str) -> tuple[list[tuple[object, ...]], bytes, list[Problem]]:
    """The earlier way: (each article's id, updated and origins), the next record, the problems."""
    entries, problems = identity.read_record(text, path="feedbuilder.ids")
    known = {entry.path: entry for entry in entries}
    current = {str(row["source"]) for row in rows}
    gone = {path: entry for path, entry in known.items() if path not in current}
    gone_by_id = {entry.id: entry for entry in gone.values()}
    gone_by_digest: dict[str, list[identity.Published]] = {}
    for entry in gone.values():
        gone_by_digest.setdefault(entry.digest, []).append(entry)
    result, fresh = [], []
    for position, row in enumerate(rows):
        ident, updated, id_origin, updated_origin = row["id"], row["updated"], None, 0
        before = known.get(str(row["source"]))
        if before is None:
            same_id = gone_by_id.get(str(ident))
            if same_id and same_id.path in gone:
                before = gone.pop(same_id.path)
            else:
                fresh.append(position)
        result.append(_applied(row, before, (ident, updated, id_origin, updated_origin)))
    olds = list(gone.values())
    clues = [
        (
            position,
            recognise.Clues(
                f"articles/{rows[position]['source']}",
                str(rows[position]["digest"]),
                str(rows[position]["title"]),
                str(rows[position].get("sketch", "")),
                _day(rows[position]),
                recognise.stem(str(rows[position]["source"])),
            ),
            None,
        )
        for position in fresh
    ]
    gone_clues = [
        (recognise.Clues(e.path, e.digest, e.title, e.sketch, e.day, recognise.stem(e.path)), e.id) for e in olds
    ]
    verdicts, found = recognise.recognise(clues, gone_clues, record_path="feedbuilder.ids")
    for verdict in verdicts:
        row, before = rows[verdict.file], olds[verdict.line]
        if before.id != row["id"]:
            problems.append(
                recognise.kept_notice(
                    f"articles/{row['source']}",
                    gone_clues[verdict.line][0],
                    before.id,
                    verdict.clues,
                    "feedbuilder.ids",
                )
            )
        result[verdict.file] = _applied(row, before, (row["id"], row["updated"], None, 0))
    problems.extend(found)
    if found:  # an id in doubt: the record is left as it was
        return result, identity._with_plain_breaks(text.encode()), problems
    lines = sorted(
        (
            str(row["source"]),
            str(done[0]),
            str(row["digest"]),
            str(row["title"]),
            str(row.get("sketch", "")) or "-",
            _day(row),
            int(done[1]),  # type: ignore[call-overload]
        )
        for row, done in zip(rows, result, strict=True)
        if not row["draft"] and int(row["published"]) <= NOW  # type: ignore[call-overload]
    )
    record = identity.HEADER + "".join(
        f"{urllib.parse.quote(p, safe='/ ')}\t{i}\t{d}\t{t}\t{k}\t{day}\t{rfc3339(from_seconds(u))}\n"
        for p, i, d, t, k, day, u in lines
    )
    return result, record.encode(), problems


def _day(row: dict[str, object]) -> str:
    return rfc3339(from_seconds(int(row["published"])))[:10]  # type: ignore[call-overload]


def _applied(
    row: dict[str, object], before: identity.Published | None, done: tuple[object, object, object, int]
) -> tuple[object, ...]:
    ident, updated, id_origin, updated_origin = done
    if before is not None:
        if row["given_id"] is None and ident != before.id:
            ident, id_origin = before.id, f"{identity.RECORD_NAME} (first published as {before.path})"
        if row["given_updated"] == NO_TIME:
            if row["digest"] == before.digest:
                updated, updated_origin = max(before.updated, int(row["published"])), 1  # type: ignore[call-overload]
            else:
                updated, updated_origin = max(NOW, int(row["published"])), 2  # type: ignore[call-overload]
    return (ident, updated, id_origin, updated_origin)


def walked(rows: list[dict[str, object]], text: str) -> tuple[list[tuple[object, ...]], bytes, list[Problem]]:
    placement = FakePlacement(rows)
    written, problems = identity.reconcile(
        placement, text.encode(), now=from_seconds(NOW), record_path="feedbuilder.ids"
    )
    record = bytes(written)
    result = [
        (placement.ids[i], placement.updated[i], placement.id_origins.get(i), placement.updated_origins[i])
        for i in range(len(rows))
    ]
    return result, record, problems


_NAMES = ["a.md", "b.md", "c/d.md", "c/e f.md", "2026-01-02-g.md", "h.html", "ü.md", "index.md", "x/index.md"]
_DIGESTS = ["d1" * 10, "d2" * 10, "d3" * 10]
_TITLES = ["t1t1t1t1", "t2t2t2t2"]
_TIMES = [NOW - 86_400, NOW - 3600, NOW, NOW + 60]
_SKETCHES = ["", "000100020003000400050006", "000100020003000400050007", "0aa00bb0"]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[dict[str, object]], str]:
    sources = sorted(draw(st.sets(st.sampled_from(_NAMES), max_size=6)))
    rows = []
    for source in sources:
        published = draw(st.sampled_from(_TIMES))
        given_updated = draw(st.sampled_from([NO_TIME, NOW - 10]))
        rows.append(
            {
                "source": source,
                "id": draw(st.sampled_from([f"tag:x,2026:{source}", "tag:x,2026:shared", "https://x/old"])),
                "given_id": draw(st.sampled_from([None, "tag:x,2026:given"])),
                "digest": draw(st.sampled_from(_DIGESTS)),
                "title": draw(st.sampled_from(_TITLES)),
                "sketch": draw(st.sampled_from(_SKETCHES)),
                "published": published,
                "given_updated": given_updated,
                "updated": max(published, given_updated) if given_updated != NO_TIME else published,
                "draft": draw(st.booleans()),
            }
        )
    lines = []
    for _ in range(draw(st.integers(0, 7))):
        path = draw(st.sampled_from([*_NAMES, "gone.md", "old/a.md"]))
        when = rfc3339(from_seconds(draw(st.sampled_from(_TIMES))))
        ident = draw(st.sampled_from(["tag:x,2026:first", "https://x/old", f"tag:x,2026:{path}"]))
        line = f"{urllib.parse.quote(path, safe='/ ')}\t{ident}\t{draw(st.sampled_from(_DIGESTS))}\t"
        line += f"{draw(st.sampled_from(_TITLES))}\t"
        if draw(st.booleans()):  # as feedbuilder writes it now; else as an earlier one did
            day = rfc3339(from_seconds(draw(st.sampled_from(_TIMES))))[:10]
            line += f"{draw(st.sampled_from(_SKETCHES)) or '-'}\t{day}\t"
        line += when
        lines.append(draw(st.sampled_from([line, line, "damaged line", "# a comment", ""])))
    if draw(st.booleans()):
        lines.sort(key=lambda line: urllib.parse.unquote(line.split("\t")[0]))  # as feedbuilder writes it
    header = identity.HEADER if draw(st.booleans()) else "# another header\n"
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    text = header.replace("\n", ending) + ending.join(lines) + (ending if lines and draw(st.booleans()) else "")
    return rows, text


def _row(source: str, digest: str = "d1" * 10) -> dict[str, object]:
    return {
        "source": source,
        "id": f"tag:x,2026:{source}",
        "given_id": None,
        "digest": digest,
        "title": "t1t1t1t1",
        "published": NOW - 86_400,
        "given_updated": NO_TIME,
        "updated": NOW - 86_400,
        "draft": False,
    }


def _line(source: str, digest: str = "d1" * 10, when: int = NOW - 3600) -> str:
    day = rfc3339(from_seconds(NOW - 86_400))[:10]
    return f"{source}\ttag:x,2026:{source}\t{digest}\tt1t1t1t1\t-\t{day}\t{rfc3339(from_seconds(when))}\n"


@settings(max_examples=600, deadline=None)
@given(scenarios())
@example(([], ""))
@example(([_row("a.md"), _row("b.md")], identity.HEADER + _line("a.md") + _line("a.md", "d2" * 10) + _line("b.md")))
@example(([_row("a.md"), _row("b.md")], identity.HEADER + _line("a.md") + "# note\n" + _line("a.md", when=NOW)))
@example(([_row("a.md"), _row("b.md")], identity.HEADER + _line("b.md") + _line("a.md")))
@example(([_row("a.md"), _row("b.md", "d2" * 10)], identity.HEADER + _line("a.md") + _line("b.md")))
def test_walking_the_record_equals_reading_it_whole(scenario: tuple[list[dict[str, object]], str]) -> None:
    """Same ids, updated times and origins, same next record byte for byte, same problems in the same order."""
    rows, text = scenario
    assert walked(rows, text) == reference(rows, text)


def test_an_unchanged_record_is_given_back_as_it_is() -> None:
    """No line changed: the very bytes object comes back (a large record is not copied)."""
    rows = [
        {
            "source": "a.md",
            "id": "tag:x,2026:a",
            "given_id": None,
            "digest": _DIGESTS[0],
            "title": _TITLES[0],
            "published": NOW - 86_400,
            "given_updated": NO_TIME,
            "updated": NOW - 86_400,
            "draft": False,
        }
    ]
    _, record, _ = reference(rows, "")
    again, _ = identity.reconcile(FakePlacement(rows), record, now=from_seconds(NOW))
    assert again.unchanged and bytes(again) is record
    edited = [{**rows[0], "digest": _DIGESTS[1]}]
    changed, _ = identity.reconcile(FakePlacement(edited), record, now=from_seconds(NOW))
    assert not changed.unchanged
    assert bytes(changed) != record and len(bytes(changed)) == len(record)  # same length, other bytes: written
    # while the feeds are made, the build holds only what it will write: nothing of a record left as it was
    assert again.let_go().unchanged and again.let_go().pieces == []
    with pytest.raises(ValueError, match="nothing to write"):
        bytes(again.let_go())
    assert changed.let_go() is changed


def test_lines_written_anew_are_held_a_run_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first record (or many changed lines) is held as a few joined runs, not an object per line
    (5 MB at 100,000 articles), and its bytes are the same however the runs are cut."""
    rows = [_row(f"p{index:02}.md", _DIGESTS[index % 2]) for index in range(23)]
    kept = identity.HEADER + "".join(_line(f"p{index:02}.md", _DIGESTS[index % 2]) for index in (5, 6, 17))
    packed_from = identity._PACKED_FROM
    for text in ("", kept):
        expected = reference(rows, text)
        for run in (1, 4, 4096):
            monkeypatch.setattr(identity, "_WRITTEN_RUN", run)
            written, _ = identity.reconcile(FakePlacement(rows), text.encode(), now=from_seconds(NOW))
            assert bytes(written) == expected[1]
            if run == 4096:  # the header and one run; or the runs around the kept lines
                assert len(written.pieces) == (2 if text == "" else 6)
            assert walked(rows, text) == expected
            monkeypatch.setattr(identity, "_PACKED_FROM", 1)  # every run compressed: the same bytes
            packed, _ = identity.reconcile(FakePlacement(rows), text.encode(), now=from_seconds(NOW))
            assert bytes(packed) == expected[1] and list(packed.pieces) == list(written.pieces)
            monkeypatch.setattr(identity, "_PACKED_FROM", packed_from)


def test_a_large_first_record_is_held_compressed() -> None:
    """A first build of many articles holds the record it will write in a quarter of its size."""
    rows = [_row(f"{index // 100:03}/story-number-{index:05}.md", _DIGESTS[index % 3]) for index in range(3000)]
    written, _ = identity.reconcile(FakePlacement(rows), b"", now=from_seconds(NOW))
    whole = bytes(written)
    assert whole == reference(rows, "")[1] and len(whole) > 200_000
    assert isinstance(written.pieces, identity.Pieces) and written.pieces.held() < len(whole) / 4
    assert b"".join(written.pieces[1:]) == whole[len(identity.HEADER) :]


def test_times_in_the_record_keep_their_zone_rules() -> None:
    """A record line whose time has an offset is read as that instant (as the earlier way read it)."""
    entries, problems = identity.read_record("a.md\tid\th\tt\t2026-07-01T10:00:00+02:00\n", path="x")
    assert problems == [] and entries[0].updated == int(
        datetime.datetime(2026, 7, 1, 8, tzinfo=datetime.UTC).timestamp()
    )
