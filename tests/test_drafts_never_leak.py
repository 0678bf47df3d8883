"""A draft appears nowhere public.

One draft of each kind (and published items made private by a draft they
depend on) is added to a published dossier; then every public URL is walked:
the pages, filters, search, the feed, the sitemap, robots.txt, the JSON export,
the TimelineJS JSON, the spreadsheets and the JSON-LD inside pages.  Drafts carry the word "hushhush" in every text
and "zqx" in every slug and tag, so a leak anywhere shows.

Claims and attribution chains reach drafts too: a draft claim linked from a
published one, a published claim only a draft article makes, a draft article
among a claim's reports and behind a link, and hops naming a person or an
outlet that is not published (shown, but never by name).
"""

import re
from dataclasses import dataclass

import pytest
from django.core.cache import caches

from dossier import sitemaps
from dossier.models import Citation, ClaimLink, ClaimReport, Hop, Quote, Status
from tests.factories import (
    make_claim,
    make_event,
    make_hop,
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
    make_story,
)
from tests.sitemap_walk import sitemap_pages, sitemap_text, sitemap_urls

# Every test reads tests/world.py's dossier: built once, each test rolled back.
pytestmark = pytest.mark.usefixtures("world_built_once")

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
    claim: object
    claim_of_draft_source: object


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
    # Claims: a draft one, linked from a published claim both ways; a
    # published claim that only a draft article makes; a draft article and
    # a draft event behind a published claim.
    claim = make_claim(
        sources=[world.source],
        title="Hushhush claim",
        slug="claim-zqx",
        summary="hushhush summary",
        status=DRAFT,
        tags=["summit", "tag-zqx-claim"],
    )
    claim_of_draft_source = make_claim(
        sources=[source],
        title="Hushhush claim of a draft article",
        slug="claim-zqx-of-draft-source",
        tags=["summit"],
    )
    for from_claim, to_claim in [(world.claim, claim), (claim, world.counter_claim)]:
        ClaimLink.objects.create(
            from_claim=from_claim, to_claim=to_claim, kind="contradicts", rationale="hushhush"
        )
    ClaimLink.objects.create(
        from_claim=world.counter_claim,
        to_claim=claim_of_draft_source,
        kind="supports",
        rationale="hushhush",
    )
    world.contradiction.sources.add(source, source_of_draft_outlet)
    ClaimReport.objects.create(claim=world.claim, source=source, position=8)
    ClaimReport.objects.create(claim=world.counter_claim, source=source_of_draft_outlet, position=9)
    type(world.counter_claim).objects.filter(pk=world.counter_claim.pk).update(event=event)
    # Hops naming a person and an outlet readers may not see yet, in a
    # quote's chain and in a claim's report.
    for owner in [{"quote": world.quote}, {"report": world.claim.reports.first()}]:
        make_hop(**owner, position=7, person=person, how=Hop.How.TOLD, context="in private")
        make_hop(**owner, position=8, outlet=outlet, how=Hop.How.CARRIED, on_record=False)
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
        claim,
        claim_of_draft_source,
    )


def public_urls(client, world) -> list[str]:
    """Every page a reader or crawler can reach: every URL in every page of
    every section of the sitemap, plus lists, filters, searches and the
    machine-readable views (the sitemap's index and each of its pages too)."""
    urls = sitemap_urls(client)
    assert len(urls) >= 14
    urls += sitemap_pages(client)
    return urls + [
        "/timeline/?tag=summit",
        "/timeline/?person=dmitry-peskov",
        "/people/?tag=summit",
        "/quotes/?tag=summit",
        "/quotes/?speaker=dmitry-peskov",
        "/quotes/?attribution=on_record",
        "/sources/?tag=summit",
        "/claims/?tag=summit",
        "/claims/?verification=unverified",
        "/claims/?verification=disputed",
        "/search/?q=peskov",
        "/search/?q=claim",
        "/search/?q=claim&kind=claims",
        "/search/?q=summit",
        "/search/?q=no+dates",
        "/search/?q=off+for+now",
        "/search/?q=peskov&kind=quotes",
        "/search/?q=article&kind=sources",
        "/search/?q=body",
        "/search/?q=body&kind=sources",
        '/search/?q="no+dates+were+set"',
        "/feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/dossier.json",
        "/timeline.json",
        "/quotes.csv",
        "/claims.csv",
    ]


def test_no_draft_appears_on_any_public_url(client, world, drafts):
    urls = public_urls(client, world)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode().lower()
        assert SECRET not in body, f"a draft's text leaks on {url}"
        assert SLUG_MARK not in body, f"a draft's slug or tag leaks on {url}"


