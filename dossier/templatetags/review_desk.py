"""The review queue on the admin home (`templates/admin/dossier/index.html`)."""

from django import template
from django.urls import reverse

from dossier.review_queue import review_queue

register = template.Library()


@register.inclusion_tag("admin/dossier/review_queue.html", takes_context=True)
def review_queue_panel(context):
    return {"queue": review_queue(context["request"].user)}


@register.filter
def admin_change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@register.filter
def admin_history_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
