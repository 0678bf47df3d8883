"""The editors' workbench: every kind of thing in a dossier, with the columns,
filters, inlines and bulk actions editors reach for."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.html import format_html

from dossier.models import (
    Citation,
    Credibility,
    Event,
    Outlet,
    Participation,
    Person,
    Quote,
    Reliability,
    Source,
    Statement,
    Status,
    Story,
)
from dossier.verbatim import find_verbatim

admin.site.site_header = "Dossier — editors' desk"
admin.site.site_title = "Dossier admin"
admin.site.index_title = "The dossier"


def _set_status(modeladmin, request, queryset, status: str) -> None:
    # update() skips save(); keep `updated` honest by hand.
    count = queryset.exclude(status=status).update(status=status, updated=timezone.now())
    label = Status(status).label.lower()
    modeladmin.message_user(
        request, f"{count} {modeladmin.opts.verbose_name_plural} marked {label}.", messages.SUCCESS
    )


@admin.action(description="Publish the selected items", permissions=["change"])
def publish(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Status.PUBLISHED)


@admin.action(description="Unpublish the selected items (back to draft)", permissions=["change"])
def unpublish(modeladmin, request, queryset):
    _set_status(modeladmin, request, queryset, Status.DRAFT)


def grade_action(field: str, value, label: str):
    """A bulk action setting `field` to one grade, e.g. "Set reliability: B"."""

    @admin.action(description=f"Set {field}: {label}", permissions=["change"])
    def action(modeladmin, request, queryset):
        count = queryset.update(**{field: value, "updated": timezone.now()})
        modeladmin.message_user(request, f"{count} graded {label}.", messages.SUCCESS)

    action.__name__ = f"set_{field}_{value}"
    return action


RELIABILITY_ACTIONS = [grade_action("reliability", g.value, g.label) for g in Reliability]
CREDIBILITY_ACTIONS = [grade_action("credibility", g.value, g.label) for g in Credibility]


class DossierAdmin(admin.ModelAdmin):
    """What every kind shares: status filter, publish actions, timestamps."""

    actions = [publish, unpublish]
    list_filter = ["status"]
    list_per_page = 50
    readonly_fields = ["created", "updated"]
    save_on_top = True
    show_facets = admin.ShowFacets.NEVER  # facet counts cost a query per filter option
    # An address typed without a scheme is almost always https today.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="Tags")
    def tag_list(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))


def grade_badge(grade: str, meaning: str):
    return format_html('<span title="{}"><strong>{}</strong> {}</span>', meaning, grade, meaning)


# -- inlines -------------------------------------------------------------------


class CitationInline(admin.TabularInline):
    model = Citation
    fk_name = "source"
    extra = 0
    fields = ["position", "cited_source", "cited_outlet", "note"]
    autocomplete_fields = ["cited_source", "cited_outlet"]
    verbose_name = "citation"
    verbose_name_plural = "what this article cites"


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0
    fields = [
        "text",
        ("speaker", "speaker_description"),
        ("attribution", "relayed_from"),
        ("credibility", "credibility_rationale"),
        ("statement", "slug", "status"),
    ]
    autocomplete_fields = ["speaker", "statement", "relayed_from"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "statement", "relayed_from")


class StatementQuoteInline(QuoteInline):
    fields = [
        "text",
        ("source", "speaker", "speaker_description"),
        ("attribution", "relayed_from"),
        ("credibility", "credibility_rationale"),
        ("slug", "status"),
    ]
    autocomplete_fields = ["source", "speaker", "relayed_from"]
    verbose_name_plural = "renderings of this statement"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet")


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["position", "person", "role"]
    autocomplete_fields = ["person"]
    verbose_name_plural = "participants"


# -- model admins --------------------------------------------------------------


@admin.register(Story)
class StoryAdmin(DossierAdmin):
    list_display = ["title", "status", "updated"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "summary", "notes", "status", "created", "updated"]


@admin.register(Outlet)
class OutletAdmin(DossierAdmin):
    list_display = ["name", "reliability_badge", "country", "language", "article_count", "status"]
    list_filter = ["status", "reliability", "country", "language"]
    search_fields = ["name", "slug", "country"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [*DossierAdmin.actions, *RELIABILITY_ACTIONS]
    fieldsets = [
        (None, {"fields": ["name", "slug", "homepage", ("country", "language")]}),
        ("Grade", {"fields": ["reliability", "reliability_rationale"]}),
        ("Publication", {"fields": ["notes", "status", ("created", "updated")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("sources"))

    @admin.display(description="Reliability", ordering="reliability")
    def reliability_badge(self, obj):
        return grade_badge(obj.reliability, Reliability(obj.reliability).meaning)

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Source)
class SourceAdmin(DossierAdmin):
    list_display = [
        "title",
        "outlet",
        "published_on",
        "reliability_badge",
        "quote_count",
        "tag_list",
        "status",
    ]
    list_filter = ["status", "outlet", "reliability", "outlet__reliability", "tags"]
    list_select_related = ["outlet"]
    search_fields = ["title", "slug", "byline", "outlet__name", "body"]
    autocomplete_fields = ["outlet"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_on"
    actions = [*DossierAdmin.actions, *RELIABILITY_ACTIONS]
    inlines = [CitationInline, QuoteInline]
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
        ("Publication", {"fields": ["tags", "notes", "status", ("created", "updated")]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(quote_count=Count("quotes"))
            .prefetch_related("tags")
        )

    @admin.display(description="Reliability")
    def reliability_badge(self, obj):
        grade = obj.effective_reliability
        own = "" if obj.reliability else " (outlet's)"
        return grade_badge(grade, Reliability(grade).meaning + own)

    @admin.display(description="Quotes", ordering="quote_count")
    def quote_count(self, obj):
        return obj.quote_count


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
    fieldsets = [
        (None, {"fields": ["name", "slug", "aliases", "role", "affiliation", "bio"]}),
        ("Publication", {"fields": ["tags", "notes", "status", ("created", "updated")]}),
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


@admin.register(Statement)
class StatementAdmin(DossierAdmin):
    list_display = ["title", "rendering_count", "status"]
    search_fields = ["title", "slug", "quotes__text"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [StatementQuoteInline]
    fields = ["title", "slug", "notes", "status", ("created", "updated")]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(rendering_count=Count("quotes"))

    @admin.display(description="Renderings", ordering="rendering_count")
    def rendering_count(self, obj):
        return obj.rendering_count


@admin.register(Quote)
class QuoteAdmin(DossierAdmin):
    list_display = [
        "short_text",
        "speaker_label",
        "source",
        "attribution",
        "credibility_badge",
        "statement",
        "status",
    ]
    list_filter = [
        "status",
        "attribution",
        "credibility",
        "source__outlet",
        "speaker",
        "tags",
    ]
    list_select_related = ["speaker", "source", "statement"]
    search_fields = [
        "text",
        "slug",
        "speaker__name",
        "speaker__aliases",
        "speaker_description",
        "source__title",
    ]
    autocomplete_fields = ["speaker", "source", "statement", "relayed_from"]
    actions = [*DossierAdmin.actions, *CREDIBILITY_ACTIONS]
    readonly_fields = [*DossierAdmin.readonly_fields, "verbatim_check"]
    fieldsets = [
        (None, {"fields": ["text", "slug", "source", "verbatim_check", "statement"]}),
        ("Who said it", {"fields": [("speaker", "speaker_description"), "context", "said_on"]}),
        (
            "Attribution and grade",
            {"fields": [("attribution", "relayed_from"), ("credibility", "credibility_rationale")]},
        ),
        ("Publication", {"fields": ["tags", "notes", "status", ("created", "updated")]}),
    ]

    @admin.display(description="Quote", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="Speaker", ordering="speaker__name")
    def speaker_label(self, obj):
        return obj.speaker_label

    @admin.display(description="Credibility", ordering="credibility")
    def credibility_badge(self, obj):
        return grade_badge(str(obj.credibility), Credibility(obj.credibility).meaning)

    @admin.display(description="Found in the source?")
    def verbatim_check(self, obj):
        if not obj.pk:
            return "Checked once saved."
        match = find_verbatim(obj.text, obj.source.body)
        if match is None:
            return format_html(
                "<strong>Not found.</strong> The text does not appear verbatim in “{}”.",
                obj.source.title,
            )
        return f"Yes, on line {match.line(obj.source.body)} of the article."


@admin.register(Event)
class EventAdmin(DossierAdmin):
    list_display = [
        "title",
        "date_display",
        "location",
        "participant_count",
        "source_count",
        "tag_list",
        "status",
    ]
    list_filter = ["status", "date_precision", "tags"]
    search_fields = ["title", "slug", "summary", "location"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sources"]
    date_hierarchy = "date"
    inlines = [ParticipationInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("date", "date_precision"), "location", "summary"]}),
        ("Reported by", {"fields": ["sources"]}),
        ("Publication", {"fields": ["tags", "notes", "status", ("created", "updated")]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                participant_count=Count("participations", distinct=True),
                source_count=Count("sources", distinct=True),
            )
            .prefetch_related("tags")
        )

    @admin.display(description="Date", ordering="date")
    def date_display(self, obj):
        return obj.date_display

    @admin.display(description="People", ordering="participant_count")
    def participant_count(self, obj):
        return obj.participant_count

    @admin.display(description="Sources", ordering="source_count")
    def source_count(self, obj):
        return obj.source_count
