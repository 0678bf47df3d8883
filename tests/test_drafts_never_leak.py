"""A draft appears nowhere public.

One draft of each kind (and published items made private by a draft they
depend on) is added to a published dossier; then every public URL is walked:
the pages, filters, search, the feed, the sitemap, robots.txt, the JSON export
and the JSON-LD inside pages.  Drafts carry the word "hushhush" in every text
and "zqx" in every slug and tag, so a leak anywhere shows.
"""

import re
from dataclasses import dataclass

import pytest

from dossier.models import Citation, Quote, Status
from tests.factories import (
    make_event,
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
    make_story,
)

DRAFT = Status.DRAFT
# Anything not published is private, whatever the stage of review.
IN_REVIEW = Status.IN_REVIEW
WITHDRAWN = Status.WITHDRAWN
SECRET = "hushhush"
SLUG_MARK = "zqx"


@dataclass
class Drafts:
    person: object
    source: object
    quote: object
    event: object
    statement: object
    outlet: object
    quote_in_draft_source: object
    quote_by_draft_person: object
    source_of_draft_outlet: object


@pytest.fixture
def drafts(world) -> Drafts:
    make_story(title="Hushhush draft story", slug="story-zqx", summary="hushhush", status=DRAFT)
    outlet = make_outlet(name="Hushhush Outlet", slug="outlet-zqx", status=WITHDRAWN)
    person = make_person(
        name="Hushhush Person",
        slug="person-zqx",
        aliases="Hushhushov\nZqxalias",
        role="Hushhush role",
        status=IN_REVIEW,
        tags=["summit", "tag-zqx-person"],
    )
    source = make_source(
        outlet=world.outlet,
        title="Hushhush Article",
        slug="article-zqx",
        body="Hushhush body. He said “hushhush words”.",
        status=DRAFT,
        tags=["summit", "tag-zqx-source"],
    )
    source_of_draft_outlet = make_source(
        outlet=outlet, title="Hushhush orphan", slug="orphan-zqx", body="Hushhush orphan body."
    )
    statement = make_statement(title="Hushhush statement", slug="statement-zqx", status=IN_REVIEW)
    # A draft quote in a published article: its words are in the body, but
    # it must not be marked, linked, counted or grouped with its statement.
    quote = make_quote(
        source=world.source,
        speaker=world.person,
        statement=world.statement,
        slug="quote-zqx",
        text="no dates were set",
        context="hushhush context",
        status=DRAFT,
        tags=["summit", "tag-zqx-quote"],
    )
    # Published quotes that stay private: one printed by a draft article,
    # one said by a draft person.
    quote_in_draft_source = make_quote(
        source=source,
        speaker=world.person,
        slug="quote-zqx-in-draft-source",
        text="hushhush words",
        tags=["summit"],
    )
    quote_by_draft_person = make_quote(
        source=world.source,
        speaker=person,
        slug="quote-zqx-by-draft-person",
        text="off for now",
        context="hushhush context",
        tags=["summit"],
    )
    event = make_event(
        title="Hushhush Event",
        slug="event-zqx",
        summary="hushhush",
        participants=[world.person],
        sources=[world.source],
        status=WITHDRAWN,
        tags=["summit", "tag-zqx-event"],
    )
    # Drafts reached through published items' relations.
    world.event.participations.create(person=person, role="hushhush role", position=9)
    world.event.sources.add(source, source_of_draft_outlet)
    Citation.objects.create(source=world.source, cited_source=source, note="hushhush note")
    Citation.objects.create(source=world.source, cited_outlet=outlet, note="hushhush note")
    Citation.objects.create(source=source, cited_source=world.source, note="hushhush note")
    Quote.objects.filter(pk=world.anonymous.pk).update(statement=statement)
    Quote.objects.filter(pk=world.variant.pk).update(relayed_from=outlet)
    return Drafts(
        person,
        source,
        quote,
        event,
        statement,
        outlet,
        quote_in_draft_source,
        quote_by_draft_person,
        source_of_draft_outlet,
    )


