"""A deterministic set of N news-sized articles for benchmarks.

Usage: ``python benchmarks/generate.py OUT_DIR --count N [--seed S]``

Writes ``OUT_DIR/feedbuilder.yaml`` and ``OUT_DIR/articles/YEAR/MONTH/*.md``:
Markdown articles of about 3 KB with YAML front matter written the many ways
people write it (dates with and without times and offsets, one or several
authors, tags as lists or comma-separated text). Only a seeded
``random.Random`` decides anything: the same count and seed give
byte-identical files on any machine, whatever its clock, time zone or locale.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import pathlib
import random
import re
import sys
import unicodedata
from collections.abc import Sequence
from zoneinfo import ZoneInfo

SITE_TITLE = "Benchmark Daily"
SITE_URL = "https://news.example.org/"
SITE_TIMEZONE = "Europe/Berlin"
ID_AUTHORITY = "news.example.org,2012"
LIMIT = 50
FIRST_DAY = datetime.date(2012, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)


def _words(text: str) -> tuple[str, ...]:
    """Words separated by white space."""
    return tuple(text.split())


def _names(text: str) -> tuple[str, ...]:
    """Names separated by '|' (they may hold spaces), surrounding space dropped."""
    return tuple(name.strip() for name in text.split("|") if name.strip())


_TOPICS = _words(
    """
    politics economy budget elections transport housing schools health climate energy water farming
    fishing tourism police courts weather floods roads railways ferries harbour airport libraries
    museums theatre music film books football cycling rowing sailing athletics science research
    universities startups banking retail markets jobs pensions taxes immigration diplomacy defence
    privacy software hardware space wildlife forests recycling obituaries festivals
"""
)
_PLACES = _names(
    """
    Lakeside | Northport | Eastvale | Millbrook | Riverside | Old Town | Harbour District | Zürich |
    São Paulo | Kraków | Reykjavík | Île-de-France | Málaga | Göteborg | Ōsaka | Москва | Αθήνα | 東京 |
    서울 | القاهرة |
"""
)
_SPECIAL_TAGS = _names(
    """
    Arts & Culture | Food & Drink | Law & Order | Science & Tech | Crime & Justice | R&D | C++ | Google+ |
    Disney+ | +1 | A+B | Q&A | AT&T | M&A | C# | .NET | Node.js | 中朝 | 中国 | 日本語 | 한국 | Ελλάδα | Україна |
    café culture | naïve art | Brontë sisters | climate change | public health | local elections |
    city council | open data | real estate | higher education | cost of living | renewable energy |
    machine learning | human rights | 100 days | 2020s | COVID-19 | 5G | e-scooters | self-driving cars |
    year in review |
"""
)
_CATEGORIES = _names(
    """
    News | Politics | Business | Sport | Science | Technology | Health | Arts & Culture | Opinion |
    Local | World | Education |
"""
)
_AUTHORS = _names(
    """
    Priya Nair | Tom Hughes | Ana Lima | José Álvarez | Zoë Brontë | Søren Dahl | Li Na | 李娜 |
    Ayşe Kaya | Olga Ivanova | Kwame Mensah | Sara O'Neill | Jean-Luc Picard | Aoife Byrne |
    Hans Müller | Fatima Zahra | Noah Schmidt | Emma Johansson | Lucas Moreau | Yuki Tanaka |
    Chidi Okafor | Ingrid Berg | Marta Kowalska | Diego Ruiz | Hannah Lee | Ravi Patel | Gazette Desk |
    Wire Services | Elif Şahin | Nguyễn Văn An |
