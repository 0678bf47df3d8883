"""The published dossier as JSON, for readers who want the data itself.

Read-only and published-only: the same shape as the fixture format (items
named by slug, references by slug), without editors' drafts, and with
relations kept only where both ends are published.
"""

from collections.abc import Callable

from dossier import selectors


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _chain(hops: list[selectors.ChainHop]) -> list[dict]:
    """A chain in the fixture's shape.  A person or outlet the dossier has
    not published keeps its place and kind but not its name."""
    chain = []
    for hop in hops:
        if hop.kind == "unnamed":
            who = {"description": hop.description}
        elif hop.withheld:
            who = {hop.kind: None, "description": hop.who}
        else:
            who = {hop.kind: hop.slug}
        chain.append({**who, "how": hop.how, "context": hop.context, "on_record": hop.on_record})
    return chain


def _background(item) -> dict | None:
    """Where a fact the articles do not give comes from, as readers see it
    marked on the item's page ("Background: <title>")."""
    if not item.background_url:
        return None
    return {"title": item.background_title, "url": item.background_url}


def published_dossier(absolute: Callable[[str], str]) -> dict:
    """Everything published; `absolute` turns a path into a full URL."""
    data = selectors.published_dossier()
    tags = data.tags
    public_outlets = {outlet.pk for outlet in data.outlets}
    sources_by_pk = {source.pk: source for source in data.sources}
    cites: dict[int, list[dict]] = {}
    for citation in data.citations:
        target = (
            {"source": citation.cited_source.slug}
            if citation.cited_source_id
            else {"outlet": citation.cited_outlet.slug}
        )
        cites.setdefault(citation.source_id, []).append(
            {**target, **({"note": citation.note} if citation.note else {})}
        )
    participants: dict[int, list[dict]] = {}
    for participation in data.participations:
        participants.setdefault(participation.event_id, []).append(
            {"person": participation.person.slug, "role": participation.role}
        )
    event_sources: dict[int, list[str]] = {}
    for event_id, source_id in data.event_sources:
        event_sources.setdefault(event_id, []).append(sources_by_pk[source_id].slug)
    reports: dict[int, list[dict]] = {}
    for report in data.reports:
        reports.setdefault(report.claim_id, []).append(
            {
                "source": report.source.slug,
                "chain": _chain(data.report_chains.get(report.pk, [])),
            }
        )
    links: dict[int, list[dict]] = {}
    for link in data.claim_links:
        links.setdefault(link.from_claim_id, []).append(
            {
                "kind": link.kind,
                "claim": link.to_claim.slug,
                "rationale": link.rationale,
                "sources": [source.slug for source in link.sources.all()],
                "resolved": link.resolved,
                "resolution": link.resolution,
            }
        )
    story = data.story
    return {
        "story": {
            "slug": story.slug,
            "title": story.title,
            "summary": story.summary,
            "notes_html": story.notes_html,
            "url": absolute(story.get_absolute_url()),
        }
        if story
        else None,
        "outlets": [
            {
                "slug": outlet.slug,
                "name": outlet.name,
                "homepage": outlet.homepage,
                "country": outlet.country,
                "language": outlet.language,
                "reliability": outlet.reliability,
                "reliability_rationale": outlet.reliability_rationale,
                "background": _background(outlet),
                "url": absolute(outlet.get_absolute_url()),
            }
            for outlet in data.outlets
        ],
        "sources": [
            {
                "slug": source.slug,
                "title": source.title,
                "outlet": source.outlet.slug,
                "url": source.url,
                "byline": source.byline,
                "published_on": _date(source.published_on),
                "language": source.language,
                "reliability": source.effective_reliability,
                "reliability_rationale": source.effective_reliability_rationale,
                "cites": cites.get(source.pk, []),
                "tags": tags.get(("source", source.pk), []),
                "notes_html": source.notes_html,
                "body": source.body,
                "page": absolute(source.get_absolute_url()),
            }
            for source in data.sources
        ],
        "people": [
            {
                "slug": person.slug,
                "name": person.name,
                "kind": person.kind,
                "aliases": person.alias_list,
                "role": person.role,
                "affiliation": person.affiliation,
                "bio_html": person.bio_html,
                "background": _background(person),
                "tags": tags.get(("person", person.pk), []),
                "notes_html": person.notes_html,
                "page": absolute(person.get_absolute_url()),
            }
            for person in data.people
        ],
        "statements": [
            {
                "slug": statement.slug,
                "title": statement.title,
                "grouping_rationale": statement.grouping_rationale,
                "page": absolute(statement.get_absolute_url()),
            }
            for statement in data.statements
        ],
        "quotes": [
            {
                "slug": quote.slug,
                "text": quote.text,
                "source": quote.source.slug,
                "speaker": quote.speaker.slug if quote.speaker_id else None,
                "speaker_description": quote.speaker_description,
                "statement": quote.statement.slug
                if quote.statement_id and quote.statement.is_published
                else None,
                "attribution": quote.attribution,
                "relayed_from": quote.relayed_from.slug
                if quote.relayed_from_id and quote.relayed_from_id in public_outlets
                else None,
                "credibility": quote.credibility,
                "credibility_rationale": quote.credibility_rationale,
                "context": quote.context,
                "said_on": _date(quote.said_on),
                "chain": _chain(data.quote_chains.get(quote.pk, [])),
                "tags": tags.get(("quote", quote.pk), []),
                "notes_html": quote.notes_html,
                "page": absolute(quote.get_absolute_url()),
            }
            for quote in data.quotes
        ],
        "events": [
            {
                "slug": event.slug,
                "title": event.title,
                "date": _date(event.date),
                "date_precision": event.date_precision,
                "date_display": event.date_display,
                "location": event.location,
                "summary": event.summary,
                "background": _background(event),
                "participants": participants.get(event.pk, []),
                "sources": event_sources.get(event.pk, []),
                "tags": tags.get(("event", event.pk), []),
                "notes_html": event.notes_html,
                "page": absolute(event.get_absolute_url()),
            }
            for event in data.events
        ],
        "claims": [
            {
                "slug": claim.slug,
                "title": claim.title,
                "summary": claim.summary,
                "verification": claim.verification,
                "credibility": claim.credibility,
                "credibility_rationale": claim.credibility_rationale,
                "event": claim.event.slug if claim.event_id and claim.event.is_published else None,
                "reports": reports.get(claim.pk, []),
                "links": links.get(claim.pk, []),
                "tags": tags.get(("claim", claim.pk), []),
                "notes_html": claim.notes_html,
                "page": absolute(claim.get_absolute_url()),
            }
            for claim in data.claims
        ],
        # The unresolved contradictions, as on /contested/ (also in each
        # claim's links, with "resolved": false).
        "contested": [
            {"claim": link.from_claim.slug, "contradicts": link.to_claim.slug}
            for link in data.claim_links
            if link.kind == "contradicts" and not link.resolved
        ],
    }
