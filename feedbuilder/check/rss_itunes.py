"""Apple Podcasts' iTunes namespace in RSS: its elements, their values, and Apple's podcast categories."""

from __future__ import annotations

import re
from collections.abc import Callable

from feedbuilder.check.common import EMAIL_ADDRESS, check_url, show
from feedbuilder.check.rss_vocabulary import Spec
from feedbuilder.check.xml_reading import Element, XmlFeed, attribute, display_name, line_of, text_of

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
_SHARED = {
    "author": Spec("itunes-255"),
    "block": Spec("itunes-yes-no"),
    "explicit": Spec("itunes-explicit"),
    "keywords": Spec("itunes-255"),
    "subtitle": Spec("itunes-255"),
    "summary": Spec("itunes-4000"),
    "image": Spec("itunes-image"),
    "title": Spec("text"),
}
CHANNEL = {
    f"{{{ITUNES}}}{name}": spec
    for name, spec in {
        **_SHARED,
        "owner": Spec("itunes-owner"),
        "category": Spec("itunes-category", once=False),
        "pubDate": Spec("rfc822"),
        "new-feed-url": Spec("link"),
        "type": Spec("itunes-type"),
        "complete": Spec("itunes-yes-no"),
        "link": Spec("text", once=False),
    }.items()
}
ITEM = {
    f"{{{ITUNES}}}{name}": spec
    for name, spec in {
        **_SHARED,
        "duration": Spec("itunes-duration"),
        "episode": Spec("itunes-number"),
        "season": Spec("itunes-number"),
        "episodeType": Spec("itunes-episode-type"),
        "order": Spec("itunes-number"),
        "isClosedCaptioned": Spec("itunes-yes-no"),
    }.items()
}
# Apple Podcasts' categories and their subcategories (podcasters.apple.com), and the names used before 2019
CATEGORIES = {
    "Arts": "Books|Design|Fashion & Beauty|Food|Performing Arts|Visual Arts",
    "Business": "Careers|Entrepreneurship|Investing|Management|Marketing|Non-Profit",
    "Comedy": "Comedy Interviews|Improv|Stand-Up",
    "Education": "Courses|How To|Language Learning|Self-Improvement",
    "Fiction": "Comedy Fiction|Drama|Science Fiction",
    "Government": "",
    "History": "",
    "Health & Fitness": "Alternative Health|Fitness|Medicine|Mental Health|Nutrition|Sexuality",
    "Kids & Family": "Education for Kids|Parenting|Pets & Animals|Stories for Kids",
    "Leisure": "Animation & Manga|Automotive|Aviation|Crafts|Games|Hobbies|Home & Garden|Video Games",
    "Music": "Music Commentary|Music History|Music Interviews",
    "News": "Business News|Daily News|Entertainment News|News Commentary|Politics|Sports News|Tech News",
    "Religion & Spirituality": "Buddhism|Christianity|Hinduism|Islam|Judaism|Religion|Spirituality",
    "Science": "Astronomy|Chemistry|Earth Sciences|Life Sciences|Mathematics|Natural Sciences|Nature|Physics"
    "|Social Sciences",
    "Society & Culture": "Documentary|Personal Journals|Philosophy|Places & Travel|Relationships",
    "Sports": "Baseball|Basketball|Cricket|Fantasy Sports|Football|Golf|Hockey|Rugby|Running|Soccer|Swimming"
    "|Tennis|Volleyball|Wilderness|Wrestling",
    "Technology": "",
    "True Crime": "",
    "TV & Film": "After Shows|Film History|Film Interviews|Film Reviews|TV Reviews",
}
OLD_CATEGORIES = {
    "Arts": "Design|Fashion & Beauty|Food|Literature|Performing Arts|Visual Arts",
    "Business": "Business News|Careers|Investing|Management & Marketing|Shopping",
    "Education": "Education Technology|Higher Education|K-12|Language Courses|Training",
    "Games & Hobbies": "Automotive|Aviation|Hobbies|Other Games|Video Games",
    "Government & Organizations": "Local|National|Non-Profit|Regional",
    "Health": "Alternative Health|Fitness & Nutrition|Self-Help|Sexuality",
    "Kids & Family": "",
    "News & Politics": "",
    "Religion & Spirituality": "Other",
    "Science & Medicine": "Medicine|Natural Sciences|Social Sciences",
    "Society & Culture": "History",
    "Sports & Recreation": "Amateur|College & High School|Outdoor|Professional",
    "Technology": "Gadgets|Tech News|Podcasting|Software How-To",
}
_DURATION = re.compile(r"\d+(?::[0-5]\d(?::[0-5]\d)?)?")
_CHOICES = {
    "itunes-yes-no": ("yes", "no", "clean", "true", "false"),
    "itunes-explicit": ("true", "false", "yes", "no", "clean", "explicit"),
    "itunes-type": ("episodic", "serial"),
    "itunes-episode-type": ("full", "trailer", "bonus"),
}


