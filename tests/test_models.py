import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dossier.models import Citation, Event, Outlet, Person, Quote, Source, Statement, describe_date
from tests.factories import (
    make_event,
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
    make_story,
)

pytestmark = pytest.mark.django_db


def make_said_statement(**fields) -> Statement:
    """A statement with a published rendering (a statement is public only
    through one)."""
    statement = make_statement(**fields)
    make_quote(statement=statement)
    return statement


@pytest.mark.parametrize(
    "make, model",
    [
        (make_outlet, Outlet),
        (make_source, Source),
        (make_person, Person),
        (make_said_statement, Statement),
        (make_quote, Quote),
        (make_event, Event),
    ],
)
def test_published_holds_published_items_and_no_drafts(make, model):
    shown = make()
    hidden = make(status="draft")
    assert list(model.objects.published().filter(pk__in=[shown.pk, hidden.pk])) == [shown]
    assert list(model.objects.drafts().filter(pk__in=[shown.pk, hidden.pk])) == [hidden]


def test_article_of_a_draft_outlet_is_not_published():
    source = make_source(outlet=make_outlet(status="draft"))
    assert not Source.objects.published().filter(pk=source.pk).exists()


def test_quote_is_only_as_public_as_its_source_and_speaker():
    in_draft_source = make_quote(source=make_source(status="draft"))
    by_draft_speaker = make_quote(speaker=make_person(status="draft"))
    in_draft_outlet = make_quote(source=make_source(outlet=make_outlet(status="draft")))
    unnamed = make_quote(speaker=None, speaker_description="a Western official")
    assert list(Quote.objects.published()) == [unnamed]
    assert {in_draft_source, by_draft_speaker, in_draft_outlet}.isdisjoint(
        Quote.objects.published()
    )


def test_notes_and_bio_are_sanitised_whenever_saved():
    person = make_person(
        bio='<p onclick="x()">Envoy. <a href="javascript:alert(1)">x</a><script>alert(1)</script></p>',
        notes='<em>Graded</em> <img src=x onerror=alert(1)><a href="https://example.com/">ok</a>',
    )
    assert "<script" not in person.bio_html and "onclick" not in person.bio_html
    assert "javascript:" not in person.bio_html
    assert "<p>Envoy." in person.bio_html
    assert "<img" not in person.notes_html and "onerror" not in person.notes_html
    assert '<a href="https://example.com/">ok</a>' in person.notes_html
    person.notes = "<svg onload=alert(1)>changed"
    person.save(update_fields=["notes"])
    person.refresh_from_db()
    assert person.notes_html == "changed"


def test_aliases_are_kept_one_per_line_without_repeats():
    person = make_person(aliases="  Zelenskyy \n\nZelenskiy\nZelenskyy\n")
    assert person.aliases == "Zelenskyy\nZelenskiy"
    assert person.alias_list == ["Zelenskyy", "Zelenskiy"]


def test_article_uses_its_outlets_grade_unless_overridden():
    source = make_source(outlet=make_outlet(reliability="C", reliability_rationale="mixed"))
    assert source.effective_reliability == "C"
    assert source.effective_reliability_rationale == "mixed"
    source.reliability, source.reliability_rationale = "A", "documents attached"
    assert source.effective_reliability == "A"
    assert source.effective_reliability_rationale == "documents attached"


def test_quote_needs_a_speaker_or_a_description():
    quote = Quote(text="x", slug="x", source=make_source(), credibility=3)
    with pytest.raises(ValidationError, match="Name the speaker"):
        quote.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        quote.save()


def test_second_hand_quote_names_the_outlet_it_relays():
    quote = make_quote()
    quote.attribution = Quote.Attribution.SECOND_HAND
    with pytest.raises(ValidationError, match="relayed from"):
        quote.full_clean()
    quote.relayed_from = make_outlet()
    quote.full_clean()


def test_citation_names_either_a_source_or_an_outlet():
    source, other, outlet = make_source(), make_source(), make_outlet()
    Citation.objects.create(source=source, cited_source=other)
    Citation.objects.create(source=source, cited_outlet=outlet, note="citing sources")
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=source, cited_source=other, cited_outlet=outlet)
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=source)
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(source=source, cited_source=source)


