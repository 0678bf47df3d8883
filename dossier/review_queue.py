"""The review desk's queue, for the admin home: what waits for a reviewer
(oldest first, with who submitted it), the user's own drafts, quotes no
longer found verbatim in their article, and published items changed since
they were published.

A fixed number of queries whatever the dossier's size: one per kind and
section, each reading at most `SHOWN + 1` rows (the extra one says there
are more; the kind's filtered list has them all).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import DateTimeField, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from dossier.models import Claim, Event, Outlet, Person, Quote, Source, Statement, Status, Story

KINDS = [Quote, Source, Outlet, Person, Statement, Claim, Event, Story]
SHOWN = 10
_LONG_AGO = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


@dataclass
class Section:
    """One kind's items in one part of the queue."""

    model: type
    items: list
    more: bool
    list_url: str

    @property
    def name(self) -> str:
        return self.model._meta.verbose_name_plural


@dataclass
class Queue:
    in_review: list[Section] = field(default_factory=list)
    own_drafts: list[Section] = field(default_factory=list)
    not_verbatim: Section | None = None
    changed_since_published: list[Section] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.in_review or self.own_drafts or self.not_verbatim or self.changed_since_published
        )


def _rows(model):
    rows = model.objects.all()
    if model is Source:
        return rows.defer("body")  # an article's full text: not for a list line
    return rows.select_related("speaker") if model is Quote else rows


def _section(model, queryset, filters: str) -> Section | None:
    items = list(queryset[: SHOWN + 1])
    if not items:
        return None
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist") + filters
    return Section(model, items[:SHOWN], len(items) > SHOWN, url)


def submissions(model):
    """`model`'s items in review, annotated with when they were submitted
    and by whom (the first history record of their latest stretch in
    review), the longest waiting first."""
    history = model.history.model
    left_review = (
        history.objects.filter(id=OuterRef(OuterRef("pk")))
        .exclude(status=Status.IN_REVIEW)
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    stretch = history.objects.filter(
        id=OuterRef("pk"),
        status=Status.IN_REVIEW,
        history_date__gt=Coalesce(
            Subquery(left_review), Value(_LONG_AGO), output_field=DateTimeField()
        ),
    ).order_by("history_date")
    return (
        _rows(model)
        .in_review()
        .annotate(
            submitted_at=Subquery(stretch.values("history_date")[:1]),
            submitted_by=Subquery(stretch.values("history_user__username")[:1]),
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "pk")
    )


def own_drafts(model, user):
    history = model.history.model
    created = history.objects.filter(history_type="+", history_user=user).values("id")
    return _rows(model).drafts().filter(pk__in=created).order_by("-updated", "pk")


def changed_since_published(model):
    return (
        _rows(model)
        .filter(status=Status.PUBLISHED, updated__gt=F("published_at"))
        .order_by("-updated", "pk")
    )


def review_queue(user) -> Queue:
    queue = Queue()
    for model in KINDS:
        if not user.has_perm(f"dossier.view_{model._meta.model_name}"):
            continue
        for sections, queryset, status in [
            (queue.in_review, submissions(model), "in_review"),
            (queue.own_drafts, own_drafts(model, user), "draft"),
            (queue.changed_since_published, changed_since_published(model), "published"),
        ]:
            if section := _section(model, queryset, f"?status__exact={status}"):
                sections.append(section)
    if user.has_perm("dossier.view_quote"):
        queue.not_verbatim = _section(
            Quote,
            _rows(Quote).filter(verbatim_found=False).order_by("-updated", "pk"),
            "?verbatim_found__exact=0",
        )
    return queue
