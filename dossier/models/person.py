from django.db import models
from taggit.managers import TaggableManager

from .background import BackgroundReference
from .base import DossierItem
from .search_document import SearchDocument, SearchIndex


class Person(DossierItem, BackgroundReference):
    """Someone who speaks or acts in the story: a person, or an organisation
    speaking as one (the White House, the Coalition of the Willing).

    Organisations are people of another kind rather than a model of their
    own: quotes, attribution hops and event participations all point at a
    speaker or actor, and an organisation is quoted, cited and placed at
    events exactly as a person is.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation (speaks as one: a government office, a group)"

    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.PERSON,
        help_text="An organisation is listed apart from people and described to search "
        "engines as an organisation.",
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other spellings the sources use, one per line (Zelenskyy, Zelenskiy…).",
    )
    role = models.CharField(max_length=200, blank=True, help_text="Role or title.")
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True, help_text="A short bio. A little HTML is allowed.")
    bio_html = models.TextField(blank=True, editable=False)
    tags = TaggableManager(blank=True)
    search_document = SearchDocument("name", "aliases", "role", "affiliation")
    # A person's names alone, matched for their quotes and events.
    search_names = SearchDocument("name", "aliases")

    rich_text_fields = {**DossierItem.rich_text_fields, "bio": "bio_html"}

    page_route = "dossier:person"

    class Meta(DossierItem.Meta):
        permissions = [("publish_person", "Can publish and withdraw people")]
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [
            # The people list, by name, as the timeline's index serves it.
            models.Index(fields=["status", "name"], name="person_listing"),
            SearchIndex(fields=["search_document"], name="dossier_person_search_document"),
            SearchIndex(fields=["search_names"], name="dossier_person_search_names"),
        ]

    @property
    def is_organisation(self) -> bool:
        return self.kind == self.Kind.ORGANISATION

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    def refresh_derived(self) -> None:
        # Stored one per line, trimmed and without repeats, so search and
        # export see one canonical form however an editor typed it.
        self.aliases = "\n".join(split_aliases(self.aliases))
        super().refresh_derived()


def split_aliases(text: str) -> list[str]:
    aliases = (" ".join(line.split()) for line in text.splitlines())
    return list(dict.fromkeys(alias for alias in aliases if alias))
