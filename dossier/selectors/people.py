"""The people list and a person's page."""

from dataclasses import dataclass, field

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from dossier.models import Participation, Person, Quote, Statement

from .common import PUBLISHED, _tagged, count_per_row, first_rows, public_quotes, with_tags


def people_with_counts() -> QuerySet:
    return Person.objects.published().annotate(
        quote_count=count_per_row(Quote.objects.published(), "speaker"),
        event_count=count_per_row(Participation.objects.filter(event__status=PUBLISHED), "person"),
    )


def people(tag: str | int = "") -> QuerySet:
    people = people_with_counts().order_by("name")
    if tag:
        people = _tagged(people, tag)
    return people


@dataclass
class QuoteGroup:
    """A person's quotes of one statement (its variants together), or one
    quote that belongs to no published statement."""

    statement: Statement | None
    quotes: list[Quote] = field(default_factory=list)


def group_by_statement(quotes: list[Quote]) -> list[QuoteGroup]:
    groups: list[QuoteGroup] = []
    by_statement: dict[int, QuoteGroup] = {}
    for quote in quotes:
        statement = quote.statement if quote.statement_id else None
        if statement is None or not statement.is_published:
            groups.append(QuoteGroup(None, [quote]))
        elif statement.pk in by_statement:
            by_statement[statement.pk].quotes.append(quote)
        else:
            by_statement[statement.pk] = group = QuoteGroup(statement, [quote])
            groups.append(group)
    return groups


@dataclass
class PersonPage:
    person: Person
    quote_groups: list[QuoteGroup]  # the first `PERSON_QUOTES` quotes
    quote_count: int  # all of them; the rest are on the quotes list
    quotes_shown: int
    participations: list[Participation]  # the first `PERSON_EVENTS` events
    event_count: int  # all of them; the rest are on the timeline


# A person may be quoted thousands of times; their page shows the first few
# and links to the quotes list and the timeline filtered by them.
PERSON_QUOTES = 20
PERSON_EVENTS = 20


def person_page(slug: str) -> PersonPage:
    person = get_object_or_404(people_with_counts(), slug=slug)
    with_tags([person])
    # The first quotes found sorting keys only, then read whole: a busy
    # speaker has a thousand quotes, and PostgreSQL joined every article and
    # statement to them before picking twenty.
    said = public_quotes().order_by(F("said_on").asc(nulls_last=True), "source__published_on", "id")
    quotes = list(first_rows(said.filter(speaker=person), PERSON_QUOTES, said))
    participations = list(
        Participation.objects.filter(person=person, event__status=PUBLISHED)
        .select_related("event")
        .order_by("event__date", "event__title")[:PERSON_EVENTS]
    )
    return PersonPage(
        person,
        group_by_statement(quotes),
        person.quote_count,
        len(quotes),
        participations,
        person.event_count,
    )
