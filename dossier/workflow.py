"""The review workflow: who may move a thing to which status, and the one
function that does it. The rule itself is enforced where every write goes
through, `DossierItem.save()` (`dossier.models.base.publication_refusal`);
what is here asks it ahead, so forms and actions can offer only what it
allows."""

from collections.abc import Iterable

from django.db import transaction

from dossier.models import Quote, Source, Statement, Status, publication_refusal
from dossier.models.base import can_publish


def allowed_statuses(user, model, current: str | None) -> list[str]:
    """The statuses `user` may choose for an object now in `current`."""
    if can_publish(user, model):
        return list(Status.values)
    if current in Status.needing_publish_permission():
        # Only a reviewer takes a published (or withdrawn) item back out.
        return [current]
    return [Status.DRAFT, Status.IN_REVIEW]


def may_change(user, obj) -> bool:
    """Whether `user` may save changes to `obj` as it is stored now: a
    published or withdrawn item is a reviewer's."""
    stored = obj.stored_status()
    return publication_refusal(user, type(obj), stored, stored or Status.DRAFT) is None


def change_status(objects: Iterable, status: str, user, reason: str = "") -> int:
    """Move each object to `status`, saving one by one so every change lands
    in its history with the user and the reason (and a publication records
    who and when). Returns how many changed."""
    changed = 0
    label = Status(status).label
    with transaction.atomic():  # all of them or, if one is refused, none
        for obj in objects:
            if obj.status == status:
                continue
            obj.status = status
            obj._history_user = user
            obj._change_reason = reason or f"Status set to {label.lower()}"
            obj.save()
            changed += 1
    return changed


def dependencies(obj) -> list:
    """The items that must be published too for `obj` to be public, as its
    kind's `published()` asks: an article needs its outlet; a quote its
    article, that article's outlet and its speaker."""
    if isinstance(obj, Quote):
        needed = [obj.source, obj.source.outlet]
        return needed + [obj.speaker] if obj.speaker_id else needed
    if isinstance(obj, Source):
        return [obj.outlet]
    return []


def hidden_renderings(statement) -> list:
    """A statement is public only with a public rendering (its page shows
    nothing else): while none is, each of its renderings keeps it off."""
    public = Quote.objects.published().filter(statement=statement)
    if public.exists():
        return []
    return list(statement.quotes.select_related("source__outlet", "speaker"))


def off_the_site(obj) -> list:
    """What keeps `obj` off the public site: itself unless published, then
    each dependency not published (for a statement, its renderings while
    none is public). Empty: readers see it."""
    blockers = [item for item in [obj, *dependencies(obj)] if item.status != Status.PUBLISHED]
    if isinstance(obj, Statement):
        blockers += hidden_renderings(obj)
    return blockers


def previewed(obj) -> list:
    """What a preview of `obj` shows as published: it and its dependencies,
    and for a statement its renderings and theirs."""
    shown = [obj, *dependencies(obj)]
    if isinstance(obj, Statement):
        for quote in hidden_renderings(obj):
            shown += [quote, *dependencies(quote)]
    return shown
