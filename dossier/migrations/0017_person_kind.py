"""People and organisations told apart: a kind on Person (see models.person).

On SQLite adding the column rebuilds the person table, which drops its
full-text triggers (see 0008): they are made again afterwards."""

from django.db import migrations, models

from dossier.migrations import _search_schema as search

# As searched when this migration was written.
PERSON_TABLE = ("dossier_person", ("name", "aliases", "role", "affiliation"))
KIND = models.CharField(
    choices=[
        ("person", "Person"),
        ("organisation", "Organisation (speaks as one: a government office, a group)"),
    ],
    default="person",
    help_text="An organisation is listed apart from people and described to search engines "
    "as an organisation.",
    max_length=20,
)


def restore_search(apps, schema_editor):
    search.sqlite_restore(schema_editor, [PERSON_TABLE])


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0016_slugs_made_on_save"),
    ]

    operations = [
        # Undoing the field rebuilds the table again: restore after that too.
        migrations.RunPython(migrations.RunPython.noop, restore_search),
        migrations.AddField(model_name="historicalperson", name="kind", field=KIND),
        migrations.AddField(model_name="person", name="kind", field=KIND),
        migrations.RunPython(restore_search, migrations.RunPython.noop),
    ]
