"""The timeline and event pages."""

from dataclasses import dataclass

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from dossier.models import (
    Event,
    Participation,
)

from .common import PUBLISHED, _tagged, public_events

# --- Timeline and events


def timeline(tag: str | int = "", person: str = "") -> QuerySet:
    events = public_events().order_by("date", "title")
    if tag:
        events = _tagged(events, tag)
    if person:
        events = events.filter(
            Exists(
                Participation.objects.filter(
                    event=OuterRef("pk"), person__slug=person, person__status=PUBLISHED
                )
            )
        )
    return events


@dataclass
class EventPage:
    event: Event
    previous: Event | None
    next: Event | None


def event_page(slug: str) -> EventPage:
    event = get_object_or_404(public_events(), slug=slug)
    siblings = Event.objects.published().only("slug", "title", "date", "date_precision")
    previous = (
        siblings.filter(Q(date__lt=event.date) | Q(date=event.date, title__lt=event.title))
        .order_by("-date", "-title")
        .first()
    )
    following = (
        siblings.filter(Q(date__gt=event.date) | Q(date=event.date, title__gt=event.title))
        .order_by("date", "title")
        .first()
    )
    return EventPage(event, previous, following)
