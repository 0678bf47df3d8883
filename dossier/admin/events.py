from django.contrib import admin

from dossier.models import Event, Participation, Story

from .base import BACKGROUND, DossierAdmin
from .inlines import ParticipationInline


@admin.register(Story)
class StoryAdmin(DossierAdmin):
    list_display = ["title", "status", "updated"]
    search_fields = ["title", "summary"]
    fieldsets = [(None, {"fields": ["title", "slug", "summary"]})]


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
    counts = {
        "participant_count": ("People", Participation, "event"),
        "source_count": ("Sources", Event.sources.through, "event"),
    }
    fieldsets = [
        (None, {"fields": ["title", "slug", ("date", "date_precision"), "location", "summary"]}),
        ("Reported by", {"fields": ["sources"]}),
        BACKGROUND,
    ]

    @admin.display(description="Date", ordering="date")
    def date_display(self, obj):
        return obj.date_display
