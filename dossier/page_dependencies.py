"""Which cached pages an edit touches.

While a page renders, it collects what it read: each item it showed
(`dossier.quote:12`, from the instances built) and each table its queries
read (`table:dossier_quote`, from the SQL), plus `search` when a query
searched text. The page cache stores these with the page.

Each public edit that removes nothing is appended to an edit log in the
page cache itself, as the dependencies it touches (`record()`): a change
of wording touches the edited item and the search pages; anything else
that can move an item into a list (a publication, a new relation, a
changed date, name or link) touches every page that read its table.
Every worker keeps its own reading of the log (`EditLog`), and serves a
page past the freshness window only while no edit newer than its render
touches it. Removals do not go through the log: they start a new
generation (dossier/cache.py).
"""

from collections.abc import Iterable
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.apps import apps
from django.db import connections
from django.db.models import CharField, SlugField, TextField

SEARCH = "search"
SEQUENCE = "edits"
RECORD_PREFIX = "edit:"
RECORD_SECONDS = 3600
# A worker further behind than this reads no records: it treats the pages it
# holds as touched (a full render once, rather than thousands of reads).
MAX_RECORDS_READ = 1000
RECORD_WAIT_SECONDS = 2

_collecting: ContextVar[set | None] = ContextVar("page_dependencies", default=None)


def item(instance) -> str:
    return f"{instance._meta.label_lower}:{instance.pk}"


def table(model) -> str:
    return f"table:{model._meta.db_table}"


def record_key(sequence: int) -> str:
    return f"{RECORD_PREFIX}{sequence}"


# -- collecting while a page renders -------------------------------------------


@lru_cache(maxsize=1)
def _tables() -> tuple[str, ...]:
    return tuple(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def _read_tables(execute, sql, params, many, context):
    found = _collecting.get()
    if found is not None:
        # A table whose name holds another's also counts for the shorter one:
        # a page then renders once more than it needed to, never once less.
        found.update(f"table:{name}" for name in _tables() if name in sql)
        if " MATCH " in sql or "@@" in sql or " LIKE " in sql:
            found.add(SEARCH)
    return execute(sql, params, many, context)


def item_built(sender, instance, **kwargs) -> None:
    """post_init of every public kind: the page being rendered shows it."""
    found = _collecting.get()
    if found is not None and instance.pk is not None:
        found.add(f"{sender._meta.label_lower}:{instance.pk}")


def rows_shown(model, pks) -> None:
    """Rows of a public kind the page being rendered shows, read as values
    rather than built as instances (which `item_built` records)."""
    found = _collecting.get()
    if found is not None:
        label = model._meta.label_lower
        found.update(f"{label}:{pk}" for pk in pks)


@contextmanager
def collected():
    """Within the block, gather what the code reads into the set yielded."""
    found: set[str] = set()
    token = _collecting.set(found)
    try:
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(_read_tables))
            yield found
    finally:
        _collecting.reset(token)


# -- what an edit touches ------------------------------------------------------


def _saved_fields(model) -> list:
    """The columns a save writes: not those the database makes (search
    documents, which a loaded row does not even hold)."""
    return [field for field in model._meta.concrete_fields if not field.generated]


def stored_row(model, pk, using) -> dict | None:
    """The row as stored before a save, to tell what the save changes."""
    names = [field.attname for field in _saved_fields(model)]
    return model._base_manager.using(using).filter(pk=pk).values(*names).first()


@lru_cache(maxsize=1)
def _sort_names() -> frozenset[str]:
    """Every field name any model is ordered by (name, title, date, ...):
    lists sort on them, in their own model or through a relation."""
    return frozenset(
        name.lstrip("-").rsplit("__", 1)[-1]
        for model in apps.get_models()
        for name in model._meta.ordering
        if isinstance(name, str)
    )


def _is_wording(field) -> bool:
    """Free text shown where the item is shown: never a list's sort key,
    filter (choices) or address (slug)."""
    return (
        isinstance(field, (CharField, TextField))
        and not isinstance(field, SlugField)
        and not field.choices
        and field.name not in _sort_names()
    )


