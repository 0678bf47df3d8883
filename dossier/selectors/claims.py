"""The claims list, a claim's page and the contested claims."""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from dossier.corrections import Correction, corrections_for
from dossier.models import Claim, ClaimLink, ClaimReport, origin_key

from .chains import UNPUBLISHED
from .common import (
    _tagged,
    counted_reports,
    paginate,
    public_claims,
    public_links,
    public_reports,
    public_sources,
    with_tags,
)


def _with_reports(reports: QuerySet) -> QuerySet:
    """Published claims with their event and their `reports`."""
    return public_claims().select_related("event").prefetch_related(Prefetch("reports", reports))


def claims(verification: str = "", tag: str | int = "") -> QuerySet:
    """Published claims in the list's order, each with its event and
    reports as its origin counts read them (`counted_reports`)."""
    claims = _with_reports(counted_reports())
    if verification:
        claims = claims.filter(verification=verification)
    if tag:
        claims = _tagged(claims, tag)
    return claims.order_by(F("event__date").asc(nulls_last=True), "title", "pk")


# What a row of the claims list prints (`_claim.html`): the claim's title,
# grades and link, and its event's title, date and link when published.
CLAIM_ROW_FIELDS = (
    "slug",
    "title",
    "verification",
    "credibility",
    "credibility_rationale",
    "event__slug",
    "event__status",
    "event__title",
    "event__date",
    "event__date_precision",
)


def claim_rows() -> QuerySet:
    """The claims list's rows (`claims()`), with only what a row prints."""
    return claims().only(*CLAIM_ROW_FIELDS)


# How a link reads from each end, in the order a claim's page lists them.
LINK_HEADINGS = {
    (ClaimLink.Kind.CONTRADICTS, "out"): "Contradicts",
    (ClaimLink.Kind.CONTRADICTS, "in"): "Contradicted by",
    (ClaimLink.Kind.QUALIFIES, "out"): "Qualifies",
    (ClaimLink.Kind.QUALIFIES, "in"): "Qualified by",
    (ClaimLink.Kind.SUPPORTS, "out"): "Supports",
    (ClaimLink.Kind.SUPPORTS, "in"): "Supported by",
    (ClaimLink.Kind.SUPERSEDES, "out"): "Supersedes",
    (ClaimLink.Kind.SUPERSEDES, "in"): "Superseded by",
}


@dataclass
class LinkedClaim:
    """A link seen from one of its claims: the claim at the other end."""

    link: ClaimLink
    other: Claim


@dataclass
class LinkGroup:
    heading: str  # "Contradicted by"
    kind: str  # the link's kind, "contradicts"
    direction: str  # "out" or "in"
    links: list[LinkedClaim] = field(default_factory=list)


def _public_link_sources() -> Prefetch:
    return Prefetch("sources", public_sources().order_by("published_on", "title", "pk"))


@dataclass
class Origin:
    """Where some reports' words first entered print (see `origin_key`), and
    those reports: each origin is one independent source for the claim."""

    outlet: str
    url: str
    reports: list[ClaimReport] = field(default_factory=list)


def by_origin(reports: list[ClaimReport]) -> list[Origin]:
    """Reports (hops, sources and outlets prefetched) grouped by origin, in
    the order their first report comes."""
    origins: dict[int, Origin] = {}
    for report in reports:
        hops = list(report.hops.all())
        key = origin_key(hops, report.source.outlet_id)
        if key not in origins:
            first = next((hop.outlet for hop in hops if hop.outlet_id), report.source.outlet)
            origins[key] = (
                Origin(first.name, first.get_absolute_url())
                if first.is_published
                else Origin(UNPUBLISHED["outlet"], "")
            )
        origins[key].reports.append(report)
    return list(origins.values())


@dataclass
class ClaimPage:
    claim: Claim
    reports: list[ClaimReport]
    report_origins: list[Origin]
    origins: tuple[int, int]
    link_groups: list[LinkGroup]
    corrections: list[Correction]


def claim_page(slug: str) -> ClaimPage:
    claim = get_object_or_404(_with_reports(public_reports()), slug=slug)
    with_tags([claim])
    links = (
        public_links()
        .filter(Q(from_claim=claim) | Q(to_claim=claim))
        .select_related("from_claim", "to_claim")
        .prefetch_related(_public_link_sources())
        .order_by("pk")
    )
    groups = {key: LinkGroup(heading, key[0], key[1]) for key, heading in LINK_HEADINGS.items()}
    for link in links:
        outgoing = link.from_claim_id == claim.pk
        other = link.to_claim if outgoing else link.from_claim
        groups[(link.kind, "out" if outgoing else "in")].links.append(LinkedClaim(link, other))
    for group in groups.values():
        group.links.sort(key=lambda linked: linked.other.title)
    reports = list(claim.reports.all())
    return ClaimPage(
        claim,
        reports,
        by_origin(reports),
        claim.origin_counts(),
        [group for group in groups.values() if group.links],
        corrections_for(claim),
    )


def contested_claims() -> set[int]:
    """The ids of the public claims an unresolved contradiction joins to
    another public claim, either way round: the contested page's claims."""
    ends = public_links().contested().values_list("from_claim_id", "to_claim_id")
    return {claim for pair in ends for claim in pair}


def contested(page_number=None, per_page: int = 10) -> Page:
    """A page of the unresolved contradictions between two public claims, ten
    to a page, each claim with its published reports (sources, outlets,
    chains) and the link with the published sources behind it. The links
    are few, so their ids are paged in memory (no COUNT query); only the
    page's links are read whole, and only its claims load their reports."""
    order = ("from_claim__title", "to_claim__title", "pk")
    ids = list(public_links().contested().order_by(*order).values_list("pk", flat=True))
    page = paginate(ids, page_number, per_page)
    shown = list(
        ClaimLink.objects.filter(pk__in=page.object_list)
        .select_related("from_claim__event", "to_claim__event")
        .order_by(*order)
    )
    prefetch_related_objects(shown, _public_link_sources())
    # Both ends of every link at once: one query for the reports, one for
    # their chains, however many links there are.
    prefetch_related_objects(
        [claim for link in shown for claim in (link.from_claim, link.to_claim)],
        Prefetch("reports", public_reports()),
    )
    page.object_list = shown
    return page
