"""Attribution chains, independent origins, outlet pages and corrections, as
readers see them on public pages."""

import html
import re

import pytest

from dossier.models import Claim, Hop, Outlet, Quote, Source, Status
from dossier.selectors import chains, with_chains
from tests.factories import make_hop, make_outlet, make_quote, make_source
from tests.sitemap_walk import sitemap_text
from tests.test_public_pages import json_ld, text

# Every test reads the same small world: built once, each test rolled back.
pytestmark = pytest.mark.usefixtures("world_built_once")


def chain_sentences(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r'<figcaption class="chain__sentence">(.*?)</figcaption>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", sentence).split()) for sentence in found]


def hops(response) -> list[str]:
    """Each hop box of each chain as its words, in page order."""
    html = response.content.decode()
    boxes = re.findall(r'<li class="chain__hop[^"]*">(.*?)</li>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", box).split()) for box in boxes]


# --- Chains on quote and statement pages


def test_quote_page_tells_each_renderings_chain_as_a_sentence(client, world):
    response = client.get(world.quote.get_absolute_url())
    assert chain_sentences(response) == [
        "How it reached the page: Dmitry Peskov said it to reporters in Moscow "
        "(on the record) → The Daily Planet reported it",
        "How it reached the page: Dmitry Peskov said it (on the record) → "
        "The Daily Planet reported it → The Wire, citing The Daily Planet",
    ]


def test_chain_diagram_has_a_box_per_hop_linking_published_people_and_outlets(client, world):
    response = client.get(world.quote.get_absolute_url())
    assert hops(response)[:2] == [
        "Dmitry Peskov said to reporters in Moscow",
        "The Daily Planet reported",
    ]
    html = response.content.decode()
    first_chain = html.split('<ol class="chain__hops"', 1)[1].split("</ol>", 1)[0]
    assert f'<a href="{world.person.get_absolute_url()}">Dmitry Peskov</a>' in first_chain
    assert f'<a href="{world.outlet.get_absolute_url()}">The Daily Planet</a>' in first_chain
    assert 'class="chain__hop chain__hop--person"' in first_chain
    assert 'class="chain__hop chain__hop--outlet"' in first_chain


def test_an_unnamed_hop_off_the_record_says_so_in_words(client, world):
    response = client.get(world.anonymous.get_absolute_url())
    assert hops(response) == [
        "A Western official told to the Planet Off the record",
        "The Daily Planet reported",
    ]
    assert "(not for attribution)" in chain_sentences(response)[0]


def test_hops_follow_their_positions_not_their_creation(client, world):
    quote = make_quote(source=world.source, speaker=world.person)
    make_hop(quote=quote, position=2, outlet=world.other_outlet, how=Hop.How.CARRIED)
    make_hop(quote=quote, position=0, person=world.person, how=Hop.How.SAID)
    make_hop(quote=quote, position=1, outlet=world.outlet, how=Hop.How.REPORTED)
    (sentence,) = chain_sentences(client.get(quote.get_absolute_url()))
    assert sentence.endswith(
        "Dmitry Peskov said it (on the record) → The Daily Planet reported it → The Wire carried it"
    )


def test_a_statement_page_reads_each_chain_in_order_and_counts_its_first_outlet(client, world):
    # The Wire's rendering came through the Planet, then the FT; the FT's hop
    # was entered first. Read in the order entered, its origin would be the FT.
    ft = make_outlet(name="Financial Times")
    wire = make_source(outlet=world.other_outlet, body="The Wire: all is well.")
    quote = make_quote(
        source=wire, speaker=world.person, statement=world.statement, text="all is well"
    )
    make_hop(quote=quote, position=1, outlet=ft, how=Hop.How.CARRIED)
    make_hop(quote=quote, position=0, outlet=world.outlet, how=Hop.How.REPORTED)
    for page in (world.statement.get_absolute_url(), quote.get_absolute_url()):
        response = client.get(page)
        assert "3 reports, 1 independent origin " in text(response)
        assert "The Daily Planet reported it → Financial Times carried it" in " ".join(
            chain_sentences(response)
        )


def test_chains_are_in_order_whatever_order_the_database_returns_them_in(world, monkeypatch):
    quote = make_quote(source=world.source, speaker=world.person)
    for position in (0, 1, 2):
        make_hop(quote=quote, position=position, outlet=world.outlet, how=Hop.How.CARRIED)
    as_stored = chains._chain_lines

    def backwards(quotes):
        return sorted(as_stored(quotes), key=lambda hop: -hop[1])  # by position, last first

    monkeypatch.setattr(chains, "_chain_lines", backwards)
    (read,) = with_chains([Quote.objects.get(pk=quote.pk)])
    assert [hop.position for hop in read.chain] == [0, 1, 2]


def test_a_quote_without_a_chain_shows_no_empty_diagram(client, world):
    Hop.objects.filter(quote=world.anonymous).delete()
    html = client.get(world.anonymous.get_absolute_url()).content.decode()
    assert "chain__hops" not in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN])
