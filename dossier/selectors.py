"""Read queries for the public site.

Every query a public page, the feed, the sitemap or the JSON export runs
lives here.  Each starts from a `published()` queryset, and each relation it
follows is prefetched through a `published()` queryset too, so a draft cannot
slip in sideways (a draft person among an event's participants, a draft
article among the sources that report it, a draft quote in a tag's count).
Each function also declares what its page shows, so templates never query in
a loop; tests pin the number of queries per page.

Attribution chains are the one exception to "published relations only": a
hop may name a person or an outlet the editors have not released, and the
chain must still read in order.  Such a hop keeps its place but loses its
name (`public_chain()` is the one place that decides), so a draft's name
never reaches a page.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Window,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, RowNumber
from django.db.models.lookups import IsNull
from django.http import Http404
from django.shortcuts import get_object_or_404
from taggit.models import Tag, TaggedItem

from dossier import search as full_text
from dossier.corrections import Correction, corrections_for
from dossier.models import (
    Citation,
    Claim,
    ClaimLink,
    ClaimReport,
    Event,
    Hop,
    Outlet,
    Participation,
    Person,
    Quote,
    Source,
    Statement,
    Status,
    Story,
    origin_key,
)

PUBLISHED = Status.PUBLISHED

# The kinds that carry tags, by their content type's model name.
TAGGED = {"event": Event, "person": Person, "quote": Quote, "source": Source, "claim": Claim}

# Longest search a reader can send; anything past it is ignored, not an error.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8


def paginate(queryset, page_number, per_page: int, count: int | None = None) -> Page:
    """A page of `queryset`; a missing, malformed or out-of-range page number
    gives the first or last page instead of an error.  A `count` already
    known (annotated on the parent row) spares the paginator its COUNT query."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: set, it is never queried
    return paginator.get_page(page_number)


def paginate_narrow(
    queryset: QuerySet,
    page_number,
    per_page: int,
    count=None,
    rows: QuerySet | None = None,
    cap: int | None = None,
) -> Page:
    """Like `paginate()`, for long lists ordered through joins: the database
    sorts only the keys and primary keys to find a page, then reads the full
    rows (and their relations) of that page alone, in the same query. The
    rows are read from `rows` (by default `queryset`): the same rows without
    the conditions that picked them, which PostgreSQL would otherwise work
    out again over every match before keeping the page's twenty. With `cap`,
    only the first `cap` rows are paged."""
    keys = queryset.values_list("pk", flat=True)
    if cap is not None:
        keys = keys[:cap]
    page = paginate(keys, page_number, per_page, count)
    page.object_list = (queryset if rows is None else rows).filter(pk__in=page.object_list)
    return page


def first_rows(matching: QuerySet, size: int, rows: QuerySet | None = None) -> QuerySet:
    """The first `size` rows of `matching`, found as `paginate_narrow()`
    finds a page: keys sorted, then only those rows read whole, from `rows`
    (by default `matching`)."""
    return (matching if rows is None else rows).filter(pk__in=matching.values("pk")[:size])


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    """A correlated COUNT of `queryset` rows whose `outer` is the outer row:
    one column instead of one query per row, and no row multiplication as
    two `Count()` joins would give."""
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- Building blocks: published rows with what every listing of them shows.


def public_participations() -> QuerySet:
    return (
        Participation.objects.filter(person__status=PUBLISHED)
        .select_related("person")
        .order_by("position", "id")
    )


def public_sources() -> QuerySet:
    return Source.objects.published().select_related("outlet")


def public_quotes() -> QuerySet:
    """Published quotes with everything their attribution line names; not
    the article's body (kilobytes a row, which a sort of thousands of
    quotes would carry along)."""
    return (
        Quote.objects.published()
        .select_related("speaker", "source__outlet", "statement", "relayed_from")
        .defer("source__body")
    )


def public_statements() -> QuerySet:
    return Statement.objects.published()


def chain_hops() -> QuerySet:
    """Hops in order with the person or outlet each names, for a prefetch.

    Unpublished people and outlets come too (a chain keeps every link);
    pages read hops only through `public_chain()`, which hides their names.
    """
    return Hop.objects.select_related("person", "outlet").order_by("position", "id")


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


def public_hop(hop: Hop) -> ChainHop:
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
    return ChainHop(
        kind, named.name, named.slug, named.get_absolute_url(), description="", **common
    )


