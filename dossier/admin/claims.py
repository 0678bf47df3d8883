from django.contrib import admin
from django.db.models import Prefetch

from dossier.models import Claim, ClaimLink, ClaimReport

from .base import CREDIBILITY_ACTIONS, DossierAdmin
from .inlines import ClaimLinkInline, ClaimReportInline, FollowsItems, HopInline


@admin.register(Claim)
class ClaimAdmin(DossierAdmin):
    list_display = [
        "title",
        "verification",
        "credibility_badge",
        "origins",
        "status",
    ]
    list_filter = ["status", "verification", "credibility", "tags"]
    search_fields = ["title", "slug", "summary"]
    autocomplete_fields = ["event"]
    actions = [*DossierAdmin.actions, *CREDIBILITY_ACTIONS]
    inlines = [ClaimReportInline, ClaimLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "event"]}),
        ("Assessment", {"fields": ["verification", ("credibility", "credibility_rationale")]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("event")
            .prefetch_related(
                Prefetch(
                    "reports",
                    ClaimReport.objects.select_related("source").prefetch_related("hops"),
                ),
            )
        )


@admin.register(ClaimReport)
class ClaimReportAdmin(FollowsItems, admin.ModelAdmin):
    """Where an editor edits the chain by which one source knows a claim."""

    list_display = ["claim", "source", "position"]
    list_select_related = ["claim", "source"]
    search_fields = ["claim__title", "source__title"]
    autocomplete_fields = ["claim", "source"]
    inlines = [HopInline]
    Media = DossierAdmin.Media

    def has_module_permission(self, request):
        return False  # reached from its claim, not from the index


@admin.register(ClaimLink)
class ClaimLinkAdmin(FollowsItems, admin.ModelAdmin):
    list_display = ["from_claim", "kind", "to_claim", "resolved"]
    list_filter = ["kind", "resolved"]
    list_select_related = ["from_claim", "to_claim"]
    search_fields = ["from_claim__title", "to_claim__title", "rationale"]
    autocomplete_fields = ["from_claim", "to_claim", "sources"]
    Media = DossierAdmin.Media
