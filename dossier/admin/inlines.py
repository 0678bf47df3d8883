"""Inlines: the parts an editor thinks of as belonging to a thing."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.forms.models import BaseInlineFormSet

from dossier.models import Citation, ClaimLink, ClaimReport, DossierItem, Hop, Participation, Quote
from dossier.workflow import may_change

from .base import DossierItemForm
from .rows import JinjaRows


class RowAutocomplete(AutocompleteSelect):
    """An autocomplete that names a row's chosen item from the object read
    with the row (`chosen`, set by `NamesChosenItems`): Django's own asks the
    database for it, one query per autocomplete per row."""

    chosen = None

    def optgroups(self, name, value, attr=None):
        chosen = self.chosen
        picked = {str(v) for v in value if v not in self.choices.field.empty_values}
        if picked and (chosen is None or picked != {str(chosen.pk)}):
            return super().optgroups(name, value, attr)
        # Named from the row's own object; or nothing chosen (a new row, the
        # row the "add" link copies), for which Django's own builds a query
        # for no ids only to find it has nothing to ask.
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        if picked:
            label = self.choices.field.label_from_instance(chosen)
            options.append(self.create_option(name, chosen.pk, label, picked, len(options)))
        return [(None, options, 0)]


class NamesChosenItems:
    """A formset whose rows' autocompletes name their chosen items from the
    related objects their inline's queryset selected with the rows, and
    whose rows know the item above them: Django sets only its id, so each
    row's name ("… cites the FT") read the item again."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        row = form.instance
        if row.pk is None:
            return form
        if getattr(row, self.fk.attname) == self.instance.pk:
            self.fk.set_cached_value(row, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, RowAutocomplete):
                relation = row._meta.get_field(name)
                if relation.is_cached(row):
                    widget.chosen = relation.get_cached_value(row)
        return form


def items_changeable(user, obj) -> bool:
    """Whether `user` may change the items `obj` is or belongs to: a claim's
    report or link is part of the claims it joins, and a published or
    withdrawn item is a reviewer's."""
    if isinstance(obj, ClaimReport):
        items = [obj.claim]
    elif isinstance(obj, ClaimLink):
        items = [obj.from_claim, obj.to_claim]
    else:
        items = [obj] if isinstance(obj, DossierItem) else []
    return all(may_change(user, item) for item in items)


class FollowsItems:
    """An admin whose rows are changed and deleted only by who may change
    the items they belong to (`items_changeable` of the object)."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and items_changeable(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and items_changeable(request.user, obj)


class PartInline(FollowsItems):
    """An inline whose rows are part of the item above them: a published or
    withdrawn item's parts (its chain, its citations, its participants) are
    a reviewer's, like the item. Rows that are items themselves (quotes)
    also follow their own status, through their form."""

    # A row links to its own admin page, which links to the public one:
    # Django's "View on site" beside its "View" read as "View View on site".
    view_on_site = False
    extra = 0
    # The relations each row shows, read with the rows.
    related = []

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and items_changeable(request.user, obj)

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return rows.select_related(*self.related) if self.related else rows

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RowAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, RelatedFieldWidgetWrapper):
            # A row names its chosen item and links to its own page; the
            # pencil, eye and cross beside every row's choice went unused.
            # The "+" stays: a new row may need a person not yet in the dossier.
            widget.can_change_related = widget.can_view_related = widget.can_delete_related = False
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.workflow_user = request.user
        return type(formset.__name__, (NamesChosenItems, formset), {})


class CitationInline(PartInline, admin.TabularInline):
    model = Citation
    fk_name = "source"
    fields = ["position", "cited_source", "cited_outlet", "note"]
    autocomplete_fields = ["cited_source", "cited_outlet"]
    verbose_name_plural = "what this article cites"
    related = ["cited_source", "cited_outlet"]


class QuoteRowInline(JinjaRows, PartInline, admin.TabularInline):
    """A thing's quotes as one compact row each, linking to the quote's own
    page for the rest (attribution, relay, statement, chain): every field of
    every quote, times a busy article's quotes, is more than an editor reads
    or a page should draw. New quotes are added in `NewQuoteInline`."""

    model = Quote
    form = DossierItemForm
    fields = ["text", "said_by", "found", "credibility", "status", "expected_version"]
    readonly_fields = ["said_by", "found"]
    show_change_link = True
    related = ["speaker"]

    def has_add_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Speaker")
    def said_by(self, quote):
        return quote.speaker_label

    @admin.display(description="In the article", boolean=True)
    def found(self, quote):
        return quote.verbatim_found


class NewQuoteInline(PartInline, admin.StackedInline):
    """Quotes added from another item's page, with every field a new quote
    needs; the existing ones are `QuoteRowInline`'s rows."""

    model = Quote
    form = DossierItemForm
    fields = [
        "text",
        ("speaker", "speaker_description"),
        ("attribution", "relayed_from"),
        ("credibility", "credibility_rationale"),
        ("statement", "slug", "status"),
    ]
    autocomplete_fields = ["speaker", "statement", "relayed_from"]
    verbose_name = "new quote"
    verbose_name_plural = "add quotes"

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class StatementQuoteRowInline(QuoteRowInline):
    fields = ["text", "article", "said_by", "found", "credibility", "status", "expected_version"]
    readonly_fields = ["article", "said_by", "found"]
    related = ["speaker", "source__outlet"]
    verbose_name_plural = "renderings of this statement"

    @admin.display(description="Article")
    def article(self, quote):
        return f"{quote.source.outlet.name}: {quote.source.title}"


