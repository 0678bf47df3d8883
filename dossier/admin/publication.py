"""Published but invisible, no more: what keeps an item off the public site,
publishing what it depends on in the same step, and a staff preview of its
public page as it would look published."""

from django import forms
from django.db import transaction
from django.urls import resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html, format_html_join

from dossier.models import Statement, Status
from dossier.workflow import can_publish, change_status, dependencies, off_the_site, previewed


def admin_link(obj) -> str:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html(
        '<a href="{}">{} “{}”</a> ({})',
        url,
        opts.verbose_name,
        obj,
        obj.get_status_display().lower(),
    )


def preview_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview", args=[obj.pk])


def public_site_panel(obj) -> str:
    """Whether readers see `obj`, and if not, each thing keeping it off."""
    if not obj.pk:
        return "Not yet: save it first."
    blockers = off_the_site(obj)
    if isinstance(obj, Statement) and not obj.quotes.exists():
        return "No: a statement's page shows its renderings, and it has none yet."
    if not blockers:
        return format_html(
            'Yes, at <a href="{}">{}</a>.', obj.get_absolute_url(), obj.get_absolute_url()
        )
    return format_html(
        '<span class="off-site">Not on the public site until these are published:</span>'
        '<ul class="off-site-list">{}</ul>{}',
        format_html_join("", "<li>{}</li>", ((admin_link(item),) for item in blockers)),
        format_html('<a href="{}">Preview its public page</a>', preview_url(obj)),
    )


def dependency_key(obj) -> str:
    return f"{obj._meta.model_name}:{obj.pk}"


def offer_dependencies(form, user) -> None:
    """Fill the form's `publish_dependencies` with what `user` may publish
    of the item's unpublished dependencies; hide it when there is none."""
    field = form.fields.get("publish_dependencies")
    if field is None:
        return
    instance = form.instance
    offered = []
    if instance.pk:
        offered = [
            item
            for item in dependencies(instance)
            if item.status != Status.PUBLISHED and can_publish(user, type(item))
        ]
    form.dependencies_offered = {dependency_key(item): item for item in offered}
    field.choices = [
        (dependency_key(item), f"its {item._meta.verbose_name}: {item}") for item in offered
    ]
    field.initial = list(form.dependencies_offered)
    if not offered:
        field.widget = forms.MultipleHiddenInput()
        field.label, field.help_text = "", ""


def publish_dependencies(form, user) -> int:
    """After an item's save: publish the dependencies ticked, if the item
    is now published. Each goes through the workflow's rule and history."""
    chosen = form.cleaned_data.get("publish_dependencies") or []
    if form.instance.status != Status.PUBLISHED or not chosen:
        return 0
    offered = getattr(form, "dependencies_offered", {})
    items = [offered[key] for key in chosen if key in offered]
    return sum(
        change_status([item], Status.PUBLISHED, user, f"Published with {form.instance}")
        for item in items
    )


PREVIEW_NOTICE = (
    '<p class="preview-notice" role="status"><strong>Preview.</strong> '
    "This is how the page would look if it and what it depends on were published; "
    "readers do not see it.</p>"
)


def preview_response(request, obj):
    """The public page of `obj` as it would look published: rendered by the
    public view itself, inside a transaction that publishes `obj` and its
    dependencies and is rolled back, so nothing is written. The page cache
    never sees it (staff bypass it, and the public view is called directly),
    and the response is marked never to be cached or indexed."""
    match = resolve(obj.get_absolute_url())
    with transaction.atomic():
        for item in previewed(obj):
            type(item)._base_manager.filter(pk=item.pk).update(status=Status.PUBLISHED)
        try:
            response = match.func(request, *match.args, **match.kwargs)
        finally:
            transaction.set_rollback(True)
    content = response.content.decode(response.charset)
    content = content.replace(
        "</head>", '<meta name="robots" content="noindex, nofollow">\n</head>', 1
    )
    body_at = content.find(">", content.find("<body")) + 1
    content = content[:body_at] + PREVIEW_NOTICE + content[body_at:]
    response.content = content.encode(response.charset)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