"""
)
_WORDS = _words(
    """
    the council said on Friday that plans for a new bridge across river would be delayed until next
    spring after engineers found cracks in old piers residents who have waited years were told cost had
    risen by third since last estimate mayor promised public meeting where questions answered and
    written replies published online within two weeks local businesses fear another winter of detours
    will keep customers away from high street shops already struggling with rents energy bills while
    market traders welcomed news free parking weekends school buses use ferry instead timetable changes
    take effect Monday morning commuters should allow extra time journey city region government report
    shows more than half households spend less heating this year as prices fall but charities warn many
    families still cannot afford basic needs researchers university measured water quality at twelve
    sites along coast every month found levels improved steadily volunteers collected samples during
    summer festival drew record crowds despite rain organisers hope to repeat success programme includes
    concerts readings film screenings workshops children club won its first title decades fans
    celebrated late into night square
"""
)
_EXCLAIMS = ("café", "naïve", "“quoted”", "AT&T", "5 < 6", "R&D", "— as expected —", "über", "1½", "€12m", "£4.5m")
_DOMAINS = ("www.example.com", "data.example.gov", "en.wikipedia.org", "archive.example.net", "news.example.org")


def _tag_vocabulary() -> tuple[str, ...]:
    """About 200 tags: topics, places, hostile names, and place-topic pairs."""
    tags: list[str] = [*_TOPICS, *_PLACES, *_SPECIAL_TAGS]
    pairs = [f"{place} {topic}" for place in _PLACES[:7] for topic in _TOPICS[:12]]
    tags.extend(pairs[: 200 - len(tags)])
    return tuple(tags)


TAGS = _tag_vocabulary()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Person:
    name: str
    email: str | None


@dataclasses.dataclass(frozen=True, kw_only=True)
class ArticleSpec:
    """One generated article: its file, its facts, and how its front matter is written."""

    path: str  # inside the articles folder, "/"-separated
    slug: str
    title: str
    published: datetime.datetime  # aware
    date_text: str | None  # as written in the front matter; None: from the file name
    date_only: bool
    updated: datetime.datetime | None
    authors: tuple[Person, ...]
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    summary: str | None
    front_matter: str  # feedbuilder's front matter, between the --- lines
    body: str


def ascii_slug(text: str) -> str:
    """Lower-case ASCII words joined by '-' (for file names and e-mail addresses)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain)) or "item"


_YAML_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}


