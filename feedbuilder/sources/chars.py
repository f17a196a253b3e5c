"""Characters a feed may carry: what XML allows and the W3C validator does not warn about.

Kept apart from html.py so that reading the config (which cleans its text too)
imports no HTML machinery.
"""

from __future__ import annotations

import re

# Characters XML allows and the validator does not warn about: TAB, LF, CR, printable ASCII, and the rest of
# Unicode but for DEL and C1 controls (0x7F-0x9F), surrogates, U+FDD0-U+FDEF and U+FFFD-U+FFFF, U+nFFFE/U+nFFFF.
# Written as a negated class of what is allowed, common characters first: it is searched in every string.
_ALLOWED_PLANES = "".join(f"{chr(plane << 16)}-{chr(plane << 16 | 0xFFFD)}" for plane in range(1, 17))
_UNSAFE_CHARS = re.compile("[^\x20-\x7e\n\t\r\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffc" + _ALLOWED_PLANES + "]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def clean_text(value: str) -> tuple[str, bool]:
    """Remove characters that XML forbids or the validator warns about; say whether any were removed.

    A surrogate pair written as two code points (as some escapes produce) is first joined
    into the character it encodes; lone surrogates are removed.
    """
    if _UNSAFE_CHARS.search(value) is None:
        return value, False
    value = _SURROGATE_PAIR.sub(_join_pair, value)
    return _UNSAFE_CHARS.sub("", value), True


def _join_pair(match: re.Match[str]) -> str:
    return match.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")
