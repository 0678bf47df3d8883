"""Share cards: a 1200×630 PNG a social desk could post, for every published
quote, claim and person, whose text always fits and is never cut mid-word."""

import io
import re

import pytest
from PIL import Image, ImageChops, ImageDraw, features

from dossier.cards import content
from dossier.cards.draw import (
    ELLIPSIS,
    HEIGHT,
    MARGIN,
    PAPER,
    REGULAR,
    WIDTH,
    WORDS_AREA,
    Box,
    Card,
    font,
    layout,
    render,
)
from dossier.models import Credibility, Person, Status
from tests.factories import make_claim, make_person, make_quote, make_source, make_story

LONG = (
    "We cannot postpone what has not been agreed, and there were never any precise dates "
    "for the meeting, which both presidents had said would happen soon, in Budapest, once "
    "their ministers had prepared it properly, which they have not yet been able to do "
    "because the positions remain far apart on the questions that matter most to Moscow "
    "and to Kyiv, and to everyone else who has followed these talks from the beginning."
)
ARABIC = "لا يمكننا تأجيل ما لم يتم الاتفاق عليه، ولم تكن هناك مواعيد محددة على الإطلاق"
HARD_CARDS = [
    Card("Quote", "Short.", quoted=True),
    Card("Quote", LONG * 2, ("Speaker " * 30, "Context " * 30, "Printed by " + "X" * 90)),
    Card("Quote", ARABIC * 4, ("دميتري بيسكوف",), "Credibility 3 — Possibly true", 3),
    Card("Quote", "Нельзя отложить то, о чём не договорились. " * 8, quoted=True),
    Card(
        "Claim", "https://example.org/" + "a" * 300, grade="Credibility 6 — Truth cannot be judged"
    ),
    Card("Person", "Coalition of the Willing", footer="Dossier · " + "Very long story " * 20),
]


