from django.db import models

from dossier.slugs import slugify

from .background import BackgroundReference
from .base import DossierItem
from .grades import Reliability


class Outlet(DossierItem, BackgroundReference):
    """A publication: a newspaper, agency, broadcaster or site."""

    name = models.CharField(max_length=200)
    homepage = models.URLField(blank=True)
    country = models.CharField(max_length=100, blank=True)
    language = models.CharField(
        max_length=20, blank=True, help_text="Main language, as a code: en, uk, ru…"
    )
    reliability = models.CharField(
        max_length=1, choices=Reliability.choices, default=Reliability.F, db_index=True
    )
    reliability_rationale = models.CharField(
        max_length=500, blank=True, help_text="One line: why this grade."
    )

    page_route = "dossier:outlet"

    class Meta(DossierItem.Meta):
        permissions = [("publish_outlet", "Can publish and withdraw outlets")]
        ordering = ["name"]

    def slug_basis(self) -> str:
        # A name in Chinese or Japanese leaves nothing a slug keeps: the
        # homepage's host (nikkei.com) names the outlet instead of "outlet-2".
        if slugify(self.name) or not self.homepage:
            return self.name
        from dossier.intake.pages import host_of  # intake imports the models

        return host_of(self.homepage) or self.name
