"""Author names written with Markdown or HTML (``[Jane Doe](https://…), the bit shifter``) as plain
names, each link becoming that author's address.

An author string without links is left as it is.  With links, the string is
split where it lists people (``,``, ``;``, ``and``, ``&``); each part is a
person: the text of its link (or the words beside a link to a handle such as
``@jane``), its address the link.  Parts that are no name (``the bit
shifter``: a description, in lower case) and asides in brackets (``(Google)``)
are left out, and so are words beside linked names that are not all capitalised
(``, V8 historian``) or a single word (``, Cisco``: a company).
"""

from __future__ import annotations

import html
import re

_MARKDOWN_LINK = re.compile(r"\[([^\[\]]{0,500})\]\(\s*<?([^()\s<>]{0,2000})>?(?:\s+\"[^\"]*\")?\s*\)")
_HTML_LINK = re.compile(r"<a\s[^>]{0,2000}?href\s*=\s*([\"'])(.*?)\1[^>]{0,2000}>(.*?)</a\s*>", re.I | re.S)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_LINK_MARK = "\x00"  # stands for the n-th link while the string is split
_LINK_REF = re.compile(_LINK_MARK + r"(\d+)" + _LINK_MARK)
_ASIDE = re.compile(r"\([^()]*\)")
_PARTICLES = frozenset(["van", "von", "de", "der", "den", "da", "di", "del", "le", "la", "du", "bin", "al"])
_SEPARATOR = re.compile(r"\s*(?:[,;&]|\band\b)\s*")


def has_markup(name: str) -> bool:
    return "](" in name or "<" in name


def people(written: str) -> list[tuple[str, str | None]]:
    """The (name, address) of each person the string names; ``[(written, None)]`` if it has no markup."""
    if not has_markup(written):
        return [(written, None)]
    links: list[tuple[str, str]] = []

    def keep(text: str, url: str) -> str:
        links.append((" ".join(_TAG.sub("", html.unescape(text)).split()), html.unescape(url)))
        return f"{_LINK_MARK}{len(links) - 1}{_LINK_MARK}"

    text = _HTML_LINK.sub(lambda m: keep(m.group(3), m.group(2)), written)
    text = _MARKDOWN_LINK.sub(lambda m: keep(m.group(1), m.group(2)), text)
    text = html.unescape(_TAG.sub("", text))
    text = _ASIDE.sub(lambda m: m.group()[1:-1] if _LINK_MARK in m.group() else " ", text)  # "(Google)" goes
    found = [person for part in _SEPARATOR.split(text) if (person := _person(part, links, bool(links)))]
    return found or [(" ".join(_LINK_REF.sub(lambda m: links[int(m.group(1))][0], text).split()), None)]


def _person(part: str, links: list[tuple[str, str]], linked: bool) -> tuple[str, str | None] | None:
    """The person one listed part names, or None if it names none."""
    inside = [links[int(ref)] for ref in _LINK_REF.findall(part)]
    beside = " ".join(_LINK_REF.sub(" ", part).split()).strip(" :-\u2013\u2014")
    if inside:
        label, url = inside[0]
        if beside and beside[0].isupper():  # "Jane Doe ([@jane](…))": the name is beside its link
            return beside, url
        return (label, url) if label and not label.startswith("@") else (beside or label, url)
    if not beside or beside[0].islower():
        return None  # a description ("the bit shifter")
    if linked and (" " not in beside or not all(_name_word(word) for word in beside.split())):
        return None  # beside linked names: a company ("Cisco") or a title ("V8 historian")
    return beside, None


def _name_word(word: str) -> bool:
    """A word of a name: capitalised, or a particle ("van", "de")."""
    return word[0].isupper() or word in _PARTICLES
