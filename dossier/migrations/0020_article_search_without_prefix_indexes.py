"""The articles' FTS5 table without its prefix indexes (0019 added them).

Words of up to three letters are now matched as typed (search.EXACT_UP_TO),
so no query reads a two- or three-letter prefix, and the indexes only cost
the import its time and the database its space. PostgreSQL is untouched."""

from django.db import migrations

from dossier.migrations import _search_schema as search

TABLE = "dossier_source"
COLUMNS = ("title", "byline", "body")


def _remake(schema_editor, prefix: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    for statement in [
        *search.sqlite_unschema(TABLE, COLUMNS),
        *search.sqlite_schema(TABLE, COLUMNS, prefix),
    ]:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _remake(schema_editor, "")


def backwards(apps, schema_editor):
    _remake(schema_editor, "2 3")


class Migration(migrations.Migration):
    dependencies = [("dossier", "0019_article_bodies_searched")]

    operations = [migrations.RunPython(forwards, backwards)]
