# The page cache keeps its generation in the cache itself: the version row
# it read on every cached page is gone.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dossier", "0017_person_kind"),
    ]

    operations = [
        migrations.DeleteModel(name="SiteVersion"),
    ]
