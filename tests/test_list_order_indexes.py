"""The timeline and the people list walk an index in the order they print
and stop after a page, rather than sorting every published row for each
page (migration 0026)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_event, make_person

pytestmark = pytest.mark.django_db


def plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # With a handful of rows PostgreSQL would rather read the table:
            # forbid that, so the plan says whether the index can serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def rows_query(client, path: str, table: str) -> str:
    """The SQL of the query that reads the page's rows of `table`."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    found = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(f'SELECT "{table}"."id"') and "ORDER BY" in q["sql"]
    ]
    assert found, f"no query of {table} on {path}"
    return found[0]


@pytest.mark.parametrize(
    "path, table, index, make",
    [
        ("/timeline/", "dossier_event", "event_timeline", make_event),
        ("/people/", "dossier_person", "person_listing", make_person),
    ],
)
def test_a_list_page_walks_its_order_index(client, path, table, index, make):
    for _ in range(3):
        make()
    found = plan(rows_query(client, path, table))
    assert index in found, found
    if connection.vendor == "sqlite":
        assert "TEMP B-TREE" not in found, found
