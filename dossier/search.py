"""Full-text search over the dossier: SQLite FTS5, or PostgreSQL's
`tsvector`, whichever database the site runs on.

What is searched, per kind (`DOCUMENTS`): a person's name, aliases, role
and affiliation; a quote's text, context and speaker description; an
event's title, summary and location; an article's title, byline and body
(each found with a passage of its body around the match: `snippet()`); a
claim's title and summary. A quote also matches its speaker's names, an
event its participants' (`NAMES`: name and aliases, not role; and only a
word that picks out a few people, see `Survey`), an article its outlet's
name.

On SQLite each kind has an external-content FTS5 table (`<table>_fts`, rowid
= the item's id) kept in step by triggers, so the importer's bulk INSERTs
index themselves (migration 0008). On PostgreSQL each kind's document is
declared on its model (`models.search_document`): a stored generated column,
`search_document`, of `to_tsvector('simple', …)` of its columns, with a GIN
index (people's names alone are `search_names`); the 'simple' configuration
keeps names and aliases as typed (no stemming of "Zelenskyy"). A stored
column rather than an index on the expression: PostgreSQL's planner often
scanned the table instead, recomputing every row's document. The models'
fields say which columns each kind searches, for both databases.

A reader's words become a safe query here: each word is cut into its
letters-and-digits tokens, each token quoted and matched as a prefix
("postpone" finds "postponed"; a token of three letters or fewer exactly),
every token of every word required. A phrase (a "word" with spaces in it:
what a reader put in quotation marks) matches its tokens in that order,
each exactly.

Relevance (`relevance()`): FTS5's `rank` (bm25) on SQLite, `ts_rank_cd` on
PostgreSQL, of an item's own document against the whole query. Both read
every match's entry, so a kind is ranked only when its own document matches
at most `RANK_LIMIT` items (`survey()` counts, capped, in the query that
finds names); beyond that the page lists the newest first and tells the
reader to add a word, as it does past the count's cap.
"""

import re
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, F, FloatField, Func, Q, TextField
from django.db.models.expressions import RawSQL
from django.db.models.lookups import In
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dossier.models import Claim, Event, Person, Quote, Source
from dossier.models.base import Unindexed

DOCUMENT_COLUMN = "search_document"
NAMES_COLUMN = "search_names"


def _searched(model, column: str = DOCUMENT_COLUMN) -> tuple[str, tuple[str, ...]]:
    return model._meta.db_table, model._meta.get_field(column).columns


# kind -> (table, columns searched)
DOCUMENTS = {
    "person": _searched(Person),
    "quote": _searched(Quote),
    "event": _searched(Event),
    "source": _searched(Source),
    "claim": _searched(Claim),
}
# kind -> (table, columns): a person's names alone, matched for their quotes
# and events. SQLite reads them from the person's FTS5 table through a
# column filter; PostgreSQL has a document of its own.
NAMES = {"person_name": _searched(Person, NAMES_COLUMN)}
_TOKEN = re.compile(r"\w+")


def tokens(word: str) -> list[str]:
    """The letters-and-digits runs of a reader's word: nothing else of it
    reaches the query syntax."""
    return _TOKEN.findall(word)


def is_phrase(word: str) -> bool:
    return len(word.split()) > 1


# A token this short is matched as typed, not as a prefix: "the" as a prefix
# also finds them, their, there and theory, and "war" finds warn and Warsaw;
# reading those words' entries made the commonest word the slowest search.
EXACT_UP_TO = 3


def _as_prefix(token: str) -> bool:
    return len(token) > EXACT_UP_TO


def _fts5_query(word: str) -> str:
    if is_phrase(word):
        return '"' + " ".join(tokens(word)) + '"'
    return " ".join(f'"{token}"' + "*" * _as_prefix(token) for token in tokens(word))


def _tsquery(word: str) -> str:
    if is_phrase(word):
        return " <-> ".join(tokens(word))
    return " & ".join(token + ":*" * _as_prefix(token) for token in tokens(word))


class Matching(RawSQL):
    """The ids of a kind whose document matches a query, and on PostgreSQL
    the same test on a row of that kind (`on_row()`), for a list walked in
    its order (`either(walk=True)`)."""

    def __init__(self, sql: str, params: list, row_sql: str = "") -> None:
        super().__init__(sql, params)
        self.row_sql = row_sql

    def on_row(self) -> Func:
        return _OnRow(self.row_sql, list(self.params), BooleanField())


def _matching(kind: str, fts5_query: str, tsquery: str) -> Matching:
    table, columns = DOCUMENTS[kind] if kind in DOCUMENTS else NAMES[kind]
    if connection.vendor == "sqlite":
        if kind in NAMES:
            fts5_query = f"{{{' '.join(columns)}}} : ({fts5_query})"
        return Matching(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [fts5_query])
    if connection.vendor == "postgresql":
        column = NAMES_COLUMN if kind in NAMES else DOCUMENT_COLUMN
        test = f"{column} @@ to_tsquery('simple'::regconfig, %s)"
        return Matching(f"SELECT id FROM {table} WHERE {test}", [tsquery], "{table}." + test)
    raise NotImplementedError(f"no full-text search on {connection.vendor}")


