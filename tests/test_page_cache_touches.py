"""An edit renders again only the pages it touches (dossier/page_dependencies.py):
new wording of one quote renders its own pages, its speaker's, its
article's and the lists showing it, not another person's page; a change
that can move an item between lists renders every page that read its
kind. A cache hit reads the cache once and the database never."""

import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dossier import page_dependencies
from dossier.cache import PAGE_CACHE
from dossier.models import Status
from dossier.page_dependencies import SEQUENCE, record_key
from tests.factories import make_outlet, make_quote, make_source
from tests.test_page_cache import (  # noqa: F401  (memory and Redis, each test)
    as_another_worker,
    shared_cache,
)
from tests.test_workflow import change_url, quote_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_once(settings):
    """DJANGO_PAGE_FRESHNESS=0: a touched page is rendered again at once."""
    settings.DOSSIER_PAGE_FRESHNESS = 0


def rendered(client, url: str) -> bool:
    """Did this request render the page (rather than serve it cached)?"""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries) > 0


def pages_of(world) -> dict[str, str]:
    return {
        "quote": world.quote.get_absolute_url(),
        "speaker": world.person.get_absolute_url(),
        "article": world.source.get_absolute_url(),
        "quotes list": "/quotes/",
        "another person": world.other_person.get_absolute_url(),
    }


def cached(client, pages: dict[str, str]) -> None:
    for url in pages.values():
        client.get(url)
        assert not rendered(client, url), url


def test_new_wording_in_the_admin_renders_only_the_pages_showing_the_quote(
    at_once, client, reviewer_client, world
):
    type(world.statement).objects.filter(pk=world.statement.pk).update(
        grouping_rationale="One briefing, reported twice."
    )  # the form checks the statement's grouping, as an editor's save would
    pages = pages_of(world)
    cached(client, pages)
    form = quote_form(
        world.quote,
        notes="Checked with the desk on Friday.",
        tags="summit",
        said_on=world.quote.said_on.isoformat(),
        context=world.quote.context,
        statement=world.quote.statement_id,
    )
    assert reviewer_client.post(change_url(world.quote), form).status_code == 302
    touched = {name for name, url in pages.items() if rendered(client, url)}
    assert touched == {"quote", "speaker", "article", "quotes list"}
    assert "Checked with the desk on Friday." in client.get(pages["quote"]).content.decode()


def assert_only_the_timeline_renders_again(client, edit, words: str) -> None:
    """After `edit`, the timeline renders again and shows `words`; /people/,
    which shows neither the article nor the event, stays cached."""
    pages = {"timeline": "/timeline/", "people": "/people/"}
    cached(client, pages)
    edit()
    touched = {name for name, url in pages.items() if rendered(client, url)}
    assert touched == {"timeline"}
    assert words in client.get("/timeline/").content.decode()


def test_new_wording_of_an_article_renders_the_timeline_again(at_once, client, world):
    """The timeline's cards read their people and articles as values, not as
    instances: the page records them all the same, so an article's new
    rationale (wording, which touches only the pages showing the article)
    reaches it."""
    type(world.source).objects.filter(pk=world.source.pk).update(reliability="B")
    world.source.refresh_from_db()
    world.source.reliability_rationale = "Its Moscow desk checks every briefing."
    assert_only_the_timeline_renders_again(
        client, world.source.save, "Its Moscow desk checks every briefing."
    )


def test_new_wording_of_an_event_renders_the_timeline_again(at_once, client, world):
    """The timeline reads its events as values too (`EventCard`): an event's
    new summary reaches it."""
    world.event.summary = "The envoys met for an hour without aides."
    assert_only_the_timeline_renders_again(
        client, world.event.save, "The envoys met for an hour without aides."
    )


def test_new_wording_is_found_by_search_at_once(at_once, client, world):
    url = "/search/?q=zanzibar"
    assert "Zanzibar" not in client.get(url).content.decode()
    world.quote.text = "Zanzibar, perhaps, in the spring."
    world.quote.save()
    assert "Zanzibar" in client.get(url).content.decode()


