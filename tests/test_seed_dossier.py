"""The Budapest summit dossier, curated from the five articles in shared/seeds."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from dossier.models import Event, Outlet, Person, Quote, Source, Statement, Status, Story
from dossier.verbatim import find_verbatim

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture
def seeded(seed_fixture):
    out = io.StringIO()
    call_command("import_dossier", str(seed_fixture), stdout=out)
    return out.getvalue()


def test_seed_dossier_has_what_the_brief_asks_for(seeded):
    assert Source.objects.count() == 5
    assert Person.objects.count() >= 15
    assert Quote.objects.count() >= 30
    assert Event.objects.count() >= 15
    assert Story.objects.count() == 1


def test_everything_in_the_seed_is_published(seeded):
    for model in (Story, Outlet, Source, Person, Statement, Quote, Event):
        assert not model.objects.exclude(status=Status.PUBLISHED).exists(), model.__name__
    assert Quote.objects.published().count() == Quote.objects.count()


def test_every_quote_is_verbatim_in_its_source(seeded):
    for quote in Quote.objects.select_related("source"):
        assert find_verbatim(quote.text, quote.source.body), quote.slug


def test_every_outlet_and_quote_is_graded_with_a_reason(seeded):
    assert not Outlet.objects.filter(reliability_rationale="").exists()
    assert not Quote.objects.filter(credibility_rationale="").exists()


def test_every_article_says_what_it_cites(seeded):
    assert not Source.objects.filter(citations__isnull=True).exists()
    unn_ft = Source.objects.get(slug="unn-ft-summit-cancelled-memorandum")
    assert [c.cited_outlet.name for c in unn_ft.citations.all()] == ["Financial Times"]


def test_variants_of_one_utterance_are_grouped(seeded):
    grouped = Statement.objects.annotate(
        renderings=Count("quotes"), outlets=Count("quotes__source", distinct=True)
    ).filter(renderings__gte=2, outlets__gte=2)
    assert grouped.count() >= 5
    peskov = Quote.objects.filter(speaker__slug="dmitry-peskov", statement__isnull=False)
    texts = " | ".join(peskov.values_list("text", flat=True))
    assert "finally agreed upon" in texts and "finalised" in texts
    assert len({q.statement_id for q in peskov}) == 1


def test_name_variants_are_recorded(seeded):
    assert "Zelenskyy" in Person.objects.get(slug="volodymyr-zelensky").alias_list
    assert "Sergey Lavrov" in Person.objects.get(slug="sergei-lavrov").alias_list


def test_timeline_runs_from_alaska_to_london(seeded):
    events = Event.objects.order_by("date")
    assert "Alaska" in events.first().title + events.first().location
    assert events.last().location.startswith("London")
    assert not Event.objects.filter(tags__isnull=True).exists()
    assert not Event.objects.filter(sources__isnull=True).exists()


def test_contradictions_are_noted_on_the_sources(seeded):
    rewrite = Source.objects.get(slug="unattributed-us-scraps-summit-tough-memo")
    assert "consistently voiced support" in rewrite.notes
    assert "Donetsk" in rewrite.notes_html


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside this checkout")
def test_bodies_are_the_collected_articles_unchanged(seeded):
    collected = {hashlib.sha256(p.read_bytes()).hexdigest() for p in SEEDS.glob("*.txt")}
    stored = {hashlib.sha256(s.body.encode()).hexdigest() for s in Source.objects.all()}
    assert stored == collected


def test_seed_survives_export_and_reimport(seeded, tmp_path):
    call_command("export_dossier", str(tmp_path / "a"), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_dossier", str(tmp_path / "a"), stdout=out)
    assert "No changes" in out.getvalue()


def test_every_quote_has_an_attribution_chain(seeded):
    assert not Quote.objects.filter(hops__isnull=True).exists()
    for quote in Quote.objects.prefetch_related("hops__outlet"):
        hops = list(quote.hops.all())
        # the chain ends at the outlet that published the copy we hold
        assert hops[-1].outlet_id == Source.objects.get(pk=quote.source_id).outlet_id, quote.slug


def test_claims_and_contradictions_are_seeded(seeded):
    from dossier.models import Claim, ClaimLink

    assert Claim.objects.published().count() >= 10
    assert ClaimLink.objects.published().contested().count() >= 3
    stance = Claim.objects.filter(reports__source__slug="unattributed-us-scraps-summit-tough-memo")
    assert ClaimLink.objects.filter(kind="contradicts", from_claim__in=stance).exists() or (
        ClaimLink.objects.filter(kind="contradicts", to_claim__in=stance).exists()
    )


def test_independent_origins_are_counted_from_the_chains(seeded):
    from django.db.models import Prefetch

    from dossier.models import Hop

    statements = Statement.objects.prefetch_related(
        Prefetch(
            "quotes",
            Quote.objects.select_related("source").prefetch_related(
                Prefetch("hops", Hop.objects.order_by("position"))
            ),
        )
    )
    counts = {s.slug: s.origin_counts() for s in statements}
    no_plans = next(v for k, v in counts.items() if "no-plans" in k)
    root_causes = next(v for k, v in counts.items() if "root-causes" in k)
    assert no_plans == (5, 3)  # Reuters (via UNN), the Guardian and the Telegraph
    assert root_causes == (2, 1)  # two outlets, one FT report


# --- The fact-check (issue 13): what the articles say, and nothing else unmarked


def test_seed_grades_rest_on_independent_origins(seeded):
    from dossier.models import Claim
    from dossier.provenance import corroboration_problem

    claims = Claim.objects.prefetch_related("reports__hops", "reports__source")
    for claim in claims:
        _reports, origins = claim.origin_counts()
        assert not corroboration_problem(claim.verification, claim.credibility, origins), claim.slug


def test_seed_claim_the_sources_contradict_is_settled_against_it(seeded):
    from dossier.models import Claim, ClaimLink

    stance = Claim.objects.get(slug="trump-consistently-backed-ceasefire-without-land-demand")
    assert (stance.verification, stance.credibility) == ("false", 5)
    link = ClaimLink.objects.get(from_claim=stance, kind="contradicts")
    assert link.resolved and "three independent origins" in link.resolution
    floated = Claim.objects.get(slug="white-house-floated-territorial-concessions")
    assert floated.verification != "corroborated"


def test_seed_statements_group_only_one_utterance(seeded):
    telegraph = Quote.objects.get(slug="trump-stop-at-the-lines-telegraph-copy")
    assert telegraph.statement is None
    assert not Statement.objects.filter(slug="trump-stop-at-the-battle-line").exists()
    for statement in Statement.objects.prefetch_related("quotes"):
        statement.full_clean()


def test_seed_attributions_follow_the_text(seeded):
    productive = Quote.objects.get(
        source__slug="unn-reuters-summit-officially-postponed", text="productive"
    )
    assert "White House official" not in productive.speaker_description
    site_root_causes = Quote.objects.get(
        source__slug="unattributed-us-scraps-summit-tough-memo", text="root causes"
    )
    assert site_root_causes.speaker is None and "Moscow" in site_root_causes.speaker_description
    western = Quote.objects.get(slug="western-official-positive-development")
    assert western.attribution != Quote.Attribution.SECOND_HAND


def test_seed_outside_facts_are_marked_background(seeded):
    for slug in ("jd-vance", "jared-kushner", "keir-starmer"):
        person = Person.objects.get(slug=slug)
        assert person.background_url.startswith("https://en.wikipedia.org/wiki/"), slug
    alaska = Event.objects.get(slug="alaska-summit")
    assert alaska.background_url and alaska.background_title
    bios = " ".join(Person.objects.values_list("bio", flat=True))
    for outside in ("47th", "since 2000", "since 2019", "since 2004", "property developer"):
        assert outside not in bios
    powell = Person.objects.get(slug="jonathan-powell")
    assert "ego" in powell.bio
    assert not Event.objects.filter(title__startswith="Starmer convenes").exists()


def test_every_place_a_reader_sees_is_in_the_articles_or_has_a_reference(seeded):
    """An event's place is what an article says ("in London"), not what an
    editor knows besides ("London, United Kingdom"), unless the event names
    the reference it comes from."""
    articles = " ".join(Source.objects.values_list("body", flat=True)).lower()
    for event in Event.objects.exclude(location=""):
        place = event.location.lower().removeprefix("the ")
        assert place in articles or event.background_url, (event.slug, event.location)
    assert Event.objects.get(slug="coalition-of-the-willing-london-meeting").location == "London"


def test_every_role_and_affiliation_is_in_the_articles_or_has_a_reference(seeded):
    """A person's office is what an article calls them ("Russian Foreign
    Minister Sergei Lavrov"), not what an editor knows besides ("US State
    Department"), unless the person names the reference it comes from."""
    articles = " ".join(Source.objects.values_list("body", flat=True))
    articles = articles.lower().replace("\u2019", "'")
    for person in Person.objects.published().filter(background_url=""):
        for said in (person.role, person.affiliation):
            said = said.lower().removeprefix("the ")
            assert said in articles, (person.slug, said)
    assert Person.objects.get(slug="marco-rubio").affiliation == ""
    assert Person.objects.get(slug="white-house").background_url


def test_seed_answers_the_open_questions(seeded):
    from dossier.models import Claim

    titles = " | ".join(Claim.objects.values_list("title", flat=True))
    assert "cede territory already occupied" in titles
    assert "red line" in titles
    assert "truce only after Ukraine gives up more territory" in titles
    escalatory = Claim.objects.get(slug="moscow-warned-against-tomahawks-for-ukraine")
    assert "escalatory" in escalatory.summary


def test_seed_pages_show_background_and_grading_rules(seeded, client):
    vance = client.get(Person.objects.get(slug="jd-vance").get_absolute_url()).content.decode()
    assert 'Background:</span> <a href="https://en.wikipedia.org/wiki/JD_Vance"' in vance
    overview = client.get("/").content.decode()
    assert "The rules we grade by" in overview
    assert "two independent origins" in overview


def test_statement_page_says_why_differing_renderings_are_one(seeded, client):
    peskov = Statement.objects.get(slug="peskov-no-dates-agreed")
    page = client.get(peskov.get_absolute_url()).content.decode()
    assert "Why these are one statement" in page
    assert "two English renderings" in page
