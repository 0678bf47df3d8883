"""Search goes through the full-text index (FTS5 on SQLite, tsvector on
PostgreSQL): it follows every edit, and no reader's words can break it."""

import re

import pytest
from markupsafe import escape

from tests.factories import make_person, make_quote

# Every test reads tests/world.py's dossier: built once, each test rolled back.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world_built_once")]


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
    """No engine error: the page comes back with the words in its search box."""
    assert f'value="{escape(query)}"' in found(client, query)


def results(client, query: str) -> list[str]:
    """The items the search page lists, by their links."""
    return re.findall(
        r'href="(/(?:people|quotes|events|sources|claims)/[^"/]+/)"', found(client, query)
    )


def test_a_leading_minus_is_text_not_an_exclusion(client, world):
    assert world.person.get_absolute_url() in results(client, "-peskov")
    assert results(client, "-peskov") == results(client, "peskov")


def test_or_is_a_word_not_an_operator(client, world):
    """ "peskov OR" finds what "peskov or" finds: the upper-case word is not
    the engines' OR (which would match every quote naming Peskov, whatever
    the second word)."""
    assert results(client, "peskov OR") == results(client, "peskov or")
    assert results(client, "peskov") and results(client, "peskov OR zzzunheardof") == []
