"""What every admin page of the dossier shares: the review workflow, bulk
grading, history with field-level diffs, and a reason for each change."""

from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from dossier import wording
from dossier.models import Credibility, EditConflict, PublicationRefused, Reliability, Status
from dossier.selectors.common import count_per_row
from dossier.workflow import allowed_statuses, can_publish, change_status, may_change, off_the_site

from .publication import (
    offer_dependencies,
    preview_response,
    preview_url,
    public_site_panel,
    publish_dependencies,
)


class DossierItemForm(forms.ModelForm):
    """The form of every dossier item, as a page of its own or as an inline
    row: its status offers only the moves the user may make, it remembers
    the version it was opened at, and a row the user may not change (a
    published quote among a draft statement's renderings, for an editor)
    is shown but not editable."""

    change_reason = forms.CharField(
        required=False,
        max_length=100,
        label="Reason for this change",
        help_text="Kept in the history. When a published grade changes, readers see it "
        "as the reason for the correction.",
    )
    # The version this form was opened at: a save from a stale form is refused
    # instead of silently overwriting someone else's edit.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Ticked dependencies are published with the item, when it is.
    publish_dependencies = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Publish with it",
        help_text="What this depends on that is not published yet: ticked ones are "
        "published in the same step when this is published.",
    )
    # The user the admin builds the form for (set on the class it makes per request).
    workflow_user = None
    # A page of its own offers to publish what the item depends on; an inline row does not.
    offers_dependencies = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and getattr(instance, "_history", None) is not None:
            # A history record being reverted: it is checked and saved
            # against the item as it stands now, not as it stood then.
            instance.version, instance._stored_status = (
                type(instance)
                ._base_manager.filter(pk=instance.pk)
                .values_list("version", "status")
                .get()
            )
            self.initial["status"] = instance._stored_status
        if instance.pk:
            self.fields["expected_version"].initial = instance.version
        user = self.workflow_user
        if user is None:
            return
        stored = instance.stored_status()
        if "status" in self.fields:
            allowed = allowed_statuses(user, type(instance), stored)
            self.fields["status"].choices = [
                (value, label) for value, label in Status.choices if value in allowed
            ]
            if stored is None:
                self.fields["status"].initial = Status.DRAFT
        if self.offers_dependencies:
            offer_dependencies(self, user)
        if instance.pk and not may_change(user, instance):
            for field in self.fields.values():
                field.disabled = True

    @property
    def changed_data(self):
        # The version and the dependencies offered travel with the form;
        # neither is a change of the item.
        quiet = {"expected_version", "publish_dependencies"}
        return [name for name in super().changed_data if name not in quiet]

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected:
            model = type(self.instance)
            current = model._base_manager.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if current and current[0] != expected:
                if self.changed_data:
                    raise forms.ValidationError(self.conflict_message(), code="edit_conflict")
            else:
                self.instance.expected_version = expected
        return cleaned

    def conflict_message(self) -> str:
        latest = self.instance.history.select_related("history_user").first()
        who = latest.history_user if latest and latest.history_user else "someone else"
        when = f" at {latest.history_date:%H:%M on %-d %b}" if latest else ""
        return (
            f"{who} saved this {self.instance._meta.verbose_name}{when}, after you opened it. "
            "Your changes were not saved: open it again to see theirs, then redo yours."
        )


def _status_action(status: str, description: str, permission: str):
    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        objects = [
            obj
            for obj in queryset
            if status in allowed_statuses(request.user, type(obj), obj.status)
        ]
        count = change_status(objects, status, request.user)
        skipped = queryset.count() - len(objects)
        label = Status(status).label.lower()
        modeladmin.message_user(
            request,
            f"{count} {modeladmin.opts.verbose_name_plural} marked {label}.",
            messages.SUCCESS,
        )
        if skipped:
            modeladmin.message_user(
                request,
                f"{skipped} left as they were: only a reviewer moves a published or "
                "withdrawn item.",
                messages.WARNING,
            )
        if status == Status.PUBLISHED and objects:
            pks = [obj.pk for obj in objects]
            hidden = len(pks) - modeladmin.model.objects.published().filter(pk__in=pks).count()
            if hidden:
                modeladmin.message_user(
                    request,
                    f"{hidden} of them are still off the public site: something they depend "
                    "on (an article, an outlet, a speaker) is not published. Each one's page "
                    "says what, and offers to publish it.",
                    messages.WARNING,
                )

    action.__name__ = status if status != Status.IN_REVIEW else "submit_for_review"
    return action


