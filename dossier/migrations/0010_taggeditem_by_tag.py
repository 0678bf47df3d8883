from django.db import migrations

# taggit indexes its assignments by object and by tag alone; the public
# pages ask "which items of this kind carry this tag" (tag filters, the tag
# page's counts, each filter's tag choices), which this answers from the
# index without reading the rows.  taggit's model is not ours, so plain SQL
# (the same on SQLite and PostgreSQL).
INDEX = "dossier_taggeditem_tag_kind"


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0009_list_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON taggit_taggeditem "
            "(tag_id, content_type_id, object_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