def test_a_bulk_grade_renders_every_page_that_read_quotes(at_once, client, reviewer_client, world):
    """A grade can reorder or refilter a list, so it touches the kind:
    pages that read no quote stay cached."""
    pages = {**pages_of(world), "timeline": "/timeline/"}
    cached(client, pages)
    reviewer_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "set_credibility_5", "_selected_action": [world.quote.pk]},
    )
    world.quote.refresh_from_db()
    assert world.quote.credibility == 5
    touched = {name for name, url in pages.items() if rendered(client, url)}
    assert touched == {"quote", "speaker", "article", "quotes list", "another person"}


def test_a_bulk_publication_reaches_the_speakers_page(at_once, client, reviewer_client, world):
    quote = make_quote(
        source=world.source, speaker=world.other_person, text="New words", status=Status.IN_REVIEW
    )
    url = world.other_person.get_absolute_url()
    assert "New words" not in client.get(url).content.decode()
    reviewer_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "published", "_selected_action": [quote.pk]},
    )
    assert "New words" in client.get(url).content.decode()


def test_a_draft_logs_no_edit(at_once, client, world):
    draft = make_quote(source=world.source, speaker=world.person, text="Held", status=Status.DRAFT)
    client.get("/quotes/")
    logged = caches[PAGE_CACHE].get(SEQUENCE)
    draft.text = "Held, and edited again"
    draft.save()
    assert caches[PAGE_CACHE].get(SEQUENCE) == logged
    assert not rendered(client, "/quotes/")


