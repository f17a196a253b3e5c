"""``feedbuilder check``: every problem of a site, or of feed files, nothing written."""

from __future__ import annotations

import datetime
import pathlib

from feedbuilder import build as pipeline
from feedbuilder.check.checker import check_feed
from feedbuilder.cli.plain_build import count
from feedbuilder.cli.scaffold import placeholders
from feedbuilder.config import load_site
from feedbuilder.errors import Problem, Report
from feedbuilder.output import too_long
from feedbuilder.sources.dates import rfc3339
from feedbuilder.sources.values import quote_iri


def check_site(config_path: pathlib.Path, *, now: datetime.datetime) -> tuple[list[Problem], list[str]]:
    """Config, every article, and the feeds they would make (judged in memory); and what is worth
    knowing that is no problem (articles scheduled for later)."""
    site = load_site(config_path)
    report = Report(placeholders(site))
    loaded = pipeline.load_articles(site, report=report)
    later = sorted((a.published, a.path) for a in loaded.articles if not a.draft and a.published > now)
    notes = (
        [
            f"feedbuilder: {count(len(later), 'article')} scheduled (dated in the future, left out until then); "
            f"the next, {later[0][1]}, appears at {rfc3339(later[0][0])}"
        ]
        if later
        else []
    )
    files, _ = pipeline.render_site(site, loaded, pipeline.Options(now=now), report)
    report.extend(too_long(files, site.output_dir))  # build would refuse to write them
    for name, data in sorted(files.items()):
        if not name.endswith((".xml", ".json")):
            continue
        shown = (site.output_dir / name).as_posix()
        report.extend(
            check_feed(data, path=f"{shown} (as built)", now=now, expected_url=site.feed_url + quote_iri(name))
        )
    return list(report), notes
