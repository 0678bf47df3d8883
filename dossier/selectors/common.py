"""Building blocks shared by every page: paging, the published rows of each kind
with what every listing of them shows, tag filters."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from taggit.models import Tag, TaggedItem

from dossier.models import (
    Claim,
    ClaimLink,
    ClaimReport,
    Event,
    Hop,
    Participation,
    Person,
    Quote,
    Source,
    Statement,
    Status,
)
from dossier.models.base import Unindexed, detail_urls
from dossier.shapes import compiled

from .chains import chain_hops

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


def first_rows(
    matching: QuerySet, size: int, rows: QuerySet | None = None, start: int = 0
) -> QuerySet:
    """`size` rows of `matching` from its `start`-th, for long lists ordered
    through joins: the database sorts only the keys to find them, then reads
    only those rows whole, in the same query. The rows are read from `rows`
    (by default `matching`): the same rows without the conditions that
    picked them, which PostgreSQL would otherwise work out again over every
    match before keeping the page's twenty."""
    keys = matching.values("pk")[start : start + size]
    return (matching if rows is None else rows).filter(pk__in=keys)


def _capped_keys(queryset: QuerySet, cap: int) -> QuerySet:
    """The keys of `queryset`'s first `cap` + 1 rows, unsorted: enough to
    tell a list of `cap` rows from a longer one."""
    return queryset.order_by().values("pk")[: cap + 1]


def capped_count(queryset: QuerySet, cap: int) -> RawSQL:
    """How many rows `queryset` has, counted up to `cap` + 1, as a column
    to annotate another query's rows with: an uncorrelated subquery, which
    the database works out once. Raises EmptyResultSet for a queryset that
    can match nothing."""
    sql, params = _capped_keys(queryset, cap).query.sql_with_params()
    return RawSQL(f"SELECT COUNT(*) FROM ({sql}) capped", params, output_field=IntegerField())


def paginate_capped(
    queryset: QuerySet, page_number, per_page: int, cap: int, rows: QuerySet | None = None
) -> Page:
    """Pages of the first `cap` rows of `queryset`, read from `rows` as
    `first_rows()` reads them; `page.more` says whether there are more than
    that. A page that has rows is read in one query (`_page_with_count()`);
    a page number past the end or below one gives the last page, as
    `paginate()` does, at the cost of the count and the keys as queries of
    their own."""
    page = _page_with_count(queryset, page_number, per_page, cap, rows)
    if page is None:
        total = _capped_keys(queryset, cap).count()
        keys = queryset.values_list("pk", flat=True)[:cap]
        page = paginate(keys, page_number, per_page, min(total, cap))
        rows = queryset if rows is None else rows
        page.object_list = list(rows.filter(pk__in=page.object_list))
        page.more = total > cap
    return page


def _page_with_count(queryset, page_number, per_page: int, cap: int, rows) -> Page | None:
    """The page asked for, its rows annotated with the capped count
    (`first_rows()`, `capped_count()`): one query. None when that query
    cannot tell which page the reader gets (a number out of range). Rows
    read as values (`values_list()`) have the count as their last column."""
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        number = 1  # none given, or not a number: the first page, as the paginator gives
    start = (number - 1) * per_page
    if not 0 <= start < cap:
        return None
    try:
        count = capped_count(queryset, cap)
    except EmptyResultSet:  # a search word with no letters or digits
        return None
    found = list(
        first_rows(queryset, min(per_page, cap - start), rows, start).annotate(capped_total=count)
    )
    if not found and number > 1:
        return None
    if not found:
        total = 0
    elif isinstance(found[0], tuple):
        total, found = found[0][-1], [row[:-1] for row in found]
    else:
        total = found[0].capped_total
    paginator = Paginator((), per_page)
    paginator.count = min(total, cap)  # a cached_property, as in paginate()
    page = Page(found, number, paginator)
    page.more = total > cap
    return page


