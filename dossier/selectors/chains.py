"""Chains of attribution as readers see them: who said it, who passed it on
(`public_chain()` decides what a reader may see of each hop, hiding the
names of people and outlets not yet published)."""

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import QuerySet

from dossier import page_dependencies
from dossier.models import Hop, Outlet, Person, Quote, Status
from dossier.models.base import detail_urls
from dossier.shapes import built_once, compiled


def chain_hops() -> QuerySet:
    """Hops in order with the person or outlet each names, for a prefetch.

    Unpublished people and outlets come too (a chain keeps every link);
    pages read hops only through `public_chain()`, which hides their names.
    """
    return _hops().all()


@built_once
def _hops() -> QuerySet:
    return (
        Hop.objects.select_related("person", "outlet").only(*HOP_FIELDS).order_by("position", "id")
    )


class Named(NamedTuple):
    """The person or outlet a hop names, as `public_hop()` reads it."""

    slug: str
    name: str
    status: str
    page_url: str

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class StoredHop(NamedTuple):
    """A hop of a quote's chain as `with_chains()` reads it: what
    `public_hop()` and `origin_key()` read of a `Hop`."""

    position: int
    pk: int
    how: str
    context: str
    on_record: bool
    description: str
    person_id: int | None
    outlet_id: int | None
    person: Named | None
    outlet: Named | None


@compiled
def _chain_lines(quotes: list[int]) -> QuerySet:
    """Every hop of the chains of `quotes` (their ids) with the person or
    outlet it names, as values (`StoredHop`), in no order."""
    return (
        Hop.objects.filter(quote_id__in=quotes)
        .order_by()
        .values_list(
            "quote_id",
            "position",
            "id",
            "how",
            "context",
            "on_record",
            "description",
            "person_id",
            "person__slug",
            "person__name",
            "person__status",
            "outlet_id",
            "outlet__slug",
            "outlet__name",
            "outlet__status",
        )
    )


def with_chains(quotes: list[Quote]) -> list[Quote]:
    """`quotes`, each with its `chain`: its hops in order (as `chain_hops()`
    orders them), all read in one query as values, not instances, and put
    in order here (a quote has a few hops; an ORDER BY cost Django more to
    compile). The page still records the people and outlets it shows
    (`page_dependencies`), as building instances does."""
    chains = defaultdict(list)
    people, outlets = set(), set()
    if quotes:
        person_url, outlet_url = detail_urls("dossier:person"), detail_urls("dossier:outlet")
        for (
            quote_id,
            *hop,
            person_id,
            p_slug,
            p_name,
            p_status,
            outlet_id,
            o_slug,
            o_name,
            o_status,
        ) in _chain_lines([quote.pk for quote in quotes]):
            person = outlet = None
            if person_id:
                person = Named(p_slug, p_name, p_status, person_url(p_slug))
                people.add(person_id)
            if outlet_id:
                outlet = Named(o_slug, o_name, o_status, outlet_url(o_slug))
                outlets.add(outlet_id)
            chains[quote_id].append(StoredHop(*hop, person_id, outlet_id, person, outlet))
        page_dependencies.rows_shown(Person, people)
        page_dependencies.rows_shown(Outlet, outlets)
    for quote in quotes:
        quote.chain = sorted(chains[quote.pk])  # by position, then id
    return quotes


# What `public_hop()` reads of a hop and of the person or outlet it names.
HOP_FIELDS = (
    "quote",
    "report",
    "position",
    "how",
    "context",
    "on_record",
    "description",
    "person__slug",
    "person__name",
    "person__status",
    "outlet__slug",
    "outlet__name",
    "outlet__status",
)


@dataclass(frozen=True)
class ChainHop:
    """One hop as a reader may see it.  It quacks like a `Hop` for
    `describe_chain()` (who, how, context, on_record, person_id,
    description), with the name of anyone unpublished withheld."""

    kind: str  # "person", "outlet" or "unnamed"
    who: str
    slug: str  # the person's or outlet's; "" when unnamed or withheld
    url: str  # their page; "" when unnamed or withheld
    how: str
    how_label: str
    context: str
    on_record: bool
    person_id: int | None
    description: str

    @property
    def withheld(self) -> bool:
        """A person or outlet the dossier has not published: shown, unnamed."""
        return self.kind != "unnamed" and not self.slug


UNPUBLISHED = {
    "person": "a person not yet published in this dossier",
    "outlet": "an outlet not yet published",
}


def public_hop(hop: Hop | StoredHop) -> ChainHop:
    how = Hop.How(hop.how) if hop.how in Hop.How.values else None
    common = {
        "how": hop.how,
        "how_label": how.label if how else hop.how,
        "context": hop.context,
        "on_record": hop.on_record,
        "person_id": hop.person_id,
    }
    if not (hop.person_id or hop.outlet_id):
        return ChainHop("unnamed", hop.description, "", "", description=hop.description, **common)
    kind = "person" if hop.person_id else "outlet"
    named = hop.person if hop.person_id else hop.outlet
    if not named.is_published:
        return ChainHop(kind, UNPUBLISHED[kind], "", "", description="", **common)
    return ChainHop(kind, named.name, named.slug, named.page_url, description="", **common)


def public_chain(hops) -> list[ChainHop]:
    """A chain (prefetched `Hop`s, in order) as readers may see it."""
    return [public_hop(hop) for hop in hops]
