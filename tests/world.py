"""A small, complete published dossier for page tests, and a way to grow it.

`build_world()` makes one of everything a page shows, linked the way real
dossiers are (two outlets print one statement differently, an event reported
by both, a citation, tags).  `grow()` adds `times` more of everything hanging
off the same people, statement, outlets, first source and tags, so each page
of the first world has more to show; query counts must not change.
"""

import datetime
from dataclasses import dataclass

from dossier.models import Citation, Event, Outlet, Person, Quote, Source, Statement, Story
from tests.factories import (
    make_event,
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
    make_story,
)

BODY_A = (
    "Moscow, 21 October.\n\n"
    "The spokesman told reporters: “We cannot postpone what has not been agreed.”\n"
    "He added that “no dates were set”.\n\n"
    "A Western official said the summit was “off for now”."
)
BODY_B = (
    "Citing the Planet, the Wire reports the spokesman saying "
    '"we cannot postpone what has not been finalised".'
)


@dataclass
class World:
    story: Story
    outlet: Outlet
    other_outlet: Outlet
    source: Source
    other_source: Source
    person: Person
    other_person: Person
    statement: Statement
    quote: Quote
    variant: Quote
    anonymous: Quote
    event: Event
    approximate: Event


def build_world() -> World:
    story = make_story(title="The summit that wasn’t", summary="Two outlets, one statement.")
    outlet = make_outlet(
        name="The Daily Planet", reliability="B", homepage="https://planet.example/"
    )
    other_outlet = make_outlet(name="The Wire", reliability="C")
    person = make_person(
        name="Dmitry Peskov",
        slug="dmitry-peskov",
        aliases="Dmitri Peskov\nD. Peskov",
        role="Kremlin spokesman",
        affiliation="Kremlin",
        bio="Speaks for <em>the Kremlin</em>.",
        tags=["kremlin"],
    )
    other_person = make_person(name="Marco Rubio", slug="marco-rubio", role="Secretary of State")
    source = make_source(
        outlet=outlet,
        title="Kremlin: no dates for the summit",
        slug="planet-no-dates",
        body=BODY_A,
        byline="A. Reporter",
        url="https://planet.example/no-dates",
        tags=["summit"],
    )
    other_source = make_source(
        outlet=other_outlet,
        title="No dates, says Moscow",
        slug="wire-no-dates",
        body=BODY_B,
        published_on=datetime.date(2025, 10, 22),
        reliability="D",
        reliability_rationale="Rewrite without checking.",
        tags=["summit"],
    )
    Citation.objects.create(source=other_source, cited_source=source, note="citing the Planet")
    statement = make_statement(title="Peskov: no dates", slug="peskov-no-dates")
    quote = make_quote(
        source=source,
        speaker=person,
        statement=statement,
        slug="peskov-planet",
        text="We cannot postpone what has not been agreed.",
        context="to reporters in Moscow",
        said_on=datetime.date(2025, 10, 21),
        credibility=2,
        tags=["summit"],
    )
    variant = make_quote(
        source=other_source,
        speaker=person,
        statement=statement,
        slug="peskov-wire",
        text="we cannot postpone what has not been finalised",
        attribution=Quote.Attribution.SECOND_HAND,
        relayed_from=outlet,
        credibility=3,
    )
    anonymous = make_quote(
        source=source,
        speaker=None,
        speaker_description="a Western official",
        slug="official-off-for-now",
        text="off for now",
        attribution=Quote.Attribution.ANONYMOUS,
        credibility=4,
    )
    event = make_event(
        title="Kremlin briefing",
        slug="kremlin-briefing",
        date=datetime.date(2025, 10, 21),
        location="Moscow",
        summary="Peskov says no dates were set.",
        participants=[person, other_person],
        sources=[source, other_source],
        tags=["summit", "diplomacy"],
    )
    approximate = make_event(
        title="Envoys meet",
        slug="envoys-meet",
        date=datetime.date(2025, 10, 15),
        date_precision=Event.Precision.APPROXIMATE,
        participants=[other_person],
        tags=["diplomacy"],
    )
    return World(
        story,
        outlet,
        other_outlet,
        source,
        other_source,
        person,
        other_person,
        statement,
        quote,
        variant,
        anonymous,
        event,
        approximate,
    )


def grow(world: World, times: int) -> None:
    """Add `times` more of everything, attached to the first world's items."""
    for n in range(times):
        outlet = make_outlet()
        speaker = make_person(tags=["kremlin"])
        source = make_source(outlet=world.outlet if n % 2 else outlet, tags=["summit"])
        Citation.objects.create(source=source, cited_source=world.source)
        Citation.objects.create(source=source, cited_outlet=world.other_outlet)
        make_quote(source=source, speaker=world.person, statement=world.statement, tags=["summit"])
        make_quote(source=source, speaker=speaker, tags=["summit"])
        make_statement()
        make_event(
            date=datetime.date(2025, 9 + n % 3, 1 + n),
            participants=[world.person, speaker],
            sources=[world.source, source],
            tags=["summit", "diplomacy"],
        )
