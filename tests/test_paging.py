"""A long list's page (`selectors.paginate_capped`): read with its count in
one query, and the page a reader gets for any page number is the one
Django's paginator gives over the same capped list."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossier import selectors
from dossier.models import Event
from tests.factories import make_event

PER_PAGE = 3
NUMBERS = [None, "", "abc", "2.0", " 2", "1", "2", "3", "4", "5", "99", "0", "-1"]


@pytest.fixture
def events(db):
    made = [make_event() for _ in range(10)]
    make_event(status="draft")  # never listed
    return made


def expected(cap: int, number):
    """What Django's paginator gives for `number` over the list cut at `cap`."""
    keys = list(selectors.timeline().values_list("pk", flat=True))
    page = Paginator(keys[:cap], PER_PAGE).get_page(number)
    return list(page.object_list), page.number, page.paginator.count, len(keys) > cap


@pytest.mark.parametrize("cap", [30, 7, 6])
@pytest.mark.parametrize("number", NUMBERS)
def test_any_page_number_gives_the_page_djangos_paginator_gives(events, cap, number):
    page = selectors.paginate_capped(
        selectors.timeline(), number, PER_PAGE, cap, rows=selectors.timeline_rows()
    )
    shown = [card.pk for card in selectors.timeline_cards(page.object_list)]
    assert (shown, page.number, page.paginator.count, page.more) == expected(cap, number)
    assert page.paginator.num_pages == -(-min(10, cap) // PER_PAGE)


@pytest.mark.parametrize("number", [None, "1", "2", "4"])
def test_a_page_with_rows_is_read_with_its_count_in_one_query(events, number):
    with CaptureQueriesContext(connection) as queries:
        page = selectors.paginate_capped(selectors.timeline(), number, PER_PAGE, 30)
    assert len(queries) == 1
    assert page.paginator.count == 10 and len(page.object_list) == (1 if number == "4" else 3)


def test_an_empty_list_is_one_empty_first_page_from_one_query(db):
    make_event(status="draft")
    with CaptureQueriesContext(connection) as queries:
        page = selectors.paginate_capped(selectors.timeline(), None, PER_PAGE, 30)
    assert len(queries) == 1
    assert (list(page.object_list), page.number, page.paginator.count) == ([], 1, 0)
    assert not page.more and Event.objects.count() == 1


def test_a_search_that_can_match_nothing_is_an_empty_page(db):
    page = selectors.paginate_capped(Event.objects.none(), "2", PER_PAGE, 30)
    assert (list(page.object_list), page.number, page.paginator.count) == ([], 1, 0)
