from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.text import capfirst
from taggit.managers import TaggableManager

from dossier.provenance import corroboration_problem

from .base import DossierItem, PublishableQuerySet
from .chain import origin_counts
from .event import Event
from .grades import Credibility
from .search_document import SearchDocument, SearchIndex
from .source import Source


class ClaimQuerySet(PublishableQuerySet):
    def published(self):
        """Published claims that at least one published article makes.

        Like a statement, a claim is only as public as what stands behind
        it: a published claim whose every report is a draft article has
        nothing a reader could check, so it is not shown at all.
        """
        reports = ClaimReport.objects.filter(
            claim=OuterRef("pk"), source__status="published", source__outlet__status="published"
        )
        return super().published().filter(Exists(reports))


class Claim(DossierItem):
    """An assertion made in one or more sources, in the editors' words.

    Unlike a quote it is not verbatim: "Trump pressed Zelensky to give up
    Donetsk" is a claim three articles make in different words.
    """

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", "Unverified"
        CORROBORATED = "corroborated", "Corroborated"
        DISPUTED = "disputed", "Disputed"
        FALSE = "false", "False"

    title = models.CharField(max_length=300, help_text="The assertion, in one sentence.")
    summary = models.TextField(blank=True, help_text="What exactly is asserted, and by whom.")
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, default=Credibility.CANNOT_JUDGE, db_index=True
    )
    credibility_rationale = models.CharField(max_length=500, blank=True)
    verification = models.CharField(
        max_length=20,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        db_index=True,
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    sources = models.ManyToManyField(Source, through="ClaimReport", related_name="claims")
    tags = TaggableManager(blank=True)
    search_document = SearchDocument("title", "summary")

    objects = ClaimQuerySet.as_manager()

    page_route = "dossier:claim"

    class Meta(DossierItem.Meta):
        ordering = ["title"]
        permissions = [("publish_claim", "Can publish and withdraw claims")]
        indexes = [SearchIndex(fields=["search_document"], name="dossier_claim_search_document")]

    def clean(self):
        super().clean()
        problem = corroboration_problem(
            self.verification, self.credibility, self.stored_origin_count()
        )
        if problem:
            raise ValidationError(capfirst(problem))

    def stored_origin_count(self) -> int:
        """Independent origins among the reports already saved.

        The admin saves a claim's reports after the claim itself, so a grade
        of corroborated is given once the reports it rests on are in."""
        if self.pk is None:
            return 0
        # Not self.reports: the admin may have prefetched it with other hops.
        reports = ClaimReport.objects.filter(claim=self)
        reports = reports.select_related("source").prefetch_related("hops")
        return origin_counts((r.hops.all(), r.source.outlet_id) for r in reports)[1]

    def origin_counts(self) -> tuple[int, int]:
        """(reports, independent origins); reads prefetched reports and hops."""
        return origin_counts((r.hops.all(), r.source.outlet_id) for r in self.reports.all())


class ClaimReport(models.Model):
    """One source making a claim, with the chain by which it knows it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="reports")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="claim_reports")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["claim", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source"], name="one_report_per_source")
        ]

    def __str__(self):
        return f"{self.source} reports “{self.claim}”"


class ClaimLinkQuerySet(models.QuerySet):
    def published(self):
        """Links readers may see: both claims published."""
        return self.filter(from_claim__status="published", to_claim__status="published")

    def contested(self):
        """Contradictions the editors have not resolved."""
        return self.filter(kind=ClaimLink.Kind.CONTRADICTS, resolved=False)


class ClaimLink(models.Model):
    """How one claim bears on another, and why the editors say so."""

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", "contradicts"
        QUALIFIES = "qualifies", "qualifies"
        SUPPORTS = "supports", "supports"
        SUPERSEDES = "supersedes", "supersedes"

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    rationale = models.CharField(max_length=500, help_text="Why the editors link them.")
    sources = models.ManyToManyField(
        Source, blank=True, related_name="claim_links", help_text="The sources behind the link."
    )
    resolved = models.BooleanField(
        default=False, help_text="Tick once the editors have settled which claim stands."
    )
    resolution = models.CharField(max_length=500, blank=True)

    objects = ClaimLinkQuerySet.as_manager()

    class Meta:
        ordering = ["from_claim", "kind", "to_claim"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="one_link_of_a_kind"
            ),
            models.CheckConstraint(
                name="claim_link_not_to_itself",
                condition=~Q(from_claim=models.F("to_claim")),
                violation_error_message="A claim cannot be linked to itself.",
            ),
        ]

    def __str__(self):
        return f"“{self.from_claim}” {self.kind} “{self.to_claim}”"
