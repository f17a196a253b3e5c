"""textlayout.py: the plain news-text layout of the seed article."""

from __future__ import annotations

from feedbuilder.sources.textlayout import parse, split_headline

NEWS = """\
business

Mill reopens as a bakery | The Weekly Post

The old flour mill on Canal Street sells bread again, forty years after it closed.

The new owners kept the millstones and the water wheel.

Opening hours are 7 am to 2 pm, every day but Monday.

Related Articles

Leave a Reply

Your email address will not be published. Required fields are marked *

Back to top button
"""


def test_layout_fields() -> None:
    """Section, headline without the site name, standfirst and body paragraphs are found."""
    layout = parse(NEWS, first_line=1)
    assert layout.section == "business"
    assert layout.headline == "Mill reopens as a bakery"
    assert layout.headline_line == 3
    assert layout.standfirst.startswith("The old flour mill")
    assert layout.paragraphs == (
        "The new owners kept the millstones and the water wheel.",
        "Opening hours are 7 am to 2 pm, every day but Monday.",
    )


def test_web_page_footer_is_dropped_but_real_text_stays() -> None:
    """Only a trailing run of footer lines is removed, not a paragraph that mentions them."""
    text = NEWS.replace("Related Articles", "Related Articles are listed below, and this is a long real paragraph " * 3)
    layout = parse(text)
    assert any(p.startswith("Related Articles are listed") for p in layout.paragraphs)
    assert "Back to top button" not in layout.paragraphs


def test_body_html_is_escaped() -> None:
    """Text such as '3 < 5 & co' is escaped, not read as markup."""
    layout = parse("s\n\nh\n\nstand & first\n\n3 < 5 & <b>co</b>\n")
    assert layout.body_html == "<p>stand &amp; first</p>\n<p>3 &lt; 5 &amp; &lt;b&gt;co&lt;/b&gt;</p>"


def test_the_standfirst_opens_the_story() -> None:
    """The standfirst is the summary and also the first paragraph of the body: the story is never cut."""
    layout = parse(NEWS)
    assert layout.body_html.startswith("<p>The old flour mill on Canal Street sells bread again")
    assert layout.body_html.count("<p>") == 3
    assert parse("s\n\nh\n\nonly a standfirst\n").body_html == "<p>only a standfirst</p>"


def test_only_the_last_site_suffix_goes() -> None:
    """'A | B | Site' keeps 'A | B'; a title without ' | ' is kept whole."""
    assert split_headline("A | B | Site") == "A | B"
    assert split_headline("Plain title") == "Plain title"
    assert split_headline("x|y") == "x|y"


def test_one_line_file_is_a_headline() -> None:
    """A file with a single line has a title and nothing else."""
    layout = parse("\n\nJust a headline | Site\n")
    assert layout.headline == "Just a headline"
    assert layout.section is None and layout.paragraphs == ()
