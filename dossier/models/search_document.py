"""A kind's full-text search document, declared on its model: on PostgreSQL
a stored generated `tsvector` of the columns searched, with a GIN index;
on other databases nothing at all, since SQLite's search keeps its own
FTS5 tables in step by triggers (dossier/search.py, migration 0008).

Only search's own SQL reads a document (`@@`, `ts_rank_cd`), in the
database. A query that loads the rows selects NULL in its place: an
article's document is about the size of its body, and every list of
articles, and every quote with its article, would otherwise carry it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.backends.ddl_references import Statement


def _on_postgresql(connection) -> bool:
    return connection.vendor == "postgresql"


class Tsvector(SearchVectorField):
    """PostgreSQL's `tsvector`; no column on other databases."""

    def db_type(self, connection):
        return super().db_type(connection) if _on_postgresql(connection) else None

    def select_format(self, compiler, sql, params):
        return "NULL", []


class SearchDocument(models.GeneratedField):
    """The columns' words as PostgreSQL's 'simple' configuration reads them:
    names and aliases kept as typed, no stemming of "Zelenskyy"."""

    # Never sent back by an INSERT either (see the module's docstring).
    db_returning = False

    def __init__(self, *columns, **kwargs):
        self.columns = columns
        super().__init__(
            expression=SearchVector(*columns, config="simple"),
            output_field=Tsvector(),
            db_persist=True,
            # Nullable, so adding one to SQLite's table does not rebuild it.
            null=True,
            # Derived from the row: no dump or fixture carries it.
            serialize=False,
            **kwargs,
        )

    def deconstruct(self):
        name, path, _, kwargs = super().deconstruct()
        for made_here in ("expression", "output_field", "db_persist", "null", "serialize"):
            del kwargs[made_here]
        return name, path, list(self.columns), kwargs


class SearchIndex(GinIndex):
    """A document's GIN index, on PostgreSQL; like its column, nothing
    elsewhere (a statement that is only a comment, which runs as nothing)."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if _on_postgresql(schema_editor.connection):
            return super().create_sql(model, schema_editor, using, **kwargs)
        return self._nothing()

    def remove_sql(self, model, schema_editor, **kwargs):
        if _on_postgresql(schema_editor.connection):
            return super().remove_sql(model, schema_editor, **kwargs)
        return self._nothing()

    def _nothing(self) -> Statement:
        return Statement("-- %(name)s: on PostgreSQL only", name=self.name)