def ids_matching(kind: str, word: str) -> Matching:
    """A subquery of the ids of `kind` whose document matches `word`."""
    return _matching(kind, _fts5_query(word), _tsquery(word))


def _ids_matching_all(kind: str, words: list[str]) -> Matching:
    """The ids of `kind` whose own document matches every one of `words`."""
    return _matching(kind, _whole_query(words, _fts5_query), _whole_query(words, _tsquery))


# A word in the names of more people than this is a title or a common word
# ("minister", in a thousand aliases like "Minister Wojcik"), not a name.
FEW_PEOPLE = 20


# A kind is ranked by relevance when its own documents match at most this
# many items: ranking reads each match's entry in the index, where finding
# and counting them stops at the page's rows.
RANK_LIMIT = 300
# A kind whose own documents match more than this many items is looked
# through in its list order (`either(walk=True)`): the first page of "the"
# is among the first rows of any list, where finding every match first and
# sorting them all cost far more. PostgreSQL walks any kind it does
# not rank: it reads each match's document to list the matches (its planner
# prefers that to the index for a common word), where walking reads a page's.
COMMON = {"sqlite": 5000, "postgresql": RANK_LIMIT}


class Survey(NamedTuple):
    """What a search needs decided before it runs: the words that name a
    few people (`names`), and the kinds (`DOCUMENTS` keys) whose own
    documents match the whole query few enough times to rank.

    A name is a word that picks out at least one and at most `FEW_PEOPLE`
    people by their names or aliases. A quote matches its speaker's names,
    an event its participants': a name ("Lavrov", "Zelenskyy") should find
    what they said and did, but a title shared by hundreds would pull in
    every quote of every minister (ten thousand at scale), which no reader
    looking for "minister" wants; the people themselves are still found. A
    word naming nobody adds nothing: left out, the database plans the plain
    text match alone. Decided before the search, so the database plans for
    the lists it will really get."""

    names: set[str]
    ranked: set[str]
    common: set[str]


def _capped_count(subquery: RawSQL, cap: int) -> tuple[str, list]:
    return f"(SELECT COUNT(*) FROM ({subquery.sql} LIMIT {cap + 1}) few)", list(subquery.params)


def survey(words: list[str]) -> Survey:
    """The names among `words`, the kinds to rank and the kinds a word is
    common in, in one query: each count stops at one more than it needs."""
    words = [word for word in words if tokens(word)]
    if not words:
        return Survey(set(), set(), set())
    selects, params = [], []
    for index, word in enumerate(words):
        count, count_params = _capped_count(ids_matching("person_name", word), FEW_PEOPLE)
        selects.append(f"SELECT 'name', {index}, {count}")
        params.extend(count_params)
    common_above = COMMON[connection.vendor]
    for index, kind in enumerate(DOCUMENTS):
        count, count_params = _capped_count(_ids_matching_all(kind, words), common_above)
        selects.append(f"SELECT 'kind', {index}, {count}")
        params.extend(count_params)
    names, ranked, common, kinds = set(), set(), set(), list(DOCUMENTS)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for what, index, count in cursor.fetchall():
            if what == "name" and 0 < count <= FEW_PEOPLE:
                names.add(words[index])
            elif what == "kind" and 0 < count <= RANK_LIMIT:
                ranked.add(kinds[index])
            if what == "kind" and count > common_above:
                common.add(kinds[index])
    return Survey(names, ranked, common)


def either(model, *parts, walk: bool = False) -> Q:
    """Rows of `model` in any of `parts`: `ids_matching()` subqueries of its
    own ids, or conditions (Q) on it.

    On PostgreSQL, one IN list from a UNION of the ids each part gives,
    every part planned on its own index: PostgreSQL runs `id IN (a) OR
    speaker_id IN (b)` as subplans over the whole table. On SQLite the plain
    OR, which it reads through both indexes at once and which a UNION would
    only slow down. With `walk` (the kind's `COMMON` in `survey()`), each
    row walked in the list's order is tested, on PostgreSQL its own
    document, on SQLite its id against the matches."""
    if connection.vendor != "postgresql":
        combined = Q()
        for part in parts:
            combined |= _in("pk", part, walk) if isinstance(part, RawSQL) else part
        return combined
    on_row = Q()
    if walk:
        tests = [part.on_row() for part in parts if isinstance(part, Matching)]
        on_row = Q(*tests, _connector=Q.OR)
        parts = [part for part in parts if not isinstance(part, Matching)]
    sqls, params = [], []
    for part in parts:
        if not isinstance(part, RawSQL):
            ids = model.objects.filter(part).order_by().values("pk")
            try:
                part = RawSQL(*ids.query.sql_with_params())
            except EmptyResultSet:  # a condition that can match nothing
                continue
        sqls.append(f"({part.sql})")
        params.extend(part.params)
    if not sqls:
        return on_row if on_row else Q(pk__in=[])
    return on_row | Q(pk__in=RawSQL(" UNION ".join(sqls), params))