def test_a_hop_never_names_an_unpublished_person_or_outlet(client, world, status):
    type(world.person).objects.filter(pk=world.other_person.pk).update(status=status)
    hidden = make_outlet(name="Secret Gazette", slug="secret-gazette", status=status)
    make_hop(quote=world.quote, position=5, person=world.other_person, how=Hop.How.TOLD)
    make_hop(quote=world.quote, position=6, outlet=hidden, how=Hop.How.CARRIED)
    response = client.get(world.quote.get_absolute_url())
    html = response.content.decode()
    assert "Marco Rubio" not in html and "Secret Gazette" not in html
    assert "secret-gazette" not in html and world.other_person.slug not in html
    assert hops(response)[2:4] == [
        "A person not yet published in this dossier told",
        "An outlet not yet published carried (republished)",
    ]
    assert chain_sentences(response)[0].endswith(
        "→ a person not yet published in this dossier told it (on the record) "
        "→ an outlet not yet published carried it"
    )


def test_statement_page_counts_reports_and_independent_origins(client, world):
    # The Wire relays the Planet: two reports, one origin.
    words = text(client.get(world.statement.get_absolute_url()))
    assert "2 reports, 1 independent origin " in words
    assert len(chain_sentences(client.get(world.statement.get_absolute_url()))) == 2


def test_four_outlets_relaying_one_report_are_one_independent_origin(client, world):
    ft = make_outlet(name="Financial Times")
    for n in range(2):
        relay = make_source(outlet=make_outlet(), body=f"Relay {n}: all is well.")
        quote = make_quote(
            source=relay, speaker=world.person, statement=world.statement, text="all is well"
        )
        make_hop(quote=quote, position=0, outlet=ft, how=Hop.How.REPORTED)
        make_hop(quote=quote, position=1, outlet=relay.outlet, how=Hop.How.CITING)
    words = text(client.get(world.statement.get_absolute_url()))
    assert "4 reports, 2 independent origins" in words  # the Planet's, and the FT's


def test_statement_origins_count_only_published_renderings(client, world):
    Quote.objects.filter(pk=world.variant.pk).update(status=Status.DRAFT)
    words = text(client.get(world.statement.get_absolute_url()))
    assert "1 report, 1 independent origin" in words


def test_quote_page_counts_the_origins_of_its_statement_only_when_grouped(client, world):
    assert "2 reports, 1 independent origin" in text(client.get(world.quote.get_absolute_url()))
    assert "independent origin" not in text(client.get(world.anonymous.get_absolute_url()))


# --- Outlet pages


def test_outlet_page_shows_grade_details_and_published_articles(client, world):
    Outlet.objects.filter(pk=world.outlet.pk).update(
        country="United Kingdom", language="en", notes_html="<p>Founded in 1938.</p>"
    )
    draft = make_source(outlet=world.outlet, title="Unreleased piece", status=Status.DRAFT)
    response = client.get(world.outlet.get_absolute_url())
    assert response.status_code == 200
    words = text(response)
    assert "The Daily Planet" in words
    assert "Reliability B Usually reliable Good track record." in words
    assert "United Kingdom" in words and "Language English" in words
    assert 'href="https://planet.example/"' in response.content.decode()
    assert "Kremlin: no dates for the summit" in words and "2 quotes" in words
    assert "Founded in 1938." in words
    assert draft.title not in words
    (block,) = json_ld(response)
    assert block["@type"] == "NewsMediaOrganization" and block["name"] == "The Daily Planet"


