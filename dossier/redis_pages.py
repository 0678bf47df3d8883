"""The page cache in Redis, shared by every worker and host
(DJANGO_CACHE_URL=redis://…; dossier/cache.py says what the cache holds and
how freshness is judged).

A round trip to Redis on every hit costs readers much of a memory hit's
throughput (bench/README.md), so each worker also keeps what it read from
Redis, or wrote there, in its own memory (bounded in bytes), and asks Redis
again only when it may have changed:

- Every write of a marker (the generation, the edit log's counter and its
  records) is announced on a channel. Each worker holds a connection
  subscribed to it, and before each read looks, without waiting, for an
  announcement: until one comes, the markers it read last are Redis's own.
  It subscribes before it reads them, so no change after its read goes
  unannounced.
- A page it holds is judged against those markers exactly as Redis's copy
  would be (its generation, its render time, what it read): when another
  worker has rendered the page again since, the one held is older and
  renders again once it is stale, never served past its freshness.
- Announcements are lost only with the connection that carries them: a
  worker that finds it closed, or has not read the markers for
  MARKERS_MAX_AGE seconds, reads them from Redis again.
"""

import os
import time
from collections import OrderedDict
from contextlib import suppress

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

from dossier.cache import DEFAULT_MAX_BYTES, GENERATION, is_marker
from dossier.page_dependencies import SEQUENCE

# Bounds how long a silently dead subscription (a network partition that
# sends no reset) can keep a worker on markers Redis has replaced.
MARKERS_MAX_AGE = 1.0
ANNOUNCEMENTS = "markers-changed"
ANNOUNCED = (GENERATION, SEQUENCE)  # held between announcements; edit records are read once


