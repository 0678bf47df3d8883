"""Claims, the links between them and the contested page, as readers see
them; and claims in the navigation, tags, search, sitemap, JSON and JSON-LD."""

import json
import re

import pytest
from django.core.cache import caches

from dossier.models import Claim, ClaimLink, ClaimReport, Event, Hop, Status
from tests.factories import make_claim, make_hop, make_outlet, make_source
from tests.test_public_pages import json_ld, outline, text

# Every test reads the same small world: built once, each test rolled back.
pytestmark = pytest.mark.usefixtures("world_built_once")


def link(from_claim, to_claim, kind="contradicts", **fields) -> ClaimLink:
    fields.setdefault("rationale", f"Why {kind}.")
    sources = fields.pop("sources", [])
    created = ClaimLink.objects.create(
        from_claim=from_claim, to_claim=to_claim, kind=kind, **fields
    )
    created.sources.set(sources)
    return created


# --- Navigation


def test_every_page_leads_to_claims_and_the_contested_page(client, world):
    for url in ["/", "/claims/", "/contested/", world.claim.get_absolute_url()]:
        hrefs = outline(client.get(url)).hrefs
        assert "/claims/" in hrefs and "/contested/" in hrefs, url
    html = client.get("/contested/").content.decode()
    assert '<a href="/contested/" aria-current="page">Contested</a>' in html


# --- The list of claims


def test_claims_list_shows_verification_grade_origins_and_event(client, world):
    words = text(client.get("/claims/"))
    assert "2 claims" in words
    assert (
        "No date was ever set for the summit ✓ Verification: Corroborated "
        "Credibility 2 Probably true 2 reports, 1 independent origin "
        "Contested by another claim what this means Event Kremlin briefing (21 October 2025)"
    ) in words
    assert (
        "The summit was officially postponed ⇄ Verification: Disputed "
        "Credibility 4 Doubtful 1 report, 1 independent origin Contested by another claim"
    ) in words


def test_claims_list_counts_origins_through_each_chain_as_the_claims_page_does(
    client, world, django_assert_num_queries
):
    """The list reads only the outlets along each report's chain; a report
    relayed from an outlet already counted adds a report, not an origin,
    and one whose chain starts elsewhere adds both, as on the claim's page."""
    planet = world.claim.reports.first().source.outlet
    relayed = ClaimReport.objects.create(
        claim=world.claim, source=make_source(title="Relay piece"), position=5
    )
    make_hop(report=relayed, position=0, outlet=planet, how=Hop.How.REPORTED)
    make_hop(report=relayed, position=1, outlet=relayed.source.outlet, how=Hop.How.CITING)
    wire = make_outlet(name="The Far Wire")
    own = ClaimReport.objects.create(
        claim=world.claim, source=make_source(title="Own piece"), position=6
    )
    make_hop(report=own, outlet=wire, how=Hop.How.REPORTED)
    for url in ["/claims/", world.claim.get_absolute_url()]:
        assert "4 reports, 2 independent origins" in text(client.get(url)), url
    caches["pages"].clear()
    with django_assert_num_queries(5):  # no row reads a chain's outlet on its own
        client.get("/claims/")


def contested_marks(client) -> list[str]:
    html = client.get("/claims/").content.decode()
    return re.findall(r'<a class="contested-mark" href="([^"#]+)#links-heading"', html)


def test_claims_list_marks_claims_in_an_open_contradiction_either_way_round(client, world):
    both = sorted([world.claim.get_absolute_url(), world.counter_claim.get_absolute_url()])
    assert sorted(contested_marks(client)) == both
    third = make_claim(title="Talks were never planned")
    link(third, world.claim, kind="qualifies")  # only contradictions contest
    assert sorted(contested_marks(client)) == both
    world.contradiction.resolved = True
    world.contradiction.resolution = "The Kremlin confirmed no date had been set."
    world.contradiction.save()
    assert contested_marks(client) == []
    link(third, world.counter_claim)
    world.claim.status = Status.DRAFT  # a draft contests nothing
    world.claim.save()
    assert sorted(contested_marks(client)) == sorted(
        [third.get_absolute_url(), world.counter_claim.get_absolute_url()]
    )
    third.status = Status.DRAFT
    third.save()
    assert contested_marks(client) == []


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("verification=corroborated", "No date was ever set", "officially postponed"),
        ("verification=disputed", "officially postponed", "No date was ever set"),
        ("tag=summit", "No date was ever set", "officially postponed"),
        ("verification=disputed&tag=summit", "No claim matches", "No date was ever set"),
    ],
)
def test_claims_list_filters_by_verification_and_tag(client, world, query, shown, hidden):
    words = text(client.get(f"/claims/?{query}"))
    assert shown in words and hidden not in words


@pytest.mark.parametrize("query", ["verification=nope", "tag=%00", "tag=a b", "page=x"])
def test_claims_list_ignores_filters_it_cannot_use(client, world, query):
    response = client.get(f"/claims/?{query}")
    assert response.status_code == 200
    assert "2 claims" in text(response)


