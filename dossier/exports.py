"""The published dossier in formats other tools open: the timeline as
TimelineJS reads it, and the quotes and claims as spreadsheets (CSV).

Published items only, read through the same selectors as the pages they
mirror. Each response is built whole (a few thousand rows are a few hundred
kilobytes), so the page cache keeps it like any page, as it keeps
/dossier.json and the feed.
"""

import csv
import io
from collections.abc import Callable, Iterable

from django.http import HttpResponse, JsonResponse
from django.utils.html import escape, format_html, format_html_join
from django.views.decorators.http import require_safe

from dossier import selectors
from dossier.models import Claim, Credibility, Event, Quote
from dossier.wording import tag_label

# Rows read from the database at a time: memory stays flat at any size,
# and the query count grows by one per chunk and prefetch, not per row.
# Past about 600 events, SQLite finds a chunk's articles by walking every
# published article and looking each up among the chunk's events instead of
# looking up the events' few articles (figures: bench/README.md, Open formats).
CHUNK = 400


# --- TimelineJS (https://timeline.knightlab.com/docs/json-format.html)


def _start_date(event: Event) -> dict:
    """A TimelineJS date that claims no more than the editors know: a day
    only when the day is exact; the words readers see as its label."""
    date = {"year": event.date.year, "month": event.date.month}
    if event.date_precision == Event.Precision.DAY:
        date["day"] = event.date.day
    date["display_date"] = event.date_display
    return date


def _event_text(event: Event, url: str) -> str:
    """The slide's body: TimelineJS shows it as HTML, so everything an
    editor typed is escaped and only our own few tags remain."""
    parts = []
    if event.location:
        parts.append(format_html("<p>{}</p>", event.location))
    if event.summary:
        parts.append(format_html("<p>{}</p>", event.summary))
    if event.public_participations:
        people = format_html_join(
            ", ",
            "{}{}",
            (
                (p.person.name, format_html(" ({})", p.role) if p.role else "")
                for p in event.public_participations
            ),
        )
        parts.append(format_html("<p>With {}.</p>", people))
    if event.public_sources:
        reported = format_html_join(
            ", ", "{} ({})", ((s.outlet.name, s.title) for s in event.public_sources)
        )
        parts.append(format_html("<p>Reported by {}.</p>", reported))
    parts.append(format_html('<p><a href="{}">The event in the dossier</a></p>', url))
    return "".join(parts)


def _group(event: Event) -> str | None:
    # The first tag by name (`with_tags` gives them so), so an event stays
    # in its row from one download to the next. Readers see the group's
    # name as a row label.
    tags = event.public_tags
    return tag_label(tags[0].name) if tags else None


def timeline_data(absolute: Callable[[str], str]) -> dict:
    """The published events as a TimelineJS timeline, with the story as its
    title slide when one is published."""
    events = []
    rows = selectors.public_events().order_by("date", "title").iterator(chunk_size=CHUNK)
    for event in selectors.with_tags_in_chunks(rows, CHUNK):
        url = absolute(event.get_absolute_url())
        slide = {
            "unique_id": event.slug,
            "start_date": _start_date(event),
            "text": {"headline": escape(event.title), "text": _event_text(event, url)},
            "group": _group(event),
        }
        events.append({key: value for key, value in slide.items() if value is not None})
    data = {"events": events}
    story = selectors.latest_story()
    if story is not None:
        text = format_html("<p>{}</p>", story.summary) if story.summary else ""
        data["title"] = {"text": {"headline": escape(story.title), "text": text}}
    return data


@require_safe
def timeline_json(request):
    return JsonResponse(
        timeline_data(request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


# --- Spreadsheets

# A cell a spreadsheet would read as a formula ("=HYPERLINK(…)" in a
# quote's words) gets an apostrophe in front, which shows it as text.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    """A CSV download, UTF-8 with a byte-order mark so that Excel reads its
    accents and Cyrillic right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _tag_names(item) -> str:
    return ", ".join(sorted((tag_label(tag.name) for tag in item.public_tags), key=str.lower))


QUOTE_COLUMNS = [
    "Quote",
    "Speaker",
    "Speaker's role",
    "Attribution",
    "Context",
    "Said on",
    "Credibility grade",
    "Credibility meaning",
    "Credibility reason",
    "Article",
    "Outlet",
    "Article date",
    "Statement",
    "Tags",
    "Page",
]


def _attribution(quote: Quote) -> str:
    if quote.attribution == Quote.Attribution.SECOND_HAND and quote.relayed_from.is_published:
        return f"Second-hand, relayed from {quote.relayed_from.name}"
    return quote.get_attribution_display()


def _speaker_role(quote: Quote) -> str:
    if not quote.speaker_id:
        return ""
    return ", ".join(part for part in (quote.speaker.role, quote.speaker.affiliation) if part)


# What a row of the quotes spreadsheet prints: tens of thousands of quotes
# built whole made every column's instances and dates for nothing.
QUOTE_CSV_FIELDS = (
    "slug",
    "text",
    "speaker_description",
    "attribution",
    "context",
    "said_on",
    "credibility",
    "credibility_rationale",
    "speaker__name",
    "speaker__role",
    "speaker__affiliation",
    "relayed_from__name",
    "relayed_from__status",
    "source__title",
    "source__published_on",
    "source__outlet__name",
    "statement__title",
    "statement__status",
)


def quote_rows(absolute: Callable[[str], str]) -> Iterable[list]:
    quotes = selectors.quotes().only(*QUOTE_CSV_FIELDS).iterator(chunk_size=CHUNK)
    for quote in selectors.with_tags_in_chunks(quotes, CHUNK):
        source = quote.source
        statement = quote.statement if quote.statement_id else None
        yield [
            quote.text,
            quote.speaker_label,
            _speaker_role(quote),
            _attribution(quote),
            quote.context,
            quote.said_on.isoformat() if quote.said_on else "",
            quote.credibility,
            Credibility(quote.credibility).meaning,
            quote.credibility_rationale,
            source.title,
            source.outlet.name,
            source.published_on.isoformat() if source.published_on else "",
            statement.title if statement and statement.is_published else "",
            _tag_names(quote),
            absolute(quote.get_absolute_url()),
        ]


@require_safe
def quotes_csv(request):
    return csv_response("quotes.csv", QUOTE_COLUMNS, quote_rows(request.build_absolute_uri))


CLAIM_COLUMNS = [
    "Claim",
    "What is asserted",
    "Verification",
    "Credibility grade",
    "Credibility meaning",
    "Credibility reason",
    "Reports",
    "Independent origins",
    "Event",
    "Event date",
    "Tags",
    "Page",
]


def claim_rows(absolute: Callable[[str], str]) -> Iterable[list]:
    claims = selectors.claims().iterator(chunk_size=CHUNK)
    for claim in selectors.with_tags_in_chunks(claims, CHUNK):
        reports, origins = claim.origin_counts()
        event = claim.event if claim.event_id and claim.event.is_published else None
        yield [
            claim.title,
            claim.summary,
            Claim.Verification(claim.verification).label,
            claim.credibility,
            Credibility(claim.credibility).meaning,
            claim.credibility_rationale,
            reports,
            origins,
            event.title if event else "",
            event.date_display if event else "",
            _tag_names(claim),
            absolute(claim.get_absolute_url()),
        ]


@require_safe
def claims_csv(request):
    return csv_response("claims.csv", CLAIM_COLUMNS, claim_rows(request.build_absolute_uri))
