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
