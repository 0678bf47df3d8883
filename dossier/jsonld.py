"""schema.org descriptions of detail pages, as JSON-LD.

Each function takes objects a page already loaded (so JSON-LD costs no
query) and returns a plain dict; `script()` turns one into the only kind of
`<script>` the site writes.  The JSON is escaped so that `</script>` or
`<!--` in an editor's text cannot end the element early.
"""

import json

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from dossier.models import Claim, Credibility, Event, Outlet, Person, Quote, Source
from dossier.wording import tag_label

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
CONTEXT = "https://schema.org"


def script(data: dict) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_ESCAPES)
    # Safe: the JSON has no <, > or & left, so it cannot close the element.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _clean(data: dict) -> dict:
    """Leave out empty values: schema.org readers treat "" as a value."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _named(kind: str | None, name: str, url: str = "") -> dict:
    """A thing of `kind` by its name (and address)."""
    return _clean({"@type": kind, "name": name, "url": url})


def _person_ref(person: Person, absolute) -> dict:
    # A list that loaded only what its lines print may not know the kind:
    # then the reference names no type rather than cost a query or guess.
    if "kind" in person.get_deferred_fields():
        kind = None
    else:
        kind = "Organization" if person.is_organisation else "Person"
    return _named(kind, person.name, absolute(person.get_absolute_url()))


def _article_ref(source: Source, absolute, dated: bool = False) -> dict:
    """An article a claim, event or quote appears in; `dated`, with its
    address on the outlet's site and its date."""
    return _clean(
        {
            "@type": "NewsArticle",
            "headline": source.title[:110],
            "url": absolute(source.get_absolute_url()),
            "sameAs": source.url if dated else None,
            "datePublished": _iso(source.published_on) if dated else None,
            "publisher": _named("Organization", source.outlet.name),
        }
    )


def news_article(source: Source, absolute) -> dict:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "headline": source.title[:110],
            "name": source.title,
            "url": absolute(source.get_absolute_url()),
            "sameAs": source.url,
            "datePublished": _iso(source.published_on),
            "inLanguage": source.language or source.outlet.language,
            "author": _named("Person", source.byline) if source.byline else None,
            "publisher": _named("Organization", source.outlet.name, source.outlet.homepage),
            "keywords": [tag_label(tag.name) for tag in source.public_tags],
        }
    )


def person(person: Person, absolute) -> dict:
    # schema.org gives an organisation no job title or affiliation: its role
    # reads as what it is.
    organisation = person.is_organisation
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Organization" if organisation else "Person",
            "name": person.name,
            "alternateName": person.alias_list,
            "description": person.role if organisation else None,
            "jobTitle": None if organisation else person.role,
            "affiliation": _named("Organization", person.affiliation)
            if person.affiliation and not organisation
            else None,
            "url": absolute(person.get_absolute_url()),
        }
    )


def _schema_date(event: Event) -> str:
    if event.date_precision == Event.Precision.DAY:
        return event.date.isoformat()
    return event.date.strftime("%Y-%m")


def event(event: Event, absolute) -> dict:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": event.title,
            "startDate": _schema_date(event),
            "description": event.summary,
            "location": _named("Place", event.location) if event.location else None,
            "attendee": [_person_ref(p.person, absolute) for p in event.public_participations],
            "subjectOf": [_article_ref(source, absolute) for source in event.public_sources],
            "url": absolute(event.get_absolute_url()),
        }
    )


def quotation(quote: Quote, absolute) -> dict:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Quotation",
            "text": quote.text,
            "spokenByCharacter": _person_ref(quote.speaker, absolute)
            if quote.speaker_id
            else _clean({"@type": "Person", "description": quote.speaker_description}),
            "dateCreated": _iso(quote.said_on),
            "isPartOf": _article_ref(quote.source, absolute),
            "url": absolute(quote.get_absolute_url()),
        }
    )


def claim(claim: Claim, absolute) -> dict:
    """A claim and where it appears; reads the claim's prefetched published
    reports (and its event only if that is published)."""
    sources = [report.source for report in claim.reports.all()]
    dated = sorted((s for s in sources if s.published_on), key=lambda s: s.published_on)
    event = claim.event if claim.event_id and claim.event.is_published else None
    about = event and _named("Event", event.title, absolute(event.get_absolute_url()))
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Claim",
            "name": claim.title,
            "text": claim.summary,
            "url": absolute(claim.get_absolute_url()),
            "appearance": [_article_ref(source, absolute, dated=True) for source in sources],
            "firstAppearance": _article_ref(dated[0], absolute, dated=True) if dated else None,
            "about": about,
            "keywords": [tag_label(tag.name) for tag in claim.public_tags],
        }
    )


# The verdicts as a rating a fact-check reader can compare, worst first.
VERDICT_SCALE = [
    Claim.Verification.FALSE,
    Claim.Verification.DISPUTED,
    Claim.Verification.UNVERIFIED,
    Claim.Verification.CORROBORATED,
]


def _scale_in_words() -> str:
    steps = ", ".join(f"{n} {verdict.label}" for n, verdict in enumerate(VERDICT_SCALE, 1))
    return f"on a scale from 1 to {len(VERDICT_SCALE)} ({steps})"


def claim_review(item: Claim, absolute) -> dict:
    """The editors' verdict on a claim, as fact-check aggregators read it: a
    ClaimReview of the claim (with where it appears), rated on the
    verification scale, written out in words since a number alone means
    nothing to a reader of another site."""
    verdict = Claim.Verification(item.verification)
    rating = VERDICT_SCALE.index(verdict) + 1
    credibility = Credibility(item.credibility)
    reviewed = claim(item, absolute)
    del reviewed["@context"]
    home = absolute(reverse("dossier:overview"))
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "ClaimReview",
            "claimReviewed": item.title,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": rating,
                "bestRating": len(VERDICT_SCALE),
                "worstRating": 1,
                "alternateName": f"{verdict.label}: {rating} {_scale_in_words()}",
            },
            "reviewBody": " ".join(
                part
                for part in (f"Credibility {credibility.label}.", item.credibility_rationale)
                if part
            ),
            "author": _named("Organization", "Dossier", home),
            "datePublished": item.published_at.date().isoformat() if item.published_at else None,
            "dateModified": item.updated.isoformat(),
            "url": absolute(item.get_absolute_url()),
            "itemReviewed": reviewed,
        }
    )


def news_media_organization(outlet: Outlet, absolute) -> dict:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "NewsMediaOrganization",
            "name": outlet.name,
            "url": absolute(outlet.get_absolute_url()),
            "sameAs": outlet.homepage,
            "inLanguage": outlet.language,
            "address": _clean({"@type": "PostalAddress", "addressCountry": outlet.country})
            if outlet.country
            else None,
        }
    )


def dossier(story, figures: dict[str, int], absolute) -> dict:
    """The site as a whole: a WebSite whose search readers can start from a
    search engine, and the story it follows as a Dataset with its dates and
    how much it holds."""
    home = absolute(reverse("dossier:overview"))
    site = {
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": "Dossier",
        "url": home,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("dossier:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
    if story is None:
        return {"@context": CONTEXT, **site}
    dataset = _clean(
        {
            "@type": "Dataset",
            "name": story.title,
            "description": story.summary,
            "url": home,
            "isPartOf": {"@id": site["@id"]},
            "datePublished": _iso(story.published_at),
            "dateModified": story.updated.isoformat(),
            "variableMeasured": [
                {"@type": "PropertyValue", "name": name, "value": count}
                for name, count in figures.items()
            ],
        }
    )
    return {"@context": CONTEXT, "@graph": [site, dataset]}
