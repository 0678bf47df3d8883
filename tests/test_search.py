"""Search goes through the full-text index (FTS5 on SQLite, tsvector on
PostgreSQL): it follows every edit, and no reader's words can break it."""

import pytest

from tests.factories import make_person, make_quote

pytestmark = pytest.mark.django_db


def found(client, query: str) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_index_follows_edits_and_deletions(client, world):
    quote = make_quote(source=world.source, speaker=world.person, text="Quixotic tangerines")
    assert "Quixotic tangerines" in found(client, "tangerines")
    quote.text = "Sober apples"
    quote.save()
    assert "Quixotic" not in found(client, "tangerines")
    assert "Sober apples" in found(client, "apples")
    quote.hops.all().delete()
    quote.delete()
    assert "Sober apples" not in found(client, "apples")


def test_last_word_matches_as_a_prefix_and_case_is_ignored(client, world):
    make_person(name="Kaja Kallas", aliases="Kallasova")
    assert "Kaja Kallas" in found(client, "KALL")
    assert "Kaja Kallas" in found(client, "kaja kallasov")


@pytest.mark.parametrize(
    "query",
    ['"', '""', "*", "NEAR(a b)", "peskov OR", "a:*", "!!!", "'; DROP TABLE x", "(", "-peskov"],
)
def test_query_syntax_in_a_readers_words_is_only_text(client, world, query):
    found(client, query)