def matches(kind: str, word: str, field: str = "pk", walk: bool = False) -> Q:
    """Rows whose `field` (their own id, or a foreign key to `kind`) is an
    item of `kind` matching `word` (`walk`: see `either()`). A word with no
    letters or digits matches nothing."""
    if not tokens(word):
        return Q(pk__in=[])
    return _in(field, ids_matching(kind, word), walk)


def _in(field: str, ids: Matching, walk: bool) -> Q:
    if walk and connection.vendor == "postgresql" and field == "pk":
        return Q(ids.on_row())
    if walk:
        return Q(In(Unindexed(field), ids))
    return Q(**{f"{field}__in": ids})


# --- A passage of an article's body around a reader's words: the whole
# query at once (every word required), a column of the outer article row.

# The marks the databases put around a match: control characters, which no
# article should hold, turned into <mark> only after the passage is escaped
# (`marked()`, whose HTML stays well-formed even if an article holds one).
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 24


def _whole_query(words: list[str], build) -> str:
    joiner = " AND " if build is _fts5_query else " & "
    return joiner.join(f"({build(word)})" for word in words if tokens(word))


class _OnRow(Func):
    """SQL on the outer row, whatever alias the query gives its table
    (`{table}` in `sql`): a subquery of ids calls it "U0"."""

    def __init__(self, sql: str, params: list, output_field) -> None:
        super().__init__(F("pk"), output_field=output_field)
        self.sql, self.sql_params = sql, params

    def as_sql(self, compiler, connection, **extra):
        column, _ = compiler.compile(self.source_expressions[0])
        return self.sql.replace("{table}", column.rsplit(".", 1)[0]), list(self.sql_params)


def relevance(kind: str, words: list[str]) -> Func:
    """How well the item's own document matches all of `words`: lower is
    better, NULL when it does not (an item found through a name only). Only
    for a kind `survey()` ranks: every match of the kind is scored."""
    table, _ = DOCUMENTS[kind]
    if connection.vendor == "sqlite":
        # Scored once, in a table the statement keeps: a subquery read row
        # by row ran the whole-text match again for each row (a doclist read
        # each time).
        fts = f"{table}_fts"
        return _OnRow(
            f"(WITH scored AS MATERIALIZED (SELECT rowid AS id, rank AS score FROM {fts} "
            f"WHERE {fts} MATCH %s) SELECT score FROM scored WHERE scored.id = {{table}}.id)",
            [_whole_query(words, _fts5_query)],
            FloatField(),
        )
    # Normalised by the document's length (1): a long article naming the
    # word once is not worth a short one naming it twice.
    document = f"{{table}}.{DOCUMENT_COLUMN}"
    return _OnRow(
        f"(SELECT -ts_rank_cd({document}, query, 1) "
        f"FROM to_tsquery('simple'::regconfig, %s) query WHERE {document} @@ query)",
        [_whole_query(words, _tsquery)],
        FloatField(),
    )


def snippet(words: list[str]) -> Func:
    """A passage of the article's body around the words, matches between
    START and STOP marks (raw text: see `marked()`)."""
    if connection.vendor == "sqlite":
        return _OnRow(
            "(SELECT snippet(dossier_source_fts, 2, %s, %s, '…', %s) FROM dossier_source_fts "
            "WHERE dossier_source_fts MATCH %s AND rowid = {table}.id)",
            [START, STOP, SNIPPET_WORDS, _whole_query(words, _fts5_query)],
            TextField(),
        )
    options = (
        f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, "
        f'MinWords={SNIPPET_WORDS // 2}, MaxFragments=2, FragmentDelimiter=" … "'
    )
    # PostgreSQL's parser reads "<b>" in a text as an HTML tag, which
    # ts_headline leaves out: the angle brackets go in as private-use
    # characters and come back in `marked()`.
    body = "replace(replace({table}.body, '<', %s), '>', %s)"
    return _OnRow(
        f"ts_headline('simple'::regconfig, {body}, to_tsquery('simple'::regconfig, %s), %s)",
        [*_BRACKETS, _whole_query(words, _tsquery), options],
        TextField(),
    )


_BRACKETS = ("\ue000", "\ue001")


def marked(passage: str | None) -> SafeString:
    """A passage with START/STOP marks as HTML: the text escaped, each mark
    a <mark> element, always closed (marks out of order are dropped)."""
    if not passage:
        return mark_safe("")
    if connection.vendor == "postgresql":
        passage = passage.replace(_BRACKETS[0], "<").replace(_BRACKETS[1], ">")
    html, open_ = [], False
    for part in re.split(f"([{START}{STOP}])", passage):
        if part == START and not open_:
            html.append("<mark>")
            open_ = True
        elif part == STOP and open_:
            html.append("</mark>")
            open_ = False
        elif part not in (START, STOP):
            html.append(escape(part))
    if open_:
        html.append("</mark>")
    return mark_safe("".join(html))
