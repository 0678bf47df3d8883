from django.db import models


class FixtureImport(models.Model):
    """The last import of a fixture folder: digests of its files (with the
    importer's own code) and of everything the importer compares in the
    database (columns, relations, tags' spellings) as that import left it.
    While both still match, importing the same files again would change
    nothing, so it is answered without reading them
    (dossier.fixture.unchanged); an edit made in the admin since changes
    the database's digest, and the import then compares everything."""

    folder = models.TextField(help_text="The folder's real path.")
    files_digest = models.CharField(max_length=64)
    database_digest = models.CharField(max_length=64)
    counts = models.JSONField(
        help_text="Per kind, the items in the files and the rows of the database "
        "the files do not name, as the import reported them."
    )
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["folder"], name="one_import_record_per_folder")
        ]

    def __str__(self):
        return f"{self.folder} ({self.imported_at:%Y-%m-%d %H:%M})"