def test_outlet_only_cited_by_others_still_has_a_page(client, world):
    cited = make_outlet(name="Cited Only")
    assert "No article of theirs in the dossier" in text(client.get(cited.get_absolute_url()))


def test_sources_list_links_each_outlet_to_its_page(client, world):
    html = client.get("/sources/").content.decode()
    assert f'<a href="/outlets/{world.outlet.slug}/">The Daily Planet</a>' in html
    source_page = client.get(world.source.get_absolute_url()).content.decode()
    assert f'href="/outlets/{world.outlet.slug}/"' in source_page


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN])
def test_an_unpublished_outlet_has_no_page(client, world, status):
    Outlet.objects.filter(pk=world.other_outlet.pk).update(status=status)
    assert client.get(world.other_outlet.get_absolute_url()).status_code == 404
    assert world.other_outlet.slug not in sitemap_text(client)


# --- Corrections


def correct(obj, field: str, value, reason: str = ""):
    setattr(obj, field, value)
    obj._change_reason = reason
    obj.save()


def test_a_grade_changed_while_published_shows_as_a_dated_correction(client, world):
    correct(world.quote, "credibility", 1, "confirmed by a second outlet")
    response = client.get(world.quote.get_absolute_url())
    words = text(response)
    assert re.search(
        r"Correction Credibility changed from 2 to 1 on \d{1,2} \w{3} \d{4} ?: "
        r"confirmed by a second outlet",
        words,
    )
    html = response.content.decode()
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[^"]+">', html.split("Correction", 1)[1])


def test_two_corrections_read_oldest_first(client, world):
    correct(world.quote, "credibility", 1, "confirmed by a second outlet")
    correct(world.quote, "credibility", 3, "the second outlet withdrew its report")
    words = text(client.get(world.quote.get_absolute_url()))
    first = words.index("Credibility changed from 2 to 1")
    assert words.index("Credibility changed from 1 to 3") > first


def test_pages_without_corrections_have_no_corrections_section(client, world):
    for url in [
        world.quote.get_absolute_url(),
        world.source.get_absolute_url(),
        world.outlet.get_absolute_url(),
        world.claim.get_absolute_url(),
    ]:
        assert 'class="corrections"' not in client.get(url).content.decode(), url


def test_grade_changes_before_publication_are_not_corrections(client, world):
    correct(world.quote, "status", Status.DRAFT)
    correct(world.quote, "credibility", 5)
    correct(world.quote, "status", Status.PUBLISHED)
    assert "Correction" not in text(client.get(world.quote.get_absolute_url()))


@pytest.mark.parametrize(
    "kind, field, old, new",
    [
        ("source", "reliability", "the outlet's grade", "A"),
        ("outlet", "reliability", "B", "D"),
        ("claim", "credibility", "2", "3"),
    ],
)
def test_sources_outlets_and_claims_show_their_corrections(client, world, kind, field, old, new):
    obj = getattr(world, kind)
    obj = {"source": Source, "outlet": Outlet, "claim": Claim}[kind].objects.get(pk=obj.pk)
    correct(obj, field, new if field == "reliability" else int(new), "a second look")
    words = html.unescape(text(client.get(obj.get_absolute_url())))
    assert f"{field.capitalize()} changed from {old} to {new} on " in words
    assert re.search(r"\d{4} ?: a second look", words)


def test_a_correction_counts_one_query(client, world, django_assert_max_num_queries):
    correct(world.quote, "credibility", 1, "confirmed")
    correct(world.quote, "credibility", 3, "retracted")
    with django_assert_max_num_queries(4):
        words = text(client.get(world.quote.get_absolute_url()))
    assert "Corrections" in words
    assert words.index("from 2 to 1") < words.index("from 1 to 3")
