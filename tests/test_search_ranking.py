"""Search lists the most relevant first: an item whose own words name the
reader's word many times comes before one naming it once, ties newest
first; past `RANK_LIMIT` matches of a kind, its newest first."""

import datetime
import re

import pytest
from django.core.cache import caches

from dossier import search as full_text
from dossier.models import Status
from dossier.selectors import search
from tests.factories import make_claim, make_outlet, make_quote, make_source

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 10, 1)


def listed_articles(client, query: str) -> list[str]:
    response = client.get("/search/", {"q": query, "kind": "sources"})
    assert response.status_code == 200
    return re.findall(
        r'class="source-item__title"><a href="/sources/([^"/]+)/"', response.content.decode()
    )


def test_an_article_naming_the_word_often_comes_before_one_naming_it_once(client, world):
    outlet = make_outlet(name="Gazette")
    once_old = make_source(
        outlet=outlet,
        slug="once-old",
        title="Harbour report",
        body="Boats left the harbour at dawn; one drone was seen.",
        published_on=DAY,
    )
    often = make_source(
        outlet=outlet,
        slug="often",
        title="Drone over the harbour",
        body="A drone, then a second drone, then a third drone crossed the harbour.",
        published_on=DAY - datetime.timedelta(days=30),
    )
    once_new = make_source(
        outlet=outlet,
        slug="once-new",
        title="Harbour report",
        body="Boats left the harbour at dawn; one drone was seen.",
        published_on=DAY + datetime.timedelta(days=1),
    )
    # Newest first would list the two single mentions before the oldest.
    assert listed_articles(client, "drone") == [often.slug, once_new.slug, once_old.slug]
    # All kinds at once: the same order in the articles' group.
    html = client.get("/search/", {"q": "drone"}).content.decode()
    order = [html.index(f"/sources/{slug}/") for slug in (often.slug, once_new.slug, once_old.slug)]
    assert order == sorted(order)


def test_quotes_and_claims_are_ranked_too(world):
    old_source = make_source(published_on=DAY - datetime.timedelta(days=9))
    new_source = make_source(published_on=DAY)
    often = make_quote(
        source=old_source, slug="often-quote", text="Grain, grain and more grain for the port."
    )
    once = make_quote(source=new_source, slug="once-quote", text="The port handled grain today.")
    found = search(["grain"]).found
    assert list(found["quotes"].values_list("slug", flat=True)) == [often.slug, once.slug]

    make_claim(slug="b-once", title="Grain leaves the port", summary="Ships were loaded.")
    make_claim(slug="a-none", title="Ports reopen", summary="The port reopened.")
    make_claim(slug="c-often", title="Grain deal holds", summary="Grain ships: grain for grain.")
    found = search(["grain"]).found
    assert list(found["claims"].values_list("slug", flat=True)) == ["c-often", "b-once"]


def test_a_draft_naming_the_word_most_is_never_listed(client, world):
    make_source(slug="draft-heavy", title="Drone drone", body="drone " * 20, status=Status.DRAFT)
    shown = make_source(slug="shown", title="Report", body="A drone was seen.")
    assert listed_articles(client, "drone") == [shown.slug]


def test_past_the_rank_limit_a_kind_lists_its_newest_first(client, world, monkeypatch):
    monkeypatch.setattr(full_text, "RANK_LIMIT", 1)
    often = make_source(
        slug="often-old", body="drone drone drone", published_on=DAY - datetime.timedelta(days=5)
    )
    once = make_source(slug="once-new", body="A drone.", published_on=DAY)
    assert listed_articles(client, "drone") == [once.slug, often.slug]
    monkeypatch.setattr(full_text, "RANK_LIMIT", 2)
    caches["pages"].clear()  # the same address, now ranked
    assert listed_articles(client, "drone") == [often.slug, once.slug]


def test_a_short_word_is_matched_as_typed_a_longer_one_as_a_beginning(client, world):
    war = make_source(slug="war", body="The war went on.")
    make_source(slug="warsaw", body="Talks in Warsaw.")
    assert listed_articles(client, "war") == [war.slug]
    assert set(listed_articles(client, "wars")) == {"warsaw"}
    assert listed_articles(client, "blockad") == []
    caches["pages"].clear()
    blockaded = make_source(slug="blockaded", body="The port was blockaded.")
    assert listed_articles(client, "blockad") == [blockaded.slug]


def test_a_common_word_walked_in_list_order_finds_the_same_public_articles(
    client, world, monkeypatch
):
    """The path a word common in a kind takes (tested row by row as the list
    is walked) lists what the usual path lists: no draft, no article of a
    withdrawn outlet, newest first, each with its passage."""
    monkeypatch.setattr(full_text, "RANK_LIMIT", 1)
    monkeypatch.setattr(full_text, "COMMON", {"sqlite": 1, "postgresql": 1})
    old = make_source(slug="walk-old", body="A drone.", published_on=DAY)
    new = make_source(slug="walk-new", body="Two drones.", published_on=DAY)
    new.published_on = DAY + datetime.timedelta(days=2)
    new.save()
    make_source(slug="walk-draft", body="A drone.", status=Status.DRAFT)
    hidden = make_outlet(name="Hidden", status=Status.WITHDRAWN)
    make_source(slug="walk-hidden", outlet=hidden, body="A drone.")
    assert full_text.survey(["drone"]).common == {"source"}
    assert listed_articles(client, "drone") == [new.slug, old.slug]
    html = client.get("/search/", {"q": "drone"}).content.decode()
    assert "walk-draft" not in html and "walk-hidden" not in html
    assert html.count("<mark>") == 2
