from django.contrib import admin
from django.db.models import Count

from dossier.models import Person

from .base import DossierAdmin


@admin.register(Person)
class PersonAdmin(DossierAdmin):
    list_display = [
        "name",
        "role",
        "affiliation",
        "quote_count",
        "event_count",
        "tag_list",
        "status",
    ]
    list_filter = ["status", "affiliation", "tags"]
    search_fields = ["name", "aliases", "slug", "role", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["name", "slug", "aliases", "role", "affiliation", "bio"]}),
            self.publication_fieldset(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_count=Count("quotes", distinct=True),
                event_count=Count("participations", distinct=True),
            )
            .prefetch_related("tags")
        )

    @admin.display(description="Quotes", ordering="quote_count")
    def quote_count(self, obj):
        return obj.quote_count

    @admin.display(description="Events", ordering="event_count")
    def event_count(self, obj):
        return obj.event_count