def public_chain(hops) -> list[ChainHop]:
    """A chain (prefetched `Hop`s, in order) as readers may see it."""
    return [public_hop(hop) for hop in hops]


def public_reports() -> QuerySet:
    """Reports by published articles (with their outlets, for the grades),
    each with its chain: a draft article never shows as backing a claim."""
    return (
        # Each report checked for a published article (a correlated test),
        # so the database starts from the claims asked for: a join, or an IN
        # list, let it loop over every published article instead.
        ClaimReport.objects.filter(
            Exists(Source.objects.published().filter(pk=OuterRef("source_id")))
        )
        .select_related("source__outlet")
        .prefetch_related(Prefetch("hops", chain_hops()))
        .order_by("position", "id")
    )


def public_claims() -> QuerySet:
    return Claim.objects.published()


def public_links() -> QuerySet:
    """Links between two public claims."""
    claims = public_claims()
    return ClaimLink.objects.published().filter(from_claim__in=claims, to_claim__in=claims)


def _published(model) -> QuerySet:
    """The published rows of a tagged kind, by the kind's own rule."""
    return public_claims() if model is Claim else model.objects.published()


def public_events() -> QuerySet:
    """Published events with their published participants, the published
    sources reporting them (with their outlets, for the grades) and tags."""
    # A timeline page shows 40 events with a hundred people and 140 articles:
    # only what their lines print is read (an article's body alone is
    # kilobytes), which halves the time spent building rows.
    people = public_participations().only(
        "event_id", "role", "person__slug", "person__name", "person__role", "person__affiliation"
    )
    sources = public_sources().only(
        "slug",
        "title",
        "url",
        "published_on",
        "reliability",
        "reliability_rationale",
        "outlet__slug",
        "outlet__name",
        "outlet__reliability",
        "outlet__reliability_rationale",
    )
    return Event.objects.published().prefetch_related(
        Prefetch("participations", people, to_attr="public_participations"),
        Prefetch("sources", sources.order_by("published_on", "title"), to_attr="public_sources"),
        "tags",
    )


def has_any(queryset: QuerySet) -> IsNull:
    """A condition: `queryset` (correlated to the outer row by OuterRef) has
    a row. Asked row by row, stopping at the first row found: PostgreSQL
    turns an EXISTS into a join over all of `queryset` (every quote's tags,
    to list 500 tags: 160 ms), but runs a scalar subquery with a LIMIT as
    it is written. SQLite does either row by row."""
    return IsNull(Subquery(queryset.values("pk")[:1]), False)


def tags_of(model) -> QuerySet:
    """Tags used by at least one published item of `model`, for filters.

    Asked tag by tag, and each answer stops at the first published item
    found: listing every published quote first would read all 50,000."""
    used = _assignments(model).filter(
        Exists(_published(model).filter(pk=OuterRef("object_id"))), tag=OuterRef("pk")
    )
    return Tag.objects.filter(has_any(used)).exclude(slug="").order_by("name")


# How many people a filter's drop-down lists; everyone is on /people/.
FILTER_PEOPLE = 50


def _busiest(rows: QuerySet, person_field: str, selected: str) -> Q:
    """People among the `FILTER_PEOPLE` most frequent in `rows` (a
    published-status check only, to rank cheaply; who is listed is still
    decided by the caller's published rule), or the one `selected`."""
    busiest = (
        rows.order_by()
        .values(person_field)
        .annotate(n=Count("pk"))
        .order_by("-n", person_field)
        .values(person_field)[:FILTER_PEOPLE]
    )
    condition = Q(pk__in=busiest)
    if selected:
        condition |= Q(slug=selected)
    return condition


def _tagged(queryset: QuerySet, tag: str | int) -> QuerySet:
    """The rows of `queryset` carrying the tag (its slug, or its id when
    known).  Driven from the tag's own assignments (an IN list the database
    looks rows up from), not a check on every row of the kind: a tag holds a
    few hundred of 50,000 quotes. Given the id, PostgreSQL estimates how
    many rows the tag holds from its statistics; given a slug it guesses a
    few dozen, and for a busy tag joined every public quote first (190 ms).
    The kind is named by its content type's id (kept in memory by Django),
    not by a join on the content types: through that join PostgreSQL saw
    200 of a busy tag's 3,800 quotes, looked each one up and sorted them
    (16 ms) instead of walking the quotes newest first (2 ms)."""
    return queryset.filter(pk__in=_carrying(queryset.model, tag))


