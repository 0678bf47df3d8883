from django.db import models
from django.utils import timezone


class SiteVersion(models.Model):
    """One row counting changes to anything a public page shows.

    Every write that can change a public page bumps it in the same
    transaction (see `dossier.cache`), so a page cached under a version can
    only hold data at least that new; the page cache keys on it, and it is
    the pages' ETag and Last-Modified.
    """

    counter = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "site version"

    def __str__(self):
        return f"version {self.counter} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
