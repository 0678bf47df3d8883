"""The queries pages start from, built once and shared (`selectors.built_once`):
each page narrows its own copy, so the shared query never holds rows, and a
page rendered after an edit shows it."""

import pytest

from dossier.models import Quote, Status
from dossier.selectors import common, quote_page, timeline, timeline_rows
from tests.factories import make_event

# Every test reads tests/world.py's dossier: built once, each test rolled back.
pytestmark = pytest.mark.usefixtures("world_built_once")


def test_pages_never_read_rows_into_a_shared_query(client, world):
    pages = [
        "/timeline/",
        world.event.get_absolute_url(),
        world.quote.get_absolute_url(),
        world.statement.get_absolute_url(),
        world.person.get_absolute_url(),
        world.source.get_absolute_url(),
        world.claim.get_absolute_url(),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert len(common.SHAPES) >= 6
    for shape in common.SHAPES:
        name = shape.__wrapped__.__qualname__
        assert shape.cache_info().currsize == 1, f"{name} was not used by these pages"
        assert shape()._result_cache is None, f"{name} holds the rows of a page"


def test_a_quote_page_read_after_an_edit_shows_the_edit(world):
    assert quote_page(world.quote.slug).quote.text == world.quote.text
    Quote.objects.filter(pk=world.quote.pk).update(text="Words changed since.")
    assert quote_page(world.quote.slug).quote.text == "Words changed since."


def test_an_event_published_after_the_timeline_was_read_is_on_it(world):
    before = {event.pk for event in timeline_rows().filter(pk__in=timeline().values("pk"))}
    later = make_event(title="A later meeting", status=Status.PUBLISHED)
    after = {event.pk for event in timeline_rows().filter(pk__in=timeline().values("pk"))}
    assert after == before | {later.pk}
