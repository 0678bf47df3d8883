from django.contrib import admin
from django.db.models import Count

from dossier.models import Person

from .base import DossierAdmin, count_column


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

    quote_count = count_column("quote_count", "Quotes")

    event_count = count_column("event_count", "Events")
