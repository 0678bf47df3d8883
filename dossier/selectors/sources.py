"""The sources list (outlets ranked, with their latest articles), an article's
page and an outlet's page."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from dossier.corrections import Correction, corrections_for
from dossier.models import Citation, Event, Outlet, Quote, Source

from .common import (
    PUBLISHED,
    _carrying,
    _tagged,
    count_per_row,
    paginate,
    public_quotes,
    public_sources,
    with_tags,
)

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
        .annotate(quote_count=count_per_row(Quote.objects.published(), "source"))
        .order_by("-published_on", "title")
    )


def outlet_ranking(tag: str | int = "") -> QuerySet:
    """(id, published articles) of the published outlets the sources list
    shows, in its order: those with most articles (carrying `tag`, when
    given) first, then by name; without a tag, also those only cited by
    others, last. One grouped count: a count per outlet, correlated, read a
    busy tag's thousand articles again for each outlet."""
    # Only published outlets are ranked, so their articles need only be
    # published themselves: no join back to the outlet. Grouped by what it
    # sorts by: from a whole Outlet, SQLite groups by every column, notes too.
    ranking = Outlet.objects.published().values("pk", "name")
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


def outlets_page(tag: str | int, page_number, per_page: int) -> Page:
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


def with_latest_articles(outlets: list[Outlet], tag: str | int = "") -> list[Outlet]:
    """`outlets` each with its `ARTICLES_PER_OUTLET` latest published articles
    (tagged `tag`, if given) as `latest_sources`, in one query. Only the
    articles shown are counted quotes for: an outlet can hold hundreds."""
    shown = [outlet.pk for outlet in outlets]
    if tag:
        # A tag leaves few articles to rank: a window over them.
        ranked = _tagged(Source.objects.published().filter(outlet__in=shown), tag).alias(
            rank=Window(
                RowNumber(),
                partition_by=F("outlet_id"),
                order_by=[F("published_on").desc(), F("title").asc()],
            )
        )
        picked = Q(pk__in=ranked.filter(rank__lte=ARTICLES_PER_OUTLET).values("pk"))
    else:
        # Ranking every article of the twenty busiest outlets read thousands:
        # each outlet's n-th latest is one look-up in its index of articles
        # newest first instead.
        latest = Source.objects.filter(outlet=OuterRef("pk"), status=PUBLISHED)
        latest = latest.order_by("-published_on", "title").values("pk")
        listed = Outlet.objects.filter(pk__in=shown)
        picked = Q()
        for n in range(ARTICLES_PER_OUTLET):
            picked |= Q(pk__in=listed.values(nth=Subquery(latest[n : n + 1])))
    # Not a prefetch, whose "of these outlets" had SQLite read all their
    # articles to find the few picked.
    by_outlet = {outlet.pk: outlet for outlet in outlets}
    for outlet in outlets:
        outlet.latest_sources = []
    for article in _articles().filter(picked):
        article.outlet = by_outlet[article.outlet_id]
        article.outlet.latest_sources.append(article)
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
    source = get_object_or_404(public_sources(), slug=slug)
    with_tags([source])
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
            article_count=count_per_row(Source.objects.published(), "outlet")
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
