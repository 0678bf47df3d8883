"""Inlines: the parts an editor thinks of as belonging to a thing."""

from django.contrib import admin

from dossier.models import Citation, ClaimLink, ClaimReport, DossierItem, Hop, Participation, Quote
from dossier.workflow import may_change

from .base import DossierItemForm


class PartInline:
    """An inline whose rows are part of the item above them: a published or
    withdrawn item's parts (its chain, its citations, its participants) are
    a reviewer's, like the item. Rows that are items themselves (quotes)
    also follow their own status, through their form."""

    def parent_editable(self, request, obj) -> bool:
        item = obj.claim if isinstance(obj, ClaimReport) else obj
        return not isinstance(item, DossierItem) or may_change(request.user, item)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self.parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.parent_editable(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.workflow_user = request.user
        return formset


class CitationInline(PartInline, admin.TabularInline):
    model = Citation
    fk_name = "source"
    extra = 0
    fields = ["position", "cited_source", "cited_outlet", "note"]
    autocomplete_fields = ["cited_source", "cited_outlet"]
    verbose_name = "citation"
    verbose_name_plural = "what this article cites"


class QuoteInline(PartInline, admin.StackedInline):
    model = Quote
    form = DossierItemForm
    extra = 0
    fields = [
        "text",
        ("speaker", "speaker_description"),
        ("attribution", "relayed_from"),
        ("credibility", "credibility_rationale"),
        ("statement", "slug", "status", "expected_version"),
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
        ("slug", "status", "expected_version"),
    ]
    autocomplete_fields = ["source", "speaker", "relayed_from"]
    verbose_name_plural = "renderings of this statement"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source__outlet")


class ParticipationInline(PartInline, admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["position", "person", "role"]
    autocomplete_fields = ["person"]
    verbose_name_plural = "participants"


class HopInline(PartInline, admin.TabularInline):
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


class ClaimReportInline(PartInline, admin.TabularInline):
    model = ClaimReport
    extra = 0
    fields = ["position", "source"]
    autocomplete_fields = ["source"]
    show_change_link = True  # the report's own page edits its chain
    verbose_name = "report"
    verbose_name_plural = "sources making this claim (open one to edit its attribution chain)"


class ClaimLinkInline(PartInline, admin.TabularInline):
    model = ClaimLink
    fk_name = "from_claim"
    extra = 0
    fields = ["kind", "to_claim", "rationale", "sources", "resolved", "resolution"]
    autocomplete_fields = ["to_claim", "sources"]
    verbose_name = "link to another claim"
    verbose_name_plural = "how this claim bears on others"
