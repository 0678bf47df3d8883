from django.contrib import admin

from dossier.models import Outlet, Quote, Reliability, Source

from .base import BACKGROUND, RELIABILITY_ACTIONS, BusiestFilter, DossierAdmin, grade_badge, titled
from .desk import DeskMixin
from .inlines import CitationInline, NewQuoteInline, QuoteRowInline


class OutletFilter(BusiestFilter):
    title = "outlet (the 20 with most articles; search for others)"
    parameter_name = "outlet"
    related, lookup = Outlet, "outlet"
    counted, counted_field = Source, "outlet"


@admin.register(Outlet)
class OutletAdmin(DossierAdmin):
    list_display = ["name", "reliability_badge", "country", "language", "article_count", "status"]
    list_filter = ["status", "reliability", "country", "language"]
    search_fields = ["name", "slug", "country"]
    actions = [*DossierAdmin.actions, *RELIABILITY_ACTIONS]
    counts = {"article_count": ("Articles", Source, "outlet")}
    fieldsets = [
        (None, {"fields": ["name", "slug", "homepage", ("country", "language")]}),
        ("Grade", {"fields": ["reliability", "reliability_rationale"]}),
        BACKGROUND,
    ]

    @admin.display(description="Reliability", ordering="reliability")
    def reliability_badge(self, obj):
        return grade_badge(obj.reliability, Reliability(obj.reliability).meaning)


@admin.register(Source)
class SourceAdmin(DeskMixin, DossierAdmin):
    list_display = [
        "title",
        "outlet",
        "published_on",
        "reliability_badge",
        "quote_count",
        "status",
    ]
    list_filter = [
        "status",
        OutletFilter,
        ("reliability", titled("the article's own grade")),
        ("outlet__reliability", titled("its outlet's reliability")),
        "tags",
    ]
    list_select_related = ["outlet"]
    search_fields = ["title", "slug", "byline", "outlet__name", "body"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_on"
    actions = [*DossierAdmin.actions, *RELIABILITY_ACTIONS]
    inlines = [CitationInline, QuoteRowInline, NewQuoteInline]
    counts = {"quote_count": ("Quotes", Quote, "source")}
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "outlet", "url", ("byline", "published_on", "language")]},
        ),
        ("Text", {"fields": ["body"]}),
        (
            "Grade",
            {
                "fields": ["reliability", "reliability_rationale"],
                "description": "Leave empty to use the outlet's grade.",
            },
        ),
    ]

    def get_queryset(self, request):
        # With its outlet: the change page's offer to publish what the
        # article needs reads it.
        return super().get_queryset(request).select_related("outlet")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        flagged = form.instance.quotes.filter(verbatim_found=False).count()
        if flagged:
            self.message_user(
                request,
                f"{flagged} quote(s) of this article are no longer found verbatim in its text; "
                "they are flagged in the quote list (filter “Found in the source: No”).",
                level="warning",
            )

    @admin.display(description="Reliability")
    def reliability_badge(self, obj):
        grade = obj.effective_reliability
        own = "" if obj.reliability else " (outlet's)"
        return grade_badge(grade, Reliability(grade).meaning + own)
