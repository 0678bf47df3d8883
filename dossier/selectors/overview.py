"""The overview page."""

from dataclasses import dataclass

from django.db.models import (
    Prefetch,
)

from dossier.models import (
    Event,
    Person,
    Quote,
    Source,
    Story,
)

from .common import PUBLISHED, _busiest, public_claims, public_links, public_participations
from .export import latest_story
from .people import people_with_counts

# --- Overview


@dataclass
class Overview:
    story: Story | None
    figures: dict[str, int]
    latest_events: list[Event]
    key_people: list[Person]


def overview(events: int = 5, people: int = 6) -> Overview:
    story = latest_story()
    figures = {
        "sources": Source.objects.published().count(),
        "people": Person.objects.published().count(),
        "quotes": Quote.objects.published().count(),
        "events": Event.objects.published().count(),
        "claims": public_claims().count(),
        "contradictions": public_links().contested().count(),
    }
    latest = list(
        Event.objects.published()
        .order_by("-date", "title")
        .prefetch_related(
            Prefetch("participations", public_participations(), to_attr="public_participations")
        )[:events]
    )
    # Exact counts for the people quoted most only, not all 3,000.
    key_people = list(
        people_with_counts()
        .filter(_busiest(Quote.objects.filter(status=PUBLISHED), "speaker", ""))
        .order_by("-quote_count", "-event_count", "name")[:people]
    )
    return Overview(story, figures, latest, key_people)