def _carrying(model, tag: str | int) -> QuerySet:
    """The ids of the items of `model` carrying the tag (see `_tagged`)."""
    which = {"tag_id": tag} if isinstance(tag, int) else {"tag__slug": tag}
    return _assignments(model).filter(**which).values("object_id")


def _assignments(model) -> QuerySet:
    """Tag assignments to items of `model`, its kind named by its content
    type's id (see `_tagged` for why not by a join)."""
    return TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model))


# --- Overview


@dataclass
class Overview:
    story: Story | None
    figures: dict[str, int]
    latest_events: list[Event]
    key_people: list[Person]


def overview(events: int = 5, people: int = 6) -> Overview:
    story = latest_story()
    figures = {
        "sources": Source.objects.published().count(),
        "people": Person.objects.published().count(),
        "quotes": Quote.objects.published().count(),
        "events": Event.objects.published().count(),
        "claims": public_claims().count(),
        "contradictions": public_links().contested().count(),
    }
    latest = list(
        Event.objects.published()
        .order_by("-date", "title")
        .prefetch_related(
            Prefetch("participations", public_participations(), to_attr="public_participations")
        )[:events]
    )
    # Exact counts for the people quoted most only, not all 3,000.
    key_people = list(
        people_with_counts()
        .filter(_busiest(Quote.objects.filter(status=PUBLISHED), "speaker", ""))
        .order_by("-quote_count", "-event_count", "name")[:people]
    )
    return Overview(story, figures, latest, key_people)


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


def timeline_people(selected: str = "") -> QuerySet:
    """People who take part in at least one published event, for the
    filter: those in the most events, and the one `selected`."""
    return (
        Person.objects.published()
        .filter(
            Exists(Participation.objects.filter(person=OuterRef("pk"), event__status=PUBLISHED))
        )
        .filter(_busiest(Participation.objects.filter(event__status=PUBLISHED), "person", selected))
        .order_by("name")
    )


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


# --- People


