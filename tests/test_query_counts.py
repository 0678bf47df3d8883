"""Each public page runs a fixed, small number of queries: pinned here, and
shown not to grow when the dossier grows tenfold (no query in a loop)."""

import pytest

from tests.world import queries_before_and_after_growing

# Every test reads tests/world.py's dossier: built once, each test rolled back.
pytestmark = pytest.mark.usefixtures("world_built_once")

# (page, path given the world, the most queries it may run)
PAGES = [
    ("overview", lambda w: "/", 10),
    # The filters offer the people and tags of the events shown: no query of their own.
    ("timeline", lambda w: "/timeline/", 4),
    # A tag filter looks the tag's id up (selectors.tag_key).
    ("timeline filtered", lambda w: "/timeline/?tag=summit&person=dmitry-peskov", 5),
    ("event", lambda w: w.event.get_absolute_url(), 6),
    ("people", lambda w: "/people/", 1),
    # The tag's id (selectors.tag_key), the page's rows with their count.
    ("people by tag", lambda w: "/people/?tag=kremlin", 2),
    ("person", lambda w: w.person.get_absolute_url(), 4),
    ("quotes", lambda w: "/quotes/", 2),
    (
        "quotes filtered",
        lambda w: "/quotes/?speaker=dmitry-peskov&tag=summit&attribution=on_record&credibility=2",
        3,
    ),
    ("quote", lambda w: w.quote.get_absolute_url(), 4),
    ("statement", lambda w: w.statement.get_absolute_url(), 3),
    # The outlets' ranking, a page of them, their latest articles.
    ("sources", lambda w: "/sources/", 3),
    ("sources by tag", lambda w: "/sources/?tag=summit", 4),
    ("source", lambda w: w.source.get_absolute_url(), 7),
    ("outlet", lambda w: w.outlet.get_absolute_url(), 3),
    # ... and the contested claims.
    ("claims", lambda w: "/claims/", 5),
    ("claims filtered", lambda w: "/claims/?verification=corroborated&tag=summit", 6),
    ("claim", lambda w: w.claim.get_absolute_url(), 7),
    # The contradictions' ids, the page's links, their sources, both
    # claims' reports, their chains.
    ("contested", lambda w: "/contested/", 5),
    ("tags", lambda w: "/tags/", 2),  # the tags in use, the page's counts
    # The tag, its counts (one join a kind), the first items of each kind.
    ("tag", lambda w: "/tags/summit/", 6),
    # Which words are names (search.survey), then one query a kind.
    ("search", lambda w: "/search/?q=peskov", 6),
    ("search one kind", lambda w: "/search/?q=peskov&kind=quotes", 2),
    # Articles by relevance, each with its passage: columns, not queries.
    ("search articles", lambda w: "/search/?q=spokesman&kind=sources", 2),
    ("search a phrase", lambda w: '/search/?q="cannot+postpone"', 6),
    ("feed", lambda w: "/feed/", 3),
    # The index: each section's first and last published key, one query a
    # section (the list pages' section needs none).
    ("sitemap index", lambda w: "/sitemap.xml", 8),
    # A page of a section reads its rows, without counting the section
    # (sitemaps.KeyRangePaginator).
    ("sitemap quotes", lambda w: "/sitemap-quotes.xml", 1),
    ("sitemap statements", lambda w: "/sitemap-statements.xml", 1),
    ("sitemap tags", lambda w: "/sitemap-tags.xml", 1),
    ("sitemap pages", lambda w: "/sitemap-pages.xml", 0),
    ("json export", lambda w: "/dossier.json", 15),
]


@pytest.mark.parametrize("name, path, limit", PAGES, ids=[page[0] for page in PAGES])
def test_page_queries_are_pinned_and_do_not_grow_with_the_data(
    client, world, django_assert_max_num_queries, name, path, limit
):
    small, large, _ = queries_before_and_after_growing(
        client, path(world), world, django_assert_max_num_queries, limit
    )
    assert len(large) == len(small), f"{name}: {len(small)} queries became {len(large)}"


@pytest.mark.parametrize(
    "page, limit",
    [
        # The page's rows alone: the section is not counted.
        ("/sitemap-quotes.xml?p=2", 1),
        ("/sitemap-people.xml?p=2", 1),
        ("/sitemap-events.xml?p=2", 1),
    ],
)
def test_a_later_sitemap_page_runs_a_fixed_number_of_queries(
    client, world, monkeypatch, django_assert_max_num_queries, page, limit
):
    from dossier import sitemaps

    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", 1)
    small, large, _ = queries_before_and_after_growing(
        client, page, world, django_assert_max_num_queries, limit
    )
    assert len(large) == len(small) == limit


@pytest.mark.parametrize("kind", ["quotes", "timeline", "claims"])
def test_a_tag_filter_writes_the_tags_id_into_its_query(world, kind):
    """PostgreSQL plans a prepared statement once for any value of its
    parameters (settings.py prepares repeated queries), and planned for an
    average tag, the busiest one's page was five times slower: the tag's id
    is written into the query's text, so each tag's query is planned for
    that tag, and it finds what a filter by the tag's slug finds."""
    from taggit.models import Tag

    from dossier import selectors

    summit = Tag.objects.get(slug="summit")
    by_id = getattr(selectors, kind)(tag=selectors.tag_key("summit"))
    sql, params = by_id.query.sql_with_params()
    assert f'"tag_id" = {summit.pk})' in sql
    assert "summit" not in params
    by_slug = getattr(selectors, kind)(tag="summit")
    assert list(by_id) == list(by_slug) != []


def test_a_quote_page_finds_its_statement_without_sorting(client, world):
    """The renderings' query looks up the quote's statement in a scalar
    subquery: one row, so it joins no article to sort by (a quote's default
    order); the few renderings are sorted by date once read, so the query
    sorts nothing (their order: test_public_pages)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(world.quote.get_absolute_url()).status_code == 200
    (renderings,) = [
        q["sql"] for q in queries.captured_queries if 'statement_id" = (SELECT' in q["sql"]
    ]
    assert "ORDER BY" not in renderings


def test_a_quote_page_reads_its_chains_and_corrections_without_sorting(client, world):
    """The chains and the history are a few rows a quote, put in order once
    read (`with_chains`, `corrections_for`): their queries sort nothing, not
    even by the models' default orders."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(world.quote.get_absolute_url()).status_code == 200
    (chains,) = [q["sql"] for q in queries.captured_queries if 'FROM "dossier_hop"' in q["sql"]]
    (history,) = [
        q["sql"] for q in queries.captured_queries if 'FROM "dossier_historicalquote"' in q["sql"]
    ]
    assert "ORDER BY" not in chains
    assert "ORDER BY" not in history
