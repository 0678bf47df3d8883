import datetime

from django.db import models
from taggit.managers import TaggableManager

from .background import BackgroundReference
from .base import DossierItem
from .person import Person
from .search_document import SearchDocument, SearchIndex
from .source import Source


class Event(DossierItem, BackgroundReference):
    """Something that happened, on a date known to some precision."""

    class Precision(models.TextChoices):
        DAY = "day", "Exact day"
        MONTH = "month", "Month only"
        APPROXIMATE = "approximate", "Approximate"

    title = models.CharField(max_length=300)
    date = models.DateField(db_index=True)
    date_precision = models.CharField(
        max_length=20, choices=Precision.choices, default=Precision.DAY
    )
    summary = models.TextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    participants = models.ManyToManyField(
        Person, through="Participation", related_name="events", blank=True
    )
    sources = models.ManyToManyField(
        Source,
        related_name="events",
        blank=True,
        help_text="The articles that report this event.",
    )
    tags = TaggableManager(blank=True)
    search_document = SearchDocument("title", "summary", "location")

    page_route = "dossier:event"

    class Meta(DossierItem.Meta):
        permissions = [("publish_event", "Can publish and withdraw events")]
        ordering = ["date", "title"]
        indexes = [
            # The timeline walks the published events in date order and
            # stops after a page, where the status index alone had it sort
            # every published event for each page.
            models.Index(fields=["status", "date", "title"], name="event_timeline"),
            SearchIndex(fields=["search_document"], name="dossier_event_search_document"),
        ]

    @property
    def date_display(self) -> str:
        return describe_date(self.date, self.date_precision)


def describe_date(date: datetime.date, precision: str) -> str:
    """ "16 October 2025", "October 2025" or "c. mid-October 2025"."""
    month_year = date.strftime("%B %Y")
    if precision == Event.Precision.MONTH:
        return month_year
    if precision == Event.Precision.APPROXIMATE:
        part = "early" if date.day <= 10 else "mid" if date.day <= 20 else "late"
        return f"c. {part}-{month_year}"
    return f"{date.day} {month_year}"


class Participation(models.Model):
    """A person taking part in an event, in a role, in the order editors chose."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=200, blank=True, help_text='"host", "caller", "envoy"…')
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="one_participation_per_person")
        ]

    def __str__(self):
        return f"{self.person} in {self.event}" + (f" ({self.role})" if self.role else "")
