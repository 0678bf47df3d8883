"""A quote's `public` column, kept by database triggers (see
dossier/models/quote_public.py), with the quotes' indexes on it instead of
on their status.

On SQLite adding the column rebuilds the quote table, which drops its
full-text triggers (see 0008): they are made again afterwards."""

from django.db import migrations, models

from dossier.migrations import _search_schema as search
from dossier.models import quote_public

# As searched when this migration was written.
QUOTE_TABLE = ("dossier_quote", ("text", "context", "speaker_description"))


def restore_search(apps, schema_editor):
    search.sqlite_restore(schema_editor, [QUOTE_TABLE])


def install(apps, schema_editor):
    restore_search(apps, schema_editor)
    quote_public.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    quote_public.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0022_quote_public_rows"),
    ]

    operations = [
        # Undoing the field rebuilds the table again: restore after that too.
        migrations.RunPython(migrations.RunPython.noop, restore_search),
        migrations.RemoveIndex(model_name="quote", name="quote_source_status"),
        migrations.RemoveIndex(model_name="quote", name="quote_speaker_status"),
        migrations.RemoveIndex(model_name="quote", name="quote_public_rows"),
        migrations.AddField(
            model_name="quote",
            name="public",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Published, and so are its article, the article's outlet and its "
                "speaker. Set by the database on every write that can change it (see "
                "quote_public).",
            ),
        ),
        migrations.RunPython(install, uninstall),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(fields=["source", "public", "speaker"], name="quote_source_public"),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(fields=["speaker", "public", "source"], name="quote_speaker_public"),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                fields=["public", "id"], include=("source", "speaker"), name="quote_public_rows"
            ),
        ),
    ]
