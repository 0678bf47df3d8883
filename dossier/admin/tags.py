"""Tags, as the review workflow sees them: a tag's name is part of every
published item that carries it, so renaming such a tag takes a reviewer of
each of those kinds, like any change to published text; merging tags
deletes some, which is a reviewer's too."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from taggit.admin import TagAdmin
from taggit.models import Tag

from dossier.models import Claim, Event, Person, Quote, Source
from dossier.workflow import can_publish

TAGGED = [Source, Person, Quote, Event, Claim]


admin.site.unregister(Tag)


@admin.register(Tag)
class ReviewedTagAdmin(TagAdmin):
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        # Asked for each kind the user may not publish only: a reviewer's
        # page asks the database nothing, though Django checks many times.
        return all(
            can_publish(request.user, model)
            or not model.objects.published().filter(tags=obj).exists()
            for model in TAGGED
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("taggit.delete_tag"):
            actions.pop("render_tag_form", None)
        return actions

    def merge_tags_view(self, request):
        if not request.user.has_perm("taggit.delete_tag"):
            raise PermissionDenied
        return super().merge_tags_view(request)
