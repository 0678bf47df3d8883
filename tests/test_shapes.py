"""How pages ask for their rows (`dossier.shapes`): queries built once and
shared never hold rows; queries compiled once read what each page asks for,
as it is now; instances read through `Joined` are those `select_related()`
builds, without a query more."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from taggit.models import TaggedItem

from dossier import shapes
from dossier.corrections import corrections_for
from dossier.models import Event, Hop, Quote, Status
from dossier.selectors import quote_page, timeline, timeline_cards, timeline_rows, with_tags
from dossier.selectors.common import Written
from tests.factories import make_event, make_quote

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
    assert {Hop, Event} <= built
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


@shapes.compiled
def _tagged_items(kind: int, ids: list[int]):
    return TaggedItem.objects.filter(content_type=kind, object_id__in=ids).values_list(
        "object_id", "tag__name"
    )


@pytest.mark.parametrize("how_many", [1, 2, 3, 5, 8, 50, 51, 130])
def test_a_compiled_query_reads_the_rows_the_orm_reads_for_any_length_of_list(world, how_many):
    """Short lists are sent as they are, long ones padded (`_padded`)."""
    for n in range(min(how_many, 8)):
        make_quote(source=world.source, speaker=world.person, text=f"Words {n}.", tags=[f"t{n}"])
    ids = list(Quote.objects.order_by("-pk").values_list("pk", flat=True)[:how_many])
    ids += [10**9 + n for n in range(how_many - len(ids))]  # no such quotes
    kind = ContentType.objects.get_for_model(Quote).pk
    by_orm = TaggedItem.objects.filter(content_type=kind, object_id__in=ids).values_list(
        "object_id", "tag__name"
    )
    assert sorted(_tagged_items(kind, ids)) == sorted(by_orm)
    assert sorted(_tagged_items(kind, tuple(reversed(ids)))) == sorted(by_orm)


def test_a_compiled_query_reads_what_the_database_holds_now(world):
    kind = ContentType.objects.get_for_model(Quote).pk
    before = {name for _, name in _tagged_items(kind, [world.quote.pk])}
    world.quote.tags.add("a-later-tag")
    after = {name for _, name in _tagged_items(kind, [world.quote.pk])}
    assert after == before | {"a-later-tag"}
    assert [tag.name for tag in with_tags([world.quote])[0].public_tags] == sorted(
        after, key=str.lower
    )


def test_a_compiled_query_converts_values_as_the_orm_does(world):
    """SQLite returns dates and times as text; Django converts them."""
    quote = Quote.objects.get(pk=world.quote.pk)
    quote.credibility = 5 if quote.credibility != 5 else 4
    quote.save()  # a new history record: a correction of a published quote
    (correction,) = corrections_for(quote)
    assert isinstance(correction.date, datetime.datetime) and correction.date.tzinfo
    page = quote_page(world.quote.slug)
    assert isinstance(page.quote.source.published_on, datetime.date)


def test_a_query_that_writes_a_value_into_its_sql_is_refused(world):
    @shapes.compiled
    def written(number: int):
        return Quote.objects.filter(credibility=Written(number)).values_list("pk")

    with pytest.raises(ValueError, match="writes a value into its SQL"):
        written(2)


def test_a_compiled_query_takes_no_empty_list_and_no_other_kind_of_value(world):
    with pytest.raises(ValueError, match="may not be empty"):
        _tagged_items(1, [])
    with pytest.raises(TypeError, match="not 1.5"):
        _tagged_items(1, [1.5])


def test_joined_instances_are_those_select_related_builds(world, django_assert_num_queries):
    anonymous = make_quote(
        source=world.source, speaker=None, speaker_description="a diplomat", text="Not yet."
    )
    fields = ("text", "speaker__name", "source__title", "source__outlet__name", "statement__slug")
    joined = shapes.Joined(Quote, fields)
    rows = Quote.objects.filter(pk__in=[world.quote.pk, anonymous.pk]).values_list(*joined.columns)
    by_orm = {
        quote.pk: quote
        for quote in Quote.objects.filter(pk__in=[world.quote.pk, anonymous.pk])
        .select_related("speaker", "source__outlet", "statement")
        .only(*fields)
    }
    rows = list(rows)
    with django_assert_num_queries(0):
        built = joined.build(rows)
        for quote in built:
            expected = by_orm[quote.pk]
            assert quote.text == expected.text
            assert quote.source.title == expected.source.title
            assert quote.source.outlet.name == expected.source.outlet.name
            assert (quote.speaker and quote.speaker.name) == (
                expected.speaker and expected.speaker.name
            )
            assert (quote.statement and quote.statement.slug) == (
                expected.statement and expected.statement.slug
            )
    assert {quote.pk for quote in built if quote.speaker is None} == {anonymous.pk}
    assert {quote.pk for quote in built if quote.statement is None} == {anonymous.pk}


def test_lists_are_sent_as_they_are_up_to_fifty_items_then_padded_to_a_power_of_two():
    lengths = [len(shapes._padded((list(range(n)),))[0]) for n in (1, 50, 51, 64, 65, 400)]
    assert lengths == [1, 50, 64, 64, 128, 512]
    assert shapes._padded(([3, 1, 2] + [9] * 60,))[0][-1] == 9  # padded with the last item
