"""The timeline and event pages."""

import datetime
from collections import defaultdict
from dataclasses import MISSING, dataclass, field, fields
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from dossier import page_dependencies
from dossier.models import Event, Outlet, Participation, Person, Source, describe_date
from dossier.models.base import detail_urls
from dossier.shapes import built_once, compiled

from .common import PUBLISHED, _tagged, public_events, public_participations, with_tags


def timeline(tag: str | int = "", person: str = "") -> QuerySet:
    """Published events by date, those with the tag or the person when
    given. Their people, articles and tags are not read: see
    `timeline_rows()` and `with_lines()` for a page, `public_events()` for
    everything."""
    events = _by_date().all()
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


@dataclass(slots=True)
class EventCard:
    """A published event as its timeline card prints it (`_event.html`):
    read as values, as its people and articles are, not built as model
    instances, each sent through post_init."""

    pk: int
    slug: str
    title: str
    date: datetime.date
    date_precision: str
    location: str
    summary: str
    background_title: str
    background_url: str
    public_participations: list = field(default_factory=list)
    public_sources: list = field(default_factory=list)
    public_tags: list = field(default_factory=list)

    @property
    def date_display(self) -> str:
        return describe_date(self.date, self.date_precision)


# The columns a card is made from: `EventCard`'s fields without a default
# (the rest are filled once the page's events are known), in their order.
EVENT_CARD_FIELDS = [
    card_field.name for card_field in fields(EventCard) if card_field.default_factory is MISSING
]


@built_once
def timeline_rows() -> QuerySet:
    """The events of a timeline page as rows of the columns their cards
    print (`timeline_cards()` makes the cards, once the page's events are
    known). Shared (`built_once`): narrow it."""
    return _by_date().values_list(*EVENT_CARD_FIELDS)


@built_once
def _by_date() -> QuerySet:
    """Published events by date."""
    return Event.objects.published().order_by("date", "title")


class PersonLine(NamedTuple):
    """A published person as an event's card names them."""

    pk: int
    slug: str
    name: str
    page_url: str


class TakingPart(NamedTuple):
    person: PersonLine
    role: str


class OutletName(NamedTuple):
    name: str


class ArticleLine(NamedTuple):
    """A published article reporting an event, as its card lists it, with
    its grade as `Source.effective_reliability` gives it (its own, else its
    outlet's)."""

    slug: str
    title: str
    outlet: OutletName
    effective_reliability: str
    effective_reliability_rationale: str
    page_url: str


@compiled
def _taking_part(events: list[int]) -> QuerySet:
    """The published people taking part in `events`, as a card names them."""
    return (
        public_participations()
        .filter(event_id__in=events)
        .values_list("event_id", "role", "person_id", "person__slug", "person__name")
    )


@compiled
def _reporting(events: list[int]) -> QuerySet:
    """The published articles reporting `events`, in the order a card lists
    them, with their outlets' grades. Filtered before its columns are
    named: the other way round, the filter would join the events again."""
    return (
        Source.objects.published_by_row()
        .filter(events__in=events)
        .order_by("published_on", "title", "pk")
        .values_list(
            "events",
            "pk",
            "slug",
            "title",
            "reliability",
            "reliability_rationale",
            "outlet_id",
            "outlet__name",
            "outlet__reliability",
            "outlet__reliability_rationale",
        )
    )


def timeline_cards(rows) -> list[EventCard]:
    """The cards of a timeline page's events (`timeline_rows()`), with their
    people, articles and tags. The page records that it shows the events
    (`page_dependencies`), as building an instance records it."""
    cards = [EventCard(*row) for row in rows]
    page_dependencies.rows_shown(Event, [card.pk for card in cards])
    return with_tags(with_lines(cards), kind=Event)


def with_lines(events: list[EventCard]) -> list[EventCard]:
    """`events` with the lines their cards print: their published people
    (`public_participations`) and the published articles that report them
    (`public_sources`), in the orders of `public_events()`, read as values,
    not built as model instances (a page names hundreds). The page still
    records it shows them (`page_dependencies`), as building an instance
    records it, so an edit of their wording reaches it."""
    if not events:
        return events  # else both queries are built, only to find they match nothing
    ids = [event.pk for event in events]
    person_url, article_url = detail_urls("dossier:person"), detail_urls("dossier:source")
    people, articles = defaultdict(list), defaultdict(list)
    shown_people, shown_articles, shown_outlets = set(), set(), set()
    for event_id, role, pk, slug, name in _taking_part(ids):
        people[event_id].append(TakingPart(PersonLine(pk, slug, name, person_url(slug)), role))
        shown_people.add(pk)
    for row in _reporting(ids):
        event_id, pk, slug, title, grade, why, outlet, outlet_name, outlet_grade, outlet_why = row
        articles[event_id].append(
            ArticleLine(
                slug,
                title,
                OutletName(outlet_name),
                grade or outlet_grade,
                why if grade else outlet_why,
                article_url(slug),
            )
        )
        shown_articles.add(pk)
        shown_outlets.add(outlet)
    page_dependencies.rows_shown(Person, shown_people)
    page_dependencies.rows_shown(Source, shown_articles)
    page_dependencies.rows_shown(Outlet, shown_outlets)
    for event in events:
        event.public_participations = people[event.pk]
        event.public_sources = articles[event.pk]
    return events


@dataclass
class EventPage:
    event: Event
    previous: Event | None
    next: Event | None


def event_page(slug: str) -> EventPage:
    event = get_object_or_404(public_events(), slug=slug)
    with_tags([event])
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