def yaml_text(text: str) -> str:
    """A YAML scalar for ``text``: bare when plainly safe, else double-quoted (JSON is YAML)."""
    plain = re.fullmatch(r"[A-Za-z][A-Za-z0-9 .'-]*[A-Za-z0-9.]", text)
    if plain and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    """Draws every choice of one article set from one seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 -- test data, not cryptography
        self.tz = ZoneInfo(SITE_TIMEZONE)
        self.slugs: set[str] = set()
        self.previous_day: datetime.date | None = None
        self.tag_weights = [1.0 / (rank + 1) for rank in range(len(TAGS))]

    # ------------------------------------------------------------ words

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(_WORDS) for _ in range(self.rng.randint(low, high)))

    def sentence(self) -> str:
        text = self.words(6, 14)
        if self.rng.random() < 0.15:
            text += " " + self.rng.choice(_EXCLAIMS) + " " + self.words(1, 4)
        return text[0].upper() + text[1:] + self.rng.choice((".", ".", ".", "?", "!"))

    def headline(self) -> str:
        text = self.words(4, 9)
        roll = self.rng.random()
        if roll < 0.1:
            text += f": {self.rng.choice(_TOPICS)} & {self.rng.choice(_TOPICS)}"
        elif roll < 0.2:
            text = f"“{text}”, says {self.rng.choice(_AUTHORS)}"
        elif roll < 0.25:
            text += f" in {self.rng.choice(_PLACES)}"
        return text[0].upper() + text[1:]

    # ------------------------------------------------------------ facts

    def unique_slug(self, title: str) -> str:
        base = ascii_slug(title)[:60].strip("-") or "article"
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return slug

    def day(self) -> datetime.date:
        span = (LAST_DAY - FIRST_DAY).days
        return FIRST_DAY + datetime.timedelta(days=self.rng.randint(0, span))

    def time_of_day(self) -> datetime.time:
        # 06:00-22:59: never inside a daylight-saving gap or overlap
        minute = self.rng.choice((0, 5, 15, 30, 45, 50))
        return datetime.time(self.rng.randint(6, 22), minute, self.rng.choice((0, 0, 0, 30)))

    def people(self) -> tuple[Person, ...]:
        count = 1 if self.rng.random() < 0.8 else self.rng.randint(2, 3)
        names = self.rng.sample(_AUTHORS, count)
        return tuple(
            Person(name=name, email=f"{ascii_slug(name)}@news.example.org" if self.rng.random() < 0.35 else None)
            for name in names
        )

    def tags(self) -> tuple[str, ...]:
        count = self.rng.choice((0, 1, 2, 2, 3, 3, 4, 5, 6))
        chosen: dict[str, None] = {}
        for tag in self.rng.choices(TAGS, weights=self.tag_weights, k=count):
            chosen.setdefault(tag, None)
        return tuple(chosen)

    # ------------------------------------------------------------ front matter

    def date_field(self, day: datetime.date) -> tuple[datetime.datetime, str | None, bool]:
        """(published, the text written after 'date: ' or None for a dated file name, date only?)."""
        roll = self.rng.random()
        if roll < 0.12:
            return datetime.datetime.combine(day, datetime.time(), self.tz), None, True
        if roll < 0.27:
            return datetime.datetime.combine(day, datetime.time(), self.tz), day.isoformat(), True
        clock = self.time_of_day()
        if roll < 0.5:
            local = datetime.datetime.combine(day, clock, self.tz)
            return local, local.strftime("%Y-%m-%d %H:%M" if clock.second == 0 else "%Y-%m-%d %H:%M:%S"), False
        if roll < 0.55:
            local = datetime.datetime.combine(day, clock.replace(second=0), self.tz)
            hour = local.hour % 12 or 12
            half = "am" if local.hour < 12 else "pm"
            written = f"{local.strftime('%B')} {local.day}, {local.year} {hour}:{local.minute:02d} {half}"
            return local, json.dumps(written), False
        offset = datetime.timedelta(minutes=self.rng.choice((-300, -240, 0, 0, 60, 60, 120, 330, 540)))
        stamp = datetime.datetime.combine(day, clock, datetime.timezone(offset))
        written = stamp.isoformat().replace("+00:00", "Z") if self.rng.random() < 0.5 else stamp.isoformat()
        return stamp, written, False

    def author_lines(self, people: Sequence[Person]) -> list[str]:
        if self.rng.random() < 0.1:
            return []  # the site's author (its title) stands in
        if len(people) == 1:
            person = people[0]
            if person.email is None:
                return [f"author: {yaml_text(person.name)}"]
            return ["author:", f"  name: {yaml_text(person.name)}", f"  email: {person.email}"]
        if all(p.email is None for p in people) and self.rng.random() < 0.5:
            return [f"authors: [{', '.join(yaml_text(p.name) for p in people)}]"]
        lines = ["authors:"]
        for person in people:
            lines.append(f"  - name: {yaml_text(person.name)}")
            if person.email:
                lines.append(f"    email: {person.email}")
        return lines

    def list_lines(self, key: str, names: Sequence[str]) -> list[str]:
        if not names:
            return []
        style = self.rng.random()
        if style < 0.45:
            return [f"{key}: [{', '.join(yaml_text(n) for n in names)}]"]
        if style < 0.8:
            return [f"{key}:", *(f"  - {yaml_text(n)}" for n in names)]
        return [f"{key}: {yaml_text(', '.join(names))}"]

    def summary_lines(self, summary: str | None) -> list[str]:
        if summary is None:
            return []
        key = "summary" if self.rng.random() < 0.85 else "description"
        if self.rng.random() < 0.15:
            return [f"{key}: >-", *(f"  {line}" for line in _wrap(summary, 70))]
        return [f"{key}: {yaml_text(summary)}"]

    # ------------------------------------------------------------ body

    def inline(self, text: str, other_slugs: Sequence[str]) -> str:
        words = text.split(" ")
        for _ in range(self.rng.randint(0, 3)):
            at = self.rng.randrange(len(words))
            if not words[at][:1].isalpha():
                continue
            kind = self.rng.random()
            if kind < 0.35:
                target = f"https://{self.rng.choice(_DOMAINS)}/{self.rng.choice(_TOPICS)}/{self.rng.randint(1, 9999)}"
                words[at] = f"[{words[at]}]({target})"
            elif kind < 0.55 and other_slugs:
                words[at] = f"[{words[at]}](../../../{self.rng.choice(other_slugs)}/)"
            elif kind < 0.65:
                words[at] = f"[{words[at]}](/{self.rng.choice(_TOPICS)}/)"
            elif kind < 0.85:
                words[at] = f"*{words[at]}*"
            elif kind < 0.95:
                words[at] = f"**{words[at]}**"
            else:
                words[at] = f"`{words[at]}`"
        return " ".join(words)

    def paragraph(self, other_slugs: Sequence[str]) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(3, 5)))
        return "\n".join(_wrap(self.inline(text, other_slugs), 100))

    def image(self, day: datetime.date) -> str:
        name = f"photo-{self.rng.randint(1, 99999):05d}.jpg"
        where = self.rng.random()
        if where < 0.5:
            src = f"../../media/{day.year}/{name}"
        elif where < 0.8:
            src = f"/media/{day.year}/{name}"
        else:
            src = f"https://cdn.example.net/{day.year}/{name}"
        alt = self.words(3, 7)
        title = f' "{self.words(2, 5)}"' if self.rng.random() < 0.3 else ""
        return f"![{alt}]({src}{title})"

    def extra_block(self) -> str | None:
        roll = self.rng.random()
        if roll < 0.15:
            marker = self.rng.choice(("-", "*", "1."))
            return "\n".join(f"{marker} {self.words(3, 10)}" for _ in range(self.rng.randint(3, 5)))
        if roll < 0.22:
            rows = [self.table_row() for _ in range(4)]
            return "\n".join(["| Area | Votes | Change |", "|------|------:|-------:|", *rows])
        if roll < 0.3:
            return f"> {self.sentence()} {self.sentence()}"
        return None

    def table_row(self) -> str:
        return f"| {self.rng.choice(_PLACES)} | {self.rng.randint(10, 999)} | {self.rng.randint(-30, 60)}% |"

    def body(self, day: datetime.date, other_slugs: Sequence[str]) -> str:
        blocks = [self.paragraph(other_slugs)]
        if self.rng.random() < 0.1:
            blocks.append("<!--more-->")
        blocks.append(self.image(day))
        count = self.rng.randint(5, 8)
        extra_at = self.rng.randint(1, count - 1)
        for index in range(count):
            if index == extra_at:
                if self.rng.random() < 0.4:
                    blocks.append(f"## {self.headline()}")
                extra = self.extra_block()
                if extra:
                    blocks.append(extra)
            blocks.append(self.paragraph(other_slugs))
        if self.rng.random() < 0.05:
            blocks[-1] += "[^1]"
            blocks.append(f"[^1]: {self.sentence()}")
        return "\n\n".join(blocks) + "\n"

    # ------------------------------------------------------------ one article

    def article(self, other_slugs: Sequence[str]) -> ArticleSpec:
        same_day = self.previous_day is not None and self.rng.random() < 0.1  # several stories on one day
        day = self.previous_day if same_day and self.previous_day else self.day()
        self.previous_day = day
        title = self.headline()
        slug = self.unique_slug(title)
        published, date_text, date_only = self.date_field(day)
        jekyll_name = date_text is None or self.rng.random() < 0.3
        name = f"{day.isoformat()}-{slug}.md" if jekyll_name else f"{slug}.md"
        updated = None
        if self.rng.random() < 0.15:
            later = datetime.timedelta(hours=self.rng.randint(1, 96), minutes=self.rng.choice((0, 15, 30)))
            updated = published + later
        people = self.people()
        tags = self.tags()
        categories = tuple(self.rng.sample(_CATEGORIES, 1 if self.rng.random() < 0.8 else 2))
        summary = None
        if self.rng.random() < 0.8:
            summary = " ".join(self.sentence() for _ in range(self.rng.choice((1, 1, 2))))
        lines = [f"title: {yaml_text(title)}"]
        if date_text is not None:
            lines.append(f"date: {date_text}")
        if updated is not None:
            key = self.rng.choice(("updated", "lastmod"))
            lines.append(f"{key}: {updated.isoformat()}")
        lines += self.author_lines(people)
        lines += self.list_lines("tags", tags)
        plural = len(categories) > 1 or self.rng.random() < 0.7
        lines += self.list_lines("categories" if plural else "category", categories)
        lines += self.summary_lines(summary)
        return ArticleSpec(
            path=f"{day.year:04d}/{day.month:02d}/{name}",
            slug=slug,
            title=title,
            published=published,
            date_text=date_text,
            date_only=date_only,
            updated=updated,
            authors=people,
            tags=tags,
            categories=categories,
            summary=summary,
            front_matter="\n".join(lines) + "\n",
            body=self.body(day, other_slugs),
        )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def generate_articles(count: int, *, seed: int = 1) -> list[ArticleSpec]:
    """``count`` articles, the same for the same count and seed."""
    writer = _Writer(seed)
    specs: list[ArticleSpec] = []
    recent: list[str] = []
    for _ in range(count):
        spec = writer.article(recent)
        specs.append(spec)
        recent.append(f"{spec.path[:7]}/{spec.slug}")  # YEAR/MONTH/slug: its address, for relative links
        del recent[:-20]
    return specs


def article_text(spec: ArticleSpec, *, body: str | None = None) -> str:
    """The article file's text: front matter between --- lines, then the body."""
    return f"---\n{spec.front_matter}---\n\n{spec.body if body is None else body}"


