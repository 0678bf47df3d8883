from django.db import models
from django.db.models import Q
from taggit.managers import TaggableManager

from dossier.slugs import slugify
from dossier.verbatim import find_all

from .base import DossierItem, PublishableQuerySet, Unindexed
from .grades import Reliability
from .outlet import Outlet
from .search_document import SearchDocument, SearchIndex


class SourceQuerySet(PublishableQuerySet):
    def published(self):
        # An article is only public when its outlet is too: otherwise a
        # reader would see a grade and a name the editors have not released.
        return super().published().filter(outlet__status="published")

    def published_by_row(self):
        """`published()`, the outlet's status checked row by row
        (`Unindexed`): for a few articles found another way (a prefetch by
        event), which SQLite otherwise finds by reading every published
        outlet's articles. A count or a whole list is cheaper from the
        outlets, as `published()` does."""
        return (
            super()
            .published()
            .alias(outlet_status=Unindexed("outlet__status"))
            .filter(outlet_status="published")
        )


class Source(DossierItem):
    """One article, with its full text as published."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="sources")
    title = models.CharField(max_length=500)
    url = models.URLField(max_length=1000, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=20, blank=True)
    body = models.TextField(help_text="The full text as published, unedited.")
    reliability = models.CharField(
        max_length=1,
        choices=Reliability.choices,
        blank=True,
        help_text="Leave empty to use the outlet's grade; set it when this article "
        "is better or worse than its outlet usually is.",
    )
    reliability_rationale = models.CharField(max_length=500, blank=True)
    tags = TaggableManager(blank=True)
    search_document = SearchDocument("title", "byline", "body")

    objects = SourceQuerySet.as_manager()

    page_route = "dossier:source"

    class Meta(DossierItem.Meta):
        permissions = [("publish_source", "Can publish and withdraw sources")]
        ordering = ["-published_on", "title"]
        # An outlet's published articles newest first (the sources list's
        # counts and latest articles, the outlet page) from the index alone.
        indexes = [
            models.Index(
                fields=["outlet", "status", "-published_on", "title"], name="source_outlet_latest"
            ),
            # Every published article newest first from the index alone: the
            # quotes list walks it and reads each article's quotes in turn.
            models.Index(
                fields=["-published_on", "title", "id", "status", "outlet"],
                name="source_public_order",
            ),
            # What a quote needs of its article to be listed (is it public,
            # how new is it), without reading the article's row: a row
            # shares its page with kilobytes of body, this index holds
            # a hundred articles a page.
            models.Index(fields=["id", "status", "outlet", "published_on"], name="source_listing"),
            SearchIndex(fields=["search_document"], name="dossier_source_search_document"),
        ]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # An edited body may no longer contain a quote: flag it rather than
        # keep showing it as verbatim.
        quotes = list(self.quotes.only("pk", "text", "verbatim_found"))
        matches = find_all([quote.text for quote in quotes], self.body)
        for quote, match in zip(quotes, matches, strict=True):
            if quote.verbatim_found != (match is not None):
                type(quote).objects.filter(pk=quote.pk).update(verbatim_found=match is not None)

    def slug_basis(self) -> str:
        # A title in Chinese or Japanese leaves nothing a slug keeps (slugs are
        # ASCII, and only Cyrillic is transliterated): the outlet and the day
        # name the article instead of "source-2".
        if slugify(self.title) or not self.outlet_id:
            return self.title
        return f"{self.outlet.slug} {self.published_on or ''}"

    @property
    def effective_reliability(self) -> str:
        return self.reliability or self.outlet.reliability

    @property
    def effective_reliability_rationale(self) -> str:
        return self.reliability_rationale if self.reliability else self.outlet.reliability_rationale


class Citation(models.Model):
    """What a source says it relies on: another article in the dossier, or an
    outlet whose article is not in it ("UNN, citing the FT")."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="citations")
    position = models.PositiveSmallIntegerField(default=0)
    cited_source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="cited_by"
    )
    cited_outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="cited_by"
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text='How it cites, in words: "citing three sources familiar with the situation".',
    )

    class Meta:
        ordering = ["source", "position", "id"]
        constraints = [
            models.CheckConstraint(
                name="citation_cites_one_thing",
                condition=(Q(cited_source__isnull=False) & Q(cited_outlet__isnull=True))
                | (Q(cited_source__isnull=True) & Q(cited_outlet__isnull=False)),
                violation_error_message="A citation names either a source or an outlet, not both.",
            ),
            models.CheckConstraint(
                name="citation_not_of_itself",
                condition=~Q(cited_source=models.F("source")),
                violation_error_message="A source cannot cite itself.",
            ),
        ]

    def __str__(self):
        return f"{self.source} cites {self.cited_source or self.cited_outlet}"