def _wording_only(instance, stored: dict) -> bool:
    """Did the save change only wording (and the bookkeeping every save
    changes: the time, the version)?"""
    for field in _saved_fields(type(instance)):
        if stored.get(field.attname) == getattr(instance, field.attname):
            continue
        bookkeeping = not field.editable and not isinstance(field, (CharField, TextField))
        if not (bookkeeping or _is_wording(field)):
            return False
    return True


# Kinds whose publication (or an article's new outlet) changes which quotes
# are public: the database sets each quote's `public` (models.quote_public),
# and a page may have read the quotes alone.
QUOTES_HANG_ON = frozenset({"dossier.outlet", "dossier.source", "dossier.person"})


def touched_by_save(instance, stored: dict | None) -> set[str]:
    """The pages a save of a public item touches (it was public before, or
    it has just been published)."""
    stayed_public = stored is not None and stored.get("status") == "published"
    if stayed_public and _wording_only(instance, stored):
        return {item(instance), SEARCH}
    touched = {item(instance), table(type(instance)), SEARCH}
    if instance._meta.label_lower in QUOTES_HANG_ON:
        touched.add(table(apps.get_model("dossier", "quote")))
    return touched


# -- the log, read by each worker ------------------------------------------------


class EditLog:
    """This worker's reading of the shared edit log: when each dependency
    was last touched."""

    def __init__(self):
        self.generation = None
        self.seen = 0
        self.latest: dict[str, float] = {}
        self.newest = 0.0  # the latest edit read
        self.horizon = 0.0  # pages rendered before it count as touched
        self.waiting_for, self.waiting_since = 0, 0.0

    def catch_up(self, cache, generation, sequence: int, now: float) -> None:
        if generation != self.generation:
            # A new generation: every page held was rendered after the edits read so far.
            self.generation, self.latest = generation, {}
        if sequence == self.seen:
            return
        if sequence < self.seen or sequence - self.seen > MAX_RECORDS_READ:
            self.horizon = self.newest = now  # the log was cleared, or is far ahead
            self.seen = sequence
            return
        keys = [record_key(n) for n in range(self.seen + 1, sequence + 1)]
        records = cache.get_many(keys)
        for number, key in enumerate(keys, start=self.seen + 1):
            if key not in records and not self._given_up(number, now):
                return  # numbered, not yet written: read it on the next request
            when, dependencies = records.get(key, (now, ()))
            if key not in records:  # expired, or its writer died: assume the worst
                self.horizon = max(self.horizon, now)
            self.newest = max(self.newest, when)
            for dependency in dependencies:
                if self.latest.get(dependency, 0) < when:
                    self.latest[dependency] = when
            self.seen = number

    def _given_up(self, number: int, now: float) -> bool:
        """A writer takes its number, then writes its record: wait for it a
        little, without holding up any request."""
        if self.waiting_for != number:
            self.waiting_for, self.waiting_since = number, now
        return now - self.waiting_since >= RECORD_WAIT_SECONDS

    def touched(self, dependencies: Iterable[str], rendered: float) -> bool:
        """Has an edit at or after `rendered` touched any of them?"""
        if rendered > self.newest:
            return False
        if rendered < self.horizon:
            return True
        latest = self.latest
        return any(latest.get(dependency, 0) >= rendered for dependency in dependencies)


def record(cache, dependencies: set[str], now: float) -> None:
    """Append an edit to the log: numbered by the cache's counter, and
    written under a number no other writer holds (where `incr` is not
    atomic across processes, `add` refuses a number already taken)."""
    value = (now, tuple(sorted(dependencies)))
    while True:
        try:
            sequence = cache.incr(SEQUENCE)
        except ValueError:
            cache.add(SEQUENCE, 0, None)
            continue
        if cache.add(record_key(sequence), value, RECORD_SECONDS):
            return
