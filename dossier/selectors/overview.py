"""The overview page."""

from dataclasses import dataclass

from django.db.models import Prefetch

from dossier.models import Event, Person, Quote, Source, Story

from .common import public_claims, public_links, public_participations
from .export import latest_story
from .people import people_with_counts


@dataclass
class Overview:
    story: Story | None
    figures: dict[str, int]
    latest_events: list[Event]
    key_people: list[Person]


def overview(events: int = 5, people: int = 6) -> Overview:
    """The story, what the dossier holds, the latest events and the people
    in them."""
    latest = list(
        Event.objects.published()
        .order_by("-date", "title")
        .prefetch_related(
            Prefetch("participations", public_participations(), to_attr="public_participations")
        )[:events]
    )
    return Overview(latest_story(), dossier_figures(), latest, _key_people(latest, people))


def dossier_figures() -> dict[str, int]:
    """How many published items of each kind the dossier holds."""
    return {
        "sources": Source.objects.published().count(),
        "people": Person.objects.published().count(),
        "quotes": Quote.objects.published().count(),
        "events": Event.objects.published().count(),
        "claims": public_claims().count(),
        "contradictions": public_links().contested().count(),
    }


def _key_people(events: list[Event], size: int) -> list[Person]:
    """The people taking part in `events` (the latest first), each once, up
    to `size`, with their counts: ranking everyone by how often they are
    quoted read every quote of the dossier."""
    ids = list(
        dict.fromkeys(
            taking_part.person_id for event in events for taking_part in event.public_participations
        )
    )[:size]
    found = people_with_counts().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]
