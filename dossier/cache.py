"""The public pages' cache, keyed on the dossier's version.

A single `SiteVersion` row counts changes. Every write that can change a
public page bumps it inside the writer's own transaction: `DossierItem`
saves and deletes, the relations edited inline or through m2m fields, tags,
and the importer (once per import that changed something). A reader sees
the new version only once the new data is committed too, so a page cached
under a version holds data at least that new, and an edit is never
followed by a stale page.

Anonymous GET/HEAD requests for public pages are answered from Django's
cache, keyed on (version, URL). Every such page carries an ETag (version +
URL) and Last-Modified (the version's time), so a revalidation is answered
304 without rendering. Reading the version is the one query a cached page
costs. Editors (any session cookie), the admin and pages carrying messages
or cookies are never cached.
"""

import hashlib
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag

PAGE_CACHE = "pages"
# A Last-Modified has one-second resolution: a page served in the same
# second as a change could share it with the next version's and be
# wrongly revalidated, so such a page carries only its ETag.
SETTLED = timedelta(seconds=1)


def current_version(using: str = DEFAULT_DB_ALIAS) -> tuple[int, object]:
    """(counter, changed_at) of the dossier, in one query."""
    from dossier.models import SiteVersion

    row = SiteVersion.objects.using(using).filter(pk=1).values_list("counter", "changed_at")
    found = row.first()
    return found if found else (0, None)


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Count a change to something public, in the caller's transaction."""
    from dossier.models import SiteVersion

    with transaction.atomic(using=using):
        bumped = (
            SiteVersion.objects.using(using)
            .filter(pk=1)
            .update(counter=F("counter") + 1, changed_at=timezone.now())
        )
        if not bumped:
            SiteVersion.objects.using(using).update_or_create(
                pk=1, defaults={"counter": 1, "changed_at": timezone.now()}
            )


_MISSING = object()
# The version as read once by a reading request (a dict holding it, or empty
# until read), set by PageCache around every GET and HEAD; None elsewhere.
_read_in_request: ContextVar[dict | None] = ContextVar("dossier_version", default=None)


def request_version() -> tuple[int, object]:
    """`current_version()`, read once per reading request and shared by the
    page cache and every figure the page shows (a quotes list asked three
    times); read afresh outside a request. A GET or HEAD changes nothing
    public, and whatever it computes after the read is at least that new."""
    memo = _read_in_request.get()
    if memo is None:
        return current_version()
    if "version" not in memo:
        memo["version"] = current_version()
    return memo["version"]


_figures_bypassed: ContextVar[bool] = ContextVar("dossier_figures_bypassed", default=False)


@contextmanager
def figures_bypassed():
    """Within the block, `per_version` neither reads nor stores: for a staff
    preview, which renders a page from a state readers must never get."""
    token = _figures_bypassed.set(True)
    try:
        yield
    finally:
        _figures_bypassed.reset(token)


def per_version(key: str, compute):
    """`compute()`, worked out once per dossier version and shared by every
    page that shows it until something public changes.

    For figures over the whole dossier that a page cannot get from an index
    alone (how many quotes are public, who is quoted most, which tags are in
    use): tens of milliseconds each at scale, the same answer for every
    request in between edits. Kept beside the pages, under the same version,
    so it can be no staler than a cached page (DOSSIER_FIGURE_CACHE).
    """
    if not getattr(settings, "DOSSIER_FIGURE_CACHE", True) or _figures_bypassed.get():
        return compute()
    counter, changed_at = request_version()
    stamp = changed_at.timestamp() if changed_at else 0
    cache = caches[PAGE_CACHE]
    cache_key = f"figure:{counter}:{stamp}:{key}"
    value = cache.get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(cache_key, value)
    return value


_paused = threading.local()


@contextmanager
def signal_bumps_paused():
    """Within the block, saves and deletes do not bump the version row by
    row: for the importer, which bumps once itself when it changed
    anything."""
    depth = getattr(_paused, "depth", 0)
    _paused.depth = depth + 1
    try:
        yield
    finally:
        _paused.depth = depth


def _bump_on_signal(sender, using=None, raw=False, **kwargs):
    if raw or getattr(_paused, "depth", 0):  # loaddata; the importer
        return
    action = kwargs.get("action")
    if action is not None and not action.startswith("post_"):
        return  # m2m_changed: once, after the change
    bump(using or DEFAULT_DB_ALIAS)


def connect_signals() -> None:
    """Bump the version after every save or delete of anything a public page
    can show, and after every change to an m2m relation between them."""
    from taggit.models import Tag, TaggedItem

    from dossier import models

    senders = [
        models.Outlet,
        models.Source,
        models.Citation,
        models.Person,
        models.Statement,
        models.Quote,
        models.Hop,
        models.Event,
        models.Participation,
        models.Claim,
        models.ClaimReport,
        models.ClaimLink,
        models.Story,
        Tag,
        TaggedItem,
    ]
    for sender in senders:
        uid = f"dossier-version-{sender._meta.label}"
        post_save.connect(_bump_on_signal, sender=sender, dispatch_uid=uid + "-save")
        post_delete.connect(_bump_on_signal, sender=sender, dispatch_uid=uid + "-delete")
    # taggit's add/remove/clear/set send m2m_changed with its through model.
    for through in (models.Event.sources.through, models.ClaimLink.sources.through, TaggedItem):
        uid = f"dossier-version-m2m-{through._meta.label}"
        m2m_changed.connect(_bump_on_signal, sender=through, dispatch_uid=uid)


def _etag(version: tuple[int, object], url: str) -> str:
    counter, changed_at = version
    stamp = changed_at.timestamp() if changed_at else 0
    digest = hashlib.blake2b(f"{counter}|{stamp}|{url}".encode(), digest_size=12).hexdigest()
    return quote_etag(f"{counter}-{digest}")


class PageCache:
    """Serve anonymous readers' public pages from the cache, with ETag and
    Last-Modified, answering revalidations 304.

    Sits below WhiteNoise (static files never get here) and above the
    session, auth and message middleware, which a cached page skips.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def cacheable_request(self, request) -> bool:
        if not getattr(settings, "DOSSIER_PAGE_CACHE", True):
            return False
        if request.method not in ("GET", "HEAD"):
            return False
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if request.path.startswith(self.admin_prefix):
            return False
        # A session (an editor, a reviewer) or pending messages: this
        # reader's page may differ from everyone else's.
        cookies = request.COOKIES
        return not (settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies)

    @staticmethod
    def cacheable_response(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )

    def __call__(self, request):
        reading = request.method in ("GET", "HEAD")
        token = _read_in_request.set({} if reading else None)
        try:
            return self.respond(request)
        finally:
            _read_in_request.reset(token)

    def respond(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        version = request_version()
        url = request.build_absolute_uri()
        etag = _etag(version, url)
        changed_at = version[1]
        last_modified = None
        if changed_at and timezone.now() - changed_at >= SETTLED:
            last_modified = int(changed_at.timestamp())

        def conditional(response):
            response.headers["ETag"] = etag
            if last_modified is not None:
                response.headers["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            return response

        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return conditional(not_modified)

        cache = caches[PAGE_CACHE]
        key = "page:" + etag.strip('"')
        cached = cache.get(key)
        if cached is not None:
            return conditional(cached)
        response = self.get_response(request)
        if self.cacheable_response(response):
            cache.set(key, response)
            return conditional(response)
        return response
