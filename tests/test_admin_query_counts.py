"""Each admin changelist runs a fixed number of queries: pinned here, and
shown not to grow when the dossier grows tenfold (no query per row for
tags, people or outlets in the list)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.world import queries_before_and_after_growing

# model name -> the most queries its changelist may run (a superuser's view:
# session, user, the page's rows and count, list filters' choices)
LIMITS = {
    "statement": 8,
    "quote": 9,
    "claim": 10,
    "claimreport": 6,
    "claimlink": 6,
    "story": 6,
    "event": 10,
    "person": 9,
    "outlet": 8,
    "source": 11,
}
MODELS = [model for model in admin.site._registry if model._meta.app_label == "dossier"]


def test_every_changelist_is_pinned():
    assert {model._meta.model_name for model in MODELS} == set(LIMITS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_queries_are_pinned_and_do_not_grow_with_the_data(
    admin_client, world, django_assert_max_num_queries, model
):
    url = reverse(f"admin:dossier_{model._meta.model_name}_changelist")
    small, large, _ = queries_before_and_after_growing(
        admin_client, url, world, django_assert_max_num_queries, LIMITS[model._meta.model_name]
    )
    assert len(large) == len(small), f"{model.__name__}: {len(small)} queries became {len(large)}"


def _source_with_quotes(n: int):
    from dossier.models import Quote
    from tests.factories import make_outlet, make_person, make_quote, make_source, make_statement

    source = make_source(body="All is well. " * 3)
    relay = make_outlet()
    for _ in range(n):
        make_quote(
            source=source,
            speaker=make_person(),
            statement=make_statement(),
            relayed_from=relay,
            attribution=Quote.Attribution.SECOND_HAND,
        )
    return source


def _change_page_queries(admin_client, source):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:dossier_source_change", args=[source.pk])
    assert admin_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.django_db
def test_a_sources_change_page_runs_as_many_queries_for_15_quotes_as_for_3(admin_client):
    few = _change_page_queries(admin_client, _source_with_quotes(3))
    many = _change_page_queries(admin_client, _source_with_quotes(15))
    assert len(many) == len(few), "\n".join(many)
    # The session, the user, the article with its outlet, its tags, its
    # citations, its quotes, and the outlet the autocomplete shows.
    assert len(many) == 7, "\n".join(many)


@pytest.mark.django_db
def test_a_sources_change_page_runs_as_many_queries_for_4_citations_as_for_1(admin_client):
    """Each citation row names the article and what it cites: read with the
    rows, not once a row."""
    from dossier.models import Citation
    from tests.factories import make_outlet, make_source

    def cited_by(n: int):
        source = _source_with_quotes(1)
        for position in range(n):
            if position % 2:
                Citation.objects.create(
                    source=source, position=position, cited_outlet=make_outlet()
                )
            else:
                cited = make_source()
                Citation.objects.create(source=source, position=position, cited_source=cited)
        return source

    few = _change_page_queries(admin_client, cited_by(1))
    many = _change_page_queries(admin_client, cited_by(4))
    assert len(many) == len(few), "\n".join(many)
