"""The plain news-text layout (``.txt``) -> title, section, standfirst, body.

    world news                                  <- section (a category)

    Leaders pledge to cooperate | China News    <- headline; " | Site" dropped

    The standfirst paragraph.                   <- summary, and the body's first paragraph

    Next paragraph of the body.                 <- body, one <p> per paragraph
    ...
    Related Articles                            <- web page footer, dropped

Paragraphs are separated by blank lines.
"""

from __future__ import annotations

import dataclasses
import html

# Lines a copied web page leaves at its end.  Only a run of these (and short
# lines after them) at the very end of the text is dropped.
_FOOTER_MARKERS = (
    "related articles",
    "related posts",
    "related stories",
    "leave a reply",
    "leave a comment",
    "share this",
    "share this:",
    "back to top",
    "back to top button",
)
_FOOTER_SHORT = 120


@dataclasses.dataclass(frozen=True)
class Layout:
    section: str | None
    headline: str | None
    headline_line: int | None
    standfirst: str | None
    paragraphs: tuple[str, ...]

    @property
    def body_html(self) -> str:
        """The whole story: the standfirst first (a reader's full view starts where the text does), then
        the paragraphs."""
        story = (self.standfirst, *self.paragraphs) if self.standfirst else self.paragraphs
        return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in story)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Blank-line-separated paragraphs with the line each starts on (0-based)."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n")):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            blocks.append((start, " ".join(current)))
            current = []
    if current:
        blocks.append((start, " ".join(current)))
    return blocks


def _without_footer(paragraphs: list[str]) -> list[str]:
    for index, paragraph in enumerate(paragraphs):
        if paragraph.strip().lower().rstrip(".") in _FOOTER_MARKERS and all(
            len(rest) <= _FOOTER_SHORT for rest in paragraphs[index:]
        ):
            return paragraphs[:index]
    return paragraphs


def split_headline(headline: str) -> str:
    """'Leaders meet | China News' -> 'Leaders meet' (only the last ' | ').

    Found by position, not by a pattern: a regex would backtrack through a
    long run of spaces in quadratic time.
    """
    bar = headline.rfind("|")
    site = headline[bar + 1 :]
    if bar > 0 and headline[bar - 1].isspace() and site[:1].isspace() and site.strip():
        return headline[:bar].strip()
    return headline.strip()


def parse(text: str, *, first_line: int = 1) -> Layout:
    """Read the layout: the first two non-empty lines are the section and the
    headline; a file of one line is only a headline."""
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n")) if line.strip()]
    if not lines:
        return Layout(None, None, None, None, ())
    section_number, section = lines[0]
    if len(lines) == 1:
        return Layout(None, split_headline(section), first_line + section_number, None, ())
    headline_number, headline = lines[1]
    rest = text.split("\n")[headline_number + 1 :]
    blocks = [block for _, block in _blocks("\n".join(rest))]
    standfirst = blocks[0] if blocks else None
    return Layout(
        section=section,
        headline=split_headline(headline),
        headline_line=first_line + headline_number,
        standfirst=standfirst,
        paragraphs=tuple(_without_footer(blocks[1:])),
    )
