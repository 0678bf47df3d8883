"""A link to any public page, shared in a chat or on a social network, shows
a preview: read here by extruct (OpenGraph, JSON-LD) and lxml (Twitter
tags), as a crawler would."""

import io

import extruct
import lxml.html
import pytest
from PIL import Image

from dossier import previews
from dossier.models import Person
from tests.factories import make_person
from tests.sitemap_walk import sitemap_urls
from tests.world import grow

# Every test reads tests/world.py's dossier: built once, each test rolled back.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("world_built_once")]

BASE = "http://testserver"
OG_REQUIRED = [
    "og:title",
    "og:description",
    "og:url",
    "og:site_name",
    "og:image",
    "og:image:alt",
]


def page_urls(world) -> list[str]:
    return [
        "/",
        "/timeline/",
        "/people/",
        "/quotes/",
        "/sources/",
        "/claims/",
        "/contested/",
        "/tags/",
        "/tags/summit/",
        "/search/?q=peskov",
        world.statement.get_absolute_url(),
        world.outlet.get_absolute_url(),
    ]


def read(client, url: str) -> tuple[dict, dict, list[dict], lxml.html.HtmlElement]:
    """(OpenGraph, Twitter, JSON-LD, document) of the page at `url`."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    data = extruct.extract(
        html, base_url=BASE + url, syntaxes=["opengraph", "json-ld"], uniform=True
    )
    (og,) = data["opengraph"]
    document = lxml.html.fromstring(html)
    twitter = {
        meta.get("name"): meta.get("content")
        for meta in document.xpath('//head/meta[starts-with(@name, "twitter:")]')
    }
    return og, twitter, data["json-ld"], document


def test_every_public_page_shows_a_complete_preview(client, world):
    urls = sorted(set(sitemap_urls(client)) | set(page_urls(world)))
    assert len(urls) >= 15
    for url in urls:
        og, twitter, _, document = read(client, url)
        for name in OG_REQUIRED:
            assert og.get(name), f"{url} has no {name}"
        assert og["@type"] in {"website", "article", "profile"}, url
        assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630"), url
        (canonical,) = document.xpath('//head/link[@rel="canonical"]/@href')
        assert og["og:url"] == canonical and canonical.startswith(BASE + "/"), url
        assert "?" not in canonical, f"{url}: a canonical URL carries no filter"
        assert twitter == {
            "twitter:card": "summary_large_image",
            "twitter:title": og["og:title"],
            "twitter:description": og["og:description"],
            "twitter:image": og["og:image"],
            "twitter:image:alt": og["og:image:alt"],
        }, url
        (heading,) = document.xpath("//h1")
        assert og["og:title"] == " ".join(heading.text_content().split()), url


def test_every_share_image_is_a_1200_by_630_png(client, world):
    images = {read(client, url)[0]["og:image"] for url in ["/", *page_urls(world)]}
    for item in [world.quote, world.claim, world.person]:
        images.add(read(client, item.get_absolute_url())[0]["og:image"])
    assert len(images) == 4  # the dossier's card, and one per quote, claim and person
    for image in images:
        response = client.get(image.removeprefix(BASE))
        assert response["Content-Type"] == "image/png", image
        assert Image.open(io.BytesIO(response.content)).size == (1200, 630), image


def test_quote_preview_shows_its_words_and_its_card(client, world):
    og, _, _, _ = read(client, world.quote.get_absolute_url())
    assert og["og:description"] == world.quote.text
    assert og["og:image"].startswith(f"{BASE}/quotes/{world.quote.slug}/card.png?v=")
    assert world.quote.speaker.name in og["og:image:alt"]
    assert og["@type"] == "article"


def test_description_is_plain_text_of_the_first_sentence(client, world):
    og, _, _, _ = read(client, world.person.get_absolute_url())
    # The bio is "Speaks for <em>the Kremlin</em>.": its markup stays out.
    assert og["og:description"] == "Speaks for the Kremlin."
    assert og["@type"] == "profile"


def test_organisation_preview_is_not_a_profile(client, world):
    group = make_person(name="Coalition of the Willing", kind=Person.Kind.ORGANISATION)
    og, _, (data,), _ = read(client, group.get_absolute_url())
    assert og["@type"] == "website" and data["@type"] == "Organization"


def test_canonical_url_keeps_a_later_page_number_and_drops_filters(client, world):
    grow(world, 12)  # more than one page of quotes
    og, *_ = read(client, "/quotes/?page=1&tag=summit")
    assert og["og:url"] == f"{BASE}/quotes/"
    og, *_ = read(client, "/quotes/?page=2&tag=summit")
    assert og["og:url"] == f"{BASE}/quotes/?page=2"


def test_overview_describes_the_site_and_its_search_and_the_story(client, world):
    og, _, data, _ = read(client, "/")
    assert og["og:title"] == world.story.title
    (graph,) = data
    site, dataset = graph["@graph"]
    assert site["@type"] == "WebSite" and site["url"] == f"{BASE}/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{BASE}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert dataset["@type"] == "Dataset" and dataset["name"] == world.story.title
    assert dataset["datePublished"] and dataset["dateModified"]
    counts = {value["name"]: value["value"] for value in dataset["variableMeasured"]}
    assert counts["sources"] >= 2 and counts["people"] >= 2


def test_every_detail_page_describes_its_subject_to_machines(client, world):
    expected = {
        world.person.get_absolute_url(): "Person",
        world.quote.get_absolute_url(): "Quotation",
        world.event.get_absolute_url(): "Event",
        world.source.get_absolute_url(): "NewsArticle",
        world.outlet.get_absolute_url(): "NewsMediaOrganization",
        # The editors' verdict on the claim, the claim inside it.
        world.claim.get_absolute_url(): "ClaimReview",
    }
    for url, kind in expected.items():
        _, _, data, _ = read(client, url)
        assert [item["@type"] for item in data] == [kind], url


def test_long_text_is_shortened_at_a_word():
    text = "word " * 100
    short = previews.shorten(text.strip(), 50)
    assert len(short) <= 50 and short.endswith("word…")
    assert previews.first_sentence("The summit was called off. Nobody knows when.") == (
        "The summit was called off."
    )
    assert previews.first_sentence("<p>Mr. Smith &amp; co. agree. No.</p>") == (
        "Mr. Smith & co. agree."
    )


def test_elements_side_by_side_read_as_separate_words():
    # A grade badge: its letter and meaning are two words in a browser too.
    assert previews.plain('<abbr>B</abbr><span class="m">Usually reliable</span>') == (
        "B Usually reliable"
    )
    assert previews.plain("Speaks for <em>the Kremlin</em>.") == "Speaks for the Kremlin."
