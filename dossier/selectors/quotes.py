"""The quotes list, a quote's page and a statement's page."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from dossier.corrections import Correction, corrections_for
from dossier.models import Quote, Statement, origin_counts
from dossier.shapes import Joined, built_once, compiled

from .chains import with_chains
from .common import _tagged, public_quotes, public_statements, with_tags


def quotes(
    speaker: str = "", tag: str | int = "", attribution: str = "", credibility: int | None = None
) -> QuerySet:
    quotes = public_quotes().order_by("-source__published_on", "source__title", "id")
    if speaker:
        quotes = quotes.filter(speaker__slug=speaker)
    if tag:
        quotes = _tagged(quotes, tag)
    if attribution:
        quotes = quotes.filter(attribution=attribution)
    if credibility is not None:
        quotes = quotes.filter(credibility=credibility)
    return quotes


# What a row of the quotes list prints (`_quote.html`, `_attribution.html`):
# its text and attribution line, the speaker's and outlet's names, the
# article's title and grade, the statement's link. The columns a row does not
# print are not read: each column read is converted and held for every row,
# and each selected column is hashed again when Django compiles the ordering.
QUOTE_ROW_FIELDS = (
    "slug",
    "text",
    "speaker_description",
    "attribution",
    "credibility",
    "credibility_rationale",
    "context",
    "speaker__slug",
    "speaker__name",
    "source__slug",
    "source__title",
    "source__url",
    "source__reliability",
    "source__reliability_rationale",
    "source__outlet__name",
    "source__outlet__reliability",
    "source__outlet__reliability_rationale",
    "statement__slug",
    "statement__title",
    "statement__status",
    "relayed_from__name",
    "relayed_from__status",
)


# A row of the quotes list as it is built (`Joined`: no joins compiled).
QUOTE_ROW = Joined(Quote, QUOTE_ROW_FIELDS)


@built_once
def quote_rows() -> QuerySet:
    """The quotes list's rows (`quotes()`) as values of what a row prints
    (`QUOTE_ROW`, which builds them once a page's rows are known).
    Shared (`built_once`): narrow it."""
    return quotes().values_list(*QUOTE_ROW.columns)


def quote_cards(rows) -> list[Quote]:
    """The quotes of a page of the list (`quote_rows()`), built, with their
    tags, as `timeline_cards()` makes a timeline page's events."""
    return with_tags(QUOTE_ROW.build(rows))


def _origins(renderings: list[Quote]) -> tuple[int, int]:
    """`origin_counts()` of published renderings with their chains (`with_chains`)."""
    return origin_counts((q.chain, q.source.outlet_id) for q in renderings)


@dataclass
class QuotePage:
    quote: Quote
    renderings: list[Quote]  # every published rendering of its statement, itself included
    origins: tuple[int, int] | None  # of its statement, when that is published
    corrections: list[Correction]


def by_rendering_order(quote: Quote) -> tuple:
    """Renderings as readers compare them: by their articles' dates, the
    undated last, then titles. A sort key, for the few renderings a page
    shows: one rule on every database (SQLite and PostgreSQL place NULLs
    and order titles differently), and no ORDER BY for their query."""
    published_on = quote.source.published_on
    return (published_on is None, published_on, quote.source.title, quote.pk)


# What a quote's page prints of each rendering (`quote_detail.html`, its
# JSON-LD, link preview and share card): every rendering's attribution line,
# and the speaker's role and kind, the article's date and the editors' notes
# for the quote itself.
QUOTE_PAGE_FIELDS = (
    *QUOTE_ROW_FIELDS,
    "notes_html",
    "said_on",
    "speaker__role",
    "speaker__kind",
    "source__published_on",
)


# A rendering as a quote's page builds it (`Joined`: no joins compiled).
RENDERING = Joined(Quote, QUOTE_PAGE_FIELDS)


def _renderings(which: Q) -> QuerySet:
    """The published quotes `which` picks, as `RENDERING`'s rows, unordered."""
    return Quote.objects.published().filter(which).order_by().values_list(*RENDERING.columns)


@compiled
def _renderings_of(slug: str) -> QuerySet:
    """The published quote `slug` and the other published renderings of its
    statement (`RENDERING`'s columns), in one query, unordered
    (`by_rendering_order`). The statement is compared as one value (a
    scalar subquery), which both halves of the OR can look up by index; as
    an IN list, PostgreSQL read every quote to test each one. Unordered: a
    quote's default order joins its article, for one row."""
    its_statement = Quote.objects.filter(slug=slug).order_by().values("statement_id")
    return _renderings(Q(slug=slug) | Q(statement_id=Subquery(its_statement)))


def quote_page(slug: str) -> QuotePage:
    """The quote and the other published renderings of its statement, read
    together: the quote is one of them, and each shows its chain. Whether
    the statement is published is asked below, of the quote read: an
    unpublished one's other renderings are read but not shown."""
    renderings = sorted(RENDERING.build(_renderings_of(slug)), key=by_rendering_order)
    quote = next((rendering for rendering in renderings if rendering.slug == slug), None)
    if quote is None:
        raise Http404("No such quote")
    with_tags([quote])
    grouped = quote.statement_id is not None and quote.statement.is_published
    if not grouped:
        renderings = [quote]
    with_chains(renderings)
    return QuotePage(
        quote,
        renderings,
        _origins(renderings) if grouped else None,
        corrections_for(quote),
    )


@dataclass
class StatementPage:
    statement: Statement
    renderings: list[Quote]
    origins: tuple[int, int]


@compiled
def _renderings_of_statement(statement: int) -> QuerySet:
    """The published renderings of `statement` (`RENDERING`'s columns),
    unordered (`by_rendering_order`)."""
    return _renderings(Q(statement_id=statement))


def statement_page(slug: str) -> StatementPage:
    statement = get_object_or_404(public_statements(), slug=slug)
    renderings = RENDERING.build(_renderings_of_statement(statement.pk))
    renderings = with_chains(sorted(renderings, key=by_rendering_order))
    return StatementPage(statement, renderings, _origins(renderings))