def config_text(*, limit: int = LIMIT) -> str:
    return (
        "# Generated by benchmarks/generate.py\n"
        f"title: {SITE_TITLE}\n"
        f"url: {SITE_URL}\n"
        "description: A generated news site for feedbuilder's benchmarks.\n"
        "language: en\n"
        f"timezone: {SITE_TIMEZONE}\n"
        f"id_authority: {ID_AUTHORITY}\n"
        "permalink: /{year}/{month}/{slug}/\n"
        f"limit: {limit}\n"
    )


def write_site(out_dir: pathlib.Path, specs: Sequence[ArticleSpec]) -> None:
    """``out_dir/feedbuilder.yaml`` and ``out_dir/articles/...``; the folder must hold no articles yet."""
    articles = out_dir / "articles"
    if articles.exists() and any(articles.iterdir()):
        raise FileExistsError(f"{articles} is not empty: generate into a new folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "feedbuilder.yaml").write_bytes(config_text().encode("utf-8"))
    made: set[pathlib.Path] = set()
    for spec in specs:
        path = articles / spec.path
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(article_text(spec).encode("utf-8"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N generated news articles and a feedbuilder.yaml into OUT_DIR.")
    parser.add_argument("out_dir", type=pathlib.Path, metavar="OUT_DIR")
    parser.add_argument("--count", type=int, required=True, help="how many articles")
    parser.add_argument("--seed", type=int, default=1, help="the same seed and count give identical files (default 1)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    try:
        write_site(args.out_dir, generate_articles(args.count, seed=args.seed))
    except FileExistsError as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
