from django.contrib import admin

from dossier.models import Participation, Person, Quote

from .base import DossierAdmin, count_column, related_count


@admin.register(Person)
class PersonAdmin(DossierAdmin):
    list_display = [
        "name",
        "role",
        "affiliation",
        "quote_count",
        "event_count",
        "status",
    ]
    list_filter = ["status", "kind", "affiliation", "tags"]
    search_fields = ["name", "aliases", "slug", "role", "affiliation"]

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["name", "kind", "slug", "aliases", "role", "affiliation", "bio"]}),
            self.background_fieldset(),
            self.publication_fieldset(),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                quote_count=related_count(Quote, "speaker"),
                event_count=related_count(Participation, "person"),
            )
        )

    quote_count = count_column("quote_count", "Quotes")

    event_count = count_column("event_count", "Events")
