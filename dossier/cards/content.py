"""What each share card says, from objects a public page already loaded.

A card's URL carries `version(card)`, a digest of everything drawn about
its subject, so a shared link never shows a stale card and an unchanged one
is cached for good.
"""

import dataclasses
import hashlib

from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst

from dossier.models import Claim, Credibility, Person, Quote, Story
from dossier.wording import context_clause, origins

from .draw import Card

SITE_NAME = "Dossier"


def footer(story: Story | None) -> str:
    return f"{SITE_NAME} · {story.title}" if story else SITE_NAME


def _grade(credibility: int) -> dict:
    return {"grade": f"Credibility {Credibility(credibility).label}", "grade_level": credibility}


def _day(date) -> str:
    return format_date(date, "j F Y") if date else ""


def _present(*parts: str) -> tuple[str, ...]:
    return tuple(filter(None, parts))


def quote_card(quote: Quote, story: Story | None = None) -> Card:
    """The words, who said them, where and when, the outlet that printed
    them and their grade. Reads the quote's speaker and source's outlet."""
    speaker, source = quote.speaker_label, quote.source
    where_when = _present(context_clause(quote.context, speaker), _day(quote.said_on))
    printed = _present(f"Printed by {source.outlet.name}", _day(source.published_on))
    return Card(
        kicker="Quote",
        words=quote.text,
        lines=_present(capfirst(speaker), ", ".join(where_when), ", ".join(printed)),
        **_grade(quote.credibility),
        footer=footer(story),
        quoted=True,
    )


def claim_card(claim: Claim, story: Story | None = None) -> Card:
    """Reads the claim's prefetched published reports."""
    return Card(
        kicker="Claim",
        words=claim.title,
        lines=(claim.get_verification_display(), origins(*claim.origin_counts())),
        **_grade(claim.credibility),
        footer=footer(story),
    )


def person_card(person: Person, story: Story | None = None) -> Card:
    return Card(
        kicker="Organisation" if person.is_organisation else "Person",
        words=person.name,
        lines=_present(person.role, person.affiliation),
        footer=footer(story),
    )


def dossier_card(story: Story | None, figures: dict[str, int]) -> Card:
    """The default share image: the dossier as a whole."""
    counted = " · ".join(f"{count} {name}" for name, count in figures.items() if count)
    return Card(
        kicker=SITE_NAME,
        words=story.title if story else "The dossier",
        lines=_present("The story so far", counted),
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