def _subcategories(table: dict[str, str], name: str) -> set[str]:
    return set(table.get(name, "").split("|")) - {""}


def _check_choice(feed: XmlFeed, element: Element, field: str) -> None:
    value = str(element.text or "")  # as written: Apple does not strip it
    kind = "itunes-explicit" if element.tag.endswith("}explicit") else _KIND_OF.get(element.tag, "itunes-yes-no")
    choices = _CHOICES[kind]
    if value.lower() not in choices or (kind in ("itunes-type", "itunes-episode-type") and value not in choices):
        hint = f"write one of {', '.join(choices[:3])}"
        feed.sink.add(
            "itunes-value", field, f"{show(value)} is not one of {', '.join(choices)}", hint, line_of(element)
        )


def _check_length(limit: int) -> Callable[[XmlFeed, Element, str], None]:
    def check(feed: XmlFeed, element: Element, field: str) -> None:
        value = text_of(element)
        if len(value) > limit:
            hint = f"shorten it to {limit} characters"
            feed.sink.add("itunes-too-long", field, f"is {len(value)} characters long", hint, line_of(element))

    return check


def _check_number(feed: XmlFeed, element: Element, field: str) -> None:
    value = text_of(element)
    if not (value.isascii() and value.isdigit() and int(value) > 0):
        hint = "write a whole number from 1"
        feed.sink.add("itunes-value", field, f"{show(value)} is not a positive number", hint, line_of(element))


def _check_duration(feed: XmlFeed, element: Element, field: str) -> None:
    value = text_of(element)
    if not _DURATION.fullmatch(value):
        hint = "write seconds, MM:SS or HH:MM:SS"
        feed.sink.add("itunes-value", field, f"{show(value)} is not a duration", hint, line_of(element))


def _check_image(feed: XmlFeed, element: Element, field: str) -> None:
    href = attribute(element, "href")
    if href is None:
        hint = 'write <itunes:image href="https://.../cover.jpg"/>'
        feed.sink.add("itunes-image", f"{field}/@href", "is missing", hint, line_of(element))
    else:
        check_url(feed.sink, f"{field}/@href", href, line_of(element))


def _check_owner(feed: XmlFeed, element: Element, field: str) -> None:
    email = element.find(f"{{{ITUNES}}}email")
    if email is None:
        hint = "Apple writes to the owner's address; add <itunes:email>"
        feed.sink.add("itunes-owner", f"{field}/itunes:email", "is missing", hint, line_of(element))
    elif not EMAIL_ADDRESS.fullmatch(text_of(email)):
        message = f"{show(text_of(email))} is not an e-mail address"
        feed.sink.add("email-invalid", f"{field}/itunes:email", message, "write only the address", line_of(email))


def _check_category(feed: XmlFeed, element: Element, field: str, parent: str | None = None) -> None:
    text = attribute(element, "text")
    if text is None:
        hint = 'write <itunes:category text="Technology"/>'
        feed.sink.add("itunes-category", f"{field}/@text", "is missing", hint, line_of(element))
        return
    known = set(CATEGORIES) if parent is None else _subcategories(CATEGORIES, parent)
    old = set(OLD_CATEGORIES) if parent is None else _subcategories(OLD_CATEGORIES, parent)
    if text in old - known:
        hint = "Apple renamed its categories in 2019; pick a current one"
        feed.sink.add("itunes-category-old", field, f"{show(text)} is an old Apple category", hint, line_of(element))
    elif text not in known:
        where = "an Apple Podcasts category" if parent is None else f"a subcategory of {show(parent)}"
        hint = "pick one from Apple's list of podcast categories"
        feed.sink.add("itunes-category", field, f"{show(text)} is not {where}", hint, line_of(element))
    for child in element.iterchildren(f"{{{ITUNES}}}category"):
        _check_category(feed, child, f"{field}/{display_name(child)}", text)


_KIND_OF = {tag: spec.kind for tag, spec in {**CHANNEL, **ITEM}.items()}
VALUE_CHECKS: dict[str, Callable[[XmlFeed, Element, str], None]] = {
    "itunes-255": _check_length(255),
    "itunes-4000": _check_length(4000),
    "itunes-yes-no": _check_choice,
    "itunes-explicit": _check_choice,
    "itunes-type": _check_choice,
    "itunes-episode-type": _check_choice,
    "itunes-number": _check_number,
    "itunes-duration": _check_duration,
    "itunes-image": _check_image,
    "itunes-owner": _check_owner,
    "itunes-category": _check_category,
}
