"""Every rule of the feed checker: its stable code, its level by default and under --strict, what it checks.

Default level: what the specs and the W3C Feed Validation Service call errors and warnings, nothing more.
``--strict`` (``--best-practice``): feedbuilder's own stricter rules on top (self links, guids, absolute
http(s) URLs, ASCII-only addresses, safe markup, dates not in the future, ...). A level of None means the
rule is not reported at that level. The README's rule table is made from this one (tests keep them equal).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

Level = Literal["error", "warning"] | None


@dataclasses.dataclass(frozen=True)
class Rule:
    default: Level
    strict: Level
    summary: str


E: Literal["error"] = "error"
W: Literal["warning"] = "warning"
N = None


def _rule(default: Level, strict: Level, summary: str) -> Rule:
    return Rule(default, strict, summary)


RULES: dict[str, Rule] = {
    # --- the file ----------------------------------------------------------------------------------------
    "file-unreadable": _rule(E, E, "the file cannot be read, is not a regular file, or the URL cannot be fetched"),
    "file-too-large": _rule(E, E, "over the size limit (5,000,000 bytes, the W3C validator's)"),
    "file-large": _rule(W, W, "over 1,000,000 bytes: readers download it all on every poll"),
    "not-a-feed": _rule(E, E, "not RSS, Atom or JSON Feed (HTML, OPML, gzip, binary, empty, other XML)"),
    "xml-not-well-formed": _rule(E, E, "not well-formed XML"),
    "xml-dtd-entity": _rule(E, E, "an entity declared in a DOCTYPE (readers do not read DTDs)"),
    "bad-character": _rule(E, E, "a control character, lone surrogate, noncharacter or U+FFFD"),
    "bad-language": _rule(E, E, "a language (xml:lang, language, hreflang) that is not a language tag"),
    "self-link-mismatch": _rule(E, E, "the self link is not the URL the feed is served at"),
    # --- dates, URLs, ids, e-mail ----------------------------------------------------------------------
    "date-format": _rule(E, E, "not an RFC 822 (RSS) or RFC 3339 (Atom, JSON Feed) date"),
    "date-loose": _rule(W, E, "a loose RFC 822 date: two-digit year, extra spaces, lower case, military zone"),
    "date-future": _rule(W, E, "a date more than a day in the future"),
    "date-implausible": _rule(W, W, "a date before 1990"),
    "date-duplicate": _rule(W, W, "two entries with one updated time"),
    "url-empty": _rule(E, E, "an empty URL"),
    "url-relative": _rule(N, E, "a relative URL (allowed by RFC 4287; readers resolve it unreliably)"),
    "url-not-absolute": _rule(E, E, "a URL or IRI where the spec requires an absolute one"),
    "url-not-web": _rule(N, E, "an absolute URL that is not http(s), such as ftp:"),
    "url-invalid": _rule(E, E, "a URL with a space, a control character or a broken escape"),
    "url-non-ascii": _rule(N, E, "an IRI with non-ASCII characters (allowed; some readers fail on them)"),
    "id-empty": _rule(E, E, "an empty guid or id"),
    "id-bad-uri": _rule(E, E, "a tag:, urn: or other id URI that breaks its scheme's syntax"),
    "id-not-canonical": _rule(W, W, "an id not in canonical form (ids are compared character by character)"),
    "email-invalid": _rule(E, E, "not an e-mail address"),
    "email-no-name": _rule(W, W, "an RSS e-mail address without '(Name)'"),
    # --- markup -------------------------------------------------------------------------------------------
    "html-unsafe": _rule(W, E, "script, frames, event handlers or script URLs in HTML"),
    "html-style": _rule(W, E, "an inline style readers strip (margin, float, position, ...)"),
    "html-relative-url": _rule(W, E, "a relative URL in HTML without an absolute xml:base"),
    "html-not-html": _rule(W, W, "a tag that is not HTML"),
    "html-unescaped": _rule(W, W, "a '<' or '&' in HTML that is not markup"),
    "text-blank": _rule(W, W, "an empty title, category, subtitle, summary or content"),
    "text-markup": _rule(W, W, "markup or character references in plain text"),
    # --- RSS ----------------------------------------------------------------------------------------------
    "rss-namespace": _rule(E, E, "an <rss> element in a namespace (RSS 2.0 has none)"),
    "rss-no-channel": _rule(E, E, "<rss> without <channel>"),
    "rss-missing": _rule(E, E, "a required RSS element is missing or empty"),
    "rss-duplicate": _rule(E, E, "an RSS element that may appear once appears twice"),
    "rss-undefined": _rule(E, E, "an element RSS 2.0 does not define, without a namespace"),
    "rss-unexpected-text": _rule(E, E, "text directly inside channel, item, image or another container"),
    "rss-misplaced": _rule(W, W, "an element in the wrong place, such as item outside channel"),
    "rss-self-link": _rule(W, E, 'no atom:link rel="self" in the channel'),
    "rss-self-link-type": _rule(N, E, 'the self link has no type="application/rss+xml"'),
    "rss-home-is-feed": _rule(N, E, "the channel link is the feed's own URL"),
    "rss-item-empty": _rule(E, E, "an item with neither title nor description"),
    "rss-guid-missing": _rule(W, E, "an item without guid, or with an empty one"),
    "rss-guid-permalink": _rule(E, E, 'isPermaLink is neither "true" nor "false"'),
    "rss-guid-not-url": _rule(E, E, "a guid that is a permalink by default but not a URL"),
    "rss-guid-duplicate": _rule(E, E, "two items with one guid"),
    "rss-duplicate-semantics": _rule(
        W, W, "one thing said twice: author and dc:creator, language and dc:language, ..."
    ),
    "rss-guid-weak": _rule(W, W, 'a short number as guid (isPermaLink="false"): not unique enough'),
    "rss-hour-24": _rule(W, W, "skipHours hour 24 (write 0 for midnight)"),
    "rss-text-input-avoid": _rule(W, W, "textInput: most readers ignore it"),
    "rss-content-order": _rule(W, W, "content:encoded without a description before it"),
    "rss-image-format": _rule(W, W, "an image URL that is not GIF, JPEG or PNG"),
    "rss-enclosure": _rule(E, E, "an enclosure without url, length or type, or with bad values"),
    "rss-enclosure-twice": _rule(W, E, "an item with more than one enclosure"),
    "rss-image-link": _rule(W, W, "an image title or link that differs from the channel's"),
    "rss-number": _rule(E, E, "ttl, skipHours, width, height or port that is not a number in range"),
    "rss-day": _rule(E, E, "a skipDays day that is not Monday..Sunday"),
    "rss-cloud": _rule(E, E, "a cloud without domain, port, path, registerProcedure or protocol"),
    "rss-text-input": _rule(E, E, "a textInput without title, description, name or link"),
    "rss-value": _rule(E, E, "a namespace element with a value outside its vocabulary"),
    "itunes-value": _rule(E, E, "an iTunes element whose value is not one it allows (explicit, block, duration, ...)"),
    "itunes-too-long": _rule(E, E, "an iTunes subtitle, keywords or author over 255 characters, a summary over 4,000"),
    "itunes-image": _rule(E, E, "an itunes:image without href, or with a bad URL"),
    "itunes-owner": _rule(E, E, "an itunes:owner without itunes:email"),
    "itunes-category": _rule(E, E, "an itunes:category that is not one of Apple's, or has no text"),
    "itunes-category-old": _rule(W, W, "an itunes:category Apple retired in 2019"),
    "media-value": _rule(E, E, "a Media RSS element with a missing or bad attribute, rating, hash or role"),
    "media-role": _rule(W, W, "a media:credit role that is not a common EBU role"),
    # --- Atom ---------------------------------------------------------------------------------------------
    "atom-missing": _rule(E, E, "a required Atom element or attribute is missing"),
    "atom-duplicate": _rule(E, E, "an Atom element that may appear once appears twice"),
    "atom-undefined": _rule(E, E, "an element in the Atom namespace that RFC 4287 does not define there"),
    "atom-self-link": _rule(W, E, 'no link rel="self" in the feed'),
    "atom-link-duplicate": _rule(E, E, "two alternate links with one type and hreflang"),
    "atom-link": _rule(E, E, "a link without href, or with a bad rel, type or length"),
    "atom-self-relative": _rule(W, E, "a relative self link"),
    "atom-link-rel": _rule(W, W, "a link relation that is not registered"),
    "atom-source-incomplete": _rule(W, W, "an atom:source without id, title or updated"),
    "atom-name-email": _rule(W, W, "an e-mail address in a person's name"),
    "atom-content-type": _rule(W, W, "content with src but no type"),
    "atom-enclosure": _rule(N, E, "an enclosure link without length or type"),
    "atom-entry-no-content": _rule(E, E, "an entry with neither content nor an alternate link"),
    "atom-entry-no-summary": _rule(W, W, "an entry without content or summary"),
    "atom-summary-needed": _rule(E, E, "an entry with out-of-line or binary content and no summary"),
    "atom-author-missing": _rule(E, E, "an entry without author in a feed without author"),
    "atom-id-duplicate": _rule(E, E, "two entries with one id and one updated time"),
    "atom-id-repeated": _rule(N, E, "two entries with one id (RFC 4287 allows it with different updated times)"),
    "atom-whitespace": _rule(E, E, "an Atom id, icon, logo or uri with white space around it"),
    "atom-misplaced": _rule(E, E, "a feed's own element after its first entry"),
    "atom-category": _rule(E, E, "a category without term, or with a relative scheme"),
    "atom-type": _rule(E, E, "a text or content type that is not text, html, xhtml or a MIME type"),
    "atom-xhtml": _rule(E, E, 'type="xhtml" content that is not one XHTML <div>'),
    "atom-content": _rule(E, E, "content with src and inline text, or base64 that does not decode"),
    "thr-value": _rule(E, E, "a threading (RFC 4685) element or attribute that is unknown or has a bad value"),
    # --- JSON Feed ----------------------------------------------------------------------------------------
    "json-invalid": _rule(E, E, "not valid JSON"),
    "json-version": _rule(E, E, "version is not https://jsonfeed.org/version/1 or /1.1"),
    "json-missing": _rule(E, E, "a required key is missing (title, items, item id, attachment url/mime_type)"),
    "json-type": _rule(E, E, "a key whose value has the wrong JSON type"),
    "json-unknown-key": _rule(E, E, "a key JSON Feed does not define and that does not start with '_'"),
    "json-empty-author": _rule(E, E, "an author with no name, url or avatar"),
    "json-item-no-content": _rule(E, E, "an item with neither content_html nor content_text"),
    "json-id-duplicate": _rule(W, E, "two items with one id"),
    "json-hub": _rule(E, E, "a hub without type or url"),
    "json-feed-url-missing": _rule(N, E, "no feed_url or home_page_url"),
    "json-home-is-feed": _rule(N, E, "home_page_url is the feed's own URL"),
    "json-deprecated": _rule(W, W, "JSON Feed 1.1 deprecates 'author' for 'authors'"),
}


def level(code: str, *, strict: bool) -> Level:
    """The level a rule reports at; KeyError for a code that is not a rule."""
    rule = RULES[code]
    return rule.strict if strict else rule.default