def count_per_row(queryset: QuerySet, outer: str) -> Coalesce:
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
    # The person's status is checked row by row (`Unindexed`): SQLite
    # otherwise starts from every published person to find a page's events'.
    return (
        Participation.objects.alias(person_status=Unindexed("person__status"))
        .filter(person_status=PUBLISHED)
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


def _reports_in_public_articles() -> QuerySet:
    """Reports by published articles, in order: a draft article never shows
    as backing a claim."""
    # Each report checked for a published article (a correlated test), so
    # the database starts from the claims asked for: a join, or an IN list,
    # let it loop over every published article instead.
    return ClaimReport.objects.filter(
        Exists(Source.objects.published().filter(pk=OuterRef("source_id")))
    ).order_by("position", "id")


def public_reports() -> QuerySet:
    """Published reports (`_reports_in_public_articles`) with their articles
    and outlets, for the grades, and each with its chain."""
    return (
        _reports_in_public_articles()
        .select_related("source__outlet")
        .prefetch_related(Prefetch("hops", chain_hops()))
    )


def counted_reports() -> QuerySet:
    """Published reports with only what `Claim.origin_counts()` reads: each
    article's outlet and the outlets along its chain. A list prints only the
    counts; the articles (their bodies are kilobytes each) and the names in
    the chains would be read for nothing."""
    return (
        _reports_in_public_articles()
        .select_related("source")
        .only("claim", "source__outlet")
        .prefetch_related(
            Prefetch("hops", Hop.objects.only("report", "outlet").order_by("position", "id"))
        )
    )


def public_claims() -> QuerySet:
    return Claim.objects.published()


def public_links() -> QuerySet:
    """Links between two public claims."""
    claims = public_claims()
    return ClaimLink.objects.published().filter(from_claim__in=claims, to_claim__in=claims)


def public_events() -> QuerySet:
    """Published events with their published participants, the published
    sources reporting them (with their outlets, for the grades) and tags."""
    # Only what a line prints is read (an article's body alone is kilobytes):
    # a timeline page shows 40 events with a hundred people and 140 articles.
    people = public_participations().only(
        "event_id",
        "role",
        "person__slug",
        "person__name",
        "person__kind",
        "person__role",
        "person__affiliation",
    )
    sources = (
        Source.objects.published_by_row()
        .select_related("outlet")
        .only(
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
    )
    return Event.objects.published().prefetch_related(
        Prefetch("participations", people, to_attr="public_participations"),
        Prefetch(
            "sources", sources.order_by("published_on", "title", "pk"), to_attr="public_sources"
        ),
    )


class TagLine(NamedTuple):
    """A tag as a row shows it; one whose name has no letter or digit has
    an empty slug, so no page."""

    slug: str
    name: str
    page_url: str


def with_tags(items: Iterable, kind: type[Model] | None = None) -> Iterable:
    """`items` (rows of one kind, or a page's queryset, read here), each with
    its tags as `public_tags` (by name), read as values in one query, not
    taggit's prefetch (a Tag built for each, a query for each row). The page
    records that it read the tags' tables, which any edit of a tag touches
    (a name is a sort key: `page_dependencies`). `kind` is the rows' model,
    for rows that are not its instances."""
    rows = list(items)
    if not rows:
        return items
    content_type = ContentType.objects.get_for_model(kind or type(rows[0]))
    tagged = _tag_lines(content_type.pk, [row.pk for row in rows])
    tags, tag_url = defaultdict(list), detail_urls("dossier:tag")
    # In a reader's alphabetical order ("NATO" among the n's), as every
    # list of tags prints them: sorted once here, not at each list.
    for object_id, slug, name in sorted(tagged, key=lambda row: row[2].lower()):
        tags[object_id].append(TagLine(slug, name, tag_url(slug) if slug else ""))
    for row in rows:
        row.public_tags = tags[row.pk]
    return items


@compiled
def _tag_lines(kind: int, ids: list[int]) -> QuerySet:
    """The tags of the items `ids` of the kind (a content type's id), as
    `with_tags()` reads them."""
    return TaggedItem.objects.filter(content_type=kind, object_id__in=ids).values_list(
        "object_id", "tag__slug", "tag__name"
    )


def with_tags_in_chunks(rows: Iterable, size: int) -> Iterator:
    """`with_tags()` for rows read a chunk at a time (`iterator()`)."""
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield from with_tags(chunk)


class OfferedTag(NamedTuple):
    slug: str
    name: str


def tags_in(items, selected: str = "") -> list[OfferedTag]:
    """The tags a list filter offers: those of `items` (the page shown, its
    tags read with its rows), each once, by name; and the one `selected`,
    under the slug the reader asked for, when no row shows it. Every tag in
    use is on /tags/: offering them all asked, on each render, whether each
    of five hundred tags was on a published item of the kind."""
    offered = {tag.slug: tag.name for item in items for tag in item.public_tags if tag.slug}
    if selected and selected not in offered:
        offered[selected] = selected
    return sorted(
        (OfferedTag(slug, name) for slug, name in offered.items()),
        key=lambda tag: (tag.name.lower(), tag.name),
    )


def tag_key(slug: str) -> int | str:
    """What a list is filtered by for the tag `slug`: the tag's id when there
    is one (the database plans better for a known tag, see `_tagged`), else
    the slug, which matches nothing."""
    return Tag.objects.filter(slug=slug).values_list("pk", flat=True).first() or slug


def people_in(people) -> list[Person]:
    """The people a list filter offers: `people` (those on the page shown,
    already read with its rows), each once, by name. Ranking the whole
    dossier's people for the drop-down read every quote or participation on
    each render; everyone is on /people/."""
    distinct = {person.pk: person for person in people if person is not None}
    return sorted(distinct.values(), key=lambda person: (person.name, person.pk))


def _tagged(queryset: QuerySet, tag: str | int) -> QuerySet:
    """The rows of `queryset` carrying the tag (its slug, or its id when
    known), driven from the tag's own assignments (an IN list), not a check
    on every row: a tag holds a few hundred of 50,000 quotes. Given the id,
    PostgreSQL estimates the tag's rows from its statistics; given a slug it
    guesses a few dozen and joins every public quote first. The kind is
    named by its content type's id (kept in memory by Django): through a
    join on the content types PostgreSQL misjudged a busy tag's quotes and
    sorted them rather than walking the list's order."""
    return queryset.filter(pk__in=_carrying(queryset.model, tag))


class Written(Value):
    """An integer written into a query's text instead of sent beside it.
    PostgreSQL plans a prepared statement once for any value of its
    parameters (settings.py prepares repeated queries), and a plan for an
    average tag sorts the busiest tag's quotes rather than walking them:
    written in, each tag's query is planned for that tag."""

    def as_sql(self, compiler, connection):
        return str(int(self.value)), []


def _carrying(model, tag: str | int) -> QuerySet:
    """The ids of the items of `model` carrying the tag (see `_tagged`)."""
    which = {"tag_id": Written(tag)} if isinstance(tag, int) else {"tag__slug": tag}
    kind = ContentType.objects.get_for_model(model)
    return TaggedItem.objects.filter(content_type=kind, **which).values("object_id")
