"""Full-text search over the dossier: SQLite FTS5, or PostgreSQL's
`tsvector`, whichever database the site runs on.

What is searched, per kind (`DOCUMENTS`): a person's name, aliases, role
and affiliation; a quote's text, context and speaker description; an
event's title, summary and location; an article's title and byline (not
its body: ten thousand bodies would double the import's time for words
readers rarely look for there); a claim's title and summary. A quote also
matches its speaker's names, an event its participants' (`NAMES`: name and
aliases, not role: "minister" finds the ministers and what mentions a
minister, not every quote of every minister), an article its outlet's
name.

On SQLite each kind has an external-content FTS5 table (`<table>_fts`,
rowid = the item's id) kept in step by triggers, so the importer's bulk
INSERTs index themselves. On PostgreSQL each kind has a GIN index on
`to_tsvector('simple', …)` of its columns; the 'simple' configuration
keeps names and aliases as typed (no stemming of "Zelenskyy"). Both are
created by migration 0008.

A reader's words become a safe query here: each word is cut into its
letters-and-digits tokens, each token quoted and matched as a prefix
("postpone" finds "postponed"), every token of every word required.
"""

import re

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

# kind -> (table, columns searched)
DOCUMENTS = {
    "person": ("dossier_person", ("name", "aliases", "role", "affiliation")),
    "quote": ("dossier_quote", ("text", "context", "speaker_description")),
    "event": ("dossier_event", ("title", "summary", "location")),
    "source": ("dossier_source", ("title", "byline")),
    "claim": ("dossier_claim", ("title", "summary")),
}
# kind -> (table, columns): a person's names alone, matched for their quotes
# and events. SQLite reads them from the person's FTS5 table through a
# column filter; PostgreSQL has an index of its own (migration 0012).
NAMES = {"person_name": ("dossier_person", ("name", "aliases"))}
_TOKEN = re.compile(r"\w+")


def tokens(word: str) -> list[str]:
    """The letters-and-digits runs of a reader's word: nothing else of it
    reaches the query syntax."""
    return _TOKEN.findall(word)


def document_sql(columns) -> str:
    """The PostgreSQL document of a kind, exactly as its index spells it."""
    joined = " || ' ' || ".join(f"COALESCE(\"{column}\", '')" for column in columns)
    return f"to_tsvector('simple'::regconfig, {joined})"


def _fts5_query(word: str) -> str:
    return " ".join(f'"{token}"*' for token in tokens(word))


def _tsquery(word: str) -> str:
    return " & ".join(f"{token}:*" for token in tokens(word))


def ids_matching(kind: str, word: str) -> RawSQL:
    """A subquery of the ids of `kind` whose document matches `word`."""
    table, columns = DOCUMENTS[kind] if kind in DOCUMENTS else NAMES[kind]
    if connection.vendor == "sqlite":
        query = _fts5_query(word)
        if kind in NAMES:
            query = f"{{{' '.join(columns)}}} : ({query})"
        return RawSQL(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [query])
    if connection.vendor == "postgresql":
        return RawSQL(
            f"SELECT id FROM {table} WHERE {document_sql(columns)} @@ "
            "to_tsquery('simple'::regconfig, %s)",
            [_tsquery(word)],
        )
    raise NotImplementedError(f"no full-text search on {connection.vendor}")


def matches(kind: str, word: str, field: str = "pk") -> Q:
    """Rows whose `field` (their own id, or a foreign key to `kind`) is an
    item of `kind` matching `word`. A word with no letters or digits
    matches nothing."""
    if not tokens(word):
        return Q(pk__in=[])
    return Q(**{f"{field}__in": ids_matching(kind, word)})


# --- Schema, for the migration: created per vendor, kept in step on write.


def sqlite_schema(table: str, columns) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    fts = f"{table}_fts"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def sqlite_unschema(table: str, columns) -> list[str]:
    fts = f"{table}_fts"
    return [
        *(f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")),
        f"DROP TABLE IF EXISTS {fts}",
    ]


def postgresql_schema(table: str, columns) -> list[str]:
    return [f"CREATE INDEX {table}_search ON {table} USING gin ({document_sql(columns)})"]


def postgresql_unschema(table: str, columns) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_search"]


def postgresql_names_schema(table: str, columns) -> list[str]:
    return [f"CREATE INDEX {table}_names_search ON {table} USING gin ({document_sql(columns)})"]


def postgresql_names_unschema(table: str, columns) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_names_search"]