@pytest.mark.parametrize(
    "day, precision, expected",
    [
        (16, "day", "16 October 2025"),
        (16, "month", "October 2025"),
        (3, "approximate", "c. early-October 2025"),
        (16, "approximate", "c. mid-October 2025"),
        (28, "approximate", "c. late-October 2025"),
    ],
)
def test_event_dates_say_how_precise_they_are(day, precision, expected):
    assert describe_date(datetime.date(2025, 10, day), precision) == expected


def test_a_long_date_reads_as_djangos_date_filter_writes_it():
    """The pages' `long_date` ("21 October 2025"), for every day of a leap
    year and the last of a century, as `date("j F Y")` wrote it."""
    from django.template.defaultfilters import date as date_filter

    from dossier.jinja import long_date

    start = datetime.date(2024, 1, 1)
    days = [start + datetime.timedelta(n) for n in range(366)] + [datetime.date(1999, 12, 31)]
    assert [long_date(day) for day in days] == [date_filter(day, "j F Y") for day in days]


def test_every_public_kind_has_a_page():
    quote = make_quote(statement=make_statement(slug="peskov-dates"))
    event = make_event(slug="call")
    assert quote.get_absolute_url() == f"/quotes/{quote.slug}/"
    assert quote.statement.get_absolute_url() == "/statements/peskov-dates/"
    assert quote.source.get_absolute_url() == f"/sources/{quote.source.slug}/"
    assert quote.speaker.get_absolute_url() == f"/people/{quote.speaker.slug}/"
    assert event.get_absolute_url() == "/events/call/"
    outlet = quote.source.outlet
    assert outlet.get_absolute_url() == f"/outlets/{outlet.slug}/"
    assert make_story().get_absolute_url() == "/"


def test_deleting_an_outlet_with_articles_is_refused():
    from django.db.models import ProtectedError

    source = make_source()
    with pytest.raises(ProtectedError):
        source.outlet.delete()


def test_saving_refreshes_updated_but_not_created():
    outlet = make_outlet()
    created, updated = outlet.created, outlet.updated
    outlet.name = "Renamed"
    outlet.save()
    assert outlet.created == created
    assert outlet.updated > updated


@pytest.mark.django_db
def test_published_claims_and_statements_are_what_the_pages_show(world):
    """A published claim whose every report is a draft article, and a
    published statement whose every quote is a draft, are not public: the
    QuerySets say so, as the pages do."""
    from dossier import selectors
    from dossier.models import Claim, Statement, Status
    from tests.factories import make_claim, make_source, make_statement

    hidden_article = make_source(outlet=world.outlet, status=Status.DRAFT)
    claim = make_claim(title="Backed by a draft alone", sources=[hidden_article])
    statement = make_statement(title="Said in drafts alone")
    assert claim.status == statement.status == Status.PUBLISHED
    assert claim not in Claim.objects.published()
    assert statement not in Statement.objects.published()
    assert world.claim in Claim.objects.published()
    assert world.statement in Statement.objects.published()
    assert list(Claim.objects.published()) == list(selectors.public_claims())
    assert set(Statement.objects.published()) == set(selectors.public_statements())


@pytest.mark.parametrize(
    "name, slug",
    [
        ("dossier:person", "peskov-dates"),
        ("dossier:person", "under_score-2025"),
        # A tag's slug may be in any script, or hold what a URL must escape.
        *(
            ("dossier:tag", slug)
            for slug in ["summit", "саміт", "über-gipfel", "a.b~c", "x y", "50%", "ÉTÉ"]
        ),
    ],
)
def test_a_detail_link_is_what_reverse_makes(name, slug):
    """`detail_url` writes plain slugs as they are and quotes the rest, as
    Django's reverse() would."""
    from django.urls import reverse

    from dossier.models.base import detail_url

    assert detail_url(name, slug) == reverse(name, args=[slug])
