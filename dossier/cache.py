"""The public pages' cache: the one cache layer of the site.

Anonymous GET/HEAD requests for public pages are answered from the "pages"
cache (memory of this process by default; Redis shared by every worker
and host with DJANGO_CACHE_URL). A hit reads the cache alone, never
the database. Freshness, as a newsroom runs it:

- Anything leaving the public site (unpublished, withdrawn, deleted, a
  relation or tag removed, an import) starts a new *generation*: a token in
  the cache itself, replaced inside the writer's transaction and again once
  it commits, so no worker sharing the cache serves a page cached before the
  change. An entry holds the generation read before it was rendered, and is
  only served under that generation.
- Other public edits (a publication, a published item's new wording) are
  logged with the pages they touch (dossier/page_dependencies.py), again
  once committed: a page rendered before an edit that touches it is served
  for DJANGO_PAGE_FRESHNESS seconds after its render at most (0: not at
  all). A page no edit touches is never rendered twice: an edit to one
  quote's wording renders its own pages again, not the people list.
- Drafts and other non-public writes change nothing readers see: no new
  generation, and the ETag is the page's own digest, so it stays the same.
- Logged-in staff are never served from the cache and never fill it; a
  session cookie that names no logged-in user is an anonymous reader.

While the cache cannot be reached (Redis down, or out of reach of this
host), readers get every page rendered afresh, and a change readers must
be told of is refused whole (`PageCacheUnavailable`, a 503 naming the
cache): saved without its marker, it could be served stale by any worker
still reaching the cache, and after the cache came back.

A page's key holds only the query parameters its view reads (declared with
`reads()`); any other parameter is dropped before the view runs.
"""

import fcntl
import hashlib
import logging
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, get_urlconf, resolve, reverse
from django.utils.http import parse_etags, quote_etag
from django.utils.module_loading import import_string

from dossier import page_dependencies as dependencies
from dossier.page_dependencies import RECORD_PREFIX, SEQUENCE, EditLog

PAGE_CACHE = "pages"
GENERATION = "generation"
ENTRY_FIELDS = 7  # generation, rendered, ETag, status, content, headers, what it read
# Readers' browsers keep a page but ask again each time (answered 304 while
# its ETag holds), so a change reaches them on their next visit.
REVALIDATE = "public, max-age=0, must-revalidate"
ASK_AGAIN_AFTER = 5  # seconds
logger = logging.getLogger(__name__)


class PageCacheUnavailable(Exception):
    """A change readers must be told of could not be told to the page
    cache: the change is refused (its transaction rolled back)."""

    message = (
        "The site's page cache cannot be reached, so nothing was saved: readers could "
        "otherwise go on seeing the pages as they were. Try again in a minute; if this "
        "goes on, ask whoever runs the site to check the cache (DJANGO_CACHE_URL)."
    )


def reads(*names: str) -> Callable:
    """Declare the query parameters a view reads: they, and only they, are
    part of its pages' cache keys; the view never sees any other."""

    def declare(view):
        view.page_parameters = frozenset(names)
        return view

    return declare


# -- generations ------------------------------------------------------------


def _new_generation(cache) -> str:
    token = f"{time.time_ns():x}"
    cache.set(GENERATION, token, None)
    return token


def current_generation() -> str:
    cache = caches[PAGE_CACHE]
    return cache.get(GENERATION) or _new_generation(cache)


def unreachable(cache) -> tuple:
    """What `cache` raises when it cannot be reached: its backend's errors
    (`RedisPageCache.UNREACHABLE`), else a file's, as the memory cache's
    markers raise. Asked only once an error is raised, so the memory cache
    never imports redis-py."""
    return getattr(cache, "UNREACHABLE", (OSError,))