def public_urls(client, world) -> list[str]:
    """Every page a reader or crawler can reach: the sitemap's, plus lists,
    filters, searches and the machine-readable views."""
    sitemap = client.get("/sitemap.xml").content.decode()
    urls = [
        re.sub(r"^http://testserver", "", loc) for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)
    ]
    assert len(urls) >= 14
    return urls + [
        "/timeline/?tag=summit",
        "/timeline/?person=dmitry-peskov",
        "/people/?tag=summit",
        "/quotes/?tag=summit",
        "/quotes/?speaker=dmitry-peskov",
        "/quotes/?attribution=on_record",
        "/sources/?tag=summit",
        "/search/?q=peskov",
        "/search/?q=summit",
        "/search/?q=no+dates",
        "/search/?q=off+for+now",
        "/search/?q=peskov&kind=quotes",
        "/search/?q=article&kind=sources",
        "/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/dossier.json",
    ]


def test_no_draft_appears_on_any_public_url(client, world, drafts):
    urls = public_urls(client, world)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode().lower()
        assert SECRET not in body, f"a draft's text leaks on {url}"
        assert SLUG_MARK not in body, f"a draft's slug or tag leaks on {url}"


@pytest.mark.parametrize(
    "url",
    [
        "/timeline/?person=person-zqx",
        "/timeline/?tag=tag-zqx-event",
        "/people/?tag=tag-zqx-person",
        "/quotes/?speaker=person-zqx",
        "/quotes/?tag=tag-zqx-quote",
        "/sources/?tag=tag-zqx-source",
        "/search/?q=hushhush",
        "/search/?q=Zqxalias",
        "/search/?q=hushhush&kind=people",
    ],
)
def test_asking_for_a_draft_by_name_finds_nothing(client, world, drafts, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hushhush " not in html  # names and titles start with a capital
    for item in ["event-card", "person-card", "quote-mark", "<figure", "source-item"]:
        assert item not in html, f"{url} shows a {item}"


def test_every_draft_detail_page_is_not_found(client, world, drafts):
    for url in [
        drafts.person.get_absolute_url(),
        drafts.source.get_absolute_url(),
        drafts.quote.get_absolute_url(),
        drafts.event.get_absolute_url(),
        drafts.statement.get_absolute_url(),
        drafts.quote_in_draft_source.get_absolute_url(),
        drafts.quote_by_draft_person.get_absolute_url(),
        drafts.source_of_draft_outlet.get_absolute_url(),
        "/tags/tag-zqx-person/",
        "/tags/tag-zqx-source/",
        "/tags/tag-zqx-quote/",
        "/tags/tag-zqx-event/",
    ]:
        assert client.get(url).status_code == 404, url


def test_drafts_change_no_count(client, world, drafts):
    overview = client.get("/").content.decode()
    for figure in ["2</span> sources", "2</span> people", "3</span> quotes", "2</span> events"]:
        assert figure in overview
    people = client.get("/people/").content.decode()
    assert "2 quotes · 1 event" in people  # Peskov: the draft quote and event are not his yet
    tags = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/tags/").content.decode()))
    assert "summit 4 items · 1 event · 1 quote · 2 sources" in tags
    assert "2 people" in client.get("/people/").content.decode()


def test_drafts_are_not_highlighted_in_a_published_article(client, world, drafts):
    html = client.get(world.source.get_absolute_url()).content.decode()
    assert html.count('<mark class="quote-mark"') == 2
    assert "He added that “no dates were set”." in html


def test_a_published_statement_lists_only_published_renderings(client, world, drafts):
    html = client.get(world.statement.get_absolute_url()).content.decode()
    assert "2 renderings" in html
    assert "no dates were set" not in html


def test_a_statement_whose_quotes_are_all_drafts_is_not_found(client, world):
    Quote.objects.filter(statement=world.statement).update(status=DRAFT)
    assert client.get(world.statement.get_absolute_url()).status_code == 404
    assert world.statement.slug not in client.get("/sitemap.xml").content.decode()


def test_unpublishing_an_outlet_hides_its_articles_and_their_quotes(client, world):
    type(world.outlet).objects.filter(pk=world.outlet.pk).update(status=DRAFT)
    assert client.get(world.source.get_absolute_url()).status_code == 404
    assert client.get(world.quote.get_absolute_url()).status_code == 404
    data = client.get("/dossier.json").json()
    assert world.source.slug not in {s["slug"] for s in data["sources"]}
    assert world.quote.slug not in {q["slug"] for q in data["quotes"]}
    # The other outlet's article still cites it; the citation goes with it.
    wire = next(s for s in data["sources"] if s["slug"] == world.other_source.slug)
    assert wire["cites"] == []
