"""Each kind's search document is declared on its model
(dossier.models.search_document): on PostgreSQL Django makes it, a stored
generated `tsvector` with its GIN index; on SQLite there is no such column,
search keeps its FTS5 tables. Either way the document stays in the
database: loading a row, or saving one, never carries it."""

import json
import sqlite3

import pytest
from django.apps import apps
from django.core import serializers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossier import search
from dossier.models import Person, Quote, Source
from dossier.models.search_document import SearchDocument, SearchIndex
from tests.factories import make_quote, make_source

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own columns"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own tables")


def declared() -> list[tuple]:
    """(model, field) for every search document a model declares."""
    return [
        (model, field)
        for model in apps.get_app_config("dossier").get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, SearchDocument)
    ]


def test_every_kind_searched_declares_its_document_and_index():
    tables = {model._meta.db_table for model, _ in declared()}
    assert tables == {table for table, _ in [*search.DOCUMENTS.values(), *search.NAMES.values()]}
    for model, field in declared():
        indexed = [
            index
            for index in model._meta.indexes
            if isinstance(index, SearchIndex) and index.fields == [field.name]
        ]
        assert len(indexed) == 1, f"{model.__name__}.{field.name} has no GIN index"


def _generated_as(cursor, table: str, column: str) -> str:
    cursor.execute(
        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
        "ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
        "WHERE a.attrelid = %s::regclass AND a.attname = %s AND a.attgenerated = 's'",
        [table, column],
    )
    return cursor.fetchone()[0]


@on_postgresql
def test_postgresql_stores_each_document_as_django_makes_it_with_a_gin_index():
    editor = connection.SchemaEditorClass(connection)
    with connection.cursor() as cursor:
        for model, field in declared():
            table = model._meta.db_table
            # A scratch copy of the table, given the column as Django would
            # make it from the model's field: PostgreSQL spells both alike.
            definition, params = editor.column_sql(model, field)
            cursor.execute(f"CREATE TEMP TABLE scratch (LIKE {table})")
            editor.execute(f"ALTER TABLE scratch ADD COLUMN django_made {definition}", params)
            assert _generated_as(cursor, table, field.column) == _generated_as(
                cursor, "scratch", "django_made"
            )
            cursor.execute("DROP TABLE scratch")
            constraints = connection.introspection.get_constraints(cursor, table)
            (index,) = [
                c for c in constraints.values() if c["columns"] == [field.column] and c["index"]
            ]
            assert index["type"] == "gin"


@on_postgresql
def test_a_postgresql_document_follows_an_edit_of_its_columns():
    quote = make_quote(text="The summit is off.")
    assert Quote.objects.filter(search.matches("quote", "summit")).get() == quote
    quote.text = "The meeting is postponed."
    quote.save()
    assert not Quote.objects.filter(search.matches("quote", "summit")).exists()
    assert Quote.objects.filter(search.matches("quote", "postponed")).get() == quote


@on_sqlite
def test_sqlite_has_no_document_columns_and_searches_its_fts5_tables():
    with connection.cursor() as cursor:
        for model, field in declared():
            table = model._meta.db_table
            columns = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            assert field.column not in columns
            assert f"{table}_fts" in connection.introspection.table_names(cursor)
    quote = make_quote(text="The summit is off.")
    assert Quote.objects.filter(search.matches("quote", "summit")).get() == quote


@on_sqlite
def test_sqlite_makes_a_kinds_table_without_its_document_or_gin_index(transactional_db):
    """What a later migration that rebuilds the table on SQLite runs."""
    with connection.schema_editor(collect_sql=True) as editor:
        editor.create_model(Person)
    scratch = sqlite3.connect(":memory:")
    for statement in editor.collected_sql:
        scratch.execute(statement)
    columns = {row[1] for row in scratch.execute("PRAGMA table_info(dossier_person)")}
    assert {"name", "aliases"} <= columns
    assert not {"search_document", "search_names"} & columns
    indexes = {row[1] for row in scratch.execute("PRAGMA index_list(dossier_person)")}
    assert not {"dossier_person_search_document", "dossier_person_search_names"} & indexes


def test_loading_rows_never_reads_a_document():
    body = "Budapest " * 5_000
    quote = make_quote(source=make_source(body=body))
    with CaptureQueriesContext(connection) as queries:
        loaded = Quote.objects.select_related("source", "speaker").get(pk=quote.pk)
        listed = list(Source.objects.values())
        person = Person.objects.get(pk=quote.speaker_id)
    assert loaded.source.body == body
    assert loaded.search_document is None and loaded.source.search_document is None
    assert person.search_names is None and listed[0]["search_document"] is None
    for query in queries.captured_queries:
        assert "search_document" not in query["sql"], query["sql"]
        assert "search_names" not in query["sql"], query["sql"]


def test_saving_never_writes_or_asks_back_a_document():
    with CaptureQueriesContext(connection) as queries:
        source = make_source(title="Summit called off")
        source.title = "Summit postponed"
        source.save()
    for query in queries.captured_queries:
        assert "search_document" not in query["sql"], query["sql"]
    assert Source.objects.get(pk=source.pk).title == "Summit postponed"


def test_history_keeps_no_documents():
    for model, field in declared():
        history = model.history.model
        assert field.name not in {f.name for f in history._meta.fields}, history.__name__


@on_postgresql
def test_the_tables_whose_documents_django_made_are_vacuumed_after():
    """Adding a stored column rewrites the table, which leaves index-only
    scans reading every row until a VACUUM (migration 0025)."""
    tables = [model._meta.db_table for model, _ in declared()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) "
            "AND last_vacuum IS NOT NULL",
            [tables],
        )
        assert {row[0] for row in cursor.fetchall()} == set(tables)


def test_a_dump_carries_no_documents():
    """`manage.py dumpdata` for a backup: the documents are made again by
    the database that loads it."""
    quote = make_quote()
    for item in (quote, quote.source, quote.speaker):
        (fields,) = [row["fields"] for row in json.loads(serializers.serialize("json", [item]))]
        assert not {"search_document", "search_names"} & fields.keys()
