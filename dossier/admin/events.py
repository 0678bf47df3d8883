from django.contrib import admin

from dossier.models import Event, Participation, Story

from .base import DossierAdmin, count_column, related_count
from .inlines import ParticipationInline


@admin.register(Story)
class StoryAdmin(DossierAdmin):
    list_display = ["title", "status", "updated"]
    search_fields = ["title", "summary"]

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": ["title", "slug", "summary"]}), self.publication_fieldset()]


@admin.register(Event)
class EventAdmin(DossierAdmin):
    list_display = [
        "title",
        "date_display",
        "location",
        "participant_count",
        "source_count",
        "status",
    ]
    list_filter = ["status", "date_precision", "tags"]
    search_fields = ["title", "slug", "summary", "location"]
    autocomplete_fields = ["sources"]
    date_hierarchy = "date"
    inlines = [ParticipationInline]

    def get_fieldsets(self, request, obj=None):
        return [
            (
                None,
                {"fields": ["title", "slug", ("date", "date_precision"), "location", "summary"]},
            ),
            ("Reported by", {"fields": ["sources"]}),
            self.background_fieldset(),
            self.publication_fieldset(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_count=related_count(Participation, "event"),
                source_count=related_count(Event.sources.through, "event"),
            )
        )

    @admin.display(description="Date", ordering="date")
    def date_display(self, obj):
        return obj.date_display

    participant_count = count_column("participant_count", "People")

    source_count = count_column("source_count", "Sources")
