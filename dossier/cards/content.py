"""What each share card says, from objects a public page already loaded.

A card's URL carries `version(card)`, a digest of everything drawn about
its subject, so a shared link never shows a stale card and an unchanged one
is cached for good.
"""

import dataclasses
import hashlib

from django.urls import reverse
from django.utils.dateformat import format as format_date

from dossier.models import Claim, Credibility, Person, Quote, Story
from dossier.wording import context_clause, origins

from .draw import Card

SITE_NAME = "Dossier"


def footer(story: Story | None) -> str:
    return f"{SITE_NAME} · {story.title}" if story else SITE_NAME


def _grade(credibility: int) -> tuple[str, int]:
    return f"Credibility {Credibility(credibility).label}", credibility


def _day(date) -> str:
    return format_date(date, "j F Y") if date else ""


def quote_card(quote: Quote, story: Story | None = None) -> Card:
    """The words, who said them, where and when, the outlet that printed
    them and their grade. Reads the quote's speaker and source's outlet."""
    speaker = quote.speaker.name if quote.speaker else quote.speaker_description
    context = context_clause(quote.context, speaker)
    where_when = ", ".join(part for part in (context, _day(quote.said_on)) if part)
    source = quote.source
    printed = f"Printed by {source.outlet.name}"
    if source.published_on:
        printed += f", {_day(source.published_on)}"
    grade, level = _grade(quote.credibility)
    return Card(
        kicker="Quote",
        words=quote.text,
        lines=tuple(
            line
            for line in (
                quote.speaker_label[:1].upper() + quote.speaker_label[1:],
                where_when,
                printed,
            )
            if line
        ),
        grade=grade,
        grade_level=level,
        footer=footer(story),
        quoted=True,
    )


def claim_card(claim: Claim, story: Story | None = None) -> Card:
    """Reads the claim's prefetched published reports."""
    grade, level = _grade(claim.credibility)
    return Card(
        kicker="Claim",
        words=claim.title,
        lines=(
            claim.get_verification_display(),
            origins(*claim.origin_counts()),
        ),
        grade=grade,
        grade_level=level,
        footer=footer(story),
    )


def person_card(person: Person, story: Story | None = None) -> Card:
    return Card(
        kicker="Organisation" if person.is_organisation else "Person",
        words=person.name,
        lines=tuple(line for line in (person.role, person.affiliation) if line),
        footer=footer(story),
    )


def dossier_card(story: Story | None, figures: dict[str, int]) -> Card:
    """The default share image: the dossier as a whole."""
    counted = " · ".join(f"{count} {name}" for name, count in figures.items() if count)
    return Card(
        kicker=SITE_NAME,
        words=story.title if story else "The dossier",
        lines=("The story so far", counted) if counted else ("The story so far",),
        footer=SITE_NAME,
    )


def version(card: Card) -> str:
    """A digest of what the card shows of its subject. The footer (the
    story's name) is left out: pages would need a query to know it."""
    subject = dataclasses.replace(card, footer="")
    return hashlib.blake2b(repr(subject).encode(), digest_size=6).hexdigest()


def card_url(route: str, card: Card, slug: str | None = None) -> str:
    args = [slug] if slug is not None else []
    return f"{reverse(route, args=args)}?v={version(card)}"
