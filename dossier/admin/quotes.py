from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join

from dossier import wording
from dossier.diff import word_diff
from dossier.models import Person, Quote, Statement, Status
from dossier.workflow import may_change

from . import sources
from .base import CREDIBILITY_ACTIONS, BusiestFilter, DossierAdmin
from .inlines import HopInline, NewStatementQuoteInline, StatementQuoteRowInline


@admin.register(Statement)
class StatementAdmin(DossierAdmin):
    list_display = ["title", "origins", "status"]
    search_fields = ["title", "slug", "quotes__text"]
    inlines = [StatementQuoteRowInline, NewStatementQuoteInline]
    readonly_fields = [*DossierAdmin.readonly_fields, "renderings"]
    fieldsets = [(None, {"fields": ["title", "slug", "renderings", "grouping_rationale"]})]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "quotes",
                    Quote.objects.select_related("source__outlet", "speaker").prefetch_related(
                        "hops"
                    ),
                )
            )
        )

    @admin.display(description="Renderings side by side")
    def renderings(self, obj):
        quotes = list(obj.quotes.all()) if obj.pk else []
        if not quotes:
            return "None yet: add quotes below, or group them from the quote list."
        texts = [quote.text for quote in quotes]
        cells = format_html_join(
            "",
            "<td><p>{}</p><p><small>{} — {}</small></p></td>",
            (
                (word_diff(quote.text, texts), quote.source.outlet.name, quote.source.title)
                for quote in quotes
            ),
        )
        return format_html(
            '<table class="renderings"><tr>{}</tr></table>'
            "<p><small>Highlighted: the words a rendering does not share with the others. "
            "{}.</small></p>",
            cells,
            wording.origins(*obj.origin_counts()),
        )


@admin.action(description="Group the selected quotes as one statement", permissions=["change"])
def group_as_statement(modeladmin, request, queryset):
    quotes = list(queryset.select_related("statement", "speaker").order_by("pk"))
    if len(quotes) < 2:
        modeladmin.message_user(request, "Select two quotes or more to group.", messages.ERROR)
        return
    locked = [quote for quote in quotes if not may_change(request.user, quote)]
    if locked:
        modeladmin.message_user(
            request,
            f"Nothing grouped: {len(locked)} of the selected quotes are published or withdrawn, "
            "and only a reviewer changes those.",
            messages.ERROR,
        )
        return
    existing = [quote.statement for quote in quotes if quote.statement_id]
    with transaction.atomic():
        statement = existing[0] if existing else None
        if statement is None:
            first = quotes[0]
            base = f"{first.speaker_label}: {first.text}"[:280]
            slug = f"statement-{first.slug}"[:200]
            statement = Statement.objects.create(title=base, slug=slug, status=Status.DRAFT)
        for quote in quotes:
            if quote.statement_id != statement.pk:
                quote.statement = statement
                quote._history_user = request.user
                quote._change_reason = f"Grouped into statement “{statement.title}”"
                quote.save()
    merged = {s.pk for s in existing} - {statement.pk}
    note = f" ({len(merged)} other statement(s) emptied)" if merged else ""
    modeladmin.message_user(
        request,
        format_html(
            "{} quotes grouped as <a href='{}'>{}</a>{}.",
            len(quotes),
            f"../statement/{statement.pk}/change/",
            statement.title,
            note,
        ),
        messages.SUCCESS,
    )


class SpeakerFilter(BusiestFilter):
    title = "speaker (the 20 quoted most; search for others)"
    parameter_name = "speaker"
    related, lookup = Person, "speaker"
    counted, counted_field = Quote, "speaker"


class OutletFilter(sources.OutletFilter):
    lookup = "source__outlet"


@admin.register(Quote)
class QuoteAdmin(DossierAdmin):
    list_display = [
        "short_text",
        "speaker_label",
        "source",
        "credibility_badge",
        "verbatim",
        "status",
    ]
    list_filter = [
        "status",
        "verbatim_found",
        "attribution",
        "credibility",
        OutletFilter,
        SpeakerFilter,
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
    actions = [*DossierAdmin.actions, group_as_statement, *CREDIBILITY_ACTIONS]
    readonly_fields = [*DossierAdmin.readonly_fields, "verbatim_check"]
    inlines = [HopInline]
    fieldsets = [
        (None, {"fields": ["text", "slug", "source", "verbatim_check", "statement"]}),
        ("Who said it", {"fields": [("speaker", "speaker_description"), "context", "said_on"]}),
        (
            "Attribution and grade",
            {"fields": [("attribution", "relayed_from"), ("credibility", "credibility_rationale")]},
        ),
    ]

    @admin.display(description="Quote", ordering="text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="Speaker", ordering="speaker__name")
    def speaker_label(self, obj):
        return obj.speaker_label

    @admin.display(description="Verbatim", boolean=True, ordering="verbatim_found")
    def verbatim(self, obj):
        return obj.verbatim_found

    @admin.display(description="Found in the source?")
    def verbatim_check(self, obj):
        if not obj.pk:
            return "Checked once saved."
        match = obj.find_in_source()
        if match is None:
            return format_html(
                "<strong>Not found.</strong> The text does not appear verbatim in “{}”: "
                "correct the quote or the article.",
                obj.source.title,
            )
        excerpt = obj.source.body[max(0, match.start - 60) : match.end + 60]
        return format_html(
            "Yes, on line {} of the article: “…{}…”", match.line(obj.source.body), excerpt
        )
