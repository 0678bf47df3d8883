"""Search reads the articles themselves: a word of a body finds its article,
shown with a passage around the match (the article's text, escaped, the
match marked); a phrase in quotation marks matches
its words in order; a person is found by any of their names."""

import io
import re

import pytest
from django.core.management import call_command

from dossier import search as full_text
from dossier.models import Source, Status
from dossier.selectors import search_words
from tests.factories import make_outlet, make_quote, make_source

pytestmark = pytest.mark.django_db


def page(client, query: str, kind: str = "") -> str:
    response = client.get("/search/", {"q": query, **({"kind": kind} if kind else {})})
    assert response.status_code == 200
    return response.content.decode()


def articles(html: str) -> list[str]:
    """The articles a results page lists, in order, by their links."""
    return re.findall(r'class="source-item__title"><a href="(/sources/[^"/]+/)"', html)


def passages(html: str) -> list[str]:
    return re.findall(r'<p class="source-item__passage">(.*?)</p>', html, re.S)


def test_kupyansk_finds_the_unn_article_with_the_sentence_that_names_it(client, seed_fixture):
    call_command("import_dossier", str(seed_fixture), stdout=io.StringIO())
    unn = Source.objects.get(body__contains="Kupyansk", outlet__name__icontains="UNN")
    assert "Kupyansk" not in unn.title
    html = page(client, "Kupyansk", "sources")
    assert articles(html) == [unn.get_absolute_url()]
    [passage] = passages(html)
    assert "<mark>Kupyansk</mark>" in passage
    assert "battlefield successes" in passage  # the words around it
    assert unn.get_absolute_url() in articles(page(client, "kupyansk"))


def test_a_phrase_in_quotation_marks_matches_its_words_in_that_order(client, world):
    held = make_source(title="Front", body="Troops held the battle lines through the night.")
    apart = make_source(title="Apart", body="Lines of supply were cut before the battle.")
    assert set(articles(page(client, "battle lines", "sources"))) == {
        held.get_absolute_url(),
        apart.get_absolute_url(),
    }
    html = page(client, '"battle lines"', "sources")
    assert articles(html) == [held.get_absolute_url()]
    # PostgreSQL marks each word of the phrase, and ends on a word.
    [passage] = [re.sub("</mark> <mark>", " ", passage) for passage in passages(html)]
    assert passage.startswith("Troops held the <mark>battle lines</mark> through the night")
    assert search_words('"battle   lines" ceasefire "') == ["battle lines", "ceasefire", '"']


def test_a_phrase_finds_quotes_people_and_claims_too(client, world):
    assert world.person.get_absolute_url() in page(client, '"Dmitri Peskov"')
    assert world.person.get_absolute_url() not in page(client, '"Peskov Dmitry"')


def test_a_passage_is_the_article_text_escaped_with_only_the_match_marked(client, world):
    make_source(
        title="Hostile",
        body='<script>alert(1)</script> The quokkasaurus <b onclick="x()">said</b> "hi" & left.',
    )
    html = page(client, "quokkasaurus", "sources")
    [passage] = passages(html)
    assert "alert(1)</script>" not in html
    assert "script&gt;alert(1)&lt;/script&gt;" in passage  # PostgreSQL starts on a word
    assert "<mark>quokkasaurus</mark>" in passage
    assert "&lt;b onclick=&quot;x()&quot;&gt;" in passage
    assert re.sub(r"</?mark>", "", passage).count("<") == 0


def test_marks_stay_well_formed_whatever_the_text_holds():
    start, stop = full_text.START, full_text.STOP
    assert full_text.marked(f"a {start}b{stop} <c>") == "a <mark>b</mark> &lt;c&gt;"
    assert full_text.marked(f"{stop}a {start}b {start}c") == "a <mark>b c</mark>"
    assert full_text.marked(None) == ""


def test_an_article_matching_only_in_its_title_shows_no_passage(client, world):
    make_source(title="Xylophonic summit", body="Nothing of the word here.")
    html = page(client, "xylophonic", "sources")
    assert len(articles(html)) == 1 and passages(html) == []


def test_the_index_follows_an_edited_body(client, world):
    source = make_source(title="Edited", body="First draft mentions marmalade.")
    assert articles(page(client, "marmalade", "sources")) == [source.get_absolute_url()]
    source.body = "Second version mentions custard."
    source.save()
    assert articles(page(client, "marmalade", "sources")) == []
    assert articles(page(client, "custard", "sources")) == [source.get_absolute_url()]


def test_a_body_of_a_draft_or_of_a_withdrawn_outlet_is_never_searched(client, world):
    make_source(title="Draft", body="Secret quillwort.", status=Status.DRAFT)
    hidden = make_outlet(name="Hidden", status=Status.WITHDRAWN)
    make_source(title="Orphan", outlet=hidden, body="Orphan quillwort.")
    for query in ["quillwort", '"secret quillwort"', '"orphan quillwort"']:
        for html in [page(client, query), page(client, query, "sources")]:
            assert "source-item" not in html and "<mark>" not in html
            assert "Secret" not in html and "Orphan" not in html


@pytest.mark.parametrize("name", ["Dmitry Peskov", "Dmitri Peskov", "D. Peskov", "Dmitri"])
def test_a_person_and_what_they_said_are_found_by_any_of_their_names(client, world, name):
    quote = make_quote(source=world.source, speaker=world.person, text="Unrelated wording here")
    html = page(client, name)
    assert world.person.get_absolute_url() in html
    assert quote.get_absolute_url() in html