class NewStatementQuoteInline(NewQuoteInline):
    fields = [
        "text",
        ("source", "speaker", "speaker_description"),
        ("attribution", "relayed_from"),
        ("credibility", "credibility_rationale"),
        ("slug", "status"),
    ]
    autocomplete_fields = ["source", "speaker", "relayed_from"]
    verbose_name = "new rendering"
    verbose_name_plural = "add renderings"


class ParticipationInline(PartInline, admin.TabularInline):
    model = Participation
    fields = ["position", "person", "role"]
    autocomplete_fields = ["person"]
    verbose_name_plural = "participants"
    related = ["person"]


class HopFormSet(BaseInlineFormSet):
    """A chain's hops: a new hop starts from what the quote says (where it
    was said, whether on the record), and positions are renumbered 0, 1, 2…
    in the order the editor left the rows (dragged or moved with the
    arrows, `admin/dossier_hops.js`) when the chain is saved."""

    def __init__(self, *args, **kwargs):
        owner = kwargs.get("instance")
        if owner is not None and owner.pk and hasattr(owner, "attribution"):
            start = owner.hops.count()
            kwargs.setdefault(
                "initial",
                [
                    {
                        "position": start + n,
                        "context": owner.context,
                        "on_record": owner.attribution == Quote.Attribution.ON_RECORD,
                    }
                    for n in range(self.extra)
                ],
            )
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        saved = super().save(commit)
        if commit and self.instance.pk:
            for position, hop in enumerate(self.instance.hops.order_by("position", "id")):
                if hop.position != position:
                    Hop.objects.filter(pk=hop.pk).update(position=position)
        return saved


class HopInline(PartInline, admin.TabularInline):
    """The attribution chain, first hop (the origin) at the top."""

    model = Hop
    formset = HopFormSet
    extra = 1
    fields = ["position", "person", "outlet", "description", "how", "context", "on_record"]
    autocomplete_fields = ["person", "outlet"]
    verbose_name_plural = (
        "attribution chain: who passed it on, in order (a person, an outlet, or an unnamed "
        "source described in words)"
    )

    class Media:
        js = ["admin/dossier_hops.js"]

    related = ["person", "outlet"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs["widget"] = forms.HiddenInput  # set by the rows' order
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ClaimReportInline(PartInline, admin.TabularInline):
    model = ClaimReport
    fields = ["position", "source"]
    autocomplete_fields = ["source"]
    show_change_link = True  # the report's own page edits its chain
    verbose_name = "report"
    verbose_name_plural = "sources making this claim (open one to edit its attribution chain)"
    related = ["source"]


class ClaimLinkInline(PartInline, admin.TabularInline):
    model = ClaimLink
    fk_name = "from_claim"
    fields = ["kind", "to_claim", "rationale", "sources", "resolved", "resolution"]
    autocomplete_fields = ["to_claim", "sources"]
    verbose_name = "link to another claim"
    verbose_name_plural = "how this claim bears on others"
