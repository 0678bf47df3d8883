from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from taggit.managers import TaggableManager

from dossier.provenance import Rendering, grouping_message, grouping_problems
from dossier.slugs import slugify
from dossier.verbatim import Match, find_verbatim

from .base import DossierItem, PublishableQuerySet, Status
from .chain import origin_counts
from .grades import Credibility
from .outlet import Outlet
from .person import Person
from .search_document import SearchDocument, SearchIndex
from .source import Source


class StatementQuerySet(PublishableQuerySet):
    def published(self):
        """Published statements with at least one published rendering: a
        statement is only the grouping of its quotes, so one whose quotes
        are all drafts has nothing to show."""
        renderings = Quote.objects.published().filter(statement=OuterRef("pk"))
        return super().published().filter(Exists(renderings))


class Statement(DossierItem):
    """One utterance, however many outlets printed it.

    Peskov said one thing on 21 October; UNN printed it as "...what has not
    been finally agreed upon" and The Telegraph as "...what has not been
    finalised".  Both quotes belong to one statement.
    """

    title = models.CharField(
        max_length=300, help_text='A short label: "Peskov: no dates for the summit".'
    )
    grouping_rationale = models.CharField(
        max_length=500,
        blank=True,
        help_text="Why these quotes are one utterance although their wording or their date "
        'differs: "two translations of the same answer". Required when they differ.',
    )

    objects = StatementQuerySet.as_manager()

    page_route = "dossier:statement"

    class Meta(DossierItem.Meta):
        permissions = [("publish_statement", "Can publish and withdraw statements")]
        ordering = ["title"]

    def clean(self):
        super().clean()
        if self.pk is None or self.grouping_rationale.strip():
            return
        problems = grouping_problems([quote.rendering for quote in self.quotes.all()])
        if problems:
            # Not tied to the field: an admin form that leaves the field out
            # still shows the refusal instead of failing on an unknown field.
            raise ValidationError(grouping_message(problems))

    def origin_counts(self) -> tuple[int, int]:
        """(reports, independent origins); reads prefetched quotes, hops and sources."""
        return origin_counts((q.hops.all(), q.source.outlet_id) for q in self.quotes.all())


class QuoteQuerySet(PublishableQuerySet):
    def published(self):
        # A quote is only as public as the article that prints it, the
        # article's outlet and the person it is attributed to: the database
        # keeps that in `public` (see quote_public).
        return self.filter(public=True)


class Quote(DossierItem):
    """Words as one source prints them, attributed to a speaker."""

    class Attribution(models.TextChoices):
        ON_RECORD = "on_record", "On the record"
        BACKGROUND = "background", "Background, named by role"
        ANONYMOUS = "anonymous", "Anonymous"
        SECOND_HAND = "second_hand", "Second-hand, relayed from another outlet"

    text = models.TextField(help_text="Verbatim, exactly as the source prints it.")
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="quotes"
    )
    speaker_description = models.CharField(
        max_length=300,
        blank=True,
        help_text='For an unnamed speaker: "a Western official", '
        '"three sources familiar with the situation".',
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="quotes")
    statement = models.ForeignKey(
        Statement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quotes",
        help_text="Group quotes that are the same utterance printed by different outlets.",
    )
    attribution = models.CharField(
        max_length=20, choices=Attribution.choices, default=Attribution.ON_RECORD, db_index=True
    )
    relayed_from = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relayed_quotes",
        help_text="For second-hand quotes: the outlet this source took them from.",
    )
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, default=Credibility.CANNOT_JUDGE, db_index=True
    )
    credibility_rationale = models.CharField(
        max_length=500, blank=True, help_text="One line: why this grade."
    )
    context = models.CharField(
        max_length=500,
        blank=True,
        help_text='Where and when it was said: "to reporters in Moscow".',
    )
    said_on = models.DateField(null=True, blank=True)
    verbatim_found = models.BooleanField(
        default=True,
        editable=False,
        help_text="Whether the text is found verbatim in the source's body; rechecked "
        "whenever either is saved.",
    )
    public = models.BooleanField(
        default=False,
        editable=False,
        help_text="Published, and so are its article, the article's outlet and its speaker. "
        "Set by the database on every write that can change it (see quote_public).",
    )
    tags = TaggableManager(blank=True)
    search_document = SearchDocument("text", "context", "speaker_description")

    objects = QuoteQuerySet.as_manager()

    page_route = "dossier:quote"
    set_on_save = (*DossierItem.set_on_save, "verbatim_found")

    class Meta(DossierItem.Meta):
        permissions = [("publish_quote", "Can publish and withdraw quotes")]
        ordering = ["source", "id"]
        # Covering indexes for what the public pages ask of 50,000 quotes:
        # the public quotes of an article (counts, the quotes list's COUNT)
        # and of a person (their page, the speaker filter's ranking)
        # without reading the wide rows.
        indexes = [
            models.Index(fields=["source", "public", "speaker"], name="quote_source_public"),
            models.Index(fields=["speaker", "public", "source"], name="quote_speaker_public"),
            # Counting a page of tags' public quotes joins thousands of
            # assignments to quotes: PostgreSQL hashes the public ones
            # from this index (INCLUDE is PostgreSQL's) instead of reading
            # every quote's text off the table.
            models.Index(
                fields=["public", "id"], include=["source", "speaker"], name="quote_public_rows"
            ),
            SearchIndex(fields=["search_document"], name="dossier_quote_search_document"),
        ]
        constraints = [
            models.CheckConstraint(
                name="quote_has_speaker",
                condition=Q(speaker__isnull=False) | ~Q(speaker_description=""),
                violation_error_message="Name the speaker, or describe the unnamed source.",
            ),
            models.CheckConstraint(
                name="second_hand_quote_names_outlet",
                condition=~Q(attribution="second_hand") | Q(relayed_from__isnull=False),
                violation_error_message="A second-hand quote names the outlet it was relayed from.",
            ),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return f"{self.speaker_label}: “{words}”"

    def save(self, *args, **kwargs):
        self.verbatim_found = self.find_in_source() is not None
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        super().refresh_derived()
        # The database sets `public` (quote_public); the quote's own status
        # is its likely value, so the rows a large first import writes need
        # setting again only where the article, outlet or speaker disagree.
        self.public = self.status == Status.PUBLISHED

    def clean(self):
        super().clean()
        if self.statement_id is None or self.statement.grouping_rationale.strip():
            return
        others = self.statement.quotes.exclude(pk=self.pk) if self.pk else self.statement.quotes
        problems = grouping_problems([self.rendering, *(quote.rendering for quote in others)])
        if problems:
            raise ValidationError(f"Statement “{self.statement}”: " + grouping_message(problems))

    @property
    def rendering(self) -> Rendering:
        return Rendering(f"“{self.text[:40]}”", self.text, self.said_on)

    def slug_basis(self) -> str:
        # "peskov-there-are-no-plans": who, then the first words; words in
        # Chinese or Japanese leave nothing a slug keeps, so their article's
        # slug stands in for them.
        who = self.speaker.name.split()[-1] if self.speaker_id else ""
        basis = " ".join([who, *self.text.split()[:6]])
        if slugify(self.text) or not self.source_id:
            return basis
        return f"{who} {self.source.slug}"

    def find_in_source(self) -> Match | None:
        return find_verbatim(self.text, self.source.body)

    @property
    def speaker_label(self) -> str:
        return self.speaker.name if self.speaker_id else self.speaker_description