class CountingCache:
    """The page cache, counting the calls (each one a round trip to Redis)."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        found = getattr(self.cache, name)
        if name in {"get", "get_many", "set", "add", "incr", "delete", "set_many"}:

            def counted(*args, **kwargs):
                self.calls.append(name)
                return found(*args, **kwargs)

            return counted
        return found


def test_a_hit_is_one_cache_read_and_no_query(client, world, monkeypatch):
    client.get("/quotes/")
    client.get("/quotes/")  # the edit log read, if any
    counting = CountingCache(caches[PAGE_CACHE])
    monkeypatch.setattr("dossier.cache.caches", {PAGE_CACHE: counting})
    assert not rendered(client, "/quotes/")
    assert counting.calls == ["get_many"]


def test_an_edit_costs_each_worker_one_more_read(client, world, monkeypatch):
    client.get("/quotes/")
    world.quote.notes = "A second look."
    world.quote.save()  # logged now, and again on commit (not in a test)
    counting = CountingCache(caches[PAGE_CACHE])
    monkeypatch.setattr("dossier.cache.caches", {PAGE_CACHE: counting})
    client.get("/people/")
    client.get("/people/")
    assert counting.calls[:2] == ["get_many", "get_many"]  # the page, then the new record
    assert counting.calls.count("get_many") == 3


def number_a_record(cache) -> int:
    """Take the next number of the edit log, as a writer does before it
    writes its record."""
    if cache.get(SEQUENCE) is None:
        cache.set(SEQUENCE, 0, None)
    return cache.incr(SEQUENCE)


def test_a_record_being_written_is_waited_for(at_once, client, world):
    """A writer numbers its record, then writes it: a reader in between
    waits for it without rendering every page."""
    cache = caches[PAGE_CACHE]
    url, other = world.quote.get_absolute_url(), world.other_person.get_absolute_url()
    cached(client, {"quote": url, "other": other})
    number = number_a_record(cache)
    assert not rendered(client, other) and not rendered(client, url)
    cache.add(record_key(number), (time.time(), (page_dependencies.item(world.quote),)), 60)
    assert rendered(client, url) and not rendered(client, other)


def test_a_lost_record_counts_as_touching_every_page(at_once, client, world, monkeypatch):
    """A record gone (expired, or its writer died): this worker cannot
    tell what it touched, so every page it holds is rendered again."""
    monkeypatch.setattr(page_dependencies, "RECORD_WAIT_SECONDS", 0)
    cache = caches[PAGE_CACHE]
    client.get(world.other_person.get_absolute_url())
    number_a_record(cache)
    assert rendered(client, world.other_person.get_absolute_url())
    assert not rendered(client, world.other_person.get_absolute_url())


def test_an_edit_saved_by_another_worker_process_reaches_this_one(at_once, client, world, settings):
    pages = pages_of(world)
    cached(client, pages)
    as_another_worker(
        settings,
        "import time; from dossier.page_dependencies import record;"
        f" record(cache, {{'dossier.quote:{world.quote.pk}'}}, time.time())",
    )
    touched = {name for name, url in pages.items() if rendered(client, url)}
    assert touched == {"quote", "speaker", "article", "quotes list"}


def test_the_log_keeps_a_bounded_number_of_records(world, shared_cache):  # noqa: F811
    if shared_cache != "memory":
        pytest.skip("Redis expires the records itself")
    cache = caches[PAGE_CACHE]
    for _ in range(page_dependencies.MAX_RECORDS_READ + 5):
        page_dependencies.record(cache, {"dossier.quote:1"}, time.time())
    last = cache.get(SEQUENCE)
    assert cache.get(record_key(last - page_dependencies.MAX_RECORDS_READ)) is not None
    assert cache.get(record_key(last - page_dependencies.MAX_RECORDS_READ - 1)) is None


def test_another_reader_sees_the_new_wording(at_once, world):
    url = world.quote.get_absolute_url()
    Client().get(url)
    world.quote.text = "Words that changed."
    world.quote.save()
    assert "Words that changed." in Client().get(url).content.decode()


def test_a_redis_hit_reuses_its_client(client, world, shared_cache):  # noqa: F811
    """Django's backend builds a redis.Redis per call, which cost as much as
    the round trip; the page cache keeps one per connection pool."""
    if shared_cache != "redis":
        pytest.skip("the memory cache has no client")
    client.get("/quotes/")
    redis_client = caches[PAGE_CACHE]._cache.get_client()
    assert caches[PAGE_CACHE]._cache.get_client() is redis_client
    assert caches[PAGE_CACHE]._cache.get_client(write=True) is redis_client  # one server


def test_a_redis_hit_keeps_one_connection_and_parses_in_c(client, world, shared_cache):  # noqa: F811
    """A worker's client holds its connection rather than taking one from
    the pool for every command, reads replies with hiredis, and opens a new
    connection when Redis drops the old one."""
    if shared_cache != "redis":
        pytest.skip("the memory cache has no client")
    import redis

    client.get("/quotes/")
    redis_client = caches[PAGE_CACHE]._cache.get_client()
    held = redis_client.connection
    assert held is not None
    assert type(held._parser).__name__ == "_HiredisParser"
    assert client.get("/quotes/").status_code == 200
    assert redis_client.connection is held
    pool = redis_client.connection_pool
    # one for its commands, one subscribed to the announcements (dossier/redis_pages.py)
    assert pool._created_connections == 2 and not pool._available_connections

    own_id = redis_client.client_id()
    redis.Redis.from_url(caches[PAGE_CACHE]._servers[0]).client_kill_filter(_id=own_id)
    assert client.get("/quotes/").status_code == 200
    assert redis_client.client_id() != own_id


def test_a_page_stored_by_an_older_release_is_rendered_afresh(client, world):
    """Entries of the layout before pages recorded what they read (six
    fields) may still be in a shared Redis after an upgrade."""
    from dossier.cache import current_generation

    old = (current_generation(), time.time(), '"old"', 200, b"old page", ())
    caches[PAGE_CACHE].set("page:http://testserver/quotes/", old, None)
    assert rendered(client, "/quotes/")
    assert client.get("/quotes/").content != b"old page"


def test_publishing_an_outlet_lists_its_quotes_in_the_sitemap(at_once, client, world):
    """The database makes the outlet's quotes public (models.quote_public);
    the quotes' sitemap, which reads the quotes table alone, hears of it."""
    outlet = make_outlet(status=Status.DRAFT)
    quote = make_quote(source=make_source(outlet=outlet), speaker=world.person)
    url = "/sitemap-quotes.xml"
    assert quote.slug not in client.get(url).content.decode()
    outlet.status = Status.PUBLISHED
    outlet.save()
    assert quote.slug in client.get(url).content.decode()


def test_a_renamed_tag_reaches_the_lists_that_show_it(at_once, client, world):
    """Lists read their rows' tags as values, not as tag instances: the
    rename still reaches every page that shows the tag."""
    from taggit.models import Tag

    world.quote.tags.add("summit")
    pages = {"quotes list": "/quotes/", "quote": world.quote.get_absolute_url()}
    cached(client, pages)
    tag = Tag.objects.get(slug="summit")
    tag.name = "Budapest summit talks"
    tag.save()
    for url in pages.values():
        assert "Budapest summit talks" in client.get(url).content.decode(), url
