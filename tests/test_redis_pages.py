"""The page cache in Redis (dossier/redis_pages.py): a worker answers a hit
from its own copy, without a round trip, until an announcement, a lost
subscription or the markers' age says Redis may have changed."""

import os

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossier import redis_pages
from dossier.cache import GENERATION, PAGE_CACHE
from dossier.models import Status
from tests.test_page_cache import as_another_worker, redis_answers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379"),
]

URL = os.environ.get("DOSSIER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True)
def in_redis(settings, request):
    settings.CACHES = {
        **settings.CACHES,
        PAGE_CACHE: {
            "BACKEND": "dossier.redis_pages.RedisPageCache",
            "LOCATION": URL,
            "KEY_PREFIX": f"dossier-tests-{id(request)}",
        },
    }
    caches[PAGE_CACHE].clear()
    yield caches[PAGE_CACHE]
    caches[PAGE_CACHE].clear()


class CountingClient:
    """The worker's Redis client, counting the commands it sends."""

    def __init__(self, client):
        self.client, self.commands = client, []

    def __getattr__(self, name):
        found = getattr(self.client, name)
        if callable(found) and name not in ("pubsub", "connection", "connection_pool"):

            def counted(*args, **kwargs):
                self.commands.append(name)
                return found(*args, **kwargs)

            return counted
        return found


@pytest.fixture
def commands(in_redis, monkeypatch):
    counting = CountingClient(in_redis._cache.get_client())
    monkeypatch.setattr(in_redis._cache, "get_client", lambda *args, **kwargs: counting)
    return counting.commands


def rendered(client, url: str) -> bool:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries) > 0


def raw_redis(in_redis) -> redis.Redis:
    """Redis as something other than a worker changes it: no announcement."""
    return redis.Redis.from_url(URL)


def test_a_hit_sends_nothing_to_redis_while_nothing_changed(client, world, commands):
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)  # the markers announced by the render's own writes
    commands.clear()
    for _ in range(5):
        assert not rendered(client, url)
    assert commands == []


def test_a_page_another_worker_stored_is_read_from_redis_once(client, world, commands):
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    caches[PAGE_CACHE]._held.clear()  # as a worker that never read it
    commands.clear()
    assert not rendered(client, url)
    assert not rendered(client, url)
    assert commands == ["mget"]


def test_an_announced_removal_is_never_served_after_it(client, world, settings):
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)
    as_another_worker(settings, f"cache.set({GENERATION!r}, 'withdrawn-elsewhere')")
    Quote = type(world.quote)
    Quote.objects.filter(pk=world.quote.pk).update(status=Status.WITHDRAWN)
    assert client.get(url).status_code == 404


def test_without_announcements_the_markers_are_read_again_after_their_age(
    client, world, in_redis, monkeypatch
):
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)
    raw_redis(in_redis).set(in_redis.make_key(GENERATION), in_redis._cache._serializer.dumps("new"))
    assert not rendered(client, url)  # unannounced: the markers held stand for now
    monkeypatch.setattr(redis_pages, "MARKERS_MAX_AGE", 0)
    assert rendered(client, url)


def test_a_lost_subscription_is_made_again_and_the_markers_read_again(client, world, in_redis):
    """Announcements sent while the subscription's connection was down are
    lost: the worker cannot trust the markers it held."""
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)
    server = raw_redis(in_redis)
    # This worker's subscription only: the other test run may share the server.
    host, port = in_redis._listener.connection._sock.getsockname()[:2]
    server.client_kill_filter(_type="pubsub", addr=f"{host}:{port}")
    server.set(in_redis.make_key(GENERATION), in_redis._cache._serializer.dumps("new"))
    assert rendered(client, url)
    assert not rendered(client, url)  # subscribed again, and trusted again
    assert in_redis._listener is not None


def test_a_worker_without_a_subscription_reads_redis_every_time(
    client, world, in_redis, commands, monkeypatch
):
    monkeypatch.setattr(in_redis, "_listening", lambda: None)
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    commands.clear()
    assert not rendered(client, url)
    assert commands == ["mget"]


def test_a_connection_made_again_forgets_the_markers_at_once(client, world, in_redis):
    """redis-py subscribes again by itself on a new connection, and its
    confirmation may come after the next request: the new connection alone
    must make the worker read the markers again."""
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)
    assert in_redis._markers
    in_redis._listener.connection.disconnect()
    in_redis._listener.connection.connect()
    assert in_redis._markers == {}


def test_announcements_of_a_cache_in_another_database_are_not_heard(
    client, world, in_redis, commands, settings
):
    """Channels are shared by a server's databases: another site's cache
    with the same key prefix in another database announces elsewhere."""
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)
    other_db = 13 if in_redis._channel().endswith(":db12") else 12
    config = settings.CACHES[PAGE_CACHE]
    other_site = redis_pages.RedisPageCache(URL.rsplit("/", 1)[0] + f"/{other_db}", config)
    other_site._announce()
    commands.clear()
    assert not rendered(client, url)
    assert commands == []


def test_writes_of_several_keys_are_announced_and_held_each(client, world, in_redis):
    url = world.quote.get_absolute_url()
    assert rendered(client, url)
    assert not rendered(client, url)
    in_redis.delete_many([f"page:http://testserver{url}"])
    assert rendered(client, url)
    in_redis.set_many({GENERATION: "set-with-others"})
    assert rendered(client, url)


def test_the_deployed_settings_bound_each_workers_copies_and_reach_redis(monkeypatch):
    """DJANGO_CACHE_URL=redis://… as the README deploys it: the bound is the
    cache's own option, not one redis-py's connection pool would refuse."""
    from dossier.settings import page_cache

    monkeypatch.setenv("DJANGO_PAGE_CACHE_BYTES", "1234567")
    config = page_cache(URL)
    cache = redis_pages.RedisPageCache(config["LOCATION"], config)
    assert cache._max_bytes == 1234567
    assert "MAX_BYTES" not in cache._cache._pool_options
    # A Redis out of reach fails a request in seconds (pages are then rendered afresh).
    assert cache._cache._pool_options["socket_connect_timeout"] == 2
    cache.set("page:probe", ("a page",), 60)
    assert cache.get("page:probe") == ("a page",)
    cache.delete("page:probe")


@pytest.mark.parametrize("url", [URL, ""])
def test_without_a_bound_set_each_worker_holds_the_backends_default(monkeypatch, url):
    from django.utils.module_loading import import_string

    from dossier.cache import DEFAULT_MAX_BYTES
    from dossier.settings import page_cache

    monkeypatch.delenv("DJANGO_PAGE_CACHE_BYTES", raising=False)
    config = page_cache(url)
    cache = import_string(config["BACKEND"])(config["LOCATION"], config)
    assert cache._max_bytes == DEFAULT_MAX_BYTES == 64 * 1024 * 1024
