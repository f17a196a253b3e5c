"""Front-matter keys that are near misses of the fields feedbuilder reads ('titel:', 'tag:'): said, with
"did you mean"; keys that Hugo, Jekyll, Zola, Eleventy, Pelican or Astro read are left alone."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable

EXAMPLE_SUMMARY = "One sentence that says what this article is about."  # as init and new write it
EXAMPLE_AUTHOR = "My Name"  # as init writes it

# Every key articles.py reads (a field, or a spelling of one).
READ = frozenset(
    (
        *("title", "date", "pubDate", "publishDate", "updated", "lastmod", "last_modified_at", "id", "guid"),
        *("url", "link", "permalink", "slug", "summary", "description", "excerpt", "authors", "author", "tags"),
        *("keywords", "categories", "category", "draft", "published", "lang", "language", "image", "cover"),
        "enclosure",
    )
)
# Keys the generators feedbuilder reads the sites of use for themselves (their documented front matter):
# never a typo, whatever they look like.
GENERATORS = frozenset(
    key.casefold()
    for key in (  # noqa: SIM905 (a list of words, one generator a line)
        # Hugo
        "aliases audio build cascade expiryDate headless images isCJKLanguage layout linkTitle markup menu menus "
        "outputs params resources sitemap translationKey type videos weight series toc tocOpen comments featured "
        "featured_image showToc hidemeta math emoji expirydate unlisted"
        # Jekyll
        " excerpt_separator redirect_from redirect_to hidden pin seo render_with_liquid collection"
        # Zola
        " path in_search_index template taxonomies extra render"
        # Eleventy
        " pagination eleventyExcludeFromCollections eleventyComputed eleventyNavigation templateEngineOverride "
        "eleventyImport dynamicPermalink permalinkBypassOutputDir eleventyDataSchema"
        # Pelican
        " modified translation status save_as og_image"
        # Astro (the blog template's content collection)
        " updatedDate heroImage"
    ).split()
)
_KNOWN = tuple(sorted(READ))
_FOLDED = {key.casefold(): key for key in _KNOWN}


_JEKYLL = frozenset(("tag",))  # Jekyll reads 'tag' (one tag) beside 'tags'


@functools.lru_cache(maxsize=1024)
def near_miss(key: str, *, jekyll: bool = False) -> str | None:
    """The field ``key`` is likely a typo of, or None (a field, a generator's key, or nothing close).
    ``jekyll``: the file is read as Jekyll reads it (its singular 'tag' is a field then)."""
    folded = key.casefold()
    if key in READ or folded in GENERATORS or (jekyll and key in _JEKYLL):
        return None
    if folded in _FOLDED:
        return _FOLDED[folded]  # 'Title:' is not read: keys are case-sensitive
    close = difflib.get_close_matches(folded, list(_FOLDED), n=1, cutoff=0.75)
    return _FOLDED[close[0]] if close else None


def near_misses(keys: Iterable[str], *, jekyll: bool = False) -> list[tuple[str, str]]:
    """(key, the field it is likely a typo of) for each such key."""
    return [
        (key, meant) for key in keys if isinstance(key, str) and (meant := near_miss(key, jekyll=jekyll)) is not None
    ]


def examples(meta: dict[str, object]) -> list[str]:
    """The keys whose values are still the examples 'feedbuilder init' and 'new' wrote (summary, author)."""
    found = []
    if meta.get("summary") == EXAMPLE_SUMMARY:
        found.append("summary")
    author = meta.get("author")
    if author == EXAMPLE_AUTHOR or (isinstance(author, list) and EXAMPLE_AUTHOR in author):
        found.append("author")
    return found
