"""The search page: a reader's words, the matches of each kind, their pages."""

import re
from typing import NamedTuple

from django.db.models import F, Q, QuerySet

from dossier import search as full_text
from dossier.models import Event, Participation, Person, Quote, Source

from .common import (
    MAX_QUERY_LENGTH,
    MAX_QUERY_WORDS,
    PUBLISHED,
    paginate_capped,
    public_claims,
    public_quotes,
    public_sources,
)


def clean_query(query: str) -> str:
    """A reader's query, bounded and without control characters (PostgreSQL
    refuses a NUL in text): a query of any length or content gives a normal
    page, never an error or a slow one."""
    query = query[:MAX_QUERY_LENGTH]
    return "".join(char for char in query if char.isprintable() or char.isspace())


# A phrase in quotation marks, or a word.
_WORD = re.compile(r'"([^"]*)"|(\S+)')


def search_words(query: str) -> list[str]:
    """A reader's words; a phrase in quotation marks ("battle lines") is one
    of them, its words matched in that order (`dossier.search`)."""
    words = [" ".join(phrase.split()) or word for phrase, word in _WORD.findall(clean_query(query))]
    return [word for word in words if word][:MAX_QUERY_WORDS]


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


# A page's kind -> its kind in `dossier.search.DOCUMENTS`.
DOCUMENT_KINDS = {
    "people": "person",
    "quotes": "quote",
    "events": "event",
    "sources": "source",
    "claims": "claim",
}
# Ties of relevance, newest first; the kinds without a date keep their order.
TIES = {"events": ("-date", "title")}


class Search(NamedTuple):
    """A search's matches by kind (`found`), and the rows its pages show
    (`rows`: the same order, each article with its passage)."""

    found: dict[str, QuerySet]
    rows: dict[str, QuerySet]


def search(words: list[str]) -> Search:
    """Published items matching every word, by kind, through the full-text
    index (`dossier.search`), the most relevant first where a kind has few
    enough matches to rank (`full_text.survey()`), else in their kind's
    order.  A person's name variants count as their name, so "Zelenskyy"
    finds Zelensky, his quotes and the events he took part in; an article
    matches its outlet's name.

    Every condition is an IN list the database builds once from the index
    (the matching people's events, say), not a check run for each row;
    except for a word common in a kind (`survey().common`), whose rows are
    tested as the kind's list is walked in its order, since the first page
    is found long before every match would be (`full_text.either()`)."""
    found, rows = item_rows(), item_rows()
    if not all(full_text.tokens(word) for word in words):  # one with no letter or digit
        return Search({kind: found[kind].none() for kind in found}, rows)
    plan = full_text.survey(words)
    walk = {kind: DOCUMENT_KINDS[kind] in plan.common for kind in found}
    if walk["sources"]:
        # Walked newest first: the outlet's status is checked on the way,
        # rather than starting from every published outlet's articles.
        found["sources"] = (
            Source.objects.published_by_row()
            .defer("body")
            .order_by(*found["sources"].query.order_by)
        )
    for word in words:
        found["people"] = found["people"].filter(
            full_text.matches("person", word, walk=walk["people"])
        )
        quotes = [full_text.ids_matching("quote", word)]
        events = [full_text.ids_matching("event", word)]
        if word in plan.names:
            people = full_text.ids_matching("person_name", word)
            participants = Participation.objects.filter(
                person_id__in=people, person__status=PUBLISHED
            )
            quotes.append(Q(speaker_id__in=people))
            events.append(Q(pk__in=participants.values("event_id")))
        found["quotes"] = found["quotes"].filter(
            full_text.either(Quote, *quotes, walk=walk["quotes"])
        )
        found["events"] = found["events"].filter(
            full_text.either(Event, *events, walk=walk["events"])
        )
        sources = full_text.either(
            Source,
            full_text.ids_matching("source", word),
            Q(outlet__name__icontains=word),
            walk=walk["sources"],
        )
        found["sources"] = found["sources"].filter(sources)
        found["claims"] = found["claims"].filter(
            full_text.matches("claim", word, walk=walk["claims"])
        )
    rows["sources"] = rows["sources"].annotate(passage=full_text.snippet(words))
    for kind, document in DOCUMENT_KINDS.items():
        if document in plan.ranked:
            found[kind] = _by_relevance(found[kind], kind, document, words)
            rows[kind] = _by_relevance(rows[kind], kind, document, words)
    return Search(found, rows)


def _by_relevance(queryset: QuerySet, kind: str, document: str, words: list[str]) -> QuerySet:
    ties = TIES.get(kind, queryset.query.order_by)
    return queryset.alias(relevance=full_text.relevance(document, words)).order_by(
        F("relevance").asc(nulls_last=True), *ties
    )


def _with_passages(items) -> list:
    """Rows as a page shows them: an article's passage as HTML (the text
    escaped, the matches marked), kept only where the body matched."""
    items = list(items)
    for item in items:
        passage = getattr(item, "passage", None)
        if passage is not None:
            item.passage = full_text.marked(passage) if full_text.START in passage else ""
    return items


def search_groups(found: Search, labels: dict[str, str], size: int, cap: int) -> list[dict]:
    """The all-kinds results page: per kind (in the order of `labels`) the
    first page of `size` matches as `paginate_capped()` reads it, with how
    many there are up to `cap` (`more` past it): one query a kind."""
    groups = []
    for kind, label in labels.items():
        page = paginate_capped(found.found[kind], 1, size, cap, found.rows[kind])
        groups.append(
            {
                "kind": kind,
                "label": label,
                "items": _with_passages(page.object_list),
                "count": page.paginator.count,
                "more": page.more,
            }
        )
    return groups


def search_page(found: Search, kind: str, page_number, per_page: int):
    """A page of one kind's matches (`paginate_capped()`), up to
    SEARCH_COUNT_CAP, with their passages."""
    page = paginate_capped(
        found.found[kind], page_number, per_page, SEARCH_COUNT_CAP, found.rows[kind]
    )
    page.object_list = _with_passages(page.object_list)
    return page
