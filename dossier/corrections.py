"""Corrections: a grade that changed while readers could see it.

Derived from the history simple-history keeps, so there is nothing extra for
an editor to fill in: the reason typed with the change (or else the new
rationale) is what readers are told.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter

from django.db.models import QuerySet
from simple_history.utils import get_history_model_for_model

from dossier.models import Status
from dossier.shapes import compiled

GRADES = {"reliability": "Reliability", "credibility": "Credibility"}


@dataclass(frozen=True)
class Correction:
    date: datetime.datetime
    field: str
    old: str
    new: str
    reason: str

    def __str__(self):
        text = f"{self.field} changed from {self.old} to {self.new} on {self.date:%-d %b %Y}"
        return f"{text}: {self.reason}" if self.reason else text


def _grade(value, field: str) -> str:
    if value not in (None, ""):
        return str(value)
    # Only an article's own reliability may be empty: it then follows its outlet.
    return "the outlet's grade" if field == "reliability" else "none"


@functools.cache
def _grade_records(model, fields: tuple[str, ...]) -> tuple[list[str], Callable]:
    """The columns a correction reads of the history records of `model`'s
    items (the grades `fields`, their rationales, the status), and the
    query of one item's records."""
    columns = ["history_date", "history_id", "status", "history_change_reason"]
    columns += [*fields, *(f"{name}_rationale" for name in fields)]

    @compiled
    def records_of(item: int) -> QuerySet:
        # Not `obj.history`: simple-history's descriptor builds a new manager
        # class on every access, which cost a page more than its query.
        history = get_history_model_for_model(model)
        return history.objects.filter(id=item).order_by().values_list(*columns)

    return columns, records_of


def corrections_for(obj) -> list[Correction]:
    """Grade changes made while `obj` was published, oldest first (one query)."""
    fields = [name for name in GRADES if hasattr(obj, name)]
    if not fields:
        return []
    # An item's few records are put in order here: an ORDER BY cost Django
    # more to compile than the sort.
    columns, records_of = _grade_records(type(obj), tuple(fields))
    records = sorted(
        (dict(zip(columns, row, strict=True)) for row in records_of(obj.pk)),
        key=itemgetter("history_date", "history_id"),
    )
    corrections = []
    for before, after in pairwise(records):
        if before["status"] != Status.PUBLISHED:
            continue  # changing a draft is editing, not correcting
        for name in fields:
            if before[name] != after[name]:
                reason = after["history_change_reason"] or after[f"{name}_rationale"]
                corrections.append(
                    Correction(
                        after["history_date"],
                        GRADES[name],
                        _grade(before[name], name),
                        _grade(after[name], name),
                        reason or "",
                    )
                )
    return corrections
