"""The queries pages start from, built once and shared (`dossier.shapes.built_once`):
each page narrows its own copy, so the shared query never holds rows, and a
page rendered after an edit shows it."""

import pytest
from taggit.models import TaggedItem

from dossier import shapes
from dossier.models import Event, Hop, Participation, Quote, Source, Status
from dossier.selectors import quote_page, timeline, timeline_cards, timeline_rows
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
    built = {query.model for query in shapes.BUILT}
    assert {Quote, Hop, TaggedItem, Event, Participation, Source} <= built
    assert any(model.__name__.startswith("Historical") for model in built)
    for query in shapes.BUILT:
        assert query._result_cache is None, f"a shared query of {query.model} holds rows"


def test_a_quote_page_read_after_an_edit_shows_the_edit(world):
    assert quote_page(world.quote.slug).quote.text == world.quote.text
    Quote.objects.filter(pk=world.quote.pk).update(text="Words changed since.")
    assert quote_page(world.quote.slug).quote.text == "Words changed since."


def test_an_event_published_after_the_timeline_was_read_is_on_it(world):
    before = {card.pk for card in timeline_cards(timeline_rows().filter(pk__in=timeline()))}
    later = make_event(title="A later meeting", status=Status.PUBLISHED)
    after = {card.pk for card in timeline_cards(timeline_rows().filter(pk__in=timeline()))}
    assert after == before | {later.pk}