def people_with_counts() -> QuerySet:
    return Person.objects.published().annotate(
        quote_count=_count(Quote.objects.published(), "speaker"),
        event_count=_count(Participation.objects.filter(event__status=PUBLISHED), "person"),
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
    person = get_object_or_404(
        people_with_counts().prefetch_related("tags"),
        slug=slug,
    )
    # The first quotes found sorting keys only, then read whole: a busy
    # speaker has a thousand quotes, and PostgreSQL joined every article and
    # statement to them before picking twenty (person page 52 -> 36 ms).
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


# --- Quotes and statements


def quotes(
    speaker: str = "", tag: str | int = "", attribution: str = "", credibility: int | None = None
) -> QuerySet:
    quotes = (
        public_quotes()
        .prefetch_related("tags")
        .order_by("-source__published_on", "source__title", "id")
    )
    if speaker:
        quotes = quotes.filter(speaker__slug=speaker)
    if tag:
        quotes = _tagged(quotes, tag)
    if attribution:
        quotes = quotes.filter(attribution=attribution)
    if credibility is not None:
        quotes = quotes.filter(credibility=credibility)
    return quotes


def speakers(selected: str = "") -> QuerySet:
    """People with at least one published quote, for the filter: those
    quoted most, and the one `selected`."""
    return (
        Person.objects.published()
        .filter(Exists(Quote.objects.published().filter(speaker=OuterRef("pk"))))
        .filter(
            _busiest(
                Quote.objects.filter(status=PUBLISHED, speaker__isnull=False), "speaker", selected
            )
        )
        .order_by("name")
    )


def origin_counts(quotes: list[Quote]) -> tuple[int, int]:
    """(reports, independent origins) of published renderings with their
    hops prefetched, counted as `Statement.origin_counts()` counts them."""
    return len(quotes), len({origin_key(q.hops.all(), q.source.outlet_id) for q in quotes})


@dataclass
class QuotePage:
    quote: Quote
    renderings: list[Quote]  # every published rendering of its statement, itself included
    origins: tuple[int, int] | None  # of its statement, when that is published
    corrections: list[Correction]


def _rendering_order(quotes: QuerySet) -> QuerySet:
    return quotes.order_by("source__published_on", "source__title", "id")


def quote_page(slug: str) -> QuotePage:
    """The quote and the other published renderings of its statement, in
    one query: the quote is one of them, and each shows its chain. The
    statement is compared as one value (a scalar subquery), which both
    halves of the OR can look up by index; as an IN list, PostgreSQL read
    all 50,000 quotes to test each one (37 ms a page, now 12)."""
    its_statement = Quote.objects.filter(slug=slug, statement__status=PUBLISHED).values(
        "statement_id"
    )
    renderings = list(
        _rendering_order(
            public_quotes()
            .filter(Q(slug=slug) | Q(statement_id=Subquery(its_statement)))
            .prefetch_related("tags", Prefetch("hops", chain_hops()))
        )
    )
    quote = next((rendering for rendering in renderings if rendering.slug == slug), None)
    if quote is None:
        raise Http404("No such quote")
    grouped = quote.statement_id is not None and quote.statement.is_published
    return QuotePage(
        quote,
        renderings if grouped else [quote],
        origin_counts(renderings) if grouped else None,
        corrections_for(quote),
    )


@dataclass
class StatementPage:
    statement: Statement
    renderings: list[Quote]
    origins: tuple[int, int]


def statement_page(slug: str) -> StatementPage:
    renderings = _rendering_order(public_quotes().prefetch_related(Prefetch("hops", chain_hops())))
    statement = get_object_or_404(
        public_statements().prefetch_related(Prefetch("quotes", renderings)), slug=slug
    )
    return StatementPage(statement, list(statement.quotes.all()), statement.origin_counts())


# --- Sources


# How many of an outlet's latest articles the sources list shows; the rest
# are on the outlet's own page, paginated.
ARTICLES_PER_OUTLET = 5
OUTLET_ARTICLES_PER_PAGE = 20


# What a line of an article listing shows of it (`_source.html`).
LISTED_SOURCE_FIELDS = (
    "slug",
    "title",
    "outlet",
    "published_on",
    "byline",
    "reliability",
    "reliability_rationale",
)


def _articles() -> QuerySet:
    """Published articles, newest first, with how many published quotes each
    prints: only what a listing line shows (`_source.html`), not the body
    (PostgreSQL keeps it compressed apart and would unpack kilobytes a row),
    notes or history stamps. A listing groups them under their outlet,
    which is already at hand."""
    return (
        Source.objects.published()
        .only(*LISTED_SOURCE_FIELDS)
        .annotate(quote_count=_count(Quote.objects.published(), "source"))
        .order_by("-published_on", "title")
    )


def outlet_ranking(tag: str | int = "") -> QuerySet:
    """(id, published articles) of the published outlets the sources list
    shows, in its order: those with most articles (carrying `tag`, when
    given) first, then by name; without a tag, also those only cited by
    others, last. One grouped count: a count per outlet, correlated, read a
    busy tag's thousand articles again for each of 160 outlets (27 ms on
    PostgreSQL; 2 ms grouped)."""
    # Only published outlets are ranked, so their articles need only be
    # published themselves: no join back to the outlet.
    ranking = Outlet.objects.published()
    if tag:
        # Outlets with a published article carrying the tag, each counted
        # over those alone: the filter and the count share one join.
        ranking = ranking.filter(
            sources__status=PUBLISHED, sources__pk__in=_carrying(Source, tag)
        ).annotate(article_count=Count("sources"))
    else:
        ranking = ranking.annotate(
            article_count=Count("sources", filter=Q(sources__status=PUBLISHED))
        )
    return ranking.order_by("-article_count", "name", "pk").values_list("pk", "article_count")


def outlets_page(tag: str | int = "", page_number=None, per_page: int = 20) -> Page:
    """A page of the sources list: outlets as `outlet_ranking()` orders
    them, each with its `article_count` and latest articles."""
    page = paginate(list(outlet_ranking(tag)), page_number, per_page)  # a few hundred pairs
    counts = dict(page.object_list)
    found = Outlet.objects.published().in_bulk(counts)
    outlets = [found[pk] for pk in counts if pk in found]  # one withdrawn since is left out
    for outlet in outlets:
        outlet.article_count = counts[outlet.pk]
    page.object_list = with_latest_articles(outlets, tag)
    return page


def with_latest_articles(
    outlets: list[Outlet], tag: str | int = "", per_outlet: int = ARTICLES_PER_OUTLET
) -> list[Outlet]:
    """`outlets` each with its `per_outlet` latest published articles
    (tagged `tag`, if given) as `latest_sources`, in one query.  The articles
    are ranked among these outlets' only, and only the ones shown are
    counted quotes for: an outlet can hold hundreds."""
    ranked = Source.objects.published().filter(outlet__in=[outlet.pk for outlet in outlets])
    if tag:
        ranked = _tagged(ranked, tag)
    ranked = (
        ranked.alias(
            rank=Window(
                RowNumber(),
                partition_by=F("outlet_id"),
                order_by=[F("published_on").desc(), F("title").asc()],
            )
        )
        .filter(rank__lte=per_outlet)
        .values("pk")
    )
    prefetch_related_objects(
        outlets, Prefetch("sources", _articles().filter(pk__in=ranked), to_attr="latest_sources")
    )
    return outlets


@dataclass
class SourcePage:
    source: Source
    citations: list[Citation]
    cited_by: list[Citation]
    quotes: list[Quote]
    events: list[Event]
    corrections: list[Correction]


def source_page(slug: str) -> SourcePage:
    source = get_object_or_404(public_sources().prefetch_related("tags"), slug=slug)
    citations = list(
        Citation.objects.filter(source=source)
        .filter(Q(cited_source__in=Source.objects.published()) | Q(cited_outlet__status=PUBLISHED))
        .select_related("cited_source__outlet", "cited_outlet")
        .order_by("position", "id")
    )
    cited_by = list(
        Citation.objects.filter(cited_source=source, source__in=Source.objects.published())
        .select_related("source__outlet")
        .order_by("source__published_on", "source__title")
    )
    quotes = list(public_quotes().filter(source=source).order_by("id"))
    events = list(Event.objects.published().filter(sources=source).order_by("date", "title"))
    return SourcePage(source, citations, cited_by, quotes, events, corrections_for(source))


@dataclass
class OutletPage:
    outlet: Outlet
    articles: Page
    corrections: list[Correction]


def outlet_page(slug: str, page_number=None) -> OutletPage:
    """An outlet and one page of its published articles, newest first; the
    count rides on the outlet's row, so paging costs no COUNT query."""
    outlet = get_object_or_404(
        Outlet.objects.published().annotate(
            article_count=_count(Source.objects.published(), "outlet")
        ),
        slug=slug,
    )
    articles = paginate(
        _articles().filter(outlet=outlet),
        page_number,
        OUTLET_ARTICLES_PER_PAGE,
        count=outlet.article_count,
    )
    return OutletPage(outlet, articles, corrections_for(outlet))


# --- Claims and contradictions


def _with_reports(claims: QuerySet) -> QuerySet:
    """Claims with their event and their published reports, each report's
    source, outlet and chain: what a claim's origin count reads."""
    return claims.select_related("event").prefetch_related(Prefetch("reports", public_reports()))


def claims(verification: str = "", tag: str | int = "") -> QuerySet:
    claims = _with_reports(public_claims()).prefetch_related("tags")
    if verification:
        claims = claims.filter(verification=verification)
    if tag:
        claims = _tagged(claims, tag)
    return claims.order_by(F("event__date").asc(nulls_last=True), "title", "pk")


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
    claim = get_object_or_404(_with_reports(public_claims()).prefetch_related("tags"), slug=slug)
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
    """A page of the unresolved contradictions between two public claims,
    each claim with its published reports (sources, outlets, chains) and the
    link with the published sources behind it, ten to a page (each sets two
    claims, their reports and chains side by side). The links are few, so
    their ids are paged in memory (no COUNT query); only the page's links
    are read whole, with their claims and events, and only its claims load
    their reports: reading all hundred links with theirs took PostgreSQL a
    third of the page."""
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


# --- Tags


def _published_assignment() -> Q:
    """Tag assignments whose item is published, checked assignment by
    assignment (a few index lookups each), not by listing every published
    item of a kind first: that list is 30,000 quotes long at scale."""
    published = Q()
    for name, model in TAGGED.items():
        published |= Q(content_type__model=name) & Exists(
            _published(model).filter(pk=OuterRef("object_id"))
        )
    return published & Q(content_type__app_label="dossier")


def tags_in_use() -> QuerySet:
    """Tags carried by at least one published item, by name. Each tag is
    looked at only until its first published item, so listing (and
    counting, for the pages) costs no counting of items.

    A tag whose name has no letter or digit gets an empty slug from taggit,
    so it can have no page; it still shows, unlinked, on what it tags."""
    carried = TaggedItem.objects.filter(_published_assignment(), tag=OuterRef("pk"))
    return Tag.objects.filter(Exists(carried)).exclude(slug="").order_by("name")


def _kind_counts(rows) -> dict[int, dict[str, int]]:
    """{tag pk: {kind: count, ..., "item": total}} from (tag, kind, n) rows."""
    counts: dict[int, dict[str, int]] = {}
    for tag_id, kind, n in rows:
        tag_counts = counts.setdefault(tag_id, dict.fromkeys([*TAGGED, "item"], 0))
        tag_counts[kind] = n
        tag_counts["item"] += n
    return counts


def _with_counts(tag: Tag, counts: dict[str, int]) -> Tag:
    for kind, n in counts.items():
        setattr(tag, f"{kind}_count", n)
    return tag


def with_kind_counts(tags: list[Tag]) -> list[Tag]:
    """`tags` (one page of the index) with how many published items of
    each kind carry them (`event_count`, …, `item_count`), in one query
    over these tags' assignments only."""
    rows = (
        TaggedItem.objects.filter(_published_assignment(), tag__in=[tag.pk for tag in tags])
        .order_by()
        .values_list("tag_id", "content_type__model")
        .annotate(n=Count("pk"))
    )
    counts = _kind_counts(rows)
    none = dict.fromkeys([*TAGGED, "item"], 0)
    return [_with_counts(tag, counts.get(tag.pk, none)) for tag in tags]


@dataclass
class TagPage:
    tag: Tag
    events: list[Event]
    people: list[Person]
    quotes: list[Quote]
    sources: list[Source]
    claims: list[Claim]
    counts: dict[str, int]


def tag_page(slug: str, per_kind: int = 10) -> TagPage:
    """A tag and the first `per_kind` published items of each kind carrying
    it; the rest are a link away, on each kind's list filtered by the tag."""
    # The tag and its counts in one query over the tag's own assignments,
    # each checked against its kind's public rule.
    rows = list(
        TaggedItem.objects.filter(_published_assignment(), tag__slug=slug)
        .exclude(tag__slug="")
        .order_by()
        .values_list("tag_id", "tag__name", "content_type__model")
        .annotate(n=Count("pk"))
    )
    if not rows:
        raise Http404("No such tag")
    tag = Tag(pk=rows[0][0], name=rows[0][1], slug=slug)
    found = _kind_counts((tag_id, kind, n) for tag_id, _, kind, n in rows)[tag.pk]
    _with_counts(tag, found)
    counts = {name: found[name] for name in TAGGED}

    listed = item_rows()

    def first(kind: str, plural: str) -> list:
        """The first items of the kind carrying the tag: found sorting keys
        only, then read whole (a busy tag carries thousands of quotes)."""
        if not counts[kind]:
            return []
        rows = listed[plural]
        return list(first_rows(_tagged(rows, tag.pk), per_kind, rows))

    return TagPage(
        tag,
        events=first("event", "events"),
        people=first("person", "people"),
        quotes=first("quote", "quotes"),
        sources=first("source", "sources"),
        claims=first("claim", "claims"),
        counts=counts,
    )


# --- Search


def clean_query(query: str) -> str:
    """A reader's query, bounded and without control characters (PostgreSQL
    refuses a NUL in text): a query of any length or content gives a normal
    page, never an error or a slow one."""
    query = query[:MAX_QUERY_LENGTH]
    return "".join(char for char in query if char.isprintable() or char.isspace())


def search_words(query: str) -> list[str]:
    return clean_query(query).split()[:MAX_QUERY_WORDS]


# Search counts stop here: "more than 1,000 quotes" tells a reader to add a
# word as well as the exact figure would, and counting 9,000 matches of a
# common word cost more than the rest of the page.
SEARCH_COUNT_CAP = 1000


def item_rows() -> dict[str, QuerySet]:
    """Each kind's published rows, in the order and with the relations a
    short list of them shows: search results, a tag's page."""
    return {
        "people": Person.objects.published().order_by("name"),
        "quotes": public_quotes().order_by("-source__published_on", "id"),
        "events": Event.objects.published().order_by("date", "title"),
        "sources": public_sources().defer("body").order_by("-published_on", "title"),
        "claims": public_claims().select_related("event").order_by("title"),
    }


def search(words: list[str]) -> dict[str, QuerySet]:
    """Published items matching every word, by kind, through the full-text
    index (`dossier.search`).  A person's name variants count as their
    name, so "Zelenskyy" finds Zelensky, his quotes and the events he took
    part in; an article matches its outlet's name.

    Every condition is an IN list the database builds once from the index
    (the matching people's events, say), not a check run for each row."""
    found = item_rows()
    if not all(full_text.tokens(word) for word in words):  # one with no letter or digit
        return {kind: found[kind].none() for kind in found}
    names = full_text.naming_few(words)
    for word in words:
        found["people"] = found["people"].filter(full_text.matches("person", word))
        quotes, events = (
            [full_text.ids_matching("quote", word)],
            [full_text.ids_matching("event", word)],
        )
        if word in names:
            people = full_text.ids_matching("person_name", word)
            participants = Participation.objects.filter(
                person_id__in=people, person__status=PUBLISHED
            )
            quotes.append(Q(speaker_id__in=people))
            events.append(Q(pk__in=participants.values("event_id")))
        found["quotes"] = found["quotes"].filter(full_text.either(Quote, *quotes))
        found["events"] = found["events"].filter(full_text.either(Event, *events))
        sources = full_text.either(
            Source, full_text.ids_matching("source", word), Q(outlet__name__icontains=word)
        )
        found["sources"] = found["sources"].filter(sources)
        found["claims"] = found["claims"].filter(full_text.matches("claim", word))
    return found


def preview(
    queryset: QuerySet, size: int, cap: int = SEARCH_COUNT_CAP, rows: QuerySet | None = None
) -> tuple[list, int]:
    """The first `size` rows, and how many there are counted up to `cap` + 1
    (more than `cap` reads "more than `cap`"), in one query: the count is an
    uncorrelated subquery, which the database works out once. The rows are
    read from `rows` (by default `queryset`): the same rows without the
    conditions that picked them, which need not be tested again."""
    capped = queryset.order_by().values("pk")[: cap + 1]
    try:
        sql, params = capped.query.sql_with_params()
    except EmptyResultSet:  # a word with no letters or digits matches nothing
        return [], 0
    total = RawSQL(f"SELECT COUNT(*) FROM ({sql}) capped", params, output_field=IntegerField())
    # Thousands of matches are sorted by key, five read whole.
    found = list(first_rows(queryset, size, rows).annotate(total_rows=total))
    return found, found[0].total_rows if found else 0


def search_groups(
    found: dict[str, QuerySet], labels: dict[str, str], size: int, cap: int
) -> list[dict]:
    """The all-kinds results page: per kind (in the order of `labels`) its
    first `size` matches and how many there are, counted up to `cap`
    (`more` when there are more than that)."""
    rows = item_rows()
    groups = []
    for kind, label in labels.items():
        items, count = preview(found[kind], size, cap, rows[kind])
        groups.append(
            {
                "kind": kind,
                "label": label,
                "items": items,
                "count": min(count, cap),
                "more": count > cap,
            }
        )
    return groups


def paginate_capped(
    queryset: QuerySet, page_number, per_page: int, cap: int | None = None, rows=None
):
    """Pages of the first `cap` (SEARCH_COUNT_CAP) rows of `queryset`, read
    from `rows` as `paginate_narrow()` does; `page.more` says whether there
    are more than that."""
    cap = SEARCH_COUNT_CAP if cap is None else cap
    count = queryset.order_by().values("pk")[: cap + 1].count()
    page = paginate_narrow(queryset, page_number, per_page, min(count, cap), rows, cap)
    page.more = count > cap
    return page


# --- Feed, sitemap and export


def feed_events(limit: int = 50) -> QuerySet:
    return Event.objects.published().prefetch_related("tags").order_by("-date", "-updated")[:limit]


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


def sitemap_items() -> dict[str, QuerySet]:
    """Each kind of detail page; quotes carry their statement, whose pages
    `statements_of()` lists from them."""
    return {
        "events": Event.objects.published().order_by("date", "slug"),
        "people": Person.objects.published().order_by("slug"),
        "quotes": Quote.objects.published().select_related("statement").order_by("slug"),
        "sources": Source.objects.published().order_by("slug"),
        "outlets": Outlet.objects.published().order_by("slug"),
        "claims": public_claims().order_by("slug"),
        "tags": tags_in_use(),
    }


def month_key(day: date) -> date:
    return day.replace(day=1)
