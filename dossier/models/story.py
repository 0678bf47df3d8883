from django.db import models

from .base import DossierItem, route


class Story(DossierItem):
    """The dossier itself: the developing story its pieces are gathered for."""

    title = models.CharField(max_length=300)
    summary = models.TextField(help_text="The story in a paragraph, for the overview page.")

    class Meta(DossierItem.Meta):
        permissions = [("publish_story", "Can publish and withdraw stories")]
        verbose_name_plural = "stories"

    @property
    def page_url(self) -> str:
        return route("dossier:overview")
