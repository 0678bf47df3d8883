"""The page cache out of reach (Redis down, or this host cut off from it):
readers still get every page, rendered afresh; a change readers must be
told of is refused whole, with a message naming the cache, never saved
without its marker."""

import socket
import time
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dossier.cache import PAGE_CACHE, PageCacheUnavailable
from dossier.models import Person, Quote, Status
from tests.factories import make_hop, make_quote
from tests.test_workflow import change_url, quote_form

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    """A local port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(autouse=True)
def cache_out_of_reach(request, settings):
    if "world" in request.fixturenames:
        request.getfixturevalue("world")  # published while the cache answered
    settings.CACHES = {
        **settings.CACHES,
        PAGE_CACHE: {
            "BACKEND": "dossier.redis_pages.RedisPageCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Stands in for conftest's: this cache cannot be emptied."""


@pytest.mark.parametrize("url", ["/", "/timeline/", "/quotes/", "/people/"])
def test_readers_get_every_page_rendered_afresh(client, world, url):
    assert client.get(url).status_code == 200


def test_a_quote_page_shows_what_is_stored(client, world):
    response = client.get(world.quote.get_absolute_url())
    assert response.status_code == 200
    assert "We cannot postpone" in response.content.decode()


def test_a_public_edit_is_refused_whole_with_a_message_naming_the_cache(reviewer_client, world):
    quote = world.quote
    response = reviewer_client.post(
        change_url(quote), quote_form(quote, text="An entirely new sentence.")
    )
    assert response.status_code == 503
    assert "page cache cannot be reached, so nothing was saved" in response.content.decode()
    assert "DJANGO_CACHE_URL" in response.content.decode()
    assert Quote.objects.get(pk=quote.pk).text == quote.text
    assert not quote.history.filter(text="An entirely new sentence.").exists()


def test_a_withdrawal_is_refused_whole(reviewer_client, world):
    quote = world.quote
    response = reviewer_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "withdrawn", "_selected_action": [quote.pk]},
    )
    assert response.status_code == 503
    assert Quote.objects.get(pk=quote.pk).status == Status.PUBLISHED


@pytest.mark.parametrize(
    "action, field", [("set_credibility_5", "credibility"), ("withdrawn", "status")]
)
def test_a_bulk_change_the_cache_fails_halfway_through_is_refused_whole(
    reviewer_client, world, monkeypatch, action, field
):
    """The cache answers for the first quote and is gone for the second:
    neither is changed."""
    from redis.exceptions import ConnectionError

    from dossier import page_dependencies

    told = []

    def first_only(cache, touched, now):
        if told:
            raise ConnectionError("gone")
        told.append(touched)

    monkeypatch.setattr(page_dependencies, "record", first_only)
    monkeypatch.setattr("dossier.cache._new_generation", lambda cache: first_only(cache, {}, 0))
    quotes = Quote.objects.filter(pk__in=[world.quote.pk, world.variant.pk]).order_by("pk")
    before = list(quotes.values_list(field, flat=True))
    response = reviewer_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": action, "_selected_action": [quote.pk for quote in quotes]},
    )
    assert response.status_code == 503
    assert told  # the first quote's change reached the cache, and was undone with the second
    assert list(quotes.values_list(field, flat=True)) == before


def test_a_draft_is_saved_as_ever(editor_client, world):
    """Readers see nothing of a draft: its save needs no word to the cache."""
    draft = make_quote(
        source=world.source, speaker=world.person, text="Draft words", status=Status.DRAFT
    )
    response = editor_client.post(change_url(draft), quote_form(draft, text="Draft, reworded."))
    assert response.status_code == 302
    assert Quote.objects.get(pk=draft.pk).text == "Draft, reworded."


def test_a_drafts_chain_tags_and_deletion_need_no_word_to_the_cache(world):
    """As the desk saves what an editor accepts: a draft quote with its
    chain and tags, then thrown away; none of it shows on a public page."""
    draft = make_quote(source=world.source, speaker=world.person, status=Status.DRAFT)
    make_hop(quote=draft, position=1, description="a passing diplomat", how="told")
    draft.tags.add("held-back")
    Quote.objects.get(pk=draft.pk).delete()
    assert not Quote.objects.filter(pk=draft.pk).exists()


def test_a_published_quotes_new_hop_is_refused_whole(world):
    with pytest.raises(PageCacheUnavailable):
        make_hop(quote=world.quote, position=9, description="a passing diplomat", how="told")


def test_an_import_is_refused_whole_naming_the_cache(mini_fixture):
    with pytest.raises(CommandError) as refused:
        call_command("import_dossier", str(mini_fixture), stdout=StringIO())
    message = str(refused.value)
    assert message.startswith(f"{mini_fixture}: nothing was imported.")
    assert "page cache cannot be reached" in message
    assert not Person.objects.exists()


def test_readers_do_not_wait_on_the_cache_again_at_once(client, world, monkeypatch):
    """A cache cut off by the network holds a request for its connection
    timeout: after one failure a worker renders pages without asking it,
    for a few seconds."""
    from dossier import cache

    assert client.get("/people/").status_code == 200
    asked = []
    monkeypatch.setattr(cache.caches[PAGE_CACHE], "get_many", lambda *a, **k: asked.append(a))
    assert client.get("/timeline/").status_code == 200
    assert client.get("/quotes/").status_code == 200
    assert asked == []


def test_the_pause_counts_from_the_failure_not_from_the_request(client, world, monkeypatch):
    """A cache cut off by the network fails only after its connection
    timeout, which may be longer than the pause: counted from the request,
    the pause would be over before it began, and every reader would wait
    that timeout again."""
    from dossier import cache

    clock = [1000.0]
    monkeypatch.setattr(cache, "time", SimpleNamespace(time=lambda: clock[0], time_ns=time.time_ns))
    asked = []

    def slow_failure(*args, **kwargs):
        asked.append(clock[0])
        clock[0] += 2 * cache.ASK_AGAIN_AFTER  # the connection's timeout
        raise OSError("timed out")

    monkeypatch.setattr(cache.caches[PAGE_CACHE], "get_many", slow_failure)
    assert client.get("/people/").status_code == 200
    clock[0] += 1
    assert client.get("/timeline/").status_code == 200
    assert asked == [1000.0]
