"""The review workflow: who may move a thing to which status, and the one
function that does it (recording who published and when)."""

from collections.abc import Iterable

from django.utils import timezone

from dossier.models import Status


def can_publish(user, model) -> bool:
    """Publishing and withdrawing take the model's `publish_*` permission."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def allowed_statuses(user, model, current: str | None) -> list[str]:
    """The statuses `user` may choose for an object now in `current`."""
    if can_publish(user, model):
        return list(Status.values)
    if current in Status.needing_publish_permission():
        # Only a reviewer takes a published (or withdrawn) item back out.
        return [current]
    return [Status.DRAFT, Status.IN_REVIEW]


def mark_status(obj, status: str, user) -> None:
    """Set `status` on an unsaved change, recording a publication."""
    obj.status = status
    if status == Status.PUBLISHED:
        obj.published_at = timezone.now()
        obj.published_by = user if user and user.is_authenticated else None


def change_status(objects: Iterable, status: str, user, reason: str = "") -> int:
    """Move each object to `status`, saving one by one so every change lands
    in its history with the user and the reason. Returns how many changed."""
    changed = 0
    label = Status(status).label
    for obj in objects:
        if obj.status == status:
            continue
        mark_status(obj, status, user)
        obj._history_user = user
        obj._change_reason = reason or f"Status set to {label.lower()}"
        obj.save()
        changed += 1
    return changed
