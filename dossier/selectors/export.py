"""The feed, the sitemap and the JSON export."""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from taggit.models import TaggedItem

from dossier.models import (
    Citation,
    Claim,
    ClaimLink,
    ClaimReport,
    Event,
    Outlet,
    Participation,
    Person,
    Quote,
    Source,
    Statement,
    Story,
)

from .chains import ChainHop, chain_hops, public_hop
from .common import (
    PUBLISHED,
    public_claims,
    public_links,
    public_participations,
    public_quotes,
    public_statements,
    with_tags,
)
from .tags import _published_assignment, tags_in_use


def feed_events(limit: int = 50) -> QuerySet:
    # The key breaks ties: an import stamps all its rows with one moment.
    return with_tags(Event.objects.published().order_by("-date", "-updated", "-pk")[:limit])


def latest_story() -> Story | None:
    """The most recently published story (a newer angle replaces the old)."""
    return (
        Story.objects.published()
        .order_by(F("published_at").desc(nulls_last=True), "-created", "-pk")
        .first()
    )


def statements_of(quotes: list[Quote]) -> list[Statement]:
    """The published statements grouping `quotes` (public quotes loaded with
    their statement), by slug.  A statement is public exactly when one of its
    quotes is (see `public_statements()`), so this needs no query of its own."""
    statements = {
        quote.statement_id: quote.statement
        for quote in quotes
        if quote.statement_id and quote.statement.is_published
    }
    return sorted(statements.values(), key=lambda statement: statement.slug)


@dataclass
class PublishedDossier:
    """Everything published, with relations between published items only."""

    story: Story | None
    outlets: list[Outlet]
    sources: list[Source]
    citations: list[Citation]
    people: list[Person]
    statements: list[Statement]
    quotes: list[Quote]
    events: list[Event]
    participations: list[Participation]
    event_sources: list[tuple[int, int]]
    claims: list[Claim]
    reports: list[ClaimReport]  # by published articles, with the source
    claim_links: list[ClaimLink]  # with their published sources prefetched
    quote_chains: dict[int, list[ChainHop]]  # quote pk -> its chain
    report_chains: dict[int, list[ChainHop]]  # report pk -> its chain
    tags: dict[tuple[str, int], list[str]]  # (model name, pk) -> tag names


def published_dossier() -> PublishedDossier:
    sources = Source.objects.published()
    events = Event.objects.published()
    tag_names: dict[tuple[str, int], list[str]] = {}
    for model_name, object_id, name in (
        TaggedItem.objects.filter(_published_assignment())
        .order_by("tag__name")
        .values_list("content_type__model", "object_id", "tag__name")
    ):
        tag_names.setdefault((model_name, object_id), []).append(name)
    quotes = list(public_quotes().order_by("slug"))
    reports = (
        ClaimReport.objects.filter(claim__in=public_claims(), source__in=sources)
        .select_related("source")
        .order_by("claim_id", "position", "id")
    )
    # The chains of quotes and of reports, in one query.
    quote_chains: dict[int, list[ChainHop]] = {}
    report_chains: dict[int, list[ChainHop]] = {}
    for hop in chain_hops().filter(
        Q(quote__in=public_quotes().values("pk")) | Q(report__in=reports.values("pk"))
    ):
        if hop.quote_id:
            quote_chains.setdefault(hop.quote_id, []).append(public_hop(hop))
        else:
            report_chains.setdefault(hop.report_id, []).append(public_hop(hop))
    return PublishedDossier(
        story=latest_story(),
        outlets=list(Outlet.objects.published().order_by("slug")),
        sources=list(sources.select_related("outlet").order_by("slug")),
        citations=list(
            Citation.objects.filter(source__in=sources)
            .filter(Q(cited_source__in=sources) | Q(cited_outlet__status=PUBLISHED))
            .select_related("source", "cited_source", "cited_outlet")
            .order_by("source__slug", "position", "id")
        ),
        people=list(Person.objects.published().order_by("slug")),
        statements=statements_of(quotes),
        quotes=quotes,
        events=list(events.order_by("date", "slug")),
        participations=list(
            public_participations()
            .filter(event__in=events)
            .select_related("event")
            .order_by("event_id", "position", "id")
        ),
        event_sources=list(
            Event.sources.through.objects.filter(event__in=events, source__in=sources)
            .order_by("event_id", "source__published_on", "source_id")
            .values_list("event_id", "source_id")
        ),
        claims=list(public_claims().select_related("event").order_by("slug")),
        reports=list(reports),
        claim_links=list(
            public_links()
            .select_related("from_claim", "to_claim")
            .prefetch_related(Prefetch("sources", sources.order_by("slug")))
            .order_by("from_claim__slug", "kind", "to_claim__slug")
        ),
        quote_chains=quote_chains,
        report_chains=report_chains,
        tags=tag_names,
    )


def sitemap_items(kind: str) -> QuerySet:
    """The published rows of one kind of detail page. Only the kind asked
    for is built: the index asks each section in turn."""
    kinds = {
        "events": Event.objects.published,
        "people": Person.objects.published,
        "quotes": Quote.objects.published,
        "statements": public_statements,
        "sources": Source.objects.published,
        "outlets": Outlet.objects.published,
        "claims": public_claims,
        "tags": tags_in_use,
    }
    return kinds[kind]()
