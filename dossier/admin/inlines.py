"""Inlines: the parts an editor thinks of as belonging to a thing."""

from django.contrib import admin

from dossier.models import Citation, ClaimLink, ClaimReport, Hop, Participation, Quote


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


class HopInline(admin.TabularInline):
    """The attribution chain, first hop (the origin) at the top."""

    model = Hop
    extra = 1
    fields = ["position", "person", "outlet", "description", "how", "context", "on_record"]
    autocomplete_fields = ["person", "outlet"]
    verbose_name = "hop"
    verbose_name_plural = (
        "attribution chain: who passed it on, in order (a person, an outlet, or an unnamed "
        "source described in words)"
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "outlet")


class ClaimReportInline(admin.TabularInline):
    model = ClaimReport
    extra = 0
    fields = ["position", "source"]
    autocomplete_fields = ["source"]
    show_change_link = True  # the report's own page edits its chain
    verbose_name = "report"
    verbose_name_plural = "sources making this claim (open one to edit its attribution chain)"


class ClaimLinkInline(admin.TabularInline):
    model = ClaimLink
    fk_name = "from_claim"
    extra = 0
    fields = ["kind", "to_claim", "rationale", "sources", "resolved", "resolution"]
    autocomplete_fields = ["to_claim", "sources"]
    verbose_name = "link to another claim"
    verbose_name_plural = "how this claim bears on others"
