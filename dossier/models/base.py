"""What every piece of a dossier shares: a slug, a place in the review
workflow, sanitised editor notes and a history of every change."""

import functools
import re
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from simple_history.models import HistoricalRecords

from dossier.sanitize import sanitize
from dossier.slugs import unique_slug


class Status(models.TextChoices):
    """The review workflow: draft → in review → published, and withdrawn.

    Editors move things between draft and in review; publishing and
    withdrawing take a reviewer (the `publish_*` permission).
    """

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"

    @classmethod
    def needing_publish_permission(cls) -> set[str]:
        return {cls.PUBLISHED, cls.WITHDRAWN}


class EditConflict(Exception):
    """Someone else saved the object since this copy of it was loaded."""


class PublicationRefused(PermissionDenied):
    """A save the review workflow does not allow the user acting."""


def can_publish(user, model) -> bool:
    """Publishing and withdrawing take the model's `publish_*` permission."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def publication_refusal(user, model, stored: str | None, wanted: str) -> str | None:
    """The review workflow's one rule, or why it refuses this save.

    A published or withdrawn item, and every move into or out of those
    statuses, belongs to holders of the kind's `publish_<kind>` permission
    (the Reviewers group): an editor neither publishes, withdraws nor
    changes what readers see. `stored` is the status as saved now (None for
    a new item). `user` None is the system itself (a migration, the shell,
    an import run without `--as`), which the rule trusts.
    """
    guarded = Status.needing_publish_permission()
    if user is None or (stored not in guarded and wanted not in guarded):
        return None
    if can_publish(user, model):
        return None
    name, reviewer = model._meta.verbose_name, "a reviewer (the Reviewers group)"
    if stored == wanted:
        return f"This {name} is {Status(stored).label.lower()}: only {reviewer} changes it."
    if stored in guarded:
        return f"This {name} is {Status(stored).label.lower()}: only {reviewer} takes it out."
    return f"Only {reviewer} makes a {name} {Status(wanted).label.lower()}."


_SLUG_PLACEHOLDER = "0-slug-0"


@functools.lru_cache(maxsize=256)
def _reversed(name: str, args: tuple, prefix: str, urlconf: str) -> str:
    """reverse(), kept per script prefix (read from the request's context)
    and URLconf."""
    return reverse(name, args=args, urlconf=urlconf)


def _where() -> tuple[str, str]:
    # The site's one URLconf: no middleware sets request.urlconf. Asking
    # Django for the request's own raises and catches an exception inside a
    # context-local, for every link of a page, when there is none.
    return get_script_prefix(), settings.ROOT_URLCONF


def route(name: str) -> str:
    """`reverse(name)` for a route without arguments, resolved once: a page
    prints a score of them (its navigation, breadcrumbs and list links)."""
    return _reversed(name, (), *_where())


def routes(*names: str) -> dict[str, str]:
    """`route()` of each of `names`, by name, the script prefix (a
    context-local behind a lock) read once for them all."""
    where = _where()
    return {name: _reversed(name, (), *where) for name in names}


def detail_url(name: str, slug: str) -> str:
    """`reverse(name, args=[slug])` for a detail page, resolved once per
    route: a list page links a few hundred items. The slug is quoted as
    reverse() quotes it (a tag's slug may be in any script)."""
    return detail_urls(name)(slug)


def detail_urls(name: str):
    """`detail_url` for many items of one route: the script prefix and
    URLconf read once for them all."""
    reversed_ = _reversed(name, (_SLUG_PLACEHOLDER,), *_where())
    return lambda slug: reversed_.replace(
        _SLUG_PLACEHOLDER, slug if _PLAIN_SLUG.fullmatch(slug) else quote(slug, safe=_SAFE)
    )


_SAFE = RFC3986_SUBDELIMS + "/~:@"
# What quote() leaves as it is: most slugs, which need not go through it.
_PLAIN_SLUG = re.compile(r"[-\w]+", re.ASCII)


class Unindexed(models.Func):
    """A column's value that SQLite's planner may not look up through an
    index (SQLite's documented unary `+`); other databases see the column.

    For a condition on a small table that is better checked row by row than
    used to drive a join: with 200 outlets, SQLite otherwise starts the quotes
    list from the index of published outlets, visits every published quote
    and sorts them all to show twenty, where it could walk the articles'
    own index newest first and stop after the page.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


class DossierHistory(HistoricalRecords):
    """simple-history's records for every kind, leaving out the fields each
    kind derives from others. One list serves all kinds: simple-history
    skips a name a kind does not have when it copies fields, but not when it
    reverts to an old version, so each kind keeps only its own names."""

    def create_history_model(self, model, inherited):
        history = super().create_history_model(model, inherited)
        names = {field.name for field in model._meta.fields}
        history._history_excluded_fields = [n for n in self.excluded_fields if n in names]
        return history


class PublishableQuerySet(models.QuerySet):
    """Every public query starts here: readers only ever see `published()`."""

    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def in_review(self):
        return self.filter(status=Status.IN_REVIEW)


class DossierItem(models.Model):
    """Abstract base of every public kind (outlet, source, person, quote, ...).

    `slug` is the natural key the fixture importer matches on; `notes` is the
    editor's text (a little HTML allowed) and `notes_html` its sanitised copy,
    refreshed on every save so templates never render raw editor input.
    """

    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        help_text="The address of its page. Leave empty to have one made from the name or title.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    notes = models.TextField(
        blank=True,
        help_text="Editor notes shown to readers. A little HTML is allowed: "
        "links, emphasis, lists, paragraphs.",
    )
    notes_html = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts saves, so a save made from a stale copy can be refused.",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = PublishableQuerySet.as_manager()
    # Every change, with who made it and why, for the admin's history and
    # the public corrections. Derived HTML is left out: it follows the text;
    # so is a quote's `public`, which follows its and its relations' statuses,
    # and a search document, which follows the columns searched.
    history = DossierHistory(
        inherit=True,
        excluded_fields=["notes_html", "public", "search_document", "search_names"],
    )

    # Rich text fields and the sanitised field each is rendered from.
    rich_text_fields = {"notes": "notes_html"}
    # The route of the kind's public page, which takes the item's slug.
    page_route = ""
    # Fields save() sets itself, so written with any `update_fields` (as is
    # each rich text field's HTML).
    set_on_save = ("updated", "published_at", "version", "published_by")

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, "name", None) or getattr(self, "title", None) or self.slug

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.slug_basis(), exclude_pk=self.pk)
        self.refresh_derived()
        self.updated = timezone.now()
        stored, user = self.stored_status(), self.acting_user()
        if self.status == Status.PUBLISHED and stored != Status.PUBLISHED:
            # Each publication records who and when; withdrawals are dated
            # and signed in the history.
            self.published_at = self.updated
            self.published_by = user
        self.stamp_publication(self.updated)
        if kwargs.get("update_fields") is not None:
            derived = [*self.set_on_save, *self.rich_text_fields.values()]
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        refusal = publication_refusal(user, type(self), stored, self.status)
        if refusal:
            raise PublicationRefused(refusal)
        with transaction.atomic():
            if self.pk is not None and not self._state.adding:
                self.claim_next_version()
            super().save(*args, **kwargs)
        self._stored_status = self.status

    def get_absolute_url(self):
        return self.page_url

    @property
    def page_url(self) -> str:
        """The address of the item's public page. A property, so that
        templates read it as an attribute: a call from a template goes
        through Jinja's check of what the callable is passed."""
        return detail_url(self.page_route, self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "status" in instance.__dict__:
            instance._stored_status = instance.status
        return instance

    def stored_status(self) -> str | None:
        """The status as saved now: known for a copy loaded from the
        database, read for any other (a history record being reverted)."""
        if self._state.adding or self.pk is None:
            return None
        if "_stored_status" in self.__dict__:
            return self._stored_status
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True)
        return stored.first()

    def acting_user(self):
        """Who is saving: the user the admin or a workflow step names, else
        the logged-in user of the request being served, else None (the
        system itself)."""
        user = getattr(self, "_history_user", None)
        if user is None:
            request = getattr(HistoricalRecords.context, "request", None)
            user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None

    def slug_basis(self) -> str:
        """The words a slug is made from when an editor leaves it empty."""
        return getattr(self, "name", None) or getattr(self, "title", None) or ""

    def claim_next_version(self) -> None:
        """Bump the stored version, refusing if it moved since this copy was
        loaded.

        The check and the bump are one conditional UPDATE, so of two editors
        saving the same object at once exactly one wins; the other gets
        EditConflict instead of silently overwriting the first.
        """
        expected = getattr(self, "expected_version", None) or self.version
        bumped = (
            type(self)
            ._base_manager.filter(pk=self.pk, version=expected)
            .update(version=models.F("version") + 1)
        )
        if not bumped:
            raise EditConflict(
                f"This {self._meta.verbose_name} was changed by someone else since it was "
                "opened. Reload it to see their changes, then make yours again."
            )
        self.version = expected + 1

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    def stamp_publication(self, now) -> None:
        """Record when a published item first went public (kept if it was already)."""
        if self.status == Status.PUBLISHED and self.published_at is None:
            self.published_at = now

    def refresh_derived(self) -> None:
        """Recompute the stored HTML from the raw text.

        Called by `save()` and by the bulk paths of the importer, which skip
        `save()`; nothing else may write a `*_html` field.
        """
        for raw, html in self.rich_text_fields.items():
            setattr(self, html, sanitize(getattr(self, raw)))