def _told(cache, tell, using: str) -> None:
    """Tell the cache of a change now, inside its transaction (refusing the
    change if the cache cannot be reached), and again once it commits (a
    page rendered in between read the old data; should the cache fail just
    then, the change stands and the failure is logged)."""
    try:
        tell()
    except unreachable(cache) as exc:
        raise PageCacheUnavailable(f"{PageCacheUnavailable.message} ({exc})") from exc
    transaction.on_commit(tell, using=using, robust=True)


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Stop serving every cached page, for every worker sharing the cache."""
    cache = caches[PAGE_CACHE]
    _told(cache, lambda: _new_generation(cache), using)


def public_edit(touched: set[str], using: str = DEFAULT_DB_ALIAS) -> None:
    """A public change that removes nothing, touching the pages that read
    any of `touched`: those rendered before it are served until the
    freshness window after their render closes."""
    cache = caches[PAGE_CACHE]
    _told(cache, lambda: dependencies.record(cache, touched, time.time()), using)


_paused = threading.local()


@contextmanager
def signal_bumps_paused():
    """Within the block, saves and deletes do not start generations row by
    row: for the importer, which bumps once itself when it changed
    anything."""
    depth = getattr(_paused, "depth", 0)
    _paused.depth = depth + 1
    try:
        yield
    finally:
        _paused.depth = depth


def _quiet(raw) -> bool:
    return raw or getattr(_paused, "depth", 0)  # loaddata; the importer


def _note_stored_row(sender, instance, raw=False, using=None, **kwargs):
    """Before an item's save: the row as stored (one query, on a write, so
    the save can tell a withdrawal from a draft's edit, and new wording
    from a change that moves the item between lists)."""
    instance._stored_row = None
    if not (_quiet(raw) or instance.pk is None or instance._state.adding):
        instance._stored_row = dependencies.stored_row(sender, instance.pk, using)


def _item_saved(sender, instance, raw=False, using=None, **kwargs):
    if _quiet(raw):
        return
    stored = getattr(instance, "_stored_row", None)
    was_public = stored is not None and stored["status"] == "published"
    if was_public and not instance.is_published:
        bump(using or DEFAULT_DB_ALIAS)
    elif instance.is_published:
        public_edit(dependencies.touched_by_save(instance, stored), using or DEFAULT_DB_ALIAS)
    # a draft saved as a draft: readers see nothing of it


# The items a relation's row shows with, as (its key, the status read
# through it): a row shows on no public page unless they are all published.
# (A hop shows with its quote, or its report's claim, whoever it names: a
# draft person's name is withheld.)
_SHOWN_WITH = {
    "dossier.citation": (("source", "status"),),
    "dossier.participation": (("event", "status"), ("person", "status")),
    "dossier.claimreport": (("claim", "status"), ("source", "status")),
    "dossier.claimlink": (("from_claim", "status"), ("to_claim", "status")),
    "dossier.hop": (("quote", "status"), ("report", "claim__status")),
}


def _statuses_shown_with(row) -> list:
    """The stored statuses of the items `row` shows with, read by key (in
    a deletion, the row's own is gone; an item gone too reads None)."""
    if row._meta.label_lower == "taggit.taggeditem":
        # Imported here: the cache backends in this module load before the apps.
        from django.contrib.contenttypes.models import ContentType

        model = ContentType.objects.get_for_id(row.content_type_id).model_class()
        pairs = [(model, row.object_id, "status")] if hasattr(model, "stored_status") else []
    else:
        pairs = [
            (field.related_model, getattr(row, field.attname), lookup)
            for name, lookup in _SHOWN_WITH.get(row._meta.label_lower, ())
            for field in [row._meta.get_field(name)]
        ]
    return [
        model._base_manager.filter(pk=pk).values_list(lookup, flat=True).first()
        for model, pk, lookup in pairs
        if pk is not None
    ]


def _shows_nowhere(obj) -> bool:
    """Is `obj`, an item or a relation's row, on no public page: stored
    unpublished, or shown only with an item that is? Unsure (nothing stored
    to read) is not nowhere."""
    own = hasattr(obj, "stored_status")
    statuses = [obj.stored_status()] if own else _statuses_shown_with(obj)
    return any(status is not None and status != "published" for status in statuses)


def _relation_saved(sender, instance, created=False, raw=False, using=None, **kwargs):
    if _quiet(raw):
        return
    # A new tag is on no item yet, and a new row of a draft shows nowhere. A
    # changed row is always told: it may have left a published item.
    if created and (sender._meta.label_lower == "taggit.tag" or _shows_nowhere(instance)):
        return
    public_edit({dependencies.table(sender)}, using or DEFAULT_DB_ALIAS)


def _note_shown(sender, instance, **kwargs):
    """Before a deletion: whether the row shows anywhere, read while the
    items it shows with are still stored (Django deletes them first)."""
    instance._dossier_shows_nowhere = not _quiet(False) and _shows_nowhere(instance)


def _removed(sender, instance, using=None, **kwargs):
    if not (_quiet(False) or getattr(instance, "_dossier_shows_nowhere", False)):
        bump(using or DEFAULT_DB_ALIAS)


def _relation_changed(sender, instance, action, reverse, using=None, pk_set=None, **kwargs):
    if _quiet(False) or not action.startswith("post_"):
        return
    if not reverse and _shows_nowhere(instance):
        return  # a draft's tags or sources
    if action in ("post_add", "post_remove") and not pk_set:
        return  # the form set the tags it had: nothing changed
    if action == "post_add":
        public_edit({dependencies.table(sender)}, using or DEFAULT_DB_ALIAS)
    else:
        bump(using or DEFAULT_DB_ALIAS)


def connect_signals() -> None:
    """Sort every write to anything a public page can show into removal,
    public edit or draft (see the module's docstring)."""
    from taggit.models import Tag, TaggedItem

    from dossier import models

    items = [
        models.Outlet,
        models.Source,
        models.Person,
        models.Statement,
        models.Quote,
        models.Event,
        models.Claim,
        models.Story,
    ]
    relations = [
        models.Citation,
        models.Hop,
        models.Participation,
        models.ClaimReport,
        models.ClaimLink,
        Tag,
        TaggedItem,
    ]
    for sender in items + relations:
        uid = f"dossier-pages-{sender._meta.label}"
        pre_delete.connect(_note_shown, sender=sender, dispatch_uid=uid + "-before-delete")
        post_delete.connect(_removed, sender=sender, dispatch_uid=uid + "-delete")
        if sender in relations:
            post_save.connect(_relation_saved, sender=sender, dispatch_uid=uid + "-save")
        else:
            pre_save.connect(_note_stored_row, sender=sender, dispatch_uid=uid + "-before")
            post_save.connect(_item_saved, sender=sender, dispatch_uid=uid + "-save")
            post_init.connect(dependencies.item_built, sender=sender, dispatch_uid=uid + "-shown")
    for through in (models.Event.sources.through, models.ClaimLink.sources.through, TaggedItem):
        uid = f"dossier-pages-m2m-{through._meta.label}"
        m2m_changed.connect(_relation_changed, sender=through, dispatch_uid=uid)


# -- the cache backends -----------------------------------------------------


def is_marker(key: str) -> bool:
    """The generation and the edit log: what every worker must read alike."""
    return key in (GENERATION, SEQUENCE) or key.startswith(RECORD_PREFIX)


DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # of pages each process holds
_sizes: dict[str, dict] = {}


class BoundedMemoryCache(LocMemCache):
    """Django's local-memory cache, bounded by the bytes it holds
    (OPTIONS MAX_BYTES) as well as by its entries: the least recently used
    go first.

    The pages stay in each process's memory, but the generation and the
    edit log are small files in OPTIONS MARKERS_FOLDER, which every worker
    process of the host reads (the generation and the log's length on each
    request): a withdrawal saved through one worker leaves the pages of all
    of them, and an edit reaches all of them.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self._max_bytes = int(options.get("MAX_BYTES", DEFAULT_MAX_BYTES))
        self._sizes = _sizes.setdefault(name, {"total": 0, "keys": {}})
        self._folder = options.get("MARKERS_FOLDER") or os.path.join(
            tempfile.gettempdir(), f"dossier-pages-{os.getuid()}-{name}"
        )

    # -- the markers, in files ------------------------------------------------

    def _marker(self, key) -> str:
        return os.path.join(self._folder, key.replace(":", "-"))

    def _read_marker(self, key):
        try:
            with open(self._marker(key), "rb") as handle:
                return pickle.loads(handle.read())
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def _written(self, value) -> str:
        """A complete file holding `value`, to be moved or linked in place."""
        os.makedirs(self._folder, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=self._folder, prefix=".", delete=False) as handle:
            handle.write(pickle.dumps(value))
        return handle.name

    def get(self, key, default=None, version=None):
        if is_marker(key):
            found = self._read_marker(key)
            return default if found is None else found
        return super().get(key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if is_marker(key):
            os.replace(self._written(value), self._marker(key))
        else:
            super().set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not is_marker(key):
            return super().add(key, value, timeout, version)
        written = self._written(value)
        try:
            os.link(written, self._marker(key))  # refused if another process holds the key
        except FileExistsError:
            return False
        finally:
            os.remove(written)
        if key.startswith(RECORD_PREFIX):
            # Keep as many records as a worker reads before it gives up on them.
            older = int(key.removeprefix(RECORD_PREFIX)) - dependencies.MAX_RECORDS_READ - 1
            with suppress(FileNotFoundError, ValueError):
                os.remove(self._marker(dependencies.record_key(older)))
        return True

    def incr(self, key, delta=1, version=None):
        if not is_marker(key):
            return super().incr(key, delta, version)
        os.makedirs(self._folder, exist_ok=True)
        with open(os.path.join(self._folder, ".lock"), "wb") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one writer at a time, across processes
            value = self._read_marker(key)
            if value is None:
                raise ValueError(f"Key '{key}' not found")
            self.set(key, value + delta)
        return value + delta

    # -- the bound in bytes ---------------------------------------------------

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._forget(key)
        super()._set(key, value, timeout)
        self._sizes["keys"][key] = len(value)
        self._sizes["total"] += len(value)
        while self._sizes["total"] > self._max_bytes and len(self._cache) > 1:
            oldest, _ = self._cache.popitem()
            self._expire_info.pop(oldest, None)
            self._forget(oldest)

    @property
    def held_bytes(self) -> int:
        return self._sizes["total"]

    def _forget(self, key):
        self._sizes["total"] -= self._sizes["keys"].pop(key, 0)

    def _cull(self):
        super()._cull()
        live = self._sizes["keys"]
        for key in [key for key in live if key not in self._cache]:
            self._forget(key)

    def _delete(self, key):
        self._forget(key)
        return super()._delete(key)

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._sizes["keys"].clear()
            self._sizes["total"] = 0
        with suppress(FileNotFoundError):
            for name in os.listdir(self._folder):
                with suppress(FileNotFoundError):
                    os.remove(os.path.join(self._folder, name))


def held_bytes(alias: str = PAGE_CACHE) -> int:
    """The bytes of pages this process holds (for tests and the bench)."""
    return caches[alias].held_bytes


# -- the middleware ---------------------------------------------------------


def edit_log(cache) -> EditLog:
    """This worker's reading of the edit log of `cache` (one per cache
    object: Django makes one per thread)."""
    log = getattr(cache, "_dossier_edit_log", None)
    if log is None:
        log = cache._dossier_edit_log = EditLog()
    return log


def _only(query: QueryDict, names: frozenset) -> QueryDict:
    kept = QueryDict(mutable=True)
    for name in sorted(names & query.keys()):
        kept.setlist(name, query.getlist(name))
    kept._mutable = False
    return kept


@lru_cache(maxsize=4096)
def _parameters_read_at(path: str, urlconf) -> frozenset | None:
    """The parameters the view at `path` declares it reads (resolving a path
    took longer than serving its page from the cache); None for no view."""
    try:
        view = resolve(path, urlconf).func
    except Resolver404:
        return None
    names = getattr(view, "page_parameters", None)
    if names is None:
        names = getattr(getattr(view, "view_class", None), "page_parameters", frozenset())
    return names


class PageCache:
    """Serve anonymous readers' public pages from the cache, with an ETag,
    answering revalidations 304.

    Sits below WhiteNoise (static files never get here) and above the
    session, auth and message middleware, which a cached page skips.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = reverse("admin:index")
        self.session_store = import_string(settings.SESSION_ENGINE).SessionStore
        self.unreachable_until = 0.0

    def logged_in(self, request) -> bool:
        """Does the request carry the session of a logged-in user? Only
        requests with a session cookie pay the look-up."""
        key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        return bool(key) and SESSION_KEY in self.session_store(key)

    def parameters(self, request) -> QueryDict:
        """The query parameters the page's view reads, and no others."""
        names = _parameters_read_at(request.path_info, get_urlconf())
        return request.GET if names is None else _only(request.GET, names)

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(self.admin_prefix):
            return self.get_response(request)
        if request.GET:
            request.GET = self.parameters(request)
        if not settings.DOSSIER_PAGE_CACHE or self.logged_in(request):
            return self.get_response(request)

        cache = caches[PAGE_CACHE]
        key = f"page:{request.scheme}://{request.get_host()}{request.path}"
        if request.GET:
            key += "?" + request.GET.urlencode()
        # Every backend takes a short, printable ASCII key without spaces.
        if len(key) > 200 or not (key.isascii() and key.isprintable()) or " " in key:
            key = "page:" + hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
        now = time.time()
        if now < self.unreachable_until:
            return self.get_response(request)
        try:
            found = cache.get_many([GENERATION, SEQUENCE, key])
            generation = found.get(GENERATION) or _new_generation(cache)
            log = edit_log(cache)
            log.catch_up(cache, generation, found.get(SEQUENCE, 0), now)
        except unreachable(cache) as exc:
            # Asked again only a while after the failure (which may itself
            # have taken the connection's timeout): a cache cut off by the
            # network would otherwise hold every request that long.
            self.unreachable_until = time.time() + ASK_AGAIN_AFTER
            logger.warning("Page cache unreachable, pages rendered afresh: %s", exc)
            return self.get_response(request)
        entry = found.get(key)
        # An entry of another layout (stored by an older release) is rendered afresh.
        if entry is not None and len(entry) == ENTRY_FIELDS and entry[0] == generation:
            rendered = entry[1]
            fresh = now - rendered < settings.DOSSIER_PAGE_FRESHNESS
            if fresh or not log.touched(entry[6], rendered):
                return self.answer(request, entry)
        with dependencies.collected() as read:
            response = self.get_response(request)
        if not self.cacheable(response):
            return response
        entry = (
            generation,
            now,
            quote_etag(hashlib.blake2b(response.content, digest_size=12).hexdigest()),
            response.status_code,
            response.content,
            tuple(response.headers.items()),
            tuple(read),
        )
        try:
            cache.set(key, entry, None)
        except unreachable(cache) as exc:
            logger.warning("Page cache unreachable, page not kept: %s", exc)
        return self.answer(request, entry)

    def process_exception(self, request, exception):
        if isinstance(exception, PageCacheUnavailable):
            response = HttpResponse(
                PageCacheUnavailable.message, status=503, content_type="text/plain; charset=utf-8"
            )
            response.headers["Retry-After"] = "60"
            return response
        return None

    @staticmethod
    def cacheable(response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
            and not response.has_header("Vary")
        )

    @staticmethod
    def answer(request, entry) -> HttpResponse:
        _generation, _rendered, etag, status, content, headers, _read = entry
        # Read from META, not request.headers, which would copy every header
        # of the request to find one.
        revalidating = request.META.get("HTTP_IF_NONE_MATCH")
        if revalidating and etag in parse_etags(revalidating):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(content, status=status, headers=headers)
        response.headers["ETag"] = etag
        # A stored page has no Cache-Control of its own (`cacheable`): this
        # is what patch_cache_control() writes, without its parsing.
        response.headers["Cache-Control"] = REVALIDATE
        return response
