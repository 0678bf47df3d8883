"""Rows drawn by Jinja2, for an inline whose rows are edited in place but
never added there (a thing's quotes): the table's body is one Jinja2
template with the cells Django's tabular inline draws. Through the Django
template engine, the tabular template's loops over each row's fieldsets,
lines and fields cost more than the rows' widgets themselves."""

from django.contrib.admin.utils import display_for_value, flatten_fieldsets
from django.forms.models import BaseInlineFormSet
from django.urls import reverse


class RowsFormSet(BaseInlineFormSet):
    """Rows whose table body is drawn from `template_name` (Jinja2, in
    dossier/jinja2/) by the forms' renderer. `columns` names each cell in
    the inline's order, with the function showing it when it is read-only."""

    template_name = "admin/dossier/rows.html"
    columns: list = []

    def get_context(self):
        opts = self.model._meta
        change = f"admin:{opts.app_label}_{opts.model_name}_change"
        return {
            "formset": self,
            "columns": self.columns,
            "pk_name": opts.pk.name,
            "fk_name": self.fk.name,
            "change_url": lambda item: reverse(change, args=[item.pk]),
        }


class JinjaRows:
    """An inline (listed before `TabularInline`) drawn as `RowsFormSet`'s
    rows when the user may change them; otherwise Django's tabular template
    shows every field as text, as for any inline."""

    formset = RowsFormSet
    template = "admin/dossier/edit_inline/rows.html"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        readonly = self.get_readonly_fields(request, obj)
        columns = [
            (name, self.shown(name) if name in readonly else None)
            for name in flatten_fieldsets(self.get_fieldsets(request, obj))
        ]
        return type(formset.__name__, (formset,), {"columns": columns})

    def shown(self, name: str):
        """How a read-only column (a method of the inline) shows a row's item."""
        method = getattr(self, name)
        boolean = getattr(method, "boolean", False)
        empty = self.get_empty_value_display()
        return lambda item: display_for_value(method(item), empty, boolean)