def test_claims_list_paginates(client, world):
    for n in range(25):
        make_claim(title=f"Extra claim {n:02d}")
    words = text(client.get("/claims/?page=2"))
    assert "27 claims" in words and "Page 2 of 2" in words


def test_an_unpublished_event_is_left_off_a_claim(client, world):
    Event.objects.filter(pk=world.event.pk).update(status=Status.DRAFT)
    for url in ["/claims/", world.claim.get_absolute_url()]:
        assert "Kremlin briefing" not in text(client.get(url)), url
    data = client.get("/dossier.json").json()
    assert data["claims"][0]["event"] is None


# --- One claim


def test_claim_page_shows_grades_summary_event_and_tags(client, world):
    response = client.get(world.claim.get_absolute_url())
    words = text(response)
    assert "No date was ever set for the summit" in words
    assert "Peskov says nothing was agreed, so nothing could be postponed." in words
    assert "Verification: Corroborated" in words
    assert "Credibility 2 Probably true The Kremlin says so on the record." in words
    assert "Event Kremlin briefing (21 October 2025)" in words
    assert "Tags summit" in words


def test_claim_page_groups_its_reports_by_independent_origin(client, world):
    other = make_outlet(name="The Herald")
    herald = make_source(outlet=other, title="Herald piece")
    report = ClaimReport.objects.create(claim=world.claim, source=herald, position=5)
    make_hop(report=report, outlet=other, how=Hop.How.REPORTED)
    words = text(client.get(world.claim.get_absolute_url()))
    assert "3 reports, 2 independent origins" in words
    assert re.search(
        r"Origin 1 The Daily Planet 2 reports Kremlin: no dates for the summit .*"
        r"No dates, says Moscow .*Origin 2 The Herald 1 report Herald piece",
        words,
    )


def test_each_report_shows_its_source_outlet_grade_and_chain(client, world):
    response = client.get(world.claim.get_absolute_url())
    words = text(response)
    assert (
        "No dates, says Moscow The Wire · 22 October 2025 Reliability D Not usually reliable"
        in words
    )
    assert "How it knows: The Daily Planet reported it → The Wire, citing The Daily Planet" in words
    assert response.content.decode().count('<ol class="chain__hops"') == 2


def test_links_read_from_both_ends(client, world):
    words = text(client.get(world.claim.get_absolute_url()))
    assert (
        "Contradicts 1 The summit was officially postponed ⇄ Verification: Disputed "
        "Credibility 4 Doubtful Unresolved Why With no date agreed there was nothing to "
        "postpone. On the strength of Kremlin: no dates for the summit The Daily Planet"
    ) in words
    words = text(client.get(world.counter_claim.get_absolute_url()))
    assert "Contradicted by 1 No date was ever set for the summit" in words


def test_links_are_grouped_by_kind_and_direction(client, world):
    supporting = make_claim(title="Moscow never proposed a date")
    superseded = make_claim(title="A summit is planned for this month")
    qualifying = make_claim(title="Officials met, with no date to show")
    link(supporting, world.claim, "supports")
    link(world.claim, superseded, "supersedes")
    link(qualifying, world.claim, "qualifies", resolved=True, resolution="Settled.")
    words = text(client.get(world.claim.get_absolute_url()))
    headings = ["Contradicts 1", "Qualified by 1", "Supported by 1", "Supersedes 1"]
    positions = [words.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert "Resolution Settled." in words
    assert "Superseded by" not in words


def test_a_resolved_contradiction_says_how_it_was_resolved(client, world):
    ClaimLink.objects.filter(pk=world.contradiction.pk).update(
        resolved=True, resolution="UNN withdrew its report."
    )
    words = text(client.get(world.claim.get_absolute_url()))
    assert "Resolved Why With no date agreed" in words
    assert "Resolution UNN withdrew its report." in words


def test_claim_page_json_ld_is_a_claim_appearing_in_its_sources(client, world):
    (review,) = json_ld(client.get(world.claim.get_absolute_url()))
    assert review["@type"] == "ClaimReview"
    block = review["itemReviewed"]
    assert block["@type"] == "Claim"
    assert block["name"] == "No date was ever set for the summit"
    assert block["url"] == "http://testserver/claims/no-date-set/"
    assert [a["headline"] for a in block["appearance"]] == [
        "Kremlin: no dates for the summit",
        "No dates, says Moscow",
    ]
    assert all(a["@type"] == "NewsArticle" for a in block["appearance"])
    assert block["appearance"][0]["publisher"]["name"] == "The Daily Planet"
    assert block["firstAppearance"]["headline"] == "Kremlin: no dates for the summit"
    assert block["about"] == {
        "@type": "Event",
        "name": "Kremlin briefing",
        "url": "http://testserver/events/kremlin-briefing/",
    }
    assert block["keywords"] == ["summit"]


def test_claim_json_ld_cannot_be_broken_out_of(client, world):
    title = "</script><script>alert(1)</script> & <!--"
    Claim.objects.filter(pk=world.claim.pk).update(title=title)
    html = client.get(world.claim.get_absolute_url()).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["itemReviewed"]["name"] == title


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN])
def test_an_unpublished_claim_has_no_page_and_no_link(client, world, status):
    Claim.objects.filter(pk=world.counter_claim.pk).update(status=status)
    assert client.get(world.counter_claim.get_absolute_url()).status_code == 404
    words = text(client.get(world.claim.get_absolute_url()))
    assert "officially postponed" not in words and "Contradicts" not in words


