"""The values of RSS elements and attributes: links, dates, numbers, e-mail addresses, cloud, skipHours and
skipDays, coordinates and the other kinds :mod:`rss_vocabulary` names, for :mod:`rss_rules`."""

from __future__ import annotations

import datetime
import re
import urllib.parse
from collections.abc import Callable

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.check import rss_vocabulary as vocabulary
from feedbuilder.check.common import EMAIL_ADDRESS, LANGUAGE_TAG, check_date, check_url, language_hint, show
from feedbuilder.check.html_rules import check_html, check_plain_text
from feedbuilder.check.xml_reading import Element, XmlFeed, attribute, display_name, line_of, text_of

_EMAIL_WITH_NAME = re.compile(EMAIL_ADDRESS.pattern + r" \([^()]+\)")
_W3CDTF = re.compile(r"\d{4}(?:-\d\d(?:-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d))?)?)?")
_FORM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*")


def _check_plain(feed: XmlFeed, element: Element, field: str) -> None:
    if not text_of(element) and len(element) == 0 and element.tag in ("category", "title"):
        hint = "remove it, or give it a value"
        feed.sink.add("text-blank", field, "is empty", hint, line_of(element))
    if text_of(element):
        hex_refs = feed.has_hex_refs(element)
        check_plain_text(feed.sink, field, text_of(element), line_of(element), rss=True, hex_refs=hex_refs)


def _check_html(feed: XmlFeed, element: Element, field: str) -> None:
    if element.text:
        check_html(feed.sink, field, str(element.text), line_of(element))


def _check_link(feed: XmlFeed, element: Element, field: str) -> None:
    check_url(feed.sink, field, text_of(element), line_of(element), iri=False)


def _check_language(feed: XmlFeed, element: Element, field: str) -> None:
    value = text_of(element)
    if not LANGUAGE_TAG.fullmatch(value):
        message = f"{show(value)} is not a language tag"
        feed.sink.add("bad-language", field, message, language_hint(value), line_of(element))


def _check_rfc822(feed: XmlFeed, element: Element, field: str) -> None:
    check_date(feed.sink, field, str(element.text or ""), line_of(element), rfc822=True)


def _check_w3cdtf(feed: XmlFeed, element: Element, field: str) -> None:
    value = str(element.text or "")
    if not _W3CDTF.fullmatch(value) or not _real_date(value):
        hint = "write it like 2024-07-01T09:00:00Z (W3C-DTF)"
        feed.sink.add("date-format", field, f"{show(value)} is not a W3C-DTF date", hint, line_of(element))


def _real_date(value: str) -> bool:
    parts = [int(part) for part in re.findall(r"\d+", value[:10])] + [1, 1]
    try:
        datetime.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _check_number(feed: XmlFeed, element: Element, field: str, *, low: int, high: int | None, what: str) -> None:
    value = str(element.text or "")
    number = int(value) if value.isascii() and value.isdigit() else None
    if number is None or number < low or (high is not None and number > high):
        feed.sink.add("rss-number", field, f"{show(value)} is not {what}", f"write {what}", line_of(element))


def _check_email(feed: XmlFeed, element: Element, field: str) -> None:
    value, line = text_of(element), line_of(element)
    _check_plain(feed, element, field)
    address = urllib.parse.unquote(value.removeprefix("mailto:"))  # RFC 2368 form is accepted too
    if _EMAIL_WITH_NAME.fullmatch(address):
        return
    if "@" in address and not address.endswith(")") and EMAIL_ADDRESS.search(address):
        message = f"{show(value)} is not in the form address (name)"
        feed.sink.add("email-no-name", field, message, "write jane@example.com (Jane Doe)", line)
    else:
        hint = "write jane@example.com (Jane Doe), or put a name without address in dc:creator"
        feed.sink.add("email-invalid", field, f"{show(value)} is not an e-mail address", hint, line)


def _check_cloud(feed: XmlFeed, element: Element, field: str) -> None:
    check_attributes(feed, element, field, code="rss-cloud")
    port = attribute(element, "port")
    if port is not None and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        hint = "write the port number, e.g. 80"
        feed.sink.add("rss-cloud", f"{field}/@port", f"{show(port)} is not a port number", hint, line_of(element))


def check_attributes(feed: XmlFeed, element: Element, field: str, *, code: str) -> None:
    """Attributes without namespace: only those RSS defines on the element, and the required ones."""
    allowed, required = vocabulary.ATTRIBUTES[etree.QName(element).localname]
    line = line_of(element)
    for name in element.attrib:
        if not str(name).startswith("{") and name not in allowed:
            hint = f"{display_name(element)} takes only {', '.join(sorted(allowed))}"
            feed.sink.add(
                "rss-undefined", f"{field}/@{name}", f"is not an attribute of <{display_name(element)}>", hint, line
            )
    for name in required:
        if element.get(name) is None:
            feed.sink.add(code, f"{field}/@{name}", "is missing", f"<{display_name(element)}> needs {name}", line)


