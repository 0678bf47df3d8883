"""Queries that pages start from, built once and shared (`built_once`)."""

import functools
from collections.abc import Callable

from django.db.models import QuerySet

# Every shared query built so far, for the tests: none may ever hold rows.
BUILT: list[QuerySet] = []


def built_once(build: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """A query that pages start from, built the first time it is asked for
    (for each set of arguments) and then shared, as a class-based view holds
    its `queryset`: each page narrows it to its own rows. A `.filter()` is a
    new query, so the shared one is never changed, nor evaluated: it holds
    no rows to go stale. Django builds a query by resolving every field name
    through the models, which cost a quote's page as much as running its
    queries (bench/README.md)."""

    @functools.cache
    @functools.wraps(build)
    def shape(*args) -> QuerySet:
        query = build(*args)
        BUILT.append(query)
        return query

    return shape