def test_a_claim_whose_every_source_is_unpublished_is_not_public(client, world):
    ClaimReport.objects.filter(claim=world.counter_claim).update(
        source=make_source(status=Status.DRAFT)
    )
    assert client.get(world.counter_claim.get_absolute_url()).status_code == 404
    assert "officially postponed" not in text(client.get("/claims/"))
    assert "officially postponed" not in text(client.get("/contested/"))


# --- Contested


def test_contested_page_sets_each_side_against_the_other(client, world):
    response = client.get("/contested/")
    words = text(response)
    assert "1 pair of claims in the dossier contradicts each other" in words
    assert (
        "Contradiction 1 of 1 No date was ever set for the summit ✓ Verification: Corroborated "
        "Credibility 2 Probably true 2 reports, 1 independent origin "
        "Kremlin: no dates for the summit The Daily Planet B, usually reliable "
        "No dates, says Moscow The Wire D, not usually reliable "
        "contradicts "
        "The summit was officially postponed ⇄ Verification: Disputed Credibility 4 Doubtful "
        "1 report, 1 independent origin No dates, says Moscow The Wire D, not usually reliable"
    ) in words
    assert (
        "Why they conflict With no date agreed there was nothing to postpone. "
        "On the strength of Kremlin: no dates for the summit The Daily Planet B, usually reliable"
    ) in words


def test_contested_lists_only_unresolved_contradictions(client, world):
    third = make_claim(title="A third claim")
    link(world.claim, third, "qualifies")
    link(third, world.counter_claim, "contradicts", resolved=True)
    link(world.counter_claim, third, "contradicts")
    words = text(client.get("/contested/"))
    assert "2 pairs of claims" in words
    assert words.count("Contradiction ") == 2


def test_contested_page_without_contradictions_says_so(client, world):
    ClaimLink.objects.all().delete()
    words = text(client.get("/contested/"))
    assert "No claims in the dossier contradict each other" in words


# --- Claims elsewhere: tags, search, sitemap, JSON


def test_tag_pages_list_claims(client, world):
    words = text(client.get("/tags/summit/"))
    assert "Claims 1 No date was ever set for the summit" in words
    for n in range(11):
        make_claim(title=f"Tagged claim {n}", tags=["summit"])
    html = client.get("/tags/summit/").content.decode()
    assert 'href="/claims/?tag=summit"' in html


def test_search_finds_claims_by_title_and_summary(client, world):
    words = text(client.get("/search/?q=nothing+postponed"))
    assert "Claims 1" in words and "No date was ever set for the summit" in words
    words = text(client.get("/search/?q=officially&kind=claims"))
    assert "1 claims matching “officially”" in words


def test_json_export_holds_claims_their_reports_chains_and_links(client, world):
    data = client.get("/dossier.json").json()
    claim = next(c for c in data["claims"] if c["slug"] == "no-date-set")
    assert claim["verification"] == "corroborated" and claim["credibility"] == 2
    assert claim["event"] == "kremlin-briefing" and claim["tags"] == ["summit"]
    assert claim["reports"][1] == {
        "source": "wire-no-dates",
        "chain": [
            {"outlet": world.outlet.slug, "how": "reported", "context": "", "on_record": True},
            {"outlet": world.other_outlet.slug, "how": "citing", "context": "", "on_record": True},
        ],
    }
    assert claim["links"] == [
        {
            "kind": "contradicts",
            "claim": "summit-postponed",
            "rationale": "With no date agreed there was nothing to postpone.",
            "sources": ["planet-no-dates"],
            "resolved": False,
            "resolution": "",
        }
    ]
    assert claim["page"] == "http://testserver/claims/no-date-set/"
    quote = next(q for q in data["quotes"] if q["slug"] == world.quote.slug)
    assert quote["chain"][0] == {
        "person": "dmitry-peskov",
        "how": "said",
        "context": "to reporters in Moscow",
        "on_record": True,
    }
    assert data["contested"] == [{"claim": "no-date-set", "contradicts": "summit-postponed"}]
    outlet = next(o for o in data["outlets"] if o["slug"] == world.outlet.slug)
    assert outlet["url"] == f"http://testserver/outlets/{world.outlet.slug}/"