submit_for_review = _status_action(
    Status.IN_REVIEW, "Submit the selected items for review", "change"
)
back_to_draft = _status_action(Status.DRAFT, "Send the selected items back to draft", "change")
publish = _status_action(Status.PUBLISHED, "Publish the selected items", "publish")
withdraw = _status_action(Status.WITHDRAWN, "Withdraw the selected items", "publish")


def grade_action(field: str, value, label: str):
    """A bulk action setting `field` to one grade, e.g. "Set reliability: B"."""

    @admin.action(description=f"Set {field}: {label}", permissions=["change"])
    def action(modeladmin, request, queryset):
        objects = list(queryset.exclude(**{field: value}))
        changeable = [obj for obj in objects if may_change(request.user, obj)]
        for obj in changeable:
            setattr(obj, field, value)
            obj._history_user = request.user
            obj._change_reason = f"{field.capitalize()} set to {label} in bulk"
            obj.save()
        modeladmin.message_user(request, f"{len(changeable)} graded {label}.", messages.SUCCESS)
        if len(changeable) < len(objects):
            modeladmin.message_user(
                request,
                f"{len(objects) - len(changeable)} left as they were: only a reviewer changes "
                "a published or withdrawn item.",
                messages.WARNING,
            )

    action.__name__ = f"set_{field}_{value}"
    return action


RELIABILITY_ACTIONS = [grade_action("reliability", g.value, g.label) for g in Reliability]
CREDIBILITY_ACTIONS = [grade_action("credibility", g.value, g.label) for g in Credibility]


def count_column(annotation: str, description: str):
    """A sortable list column showing a count the queryset annotates."""

    @admin.display(description=description, ordering=annotation)
    def column(modeladmin, obj):
        return getattr(obj, annotation)

    column.__name__ = annotation
    return column


def titled(title: str, base=admin.ChoicesFieldListFilter):
    """A field's filter under a title of our own: a list filtering on its
    own grade and its outlet's would otherwise show two "By reliability"."""

    class Titled(base):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


class BusiestFilter(admin.SimpleListFilter):
    """A filter on a relation with thousands of choices that lists only the
    `limit` most frequent (and the one chosen), in one query; search finds
    the rest.  Subclasses name the `related` model, the `lookup` from the
    listed model to it, and the rows that rank it: `counted` rows grouped by
    their `counted_field` pointing at it."""

    limit = 20
    related: type[models.Model]
    lookup: str
    counted: type[models.Model]
    counted_field: str

    def lookups(self, request, model_admin):
        field = self.counted_field
        ranked = (
            self.counted.objects.order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .order_by("-n", field)
            .values(field)[: self.limit]
        )
        wanted = Q(pk__in=ranked)
        if self.chosen() is not None:
            wanted |= Q(pk=self.chosen())
        return [(str(obj.pk), str(obj)) for obj in self.related.objects.filter(wanted)]

    def chosen(self) -> int | None:
        value = self.value()
        return int(value) if value and value.isdigit() else None

    def queryset(self, request, queryset):
        if self.chosen() is not None:
            return queryset.filter(**{self.lookup: self.chosen()})
        return queryset


def grade_badge(grade: str, meaning: str):
    return format_html('<span title="{}"><strong>{}</strong> {}</span>', meaning, grade, meaning)


# The reference for what an item says that the dossier's own articles do
# not (a role, a date of office): readers see it marked "Background" with
# its link.
BACKGROUND = (
    "Background reference",
    {
        "fields": [("background_title", "background_url")],
        "description": "Only for facts not in the dossier's sources: name the "
        "reference (an official biography, an encyclopaedia entry) and its address.",
        "classes": ["collapse"],
    },
)

# The form fields that only serve a save: a read-only page leaves them out.
SAVE_ONLY = {"change_reason", "expected_version", "publish_dependencies"}


