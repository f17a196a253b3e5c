"""A short sample of a body's paragraphs, to recognise an edited article after a rename (site/recognise.py)."""

from __future__ import annotations

import re
import zlib

SKETCH_SIZE = 8  # sampled paragraphs (or sentences) of a body, 2 bytes each
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
_PARAGRAPHS = re.compile(r"\n\s*\n|</(?:p|li|h[1-6]|blockquote|div|pre)>", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def sketch(body: str) -> str:
    """A sample of the body's paragraphs (or of its sentences when it has fewer than four paragraphs):
    the smallest 16-bit hashes of them, as hex; "" for a body with nothing to sample.  Two bodies that
    share most of their paragraphs share most of their samples (a bottom-k sketch)."""
    units = _PARAGRAPHS.split(body)
    if len(units) < 4:
        units = [sentence for unit in units for sentence in _SENTENCES.split(unit)]
    hashes = set()
    for unit in units:
        words = _WORD.findall(_TAG.sub(" ", unit).casefold())
        if len(words) >= 3:
            hashes.add((zlib.crc32(" ".join(words).encode("utf-8", "surrogatepass")) & 0xFFFF) or 1)
    return "".join(f"{value:04x}" for value in sorted(hashes)[:SKETCH_SIZE])


def sample_values(sketched: str) -> list[int]:
    """The sampled hashes of a sketch."""
    return [int(sketched[at : at + 4], 16) for at in range(0, len(sketched) - 3, 4)]