def png(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


def test_card_is_a_1200_by_630_png_with_something_on_it():
    image = Image.open(io.BytesIO(render(Card("Quote", LONG, ("Someone",), "Credibility 1"))))
    assert image.format == "PNG" and image.size == (1200, 630)
    words = image.crop((WORDS_AREA.left, WORDS_AREA.top, WORDS_AREA.right, WORDS_AREA.bottom))
    # Ink in the words' box: many shades, not one flat colour.
    assert len(words.getcolors(maxcolors=100_000)) > 20
    assert words.convert("L").getextrema()[0] < 80


@pytest.mark.parametrize("card", HARD_CARDS, ids=lambda card: card.words[:12])
def test_every_line_of_text_stays_inside_its_box(card):
    canvas = Box(0, 0, WIDTH, HEIGHT)
    for line in layout(card):
        assert canvas.holds(line.area)
        assert line.area.holds(line.bounds), (line.text, line.bounds, line.area)


@pytest.mark.parametrize("card", HARD_CARDS, ids=lambda card: card.words[:12])
def test_nothing_is_drawn_in_the_margins_of_the_body(card):
    image = Image.open(io.BytesIO(render(card))).convert("RGB")
    right_margin = image.crop((WIDTH - MARGIN + 2, 110, WIDTH, 550))
    blank = Image.new("RGB", right_margin.size, PAPER)
    assert ImageChops.difference(right_margin, blank).getbbox() is None


def test_long_quote_is_shortened_at_a_word_with_an_ellipsis():
    lines = [line.text for line in layout(Card("Quote", LONG * 3)) if line.area == WORDS_AREA]
    shown = " ".join(lines)
    assert shown.endswith(ELLIPSIS)
    kept = shown.removesuffix(ELLIPSIS)
    text = " ".join((LONG * 3).split())
    assert text.startswith(kept)
    # The cut falls between two words, never inside one.
    assert text[len(kept)] == " " and not kept.endswith(" ")


def test_quote_that_fits_is_shown_whole_without_an_ellipsis():
    words = LONG[: LONG.index(" because")] + "."
    lines = [line.text for line in layout(Card("Quote", words)) if line.area == WORDS_AREA]
    assert " ".join(lines) == " ".join(words.split())


def test_short_words_are_set_larger_than_long_ones():
    def size(words):
        return next(
            line for line in layout(Card("Quote", words)) if line.area == WORDS_AREA
        ).face.size

    assert size("No plans.") > size(LONG)


def test_right_to_left_words_are_set_flush_right_in_a_font_that_has_them():
    lines = [line for line in layout(Card("Quote", ARABIC * 3)) if line.area == WORDS_AREA]
    assert all(line.anchor == "ra" for line in lines)
    assert max(line.bounds.right for line in lines) >= WORDS_AREA.right - 2
    face = font(REGULAR, 40)

    def glyph(char):
        image = Image.new("L", (60, 60))
        ImageDraw.Draw(image).text((10, 5), char, font=face, fill=255)
        return image.tobytes()

    missing = glyph("中")  # not in DejaVu Sans: drawn as the empty box
    assert glyph("ب") != missing and glyph("Ж") != missing and glyph("א") != missing


@pytest.mark.skipif(not features.check("raqm"), reason="Pillow without raqm: no shaping")
def test_arabic_letters_are_joined_when_shaped():
    face = font(REGULAR, 40)
    # Joined (shaped) letters take their connecting forms: narrower than apart.
    assert face.getlength("بببب") < 4 * face.getlength("ب")


@pytest.mark.django_db
def test_published_quote_has_a_card_naming_its_words_speaker_outlet_and_grade(client):
    story = make_story(title="The summit that never was")
    quote = make_quote(
        text="We cannot postpone what has not been agreed.",
        context="to reporters in Moscow",
        credibility=Credibility.PROBABLE,
    )
    card = content.quote_card(quote, story)
    assert card.words == quote.text
    assert quote.speaker.name in card.lines[0]
    assert "to reporters in Moscow" in card.lines[1]
    assert quote.source.outlet.name in card.lines[2]
    assert card.grade == "Credibility 2 — Probably true"
    assert card.footer == "Dossier · The summit that never was"
    image = png(client.get(f"/quotes/{quote.slug}/card.png"))
    assert image.size == (1200, 630)


@pytest.mark.django_db
def test_card_is_cached_for_good_under_its_own_version_only(client):
    quote = make_quote(text="No dates were set.")
    page = client.get(quote.get_absolute_url()).content.decode()
    url = re.search(r'property="og:image" content="http://testserver([^"]+)"', page).group(1)
    assert url.startswith(f"/quotes/{quote.slug}/card.png?v=")
    assert "immutable" in client.get(url)["Cache-Control"]
    assert client.get(f"/quotes/{quote.slug}/card.png?v=old")["Cache-Control"] == (
        "public, max-age=300"
    )
    quote.text = "No dates were ever set."
    quote.save()
    page = client.get(quote.get_absolute_url()).content.decode()
    assert url not in page  # an edit gives the card a new address


@pytest.mark.django_db
def test_claims_people_and_organisations_have_cards_in_the_same_style(client):
    claim = make_claim(title="The summit was called off", sources=[make_source()])
    person = make_person(name="Dmitry Peskov", role="Kremlin spokesman")
    group = make_person(name="Coalition of the Willing", kind=Person.Kind.ORGANISATION)
    for url in [
        f"/claims/{claim.slug}/card.png",
        f"/people/{person.slug}/card.png",
        f"/people/{group.slug}/card.png",
        "/card.png",
    ]:
        assert png(client.get(url)).size == (1200, 630), url
    assert content.person_card(group).kicker == "Organisation"


@pytest.mark.django_db
def test_draft_quote_claim_and_person_have_no_card(client):
    for item in [
        make_quote(status=Status.DRAFT),
        make_quote(speaker=make_person(status=Status.IN_REVIEW)),
        make_claim(status=Status.DRAFT, sources=[make_source()]),
        make_person(status=Status.WITHDRAWN),
    ]:
        assert client.get(item.get_absolute_url() + "card.png").status_code == 404, item


def test_shortened_quotation_still_closes_its_quotation_marks():
    card = Card("Quote", LONG * 3, quoted=True)
    lines = [line.text for line in layout(card) if line.area == WORDS_AREA]
    assert lines[0].startswith("“") and lines[-1].endswith(ELLIPSIS + "”")
    assert lines[-1].removesuffix(ELLIPSIS + "”")[-1] != " "


@pytest.mark.django_db
def test_an_item_card_reads_its_item_and_the_story_not_the_overview(
    client, django_assert_max_num_queries
):
    make_story(title="The summit that never was")
    person = make_person(name="Dmitry Peskov", role="Kremlin spokesman")
    for _ in range(3):
        make_quote(speaker=person)
    claim = make_claim(title="The summit was called off", sources=[make_source()])
    # The item, then the story for the footer: not the overview's counts of
    # every kind, latest events and key people, nor the claim page's links.
    with django_assert_max_num_queries(2):
        assert png(client.get(f"/people/{person.slug}/card.png")).size == (1200, 630)
    with django_assert_max_num_queries(4):  # the claim, its reports, their chains, the story
        assert png(client.get(f"/claims/{claim.slug}/card.png")).size == (1200, 630)
    with django_assert_max_num_queries(7):  # the story and one count of each kind
        assert png(client.get("/card.png")).size == (1200, 630)