@contextmanager
def refusals_told(modeladmin, request):
    """Turn a save the model refused (a race past the form's version check,
    or a move the workflow forbids) into a message; the caller then sends
    the user back to the form. The transaction was rolled back."""
    try:
        yield
    except (EditConflict, PublicationRefused) as refusal:
        modeladmin.message_user(request, str(refusal), messages.ERROR)


class DossierAdmin(SimpleHistoryAdmin):
    """The base of every kind's admin: status filter and workflow actions,
    timestamps, history, and a status field limited to what the user may do."""

    form = DossierItemForm
    actions = [submit_for_review, back_to_draft, publish, withdraw]
    list_filter = ["status"]
    list_per_page = 50
    readonly_fields = ["created", "updated", "published_at", "published_by", "public_site"]
    publication_fields = (
        "tags",
        "notes",
        "public_site",
        "status",
        "publish_dependencies",
        "change_reason",
        ("created", "updated"),
        ("published_at", "published_by"),
        "expected_version",
    )
    save_on_top = True
    object_history_list_template = "admin/dossier/object_history_list.html"
    show_facets = admin.ShowFacets.NEVER  # facet counts cost a query per filter option
    # An address typed without a scheme is almost always https today.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ["admin/dossier.css"]}

    # The kind's own fieldsets: `get_fieldsets` adds the publication one.
    fieldsets = []
    # List columns {name: (heading, model, field)}: how many `model` rows
    # point at the listed row through `field`, drafts included (the desk
    # counts everything). `count_per_row` sorts like `Count()` without its
    # GROUP BY over every joined row.
    counts = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, (description, *_) in cls.counts.items():
            setattr(cls, name, count_column(name, description))

    def get_queryset(self, request):
        counts = {
            name: count_per_row(model._default_manager.all(), field)
            for name, (_, model, field) in self.counts.items()
        }
        return super().get_queryset(request).annotate(**counts)

    def get_fieldsets(self, request, obj=None):
        has_tags = any(f.name == "tags" for f in self.model._meta.get_fields())
        fields = [f for f in self.publication_fields if f != "tags" or has_tags]
        return [*self.fieldsets, ("Publication", {"fields": fields})]

    def get_ordering(self, request):
        # Explicit, so lists and autocompletes that annotate counts (GROUP BY
        # drops the default ordering) still page in a stable order.
        return self.ordering or [*self.model._meta.ordering, "pk"]

    def has_publish_permission(self, request):
        return can_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        # A published or withdrawn item opens read-only for an editor.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_change(request.user, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.workflow_user = request.user
        form.offers_dependencies = True
        return form

    def view_on_site(self, obj):
        # An item readers cannot see opens as its preview, not as a 404.
        return preview_url(obj) if off_the_site(obj) else obj.get_absolute_url()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with refusals_told(self, request):
            return super().changeform_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(request.get_full_path())

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Reverting to an earlier version: only for who may change the item
        as it stands now, checked like any other save."""
        if request.method == "POST":
            current = self.get_object(request, object_id)
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        with refusals_told(self, request):
            return super().history_form_view(request, object_id, version_id, extra_context)
        return HttpResponseRedirect(request.get_full_path())

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and not self.has_change_permission(request, obj):
            # Read-only: the fields that only serve a save have nothing to show.
            adminform = context["adminform"]
            adminform.fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f not in SAVE_ONLY]})
                for name, options in adminform.fieldsets
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        opts = self.model._meta
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name=f"{opts.app_label}_{opts.model_name}_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """The item's public page as it would look published (staff only)."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404
        return preview_response(request, obj)

    @admin.display(description="On the public site?")
    def public_site(self, obj):
        return public_site_panel(obj)

    # List columns of more than one kind.

    @admin.display(description="Credibility", ordering="credibility")
    def credibility_badge(self, obj):
        return grade_badge(str(obj.credibility), Credibility(obj.credibility).meaning)

    @admin.display(description="Reports")
    def origins(self, obj):
        return wording.origins(*obj.origin_counts())

    def response_action(self, request, queryset):
        # A bulk action changes all its items or, if one is refused (the page
        # cache out of reach, say), none: Django runs it in no transaction.
        with transaction.atomic():
            return super().response_action(request, queryset)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        published = publish_dependencies(form, request.user)
        if published:
            self.message_user(
                request, f"Also published {published} item(s) it depends on.", messages.SUCCESS
            )

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason")
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)
