"""What a link to a public page shows where it is shared (OpenGraph and
Twitter card tags): its title, a sentence of its own, a canonical URL and an
image.

One `Preview` per page, worked out from what the page already holds, with no
query of its own: the title is the page's heading as rendered, the
description the first sentence of its subject's prose (a quote's words, a
person's bio, a claim's or event's summary) or else of the page's
introduction. Quotes, claims and people show their share card; every other
page the dossier's card.
"""

import html
import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import strip_tags

from dossier.cards import content

# OpenGraph readers show about two lines; Twitter cuts at 200 characters.
DESCRIPTION_LENGTH = 200
SENTENCE_END = re.compile(r"(?<=[.!?])[”’\"')]*\s+(?=[“‘\"(]?[A-Z0-9À-ÖØ-ÞА-ЯЁ])")
SHORTEST_SENTENCE = 20
ADJACENT_ELEMENTS = re.compile(r"(</[a-z][a-z0-9]*>)(<[a-z])")
FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    url: str  # absolute, canonical
    type: str  # og:type
    image: str  # absolute
    image_alt: str
    site_name: str = content.SITE_NAME
    image_width: int = 1200
    image_height: int = 630


def plain(markup: str) -> str:
    """Text as a reader sees it: no tags, entities decoded, spaces collapsed.
    Two elements side by side (a grade's letter and its meaning) are two
    words, as a browser shows them."""
    markup = ADJACENT_ELEMENTS.sub(r"\1 \2", markup)
    return " ".join(html.unescape(strip_tags(markup)).split())


def shorten(text: str, length: int = DESCRIPTION_LENGTH) -> str:
    """At most `length` characters, cut at a word with an ellipsis."""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—–-") + "…"


def first_sentence(text: str) -> str:
    """The text's first sentence, as plain text. A piece too short to be a
    sentence ("Mr.", "No. 10") runs on into the next."""
    sentence = ""
    for piece in SENTENCE_END.split(plain(text)):
        sentence = f"{sentence} {piece}" if sentence else piece
        if len(sentence) >= SHORTEST_SENTENCE:
            break
    return shorten(sentence)


def _block(context, name: str) -> str:
    """The page's own `{% block name %}`, rendered as the page renders it
    (`context` is the page's Jinja context)."""
    blocks = context.blocks.get(name)
    return context.environment.concat(blocks[0](context)) if blocks else ""


def _introduction(context) -> str:
    for name in ("intro", "standfirst"):
        found = FIRST_PARAGRAPH.search(_block(context, name))
        if found and plain(found.group(1)):
            return plain(found.group(1))
    return plain(_block(context, "description"))


@dataclass(frozen=True)
class Subject:
    description: str
    type: str = "article"
    image: str = ""  # a path; the dossier's card when empty
    image_alt: str = ""


def _quote(context, quote=None) -> Subject:
    quote = quote or context["quote"]
    image = content.card_url("dossier:quote-card", content.quote_card(quote), quote.slug)
    alt = (
        f"{quote.speaker_label}: “{shorten(quote.text, 120)}”, "
        f"printed by {quote.source.outlet.name}"
    )
    return Subject(shorten(plain(quote.text)), "article", image, alt)


def _statement(context) -> Subject:
    """A statement is shown as its renderings: the first speaks for it."""
    renderings = context.get("renderings") or []
    return _quote(context, renderings[0]) if renderings else Subject("")


def _claim(context) -> Subject:
    claim = context["claim"]
    image = content.card_url("dossier:claim-card", content.claim_card(claim), claim.slug)
    return Subject(first_sentence(claim.summary or claim.title), "article", image, claim.title)


def _person(context) -> Subject:
    person = context["person"]
    image = content.card_url("dossier:person-card", content.person_card(person), person.slug)
    kind = "website" if person.is_organisation else "profile"
    return Subject(first_sentence(person.bio_html), kind, image, person.name)


def _overview(context) -> Subject:
    story = context["overview"].story
    return Subject(first_sentence(story.summary) if story else "", "website")


# The pages whose subject says more than their introduction.
SUBJECTS = {
    "dossier/quote_detail.html": _quote,
    "dossier/claim_detail.html": _claim,
    "dossier/person_detail.html": _person,
    "dossier/event_detail.html": lambda c: Subject(first_sentence(c["event"].summary)),
    "dossier/source_detail.html": lambda c: Subject(first_sentence(c["source"].body)),
    "dossier/statement_detail.html": _statement,
    "dossier/outlet_detail.html": lambda c: Subject(
        first_sentence(c["outlet"].reliability_rationale), "website"
    ),
    "dossier/overview.html": _overview,
}


def for_page(context) -> Preview:
    """The preview of the page being rendered from `context`."""
    request = context["request"]
    subject = SUBJECTS.get(context.name, lambda c: Subject("", "website"))(context)
    description = subject.description or first_sentence(_introduction(context))
    title = plain(_block(context, "heading"))
    if not title and "overview" in context:
        story = context["overview"].story
        title = story.title if story else "The dossier"
    image, alt = subject.image, subject.image_alt
    if not image:
        image = reverse("dossier:dossier-card")
        alt = f"{content.SITE_NAME}: {title}"
    canonical = request.path
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        canonical += f"?page={int(page)}"
    return Preview(
        title=title or content.SITE_NAME,
        description=description,
        url=request.build_absolute_uri(canonical),
        type=subject.type,
        image=request.build_absolute_uri(image),
        image_alt=alt,
    )
