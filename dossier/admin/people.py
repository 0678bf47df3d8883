from django.contrib import admin

from dossier.models import Participation, Person, Quote

from .base import BACKGROUND, DossierAdmin


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
    counts = {
        "quote_count": ("Quotes", Quote, "speaker"),
        "event_count": ("Events", Participation, "person"),
    }
    fieldsets = [
        (None, {"fields": ["name", "kind", "slug", "aliases", "role", "affiliation", "bio"]}),
        BACKGROUND,
    ]