def test_no_draft_hides_on_a_later_page_of_the_sitemap(client, world, drafts, monkeypatch):
    """With one URL a page, every item of every section has a page of its
    own in the index: each of them is walked."""
    whole = sitemap_urls(client)
    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", 1)
    caches["pages"].clear()  # the sitemap's shape changed, as with a new release
    pages = sitemap_pages(client)
    assert any(page.endswith("?p=2") for page in pages)
    assert sitemap_urls(client) == whole
    for page in pages:
        body = client.get(page).content.decode().lower()
        assert SECRET not in body and SLUG_MARK not in body, page


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
        "/search/?q=hushhush&kind=claims",
        "/search/?q=hushhush&kind=sources",
        '/search/?q="hushhush+orphan+body"',
        '/search/?q="hushhush+words"&kind=sources',
        "/claims/?tag=tag-zqx-claim",
    ],
)
def test_asking_for_a_draft_by_name_finds_nothing(client, world, drafts, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hushhush " not in html  # names and titles start with a capital
    for item in ["event-card", "person-card", "quote-mark", "<figure", "source-item", "claim-card"]:
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
        drafts.outlet.get_absolute_url(),
        drafts.claim.get_absolute_url(),
        drafts.claim_of_draft_source.get_absolute_url(),
        "/tags/tag-zqx-claim/",
        "/tags/tag-zqx-person/",
        "/tags/tag-zqx-source/",
        "/tags/tag-zqx-quote/",
        "/tags/tag-zqx-event/",
    ]:
        assert client.get(url).status_code == 404, url


def test_drafts_change_no_count(client, world, drafts):
    overview = client.get("/").content.decode()
    for figure in ["2</span> sources", "2</span> people", "2</span> events"]:
        assert figure in overview
    people = client.get("/people/").content.decode()
    assert "2 quotes · 1 event" in people  # Peskov: the draft quote and event are not his yet
    tags = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/tags/").content.decode()))
    assert "summit 5 items · 1 event · 1 quote · 2 sources · 1 claim" in tags
    assert "2 people" in client.get("/people/").content.decode()
    # A tag's own page counts each kind as the index does.
    tag = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get("/tags/summit/").content.decode()))
    for kind in ["Events 1", "Quotes 1", "Sources 2", "Claims 1"]:
        assert kind in tag, kind


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
    assert world.statement.slug not in sitemap_text(client)


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


def test_a_chain_keeps_an_unpublished_link_in_place_without_its_name(client, world, drafts):
    html = client.get(world.quote.get_absolute_url()).content.decode()
    sentence = html.split('class="chain__sentence"', 1)[1].split("</figcaption>", 1)[0]
    assert "a person not yet published in this dossier told it in private" in sentence
    assert "an outlet not yet published carried it" in sentence
    assert html.count("chain__hop--withheld") == 2
    assert drafts.person.get_absolute_url() not in html
    assert drafts.outlet.get_absolute_url() not in html
    data = client.get("/dossier.json").json()
    quote = next(q for q in data["quotes"] if q["slug"] == world.quote.slug)
    assert quote["chain"][-2:] == [
        {
            "person": None,
            "description": "a person not yet published in this dossier",
            "how": "told",
            "context": "in private",
            "on_record": True,
        },
        {
            "outlet": None,
            "description": "an outlet not yet published",
            "how": "carried",
            "context": "",
            "on_record": False,
        },
    ]


def test_a_claim_shows_only_published_reports_links_and_sources(client, world, drafts):
    words = client.get(world.claim.get_absolute_url()).content.decode()
    assert "2 reports, 1 independent origin" in words  # the draft article is not counted
    assert "Contradicts" in words and world.counter_claim.title in words
    assert "Contradicted by" not in words  # only the draft claim contradicts it
    counter = client.get(world.counter_claim.get_absolute_url()).content.decode()
    assert "Supports" not in counter  # the claim only a draft article makes is not public
    assert "1 report, 1 independent origin" in counter
    contested = client.get("/contested/").content.decode()
    assert contested.count('class="contradiction"') == 1


def test_a_draft_claim_changes_no_count(client, world, drafts):
    words = " ".join(client.get("/claims/").content.decode().split())
    assert "2 claims" in words
    data = client.get("/dossier.json").json()
    assert [c["slug"] for c in data["claims"]] == ["no-date-set", "summit-postponed"]
    assert data["contested"] == [{"claim": "no-date-set", "contradicts": "summit-postponed"}]


def share_images(client, urls: list[str]) -> set[str]:
    """The og:image of every page among `urls`, as paths."""
    images = set()
    for url in urls:
        html = client.get(url).content.decode()
        found = re.search(r'<meta property="og:image" content="http://testserver([^"]+)"', html)
        if found:
            images.add(found.group(1).replace("&amp;", "&"))
    return images


def test_no_draft_appears_on_any_share_card(client, world, drafts, monkeypatch):
    """Every share image a public page points at is drawn from published
    things only: what each card says is caught before it becomes pixels."""
    from dossier.cards import views as card_views

    drawn = []
    monkeypatch.setattr(card_views, "_png", lambda card: drawn.append(card) or b"png")
    images = share_images(client, public_urls(client, world))
    assert any("/quotes/" in image for image in images)
    assert any("/claims/" in image for image in images)
    assert any("/people/" in image for image in images)
    for image in images:
        assert client.get(image).status_code == 200, image
    assert len(drawn) == len(images)
    for card in drawn:
        said = repr(card).lower()
        assert SECRET not in said and SLUG_MARK not in said, card


def test_no_draft_has_a_share_card(client, world, drafts):
    for item in [
        drafts.person,
        drafts.quote,
        drafts.quote_in_draft_source,
        drafts.quote_by_draft_person,
        drafts.claim,
        drafts.claim_of_draft_source,
    ]:
        url = item.get_absolute_url() + "card.png"
        assert client.get(url).status_code == 404, url
