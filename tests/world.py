"""A small, complete published dossier for page tests, and a way to grow it.

`build_world()` makes one of everything a page shows, linked the way real
dossiers are (two outlets print one statement differently, an event reported
by both, a citation, tags, an attribution chain on every quote, two claims
that contradict each other).  `grow()` adds `times` more of everything
hanging off the same people, statement, outlets, first source, claims and
tags, so each page of the first world has more to show; query counts must not
change.
"""

import datetime
from dataclasses import dataclass

from dossier.models import (
    Citation,
    Claim,
    ClaimLink,
    ClaimReport,
    Event,
    Hop,
    Outlet,
    Person,
    Quote,
    Source,
    Statement,
    Story,
)
from tests.factories import (
    make_claim,
    make_event,
    make_hop,
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
    claim: Claim
    counter_claim: Claim
    contradiction: ClaimLink


def chain(owner, *hops: dict) -> None:
    """Give a quote or a claim's report its hops, in order."""
    key = "quote" if isinstance(owner, Quote) else "report"
    for position, hop in enumerate(hops):
        make_hop(**{key: owner}, position=position, **hop)


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
    chain(
        quote,
        {"person": person, "how": Hop.How.SAID, "context": "to reporters in Moscow"},
        {"outlet": outlet, "how": Hop.How.REPORTED},
    )
    chain(
        variant,
        {"person": person, "how": Hop.How.SAID},
        {"outlet": outlet, "how": Hop.How.REPORTED},
        {"outlet": other_outlet, "how": Hop.How.CITING},
    )
    chain(
        anonymous,
        {
            "description": "a Western official",
            "how": Hop.How.TOLD,
            "context": "to the Planet",
            "on_record": False,
        },
        {"outlet": outlet, "how": Hop.How.REPORTED},
    )
    # Two reports of one origin (the Wire relays the Planet), and a claim
    # the Wire alone makes that contradicts it.
    claim = make_claim(
        sources=[source, other_source],
        title="No date was ever set for the summit",
        slug="no-date-set",
        summary="Peskov says nothing was agreed, so nothing could be postponed.",
        verification=Claim.Verification.CORROBORATED,
        credibility=2,
        credibility_rationale="The Kremlin says so on the record.",
        event=event,
        tags=["summit"],
    )
    planet_report, wire_report = claim.reports.order_by("position")
    chain(
        planet_report,
        {"person": person, "how": Hop.How.SAID},
        {"outlet": outlet, "how": Hop.How.REPORTED},
    )
    chain(
        wire_report,
        {"outlet": outlet, "how": Hop.How.REPORTED},
        {"outlet": other_outlet, "how": Hop.How.CITING},
    )
    counter_claim = make_claim(
        sources=[other_source],
        title="The summit was officially postponed",
        slug="summit-postponed",
        verification=Claim.Verification.DISPUTED,
        credibility=4,
        credibility_rationale="No one announced a postponement.",
    )
    chain(counter_claim.reports.get(), {"outlet": other_outlet, "how": Hop.How.REPORTED})
    contradiction = ClaimLink.objects.create(
        from_claim=claim,
        to_claim=counter_claim,
        kind=ClaimLink.Kind.CONTRADICTS,
        rationale="With no date agreed there was nothing to postpone.",
    )
    contradiction.sources.set([source])
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
        claim,
        counter_claim,
        contradiction,
    )


def grow(world: World, times: int) -> None:
    """Add `times` more of everything, attached to the first world's items."""
    for n in range(times):
        outlet = make_outlet()
        speaker = make_person(tags=["kremlin"])
        source = make_source(outlet=world.outlet if n % 2 else outlet, tags=["summit"])
        Citation.objects.create(source=source, cited_source=world.source)
        Citation.objects.create(source=source, cited_outlet=world.other_outlet)
        rendering = make_quote(
            source=source, speaker=world.person, statement=world.statement, tags=["summit"]
        )
        chain(
            rendering,
            {"person": speaker, "how": Hop.How.SAID},
            {"outlet": outlet, "how": Hop.How.REPORTED},
        )
        make_quote(source=source, speaker=speaker, tags=["summit"])
        make_statement()
        make_event(
            date=datetime.date(2025, 9 + n % 3, 1 + n),
            participants=[world.person, speaker],
            sources=[world.source, source],
            tags=["summit", "diplomacy"],
        )
        # More reports of the first claims, and more claims contradicting,
        # qualifying and supporting them.
        for claim in (world.claim, world.counter_claim):
            report = ClaimReport.objects.create(claim=claim, source=source, position=1 + n)
            chain(
                report,
                {"person": speaker, "how": Hop.How.SAID},
                {"outlet": outlet, "how": Hop.How.REPORTED},
            )
        other = make_claim(sources=[source, world.source], event=world.event, tags=["summit"])
        chain(other.reports.first(), {"outlet": outlet, "how": Hop.How.REPORTED})
        kind = list(ClaimLink.Kind)[n % 4]
        for from_claim, to_claim in ((other, world.claim), (world.counter_claim, other)):
            link = ClaimLink.objects.create(
                from_claim=from_claim, to_claim=to_claim, kind=kind, rationale=f"Link {n}."
            )
            link.sources.set([source, world.other_source])


def queries_before_and_after_growing(client, url, world, assert_max_queries, limit):
    """The queries of one request for `url`, then of the same request once
    the world has grown tenfold, each at most `limit` (the first request in
    a process may fill Django's caches: the steady state is what counts).
    Returns both lists and the last response. Each is a render, not a page
    from the page cache."""
    from django.core.cache import caches

    assert client.get(url).status_code == 200
    caches["pages"].clear()
    with assert_max_queries(limit) as small:
        client.get(url)
    grow(world, 9)
    caches["pages"].clear()
    with assert_max_queries(limit) as large:
        response = client.get(url)
    assert response.status_code == 200
    return small, large, response