def _check_text_input_name(feed: XmlFeed, element: Element, field: str) -> None:
    value = text_of(element)
    if value and not _FORM_NAME.fullmatch(value):
        hint = "a letter, then letters, digits, '_', '-', '.' or ':'"
        feed.sink.add("rss-text-input", field, f"{show(value)} is not a form field name", hint, line_of(element))


def check_image_size(feed: XmlFeed, image: Element, field: str) -> None:
    for name, limit in vocabulary.IMAGE_LIMITS.items():
        for element in image.iterchildren(name):
            what = f"a whole number of pixels up to {limit}"
            _check_number(feed, element, f"{field}/{name}", low=1, high=limit, what=what)


def check_skips(feed: XmlFeed, parent: Element, kind: str, field: str) -> None:
    name = "hour" if kind == "skipHours" else "day"
    seen: set[str] = set()
    for element in parent.iterchildren(name):
        value, line, where = text_of(element), line_of(element), f"{field}/{name}"
        if name == "hour":
            good = value.isascii() and value.isdigit() and int(value) <= 24
            key = str(int(value) % 24) if good else value
            what, hint = "an hour from 0 to 23", "write an hour from 0 to 23 (0 is midnight)"
        else:
            good, key = value in vocabulary.DAYS, value
            what, hint = "a day", f"write one of {', '.join(vocabulary.DAYS)}"
        if name == "hour" and value == "24":
            feed.sink.add("rss-hour-24", where, "24 is midnight, written 0", "write 0", line)
        if not good:
            feed.sink.add(
                "rss-number" if name == "hour" else "rss-day", where, f"{show(value)} is not {what}", hint, line
            )
        elif key in seen:
            feed.sink.add("rss-duplicate", where, f"{show(value)} appears twice", "list each once", line)
        seen.add(key)


def _check_resource(feed: XmlFeed, element: Element, field: str) -> None:
    value = element.get(f"{{{vocabulary.RDF}}}resource")
    if value is None:
        hint = 'write rdf:resource="URL"'
        feed.sink.add("rss-value", f"{field}/@rdf:resource", "is missing", hint, line_of(element))
    else:
        check_url(feed.sink, f"{field}/@rdf:resource", str(value), line_of(element), web=False)


def _check_coordinate(feed: XmlFeed, element: Element, field: str) -> None:
    limit = 90.0 if element.tag.endswith(("lat", "latitude")) else 180.0
    value = text_of(element)
    try:
        good = abs(float(value)) <= limit
    except ValueError:
        good = False
    if not good:
        hint = f"write decimal degrees from -{limit:g} to {limit:g}"
        feed.sink.add("rss-value", field, f"{show(value)} is not a coordinate", hint, line_of(element))


def _check_period(feed: XmlFeed, element: Element, field: str) -> None:
    value = text_of(element)
    if value not in vocabulary.PERIODS:
        hint = f"write one of {', '.join(vocabulary.PERIODS)}"
        feed.sink.add("rss-value", field, f"{show(value)} is not an update period", hint, line_of(element))


def _check_counts(feed: XmlFeed, element: Element, field: str) -> None:
    value = text_of(element)
    if not re.fullmatch(r"\d+(?:,\d+)*", value):
        hint = "write whole numbers separated by commas"
        feed.sink.add("rss-value", field, f"{show(value)} is not a list of numbers", hint, line_of(element))


def _check_source(feed: XmlFeed, element: Element, field: str) -> None:
    check_attributes(feed, element, field, code="rss-missing")
    _check_plain(feed, element, field)
    url = attribute(element, "url")
    if url is not None:
        check_url(feed.sink, f"{field}/@url", url, line_of(element))


VALUE_CHECKS: dict[str, Callable[[XmlFeed, Element, str], None]] = {
    "plain": _check_plain,
    "html": _check_html,
    "link": _check_link,
    "language": _check_language,
    "email": _check_email,
    "rfc822": _check_rfc822,
    "w3cdtf": _check_w3cdtf,
    "count": lambda feed, element, field: _check_number(feed, element, field, low=0, high=None, what="a whole number"),
    "frequency": lambda feed, element, field: _check_number(
        feed, element, field, low=1, high=None, what="a positive number"
    ),
    "ttl": lambda feed, element, field: _check_number(
        feed, element, field, low=1, high=None, what="a number of minutes"
    ),
    "counts": _check_counts,
    "period": _check_period,
    "resource": _check_resource,
    "latitude": _check_coordinate,
    "longitude": _check_coordinate,
    "cloud": _check_cloud,
    "name": _check_text_input_name,
    "source": _check_source,
}
