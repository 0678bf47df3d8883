"""A quote's `public` column, kept by the database (dossier/models/quote_public.py),
is always exactly the publication rule it stands for: after saves, queryset
updates, bulk writes, an import, and a write that sets the column itself.

The rule is spelled here the way the pages read it before the column
existed, joined through the article, its outlet and the speaker.
"""

import random

import pytest
from django.db import connection
from django.db.models import Q

from dossier.models import Outlet, Person, Quote, Source, Status, quote_public
from tests.factories import make_outlet, make_person, make_quote, make_source

PUBLISHED = Status.PUBLISHED
STATUSES = [Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED, Status.WITHDRAWN]


def by_rule() -> set[int]:
    return set(
        Quote.objects.filter(
            status=PUBLISHED, source__status=PUBLISHED, source__outlet__status=PUBLISHED
        )
        .filter(Q(speaker__isnull=True) | Q(speaker__status=PUBLISHED))
        .values_list("pk", flat=True)
    )


def by_column() -> set[int]:
    return set(Quote.objects.filter(public=True).values_list("pk", flat=True))


def test_every_trigger_is_in_place_after_all_migrations(db):
    """A migration that rebuilds one of the tables on SQLite drops its
    triggers; this fails until that migration makes them again."""
    if connection.vendor == "sqlite":
        sql = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        present = set(cursor.fetchall())
    expected = quote_public.expected_triggers(connection.vendor)
    assert {(table, name) for table, names in expected.items() for name in names} <= present


def test_a_rebuilt_tables_triggers_are_made_again(db):
    """What a migration that rebuilds the article table on SQLite calls."""
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite rebuilds tables")
    quote = make_quote()
    with connection.cursor() as cursor:
        for name in quote_public.TRIGGERS["dossier_source"]:
            cursor.execute(f"DROP TRIGGER {name}")
    quote_public.install(connection, "dossier_source")
    Source.objects.filter(pk=quote.source_id).update(status=Status.DRAFT)
    assert by_column() == set()


def test_a_quote_is_public_only_when_everything_it_hangs_on_is(db):
    quote = make_quote()
    assert by_column() == {quote.pk}
    for holder in (quote.source.outlet, quote.source, quote.speaker, quote):
        holder.status = Status.WITHDRAWN
        holder.save()
        assert by_column() == set(), type(holder).__name__
        holder.status = PUBLISHED
        holder.save()
        assert by_column() == {quote.pk}, type(holder).__name__


def test_an_unnamed_speaker_needs_no_published_person(db):
    quote = make_quote(speaker=None, speaker_description="a Western official")
    assert by_column() == {quote.pk}


def test_a_write_of_the_column_itself_is_put_right(db):
    draft = make_quote(status=Status.DRAFT)
    public = make_quote()
    Quote.objects.update(public=True)
    assert by_column() == {public.pk}
    Quote.objects.update(public=False)
    assert by_column() == {public.pk}
    draft.public = True
    draft.save()
    assert by_column() == {public.pk}


def test_an_article_moved_to_a_draft_outlet_hides_its_quotes(db):
    quote = make_quote()
    Source.objects.filter(pk=quote.source_id).update(outlet=make_outlet(status=Status.DRAFT))
    assert by_column() == set()


def test_bulk_writes_keep_the_column(db):
    source, person = make_source(), make_person()
    Quote.objects.bulk_create(
        [
            Quote(text=f"Words {n}", slug=f"bulk-{n}", source=source, speaker=person, status=status)
            for n, status in enumerate(STATUSES)
        ]
    )
    assert by_column() == by_rule() and len(by_rule()) == 1
    quotes = list(Quote.objects.all())
    for quote in quotes:
        quote.status = PUBLISHED
    Quote.objects.bulk_update(quotes, ["status"])
    assert by_column() == by_rule() and len(by_rule()) == len(STATUSES)
    Person.objects.update(status=Status.DRAFT)
    assert by_column() == set()


@pytest.mark.parametrize("seed", range(4))
def test_the_column_follows_the_rule_through_any_sequence_of_writes(db, seed):
    """Random writes of every kind that can change the rule, each checked."""
    rng = random.Random(seed)
    outlets = [make_outlet() for _ in range(2)]
    sources = [make_source(outlet=rng.choice(outlets)) for _ in range(3)]
    people = [make_person() for _ in range(3)]
    for _ in range(8):
        speaker = rng.choice([*people, None])
        make_quote(
            source=rng.choice(sources),
            speaker=speaker,
            speaker_description="" if speaker else "an official",
            status=rng.choice(STATUSES),
        )
    quotes = list(Quote.objects.all())

    def set_status():
        item = rng.choice([*outlets, *sources, *people, *quotes])
        item.refresh_from_db()
        item.status = rng.choice(STATUSES)
        item.save()

    def update_status():
        model = rng.choice([Outlet, Source, Person, Quote])
        ids = list(model.objects.values_list("pk", flat=True))
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        model.objects.filter(pk__in=chosen).update(status=rng.choice(STATUSES))

    def move_article():
        Source.objects.filter(pk=rng.choice(sources).pk).update(outlet=rng.choice(outlets))

    def move_quote():
        quote = rng.choice(quotes)
        quote.refresh_from_db()
        quote.source = rng.choice(sources)
        if quote.speaker_description:
            quote.speaker = rng.choice([*people, None])
        quote.save()

    def add_quote():
        quotes.append(
            make_quote(source=rng.choice(sources), speaker=rng.choice(people), status=PUBLISHED)
        )

    steps = [set_status, update_status, move_article, move_quote, add_quote]
    for _ in range(60):
        step = rng.choice(steps)
        step()
        assert by_column() == by_rule(), step.__name__


def test_an_import_sets_the_column_as_the_rule_says(db, seed_fixture):
    from django.core.management import call_command

    call_command("import_dossier", str(seed_fixture), verbosity=0)
    assert by_rule() and by_column() == by_rule()
    Outlet.objects.update(status=Status.DRAFT)
    assert by_column() == set()


def test_a_first_import_sets_the_column_at_once_and_keeps_the_triggers(
    db, seed_fixture, monkeypatch
):
    """A large first import drops the triggers for its rows and sets the
    column in one statement (quote_public.deferred); here any import is
    large enough."""
    from django.core.management import call_command

    from dossier.fixture import load

    monkeypatch.setattr(load, "REBUILD_FROM_ROWS", 1)
    call_command("import_dossier", str(seed_fixture), verbosity=0)
    assert by_rule() and by_column() == by_rule()
    test_every_trigger_is_in_place_after_all_migrations(db)
    Person.objects.update(status=Status.DRAFT)
    assert by_column() == by_rule()