class RedisPageCache(RedisCache):
    """Django's Redis cache, with one client per connection pool and, in
    each worker, what it read kept until an announcement says otherwise
    (the module's docstring).

    OPTIONS MAX_BYTES bounds what a worker keeps (64 MiB by default); the
    other OPTIONS go to redis-py's connection pool, as Django's own."""

    UNREACHABLE = (RedisError, OSError)  # dossier.cache.unreachable()

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._max_bytes = int(options.pop("MAX_BYTES", DEFAULT_MAX_BYTES))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = _KeptRedisClient
        self._listener, self._pid = None, None
        self._markers: dict = {}  # the generation and the log's counter, None if unset
        self._markers_read_at = 0.0
        self._held: OrderedDict[str, bytes] = OrderedDict()  # pages, least recently used first
        self._held_bytes = 0

    # -- reading ------------------------------------------------------------

    def get_many(self, keys, version=None):
        markers = self._markers if self._markers_current() else {}
        loads = self._cache._serializer.loads
        found, wanted = {}, {}
        for key in keys:
            if key in markers:
                if markers[key] is not None:
                    found[key] = markers[key]
                continue
            # Keys are not validated for memcached, as Django's backend does
            # on every call: Redis takes any, and the page cache's are short.
            made = self.make_key(key, version=version)
            held = None if is_marker(key) else self._held.get(made)
            if held is None:
                wanted[made] = key
            else:
                self._held.move_to_end(made)
                found[key] = loads(held)
        if not wanted:
            return found
        for made, value in zip(wanted, self._cache.get_client().mget(list(wanted)), strict=True):
            key = wanted[made]
            if value is not None:
                found[key] = loads(value)
                if self._listener is not None and not is_marker(key):
                    self._hold(made, value)
        if self._listener is not None and all(key in wanted.values() for key in ANNOUNCED):
            self._markers = {key: found.get(key) for key in ANNOUNCED}
            self._markers_read_at = time.monotonic()
        return found

    def get(self, key, default=None, version=None):
        return self.get_many([key], version).get(key, default)

    def _markers_current(self) -> bool:
        """Are the markers held still Redis's? Reads every message waiting
        on the subscription, never waiting for one: an announcement, or the
        confirmation of a subscription made again after a lost connection
        (announcements in between may be lost), means they may not be."""
        listener = self._listening()
        if listener is None:
            return False
        try:
            while listener.get_message(timeout=0) is not None:
                self._forget_markers()
        except (RedisError, OSError):
            self._stop_listening()
            return False
        return bool(self._markers) and time.monotonic() - self._markers_read_at < MARKERS_MAX_AGE

    def _listening(self):
        """This worker's subscription, made anew after a fork; None while
        Redis cannot be reached (every read then goes to Redis, as it would
        without one)."""
        if self._listener is not None and self._pid == os.getpid():
            return self._listener
        self._forget_markers()
        listener = self._cache.get_client().pubsub()
        try:
            listener.subscribe(self._channel())
            # Confirmed: announcements from now on reach it.
            listener.get_message(timeout=listener.connection.socket_timeout)
        except (RedisError, OSError):
            listener.close()
            return None
        # A connection made again (redis-py subscribes again by itself) may
        # have missed announcements.
        listener.connection.register_connect_callback(self._reconnected)
        self._listener, self._pid = listener, os.getpid()
        return listener

    def _reconnected(self, connection) -> None:
        self._forget_markers()

    def _stop_listening(self) -> None:
        with suppress(RedisError, OSError):
            self._listener.close()
        self._listener = None
        self._forget_markers()

    def _forget_markers(self) -> None:
        self._markers = {}

    # -- writing ------------------------------------------------------------

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version)
        self._written(key, version, value)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = super().add(key, value, timeout, version)
        self._written(key, version, value if added else None)
        return added

    def incr(self, key, delta=1, version=None):
        value = super().incr(key, delta, version)
        self._written(key, version, None)
        return value

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        self._written(key, version, None)
        return deleted

    # One by one, so that each is announced or held as it is written.
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        for key, value in data.items():
            self.set(key, value, timeout, version)
        return []

    def delete_many(self, keys, version=None):
        for key in keys:
            self.delete(key, version)

    def clear(self):
        super().clear()
        self._forget_markers()
        self._held.clear()
        self._held_bytes = 0
        self._announce()

    def _written(self, key, version, value) -> None:
        made = self.make_key(key, version=version)
        self._drop(made)
        if is_marker(key):
            self._forget_markers()
            self._announce()
        elif value is not None and self._listener is not None:
            stored = self._cache._serializer.dumps(value)
            if isinstance(stored, bytes):  # integers are stored as they are
                self._hold(made, stored)

    def _announce(self) -> None:
        self._cache.get_client(write=True).publish(self._channel(), b"")

    def _channel(self) -> str:
        """Named after the database too: channels are shared by all of a
        server's databases, and the caches of two sites may differ only in
        theirs."""
        db = self._cache._get_connection_pool(write=True).connection_kwargs.get("db", 0)
        return f"{self.make_key(ANNOUNCEMENTS)}:db{db}"

    # -- the pages this worker holds ----------------------------------------

    @property
    def held_bytes(self) -> int:
        return self._held_bytes

    def _hold(self, made: str, value: bytes) -> None:
        self._drop(made)
        self._held[made] = value
        self._held_bytes += len(value)
        while self._held_bytes > self._max_bytes and self._held:
            self._held_bytes -= len(self._held.popitem(last=False)[1])

    def _drop(self, made: str) -> None:
        value = self._held.pop(made, None)
        if value is not None:
            self._held_bytes -= len(value)


class _KeptRedisClient(RedisCacheClient):
    """One `redis.Redis` kept per connection pool, where Django builds one
    for every call, and holding one connection of its own (redis-py's
    `single_connection_client`, one client per thread as Django keeps one
    cache object per thread) rather than taking one from the pool for every
    command: each was a large share of a hit's time (bench/README.md).
    The pool's check is what found a connection Redis had closed (a
    restart, a timeout): a command that fails on a closed connection is sent
    once more, on a new one. A command sent twice is harmless here: the edit
    log's counter may skip a number, which its readers take as an edit they
    cannot see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._pool_options.setdefault("retry", Retry(NoBackoff(), 1))

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(
                connection_pool=pool, single_connection_client=True
            )
        return client
