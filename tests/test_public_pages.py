"""What a reader sees on each public page, and that no parameter breaks one."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from dossier import sitemaps
from dossier.models import Participation, Person, Quote, Status
from tests.factories import (
    make_event,
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
)
from tests.sitemap_walk import NS, parse, sitemap_pages, sitemap_urls, walk_sitemap

# Almost every test reads tests/world.py's dossier: built once for the module,
# each test rolled back (tests/test_public_pages_alone.py holds those that need
# a database without it).
pytestmark = pytest.mark.usefixtures("world_built_once")


def text(response) -> str:
    """The page as a reader hears it: tags dropped, white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return (
        " ".join(re.sub(r"<[^>]+>", " ", html).split())
        .replace(" ,", ",")
        .replace(" )", ")")
        .replace("( ", "(")
        .replace(" .", ".")
    )


def json_ld(response) -> list[dict]:
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


class Outline(HTMLParser):
    """Headings, title and links of a page."""

    def __init__(self):
        super().__init__()
        self.headings: list[int] = []
        self.title = ""
        self._in_title = False
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "title":
            self._in_title = True
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href", ""))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


def page_urls(world) -> list[str]:
    """One URL of every HTML page type."""
    return [
        "/",
        "/timeline/",
        world.event.get_absolute_url(),
        "/people/",
        world.person.get_absolute_url(),
        "/quotes/",
        world.quote.get_absolute_url(),
        world.statement.get_absolute_url(),
        "/sources/",
        world.source.get_absolute_url(),
        world.outlet.get_absolute_url(),
        "/claims/",
        world.claim.get_absolute_url(),
        world.counter_claim.get_absolute_url(),
        "/contested/",
        "/tags/",
        "/tags/summit/",
        "/search/?q=peskov",
        "/search/?q=peskov&kind=quotes",
        "/search/?q=summit&kind=claims",
        "/search/",
    ]


# --- Every page


def test_every_page_has_a_title_one_h1_an_orderly_outline_and_a_way_back(client, world):
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        page = outline(response)
        assert page.title.strip() and page.title.strip() != "Dossier", url
        assert page.headings.count(1) == 1, url
        assert page.headings[0] == 1, url
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, f"{url}: h{before} followed by h{after}"
        assert "/#legend" in page.hrefs, url
        assert "/" in page.hrefs, url  # the masthead and breadcrumbs lead home


def test_pages_need_no_inline_script_or_style(client, world):
    for url in page_urls(world):
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        assert "<style" not in html, url
        assert not re.search(r"\son[a-z]+=", html), url
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all(tag == '<script type="application/ld+json">' for tag in scripts), url


def test_pages_link_the_stylesheet_and_feed(client, world):
    html = client.get("/").content.decode()
    assert 'rel="stylesheet" href="/static/css/dossier.css"' in html
    assert 'type="application/atom+xml"' in html


# --- Overview


def test_overview_tells_the_story_with_figures_events_people_and_legend(client, world):
    words = text(client.get("/"))
    assert "The summit that wasn’t" in words
    assert "Two outlets, one statement." in words
    assert "2 sources" in words and "2 people" in words and "3 quotes" in words
    assert "2 events" in words and "2 claims" in words and "1 open contradiction" in words
    assert "Kremlin briefing" in words and "Envoys meet" in words
    assert "Dmitry Peskov" in words and "2 quotes · 1 event" in words
    assert "How we grade" in words
    assert "B Usually reliable" in words and "5 Improbable" in words


def test_overview_key_people_are_those_in_the_latest_events_latest_first(client, world):
    """Not a ranking of everyone by quotes, which read every quote to render."""

    def key_people() -> str:
        words = text(client.get("/"))
        return words[words.index("Key people") : words.index("Everyone in the dossier")]

    quiet = make_person(name="Quiet Envoy", slug="quiet-envoy")
    hidden = make_person(name="Draft Envoy", slug="draft-envoy", status=Status.DRAFT)
    make_event(
        title="Later talks",
        slug="later-talks",
        date=datetime.date(2025, 11, 2),
        participants=[quiet, hidden],
    )
    people = key_people()
    assert "Quiet Envoy 0 quotes · 1 event" in people.replace(" Minister", "")
    assert people.index("Quiet Envoy") < people.index("Dmitry Peskov")
    assert "Draft Envoy" not in people
    # Quoted, but in none of the latest events: not a key person.
    Participation.objects.filter(person=world.person).delete()
    assert "Dmitry Peskov" not in key_people()


def test_overview_counts_only_public_claims_and_open_contradictions(client, world):
    world.counter_claim.status = Status.DRAFT
    world.counter_claim.save()
    words = text(client.get("/"))
    assert "1 claim" in words and "0 open contradictions" in words


def test_overview_counts_only_public_quotes(client, world):
    """A quote whose speaker is a draft is not public, though itself published."""
    before = text(client.get("/"))
    make_quote(source=world.source, speaker=make_person(status=Status.DRAFT), text="Held back")
    assert text(client.get("/")) == before
    make_quote(source=world.source, speaker=world.person, text="Let out")
    assert "4 quotes" in text(client.get("/"))


def test_overview_shows_the_latest_published_story(client, world):
    from tests.factories import make_story

    make_story(title="A newer angle", summary="What changed.")
    make_story(title="A draft angle", status="draft")
    words = text(client.get("/"))
    assert "A newer angle" in words and "What changed." in words
    assert "The summit that wasn’t" not in words and "A draft angle" not in words


# --- Timeline and events


def test_timeline_groups_events_by_month_with_people_sources_and_precision(client, world):
    response = client.get("/timeline/")
    words = text(response)
    assert "October 2025" in words
    assert words.index("Envoys meet") < words.index("Kremlin briefing")  # by date
    assert "c. mid-October 2025" in words
    assert "With Dmitry Peskov, Marco Rubio" in words
    # Each report named by its outlet and its title, not the outlet alone.
    assert (
        "Reported by The Daily Planet: Kremlin: no dates for the summit B, usually reliable "
        "The Wire: No dates, says Moscow D, not usually reliable" in words
    )


def test_timeline_filters_by_tag(client, world):
    words = text(client.get("/timeline/?tag=summit"))
    assert "Kremlin briefing" in words and "Envoys meet" not in words
    assert "1 event tagged “summit”" in words


def test_timeline_filters_by_person(client, world):
    words = text(client.get("/timeline/?person=dmitry-peskov"))
    assert "Kremlin briefing" in words and "Envoys meet" not in words
    words = text(client.get("/timeline/?person=marco-rubio"))
    assert "Kremlin briefing" in words and "Envoys meet" in words


def options(response, name: str) -> list[str]:
    """The values a list filter's drop-down offers, "" (no filter) first."""
    html = response.content.decode()
    select = html[html.index(f'<select id="filter-{name}"') :]
    return re.findall(r'<option value="([^"]*)"', select[: select.index("</select>")])


def test_person_filters_offer_the_people_on_the_page_and_keep_the_one_chosen(client, world):
    """Not a ranking of the whole dossier's people, which read every quote or
    participation on each render: everyone else is on /people/."""
    assert options(client.get("/timeline/"), "person") == [
        "",
        "dmitry-peskov",
        "marco-rubio",
    ]
    chosen = client.get("/timeline/?person=dmitry-peskov")
    assert options(chosen, "person") == ["", "dmitry-peskov", "marco-rubio"]
    assert 'value="dmitry-peskov" selected' in chosen.content.decode()
    # The anonymous official has no page; drafts and unpublished speakers never show.
    assert options(client.get("/quotes/"), "speaker") == ["", "dmitry-peskov"]
    assert options(client.get("/quotes/?attribution=anonymous"), "speaker") == [""]


def test_tag_filters_offer_the_tags_on_the_page_and_keep_the_one_chosen(client, world):
    """Not every tag on a published item of the kind, which asked of each of
    a dossier's hundreds of tags, on every render, whether one carried it:
    every tag is on /tags/, which the filter links to."""
    world.approximate.tags.add("talks")  # "Envoys meet", without Peskov
    assert options(client.get("/timeline/"), "tag") == ["", "diplomacy", "summit", "talks"]
    shown = client.get("/timeline/?person=dmitry-peskov")
    assert options(shown, "tag") == ["", "diplomacy", "summit"]
    assert 'href="/tags/"' in shown.content.decode()
    chosen = client.get("/quotes/?tag=summit")
    assert options(chosen, "tag") == ["", "summit"]
    assert 'value="summit" selected' in chosen.content.decode()
    # A tag no row shows stays chosen, under the slug the reader asked for.
    nothing = client.get("/claims/?tag=no-such-tag")
    assert options(nothing, "tag") == ["", "no-such-tag"]
    assert 'value="no-such-tag" selected' in nothing.content.decode()
    assert "No claim" in text(nothing) or "0 claims" in text(nothing)


def test_timeline_filters_combine_and_unknown_values_give_an_empty_page(client, world):
    words = text(client.get("/timeline/?tag=diplomacy&person=marco-rubio"))
    assert "2 events" in words
    response = client.get("/timeline/?tag=no-such-tag&person=nobody")
    assert response.status_code == 200
    assert "No event matches" in text(response)


def test_timeline_paginates(client, world):
    for n in range(45):
        make_event(title=f"Later event {n:02d}", date=world.event.date.replace(month=11))
    first, second = client.get("/timeline/"), client.get("/timeline/?page=2")
    assert "Page 1 of 2" in text(first) and 'href="?page=2"' in first.content.decode()
    assert "Later event 44" in text(second) and "Kremlin briefing" not in text(second)


def test_event_page_shows_people_sources_grades_tags_and_neighbours(client, world):
    response = client.get(world.event.get_absolute_url())
    words = text(response)
    assert "Kremlin briefing" in words and "21 October 2025" in words and "Moscow" in words
    assert "Dmitry Peskov" in words and "Marco Rubio" in words
    assert "Kremlin: no dates for the summit — The Daily Planet" in words
    assert "Reliability D Not usually reliable" in words  # the Wire article's own grade
    assert "Earlier Envoys meet" in words
    assert "diplomacy" in words and "summit" in words
    (data,) = json_ld(response)
    assert data["@type"] == "Event" and data["startDate"] == "2025-10-21"
    assert [a["name"] for a in data["attendee"]] == ["Dmitry Peskov", "Marco Rubio"]


def test_approximate_event_says_so_in_words_and_in_json_ld(client, world):
    response = client.get(world.approximate.get_absolute_url())
    assert "c. mid-October 2025 (approximate)" in text(response)
    (data,) = json_ld(response)
    assert data["startDate"] == "2025-10"


# --- People


def test_people_list_shows_roles_and_counts(client, world):
    words = text(client.get("/people/"))
    assert "Dmitry Peskov Kremlin spokesman, Kremlin 2 quotes · 1 event" in words
    assert "Marco Rubio Secretary of State 0 quotes · 2 events" in words


def test_people_list_filters_by_tag(client, world):
    words = text(client.get("/people/?tag=kremlin"))
    assert "Dmitry Peskov" in words and "Marco Rubio" not in words


def test_person_page_groups_quote_variants_by_statement(client, world):
    response = client.get(world.person.get_absolute_url())
    words = text(response)
    assert "Kremlin spokesman, Kremlin" in words
    assert "Dmitri Peskov" in words and "D. Peskov" in words  # name variants
    assert "Peskov: no dates — 2 renderings" in words
    group = words[words.index("Peskov: no dates") :]
    assert "We cannot postpone what has not been agreed." in group
    assert "we cannot postpone what has not been finalised" in group
    assert "Kremlin briefing" in words
    assert "Speaks for the Kremlin." in words
    (data,) = json_ld(response)
    assert data["@type"] == "Person" and data["alternateName"] == ["Dmitri Peskov", "D. Peskov"]


def test_person_bio_is_rendered_sanitised(client, world):
    world.person.bio = 'Hi <em>there</em><script>alert("x")</script>'
    world.person.save()
    html = client.get(world.person.get_absolute_url()).content.decode()
    assert "<em>there</em>" in html
    assert 'alert("x")' not in html.split("application/ld+json")[0]
    assert "<script>alert" not in html


# --- Quotes and statements


def test_quote_list_shows_attribution_in_plain_words(client, world):
    words = text(client.get("/quotes/"))
    assert (
        "Dmitry Peskov, to reporters in Moscow — printed by The Daily Planet "
        "(B, usually reliable), on the record, credibility 2, probably true"
    ) in words
    assert (
        "printed by The Wire (D, not usually reliable), second-hand, relayed from "
        "The Daily Planet, credibility 3, possibly true"
    ) in words
    assert "A Western official — printed by The Daily Planet" in words


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("speaker=dmitry-peskov", ["agreed", "finalised"], ["off for now"]),
        ("tag=summit", ["agreed"], ["finalised", "off for now"]),
        ("attribution=anonymous", ["off for now"], ["agreed", "finalised"]),
        ("attribution=second_hand", ["finalised"], ["agreed", "off for now"]),
        ("credibility=2", ["agreed"], ["finalised", "off for now"]),
        ("speaker=dmitry-peskov&credibility=3", ["finalised"], ["agreed", "off for now"]),
    ],
)
def test_quote_list_filters(client, world, query, shown, hidden):
    words = text(client.get(f"/quotes/?{query}"))
    for word in shown:
        assert word in words, query
    for word in hidden:
        assert word not in words, query


@pytest.mark.parametrize(
    "query",
    ["credibility=abc", "credibility=9", "attribution=<script>", "speaker=%00", "tag=a%20b"],
)
def test_quote_list_ignores_filters_it_cannot_use(client, world, query):
    response = client.get(f"/quotes/?{query}")
    assert response.status_code == 200
    words = text(response)
    for quote in ("agreed", "finalised", "off for now"):
        assert quote in words, query


def test_quote_page_shows_every_rendering_with_differences_marked(client, world):
    response = client.get(world.quote.get_absolute_url())
    html = response.content.decode()
    assert '<mark class="diff">We</mark> cannot postpone' in html
    assert '<mark class="diff">agreed.</mark>' in html
    assert '<mark class="diff">finalised</mark>' in html
    assert "2 renderings, side by side" in text(response)
    (data,) = json_ld(response)
    assert data["@type"] == "Quotation"
    assert data["spokenByCharacter"]["name"] == "Dmitry Peskov"
    assert data["isPartOf"]["publisher"]["name"] == "The Daily Planet"


def rendering_outlets(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r'<h3 class="rendering__outlet">([^<]*)', html)
    return [name.strip() for name in found]


def test_renderings_are_in_their_articles_order_the_undated_last(client, db):
    statement = make_statement()
    quotes = [
        make_quote(
            statement=statement,
            source=make_source(outlet=make_outlet(name=name), published_on=day, title=title),
        )
        for name, day, title in [
            ("Undated Post", None, "A"),
            ("Later Post", datetime.date(2025, 10, 22), "A"),
            ("Earlier Post B", datetime.date(2025, 10, 20), "B"),
            ("Earlier Post A", datetime.date(2025, 10, 20), "A"),
        ]
    ]
    expected = ["Earlier Post A", "Earlier Post B", "Later Post", "Undated Post"]
    assert rendering_outlets(client.get(statement.get_absolute_url())) == expected
    for quote in quotes:
        assert rendering_outlets(client.get(quote.get_absolute_url())) == expected


def test_a_quote_of_an_unpublished_statement_shows_itself_alone(client, db):
    statement = make_statement(status=Status.IN_REVIEW)
    first, second = (
        make_quote(
            statement=statement, text=words, source=make_source(outlet=make_outlet(name=name))
        )
        for words, name in [("First words.", "First Post"), ("Second words.", "Second Post")]
    )
    response = client.get(first.get_absolute_url())
    assert rendering_outlets(response) == ["First Post"]
    assert "Second words" not in response.content.decode()
    assert "side by side" not in text(response)


def test_quote_without_statement_shows_itself(client, world):
    response = client.get(world.anonymous.get_absolute_url())
    words = text(response)
    assert "As printed" in words and "off for now" in words
    assert '<mark class="diff">' not in response.content.decode()
    (data,) = json_ld(response)
    assert data["spokenByCharacter"] == {"@type": "Person", "description": "a Western official"}


def test_statement_page_compares_renderings(client, world):
    response = client.get(world.statement.get_absolute_url())
    words = text(response)
    assert "Peskov: no dates" in words and "2 renderings" in words
    assert "The Daily Planet" in words and "The Wire" in words
    assert response.content.decode().count('<mark class="diff">') >= 4


def test_word_diff_marks_only_what_no_other_rendering_shares():
    from dossier.diff import word_diff

    full = "Listen, we cannot postpone it. Nobody named dates."
    other = "Listen, we can not postpone it."
    part = "Nobody gave dates."
    marked = word_diff(full, [full, other, part])
    assert marked == (
        'Listen, we <mark class="diff">cannot</mark> postpone it. Nobody '
        '<mark class="diff">named</mark> dates.'
    )
    assert word_diff("“A” & <b>", ['"A" & <b>']) == "“A” &amp; &lt;b&gt;"
    alone = word_diff(
        "Nobody <i>named</i> dates & places.", ["Nobody <i>named</i> dates & places."]
    )
    assert alone == "Nobody &lt;i&gt;named&lt;/i&gt; dates &amp; places."
    assert isinstance(alone, SafeString)


# --- Sources


def test_sources_list_shows_outlets_with_grades_and_articles(client, world):
    words = text(client.get("/sources/"))
    assert "The Daily Planet Reliability B Usually reliable Good track record." in words
    assert "Kremlin: no dates for the summit" in words
    assert "2 quotes" in words
    assert "No dates, says Moscow" in words and "graded apart from its outlet" in words


def test_sources_list_puts_outlets_with_articles_first(client, world):
    make_outlet(name="Aardvark Agency")
    words = text(client.get("/sources/"))
    assert words.index("The Wire") < words.index("Aardvark Agency")


def test_sources_list_filters_by_tag(client, world):
    make_source(title="Untagged piece", outlet=make_outlet(name="Lonely Outlet"))
    words = text(client.get("/sources/?tag=summit"))
    assert "Kremlin: no dates for the summit" in words
    assert "Untagged piece" not in words and "Lonely Outlet" not in words


@pytest.mark.parametrize("path", ["/sources/", "/sources/?tag=summit"])
def test_sources_list_shows_each_outlets_latest_published_articles(client, world, path):
    """Newest first, ties by title, as many as ARTICLES_PER_OUTLET, none
    unpublished, none of another outlet; with a tag, only those carrying it."""
    from dossier.selectors.sources import ARTICLES_PER_OUTLET

    busy, other = make_outlet(name="Busy Wire"), make_outlet(name="Other Wire")
    day = datetime.date(2025, 10, 1)
    for n in range(ARTICLES_PER_OUTLET + 2):
        make_source(
            outlet=busy,
            title=f"Busy {n}",
            published_on=day + datetime.timedelta(n),
            tags=["summit"],
        )
    newest = day + datetime.timedelta(ARTICLES_PER_OUTLET + 2)
    make_source(outlet=busy, title="Busy B tie", published_on=newest, tags=["summit"])
    make_source(outlet=busy, title="Busy A tie", published_on=newest, tags=["summit"])
    make_source(outlet=busy, title="Busy draft", published_on=newest, status=Status.DRAFT)
    make_source(outlet=busy, title="Busy untagged", published_on=newest)
    make_source(outlet=other, title="Other piece", published_on=newest, tags=["summit"])

    words = text(client.get(path))
    section = words[words.index("Busy Wire") : words.index("Other Wire")]
    shown = re.findall(r"Busy (?:\d|A tie|B tie|draft|untagged)", section)
    latest = ["Busy A tie", "Busy B tie"]
    if "tag" not in path:
        latest.append("Busy untagged")
    latest += [f"Busy {n}" for n in range(ARTICLES_PER_OUTLET + 1, -1, -1)]
    assert shown == latest[:ARTICLES_PER_OUTLET]
    assert "Other piece" in words[words.index("Other Wire") :]


def test_source_page_marks_each_quote_in_place_and_links_it(client, world):
    response = client.get(world.source.get_absolute_url())
    html = response.content.decode()
    assert (
        '“<mark class="quote-mark" id="quote-peskov-planet"><a href="/quotes/peskov-planet/">'
        "We cannot postpone what has not been agreed.</a></mark>”"
    ) in html
    assert 'id="quote-official-off-for-now"' in html
    words = text(response)
    assert "A. Reporter" in words and "Read the original at The Daily Planet" in words
    assert "Cited by No dates, says Moscow" in words
    assert "Kremlin briefing" in words
    (data,) = json_ld(response)
    assert data["@type"] == "NewsArticle" and data["author"]["name"] == "A. Reporter"
    assert data["publisher"]["name"] == "The Daily Planet"


def test_source_page_shows_what_it_cites(client, world):
    words = text(client.get(world.other_source.get_absolute_url()))
    assert (
        "Where this text comes from Kremlin: no dates for the summit (The Daily Planet) — citing the Planet"
        in words
    )


def test_source_body_is_escaped_never_trusted(client, world):
    source = make_source(body="Before <script>alert(1)</script> & “the quote” <b>after</b>")
    make_quote(source=source, text="the quote")
    html = client.get(source.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “<mark" in html
    assert "&lt;b&gt;after&lt;/b&gt;" in html


def test_highlighting_keeps_paragraphs_and_marks_quotes_across_line_breaks(db):
    from dossier.highlight import highlight_quotes

    source = make_source(body="First para.\n\nHe said “one\ntwo three”.\nNext line.\n\n\nLast.")
    quote = make_quote(source=source, text="one two three")
    html = highlight_quotes(source.body, [quote])
    assert html == (
        "<p>First para.</p>\n"
        f'<p>He said “<mark class="quote-mark" id="quote-{quote.slug}">'
        f'<a href="/quotes/{quote.slug}/">one<br>\ntwo three</a></mark>”.<br>\nNext line.</p>\n'
        "<p>Last.</p>"
    )


def test_highlighting_splits_a_quote_over_paragraphs_and_skips_overlaps(db):
    from dossier.highlight import highlight_quotes

    source = make_source(body="Alpha beta.\n\nGamma delta.")
    spanning = make_quote(source=source, text="beta. Gamma")
    overlapping = make_quote(source=source, text="Gamma delta.")
    html = highlight_quotes(source.body, [overlapping, spanning])
    assert html.count("<mark") == 2  # one quote, in two paragraphs
    assert html.count(f'id="quote-{spanning.slug}"') == 1
    assert overlapping.slug not in html


# --- Tags


def test_tags_list_counts_published_items_by_kind(client, world):
    words = text(client.get("/tags/"))
    assert "summit 5 items · 1 event · 1 quote · 2 sources · 1 claim" in words
    assert "diplomacy 2 items · 2 events" in words
    assert "kremlin 1 item · 1 person" in words


def test_tag_page_gathers_everything_carrying_the_tag(client, world):
    words = text(client.get("/tags/summit/"))
    assert "Events 1" in words and "Kremlin briefing" in words
    assert "Quotes 1" in words and "We cannot postpone what has not been agreed." in words
    assert "Sources 2" in words and "No dates, says Moscow" in words
    assert "People" not in words.split("Tags summit")[-1].split("All tags")[0].split("Events")[0]


def test_tag_page_links_to_the_full_filtered_lists_when_it_has_more(client, world):
    for _ in range(12):
        make_quote(source=world.source, text="off for now", tags=["summit"])
    html = client.get("/tags/summit/").content.decode()
    assert 'href="/quotes/?tag=summit"' in html


def test_a_tag_without_letters_shows_unlinked_and_breaks_nothing(client, world):
    world.person.tags.add('"><', "ok")
    for url in [world.person.get_absolute_url(), "/tags/", "/people/?tag=ok"]:
        assert client.get(url).status_code == 200, url
    assert "/tags/ok/" in sitemap_urls(client)  # walking the sitemap asserts every page is 200
    html = client.get(world.person.get_absolute_url()).content.decode()
    assert '<span class="tag">&#34;&gt;&lt;</span>' in html


def test_non_latin_tags_have_pages(client, world):
    world.quote.tags.add("саміт")
    response = client.get("/tags/")
    assert response.status_code == 200
    assert "саміт" in text(response)
    response = client.get("/tags/саміт/")
    assert response.status_code == 200
    assert "We cannot postpone what has not been agreed." in text(response)


# --- Search


def test_search_groups_results_by_kind(client, world):
    words = text(client.get("/search/?q=peskov"))
    assert "People 1" in words and "Quotes 2" in words and "Events 1" in words
    assert "Claims 1" in words and "No date was ever set for the summit" in words
    assert words.index("People 1") < words.index("Quotes 2") < words.index("Events 1")


def test_search_counts_every_match_beyond_the_preview(client, world):
    for _ in range(7):
        make_quote(source=world.source, speaker=world.person, text="off for now")
    words = text(client.get("/search/?q=peskov"))
    assert "Quotes 9" in words and "10 results" not in words
    assert words.count("This quote") == 5


def test_search_finds_a_person_by_a_name_variant(client, world):
    zelensky = make_person(name="Volodymyr Zelensky", aliases="Zelenskyy\nZelenskiy")
    make_quote(speaker=zelensky, text="We need peace.")
    words = text(client.get("/search/?q=Zelenskyy"))
    assert "People 1" in words and "Volodymyr Zelensky" in words
    assert "We need peace." in words


def test_search_needs_every_word(client, world):
    words = text(client.get("/search/?q=postpone+finalised"))
    assert "Quotes 1" in words and "finalised" in words


def test_search_shows_all_of_one_kind_paginated(client, world):
    for _ in range(25):
        make_quote(source=world.source, speaker=world.person, text="off for now")
    response = client.get("/search/?q=peskov")
    assert 'href="/search/?q=peskov&amp;kind=quotes"' in response.content.decode()
    words = text(client.get("/search/?q=peskov&kind=quotes&page=2"))
    assert "27 quotes matching “peskov”" in words and "Page 2 of 2" in words


def test_search_counts_stop_at_a_cap_and_say_there_are_more(client, world, monkeypatch):
    from dossier import selectors, views

    for _ in range(6):
        make_quote(source=world.source, speaker=world.person, text="off for now")
    monkeypatch.setattr(views, "SEARCH_PREVIEW_CAP", 6)
    words = text(client.get("/search/?q=peskov"))
    assert "Quotes 6+" in words and "More quotes" in words
    assert "More than" in words and "People 1" in words
    monkeypatch.setattr(selectors.search_results, "SEARCH_COUNT_CAP", 4)
    words = text(client.get("/search/?q=peskov&kind=quotes"))
    assert "More than 4 quotes match “peskov”; the first 4 are listed" in words
    assert words.count("This quote") == 4


def test_a_quote_matches_its_speakers_names_not_their_role(client, world):
    envoy = make_person(name="Ruth Okonjo", aliases="Envoy Okonjo", role="Special envoy")
    make_quote(speaker=envoy, text="Talks resume on Monday.")
    assert "Talks resume on Monday." in text(client.get("/search/?q=okonjo"))
    assert "Talks resume on Monday." in text(client.get("/search/?q=envoy"))  # an alias
    words = text(client.get("/search/?q=special"))  # only in the role
    assert "Ruth Okonjo" in words and "Talks resume on Monday." not in words


def test_a_word_in_many_peoples_names_finds_them_but_not_all_they_said(client, world, monkeypatch):
    """A title shared by more than a few people ("Minister Wojcik",
    "Minister Nowak", ...) is not a name: it finds the people, and quotes
    and events that mention it, not every quote of every minister."""
    from dossier import search

    monkeypatch.setattr(search, "FEW_PEOPLE", 1)
    first = make_person(name="Ruth Okonjo", aliases="Envoy Okonjo")
    second = make_person(name="Ivo Brandt", aliases="Envoy Brandt")
    make_quote(speaker=first, text="Talks resume on Monday.")
    make_quote(speaker=second, text="Nothing is agreed.")
    make_quote(speaker=second, text="The envoy will travel.")
    words = text(client.get("/search/?q=envoy"))
    assert "People 2" in words and "Quotes 1" in words
    assert "The envoy will travel." in words and "Talks resume on Monday." not in words
    assert "Talks resume on Monday." in text(client.get("/search/?q=okonjo"))


def test_only_a_word_naming_one_to_a_few_people_searches_as_a_name(world, monkeypatch):
    """A word naming nobody adds no names to the search (the database then
    plans the plain text match); one naming too many is a title."""
    from dossier import search

    monkeypatch.setattr(search, "FEW_PEOPLE", 1)
    make_person(name="Ruth Okonjo", aliases="Envoy Okonjo")
    make_person(name="Ivo Brandt", aliases="Envoy Brandt")
    assert search.survey(["okonjo", "envoy", "nobodyiscalledthis", "--"]).names == {"okonjo"}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=",
        "q=%20%20",
        "q=" + "x" * 3000,
        "q=a+" * 1500,
        "q=peskov&kind=nope",
        "q=%00",
        "q=pes%00kov%01",
    ],
)
def test_search_with_any_query_is_a_normal_page(client, world, query):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<input id="search-q" type="search" name="q"' in html  # the page's own search form
    if "peskov" in query:
        assert "Dmitry Peskov" in text(response)


def test_search_with_nothing_found_says_so(client, world):
    assert "Nothing in the dossier matches “zzzz”" in text(client.get("/search/?q=zzzz"))


# --- Bad parameters and unknown pages


@pytest.mark.parametrize("page", ["abc", "999999", "-1", "0", "1.5", "%00", "9" * 40])
@pytest.mark.parametrize(
    "path, shown",
    [
        ("/timeline/", "Kremlin briefing"),
        ("/people/", "Dmitry Peskov"),
        ("/quotes/", "We cannot postpone what has not been agreed."),
        ("/sources/", "Kremlin: no dates for the summit"),
        ("/claims/", "No date was ever set for the summit"),
        ("/tags/", "summit 5 items"),
    ],
)
def test_bad_page_numbers_give_a_normal_page(client, world, path, shown, page):
    """The list's one page, whatever the page number asked for."""
    response = client.get(f"{path}?page={page}")
    assert response.status_code == 200
    assert shown in text(response)


@pytest.mark.parametrize(
    "path",
    [
        "/events/nope/",
        "/people/nope/",
        "/quotes/nope/",
        "/statements/nope/",
        "/sources/nope/",
        "/outlets/nope/",
        "/claims/nope/",
        "/claims/no-date-set%0A/",
        "/tags/nope/",
        "/tags/%00/",
        "/tags/a%20b/",
        "/tags/summit%0A/",
        "/no-such-page/",
    ],
)
def test_unknown_slugs_get_the_sites_own_404(client, world, path):
    response = client.get(path)
    assert response.status_code == 404
    words = text(response)
    assert "We can’t find that page" in words and "Back to the overview" in words


def test_500_page_renders_without_a_request(db):
    html = render_to_string("500.html")
    assert "Something went wrong" in html and 'href="/"' in html


def test_post_is_not_allowed_on_public_pages(client, world):
    assert client.post("/quotes/").status_code == 405


# --- Feed, sitemap, robots, JSON


def test_a_control_character_in_an_event_does_not_break_the_feed(client, world):
    world.event.title = "Talks \x01resume"
    world.event.summary = "<b>\x01</b>"
    world.event.save()
    world.event.tags.add("bad\x02tag")
    response = client.get("/feed/")
    assert response.status_code == 200
    assert "Talks resume" in response.content.decode()


def test_feed_is_atom_of_published_events_newest_first(client, world):
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>The summit that wasn’t — timeline</title>" in body
    assert body.index("Kremlin briefing") < body.index("Envoys meet")
    assert "http://testserver/events/kremlin-briefing/" in body
    assert '<category term="summit"' in body


def test_sitemap_lists_every_published_page(client, world):
    urls = sitemap_urls(client)
    assert len(urls) == len(set(urls)), "a URL listed twice"
    for url in [
        "/",
        "/timeline/",
        world.event.get_absolute_url(),
        world.person.get_absolute_url(),
        world.quote.get_absolute_url(),
        world.statement.get_absolute_url(),
        world.source.get_absolute_url(),
        world.outlet.get_absolute_url(),
        world.other_outlet.get_absolute_url(),
        "/claims/",
        world.claim.get_absolute_url(),
        world.counter_claim.get_absolute_url(),
        "/contested/",
        "/tags/summit/",
    ]:
        assert url in urls, url


def test_sitemap_index_lists_every_section(client, world):
    index = parse(client.get("/sitemap.xml"), "sitemapindex")
    assert sitemap_pages(client) == [f"/sitemap-{section}.xml" for section in sitemaps.SITEMAPS]
    # Sections carry no lastmod (see ItemSitemap.get_latest_lastmod); their URLs do.
    assert not list(index.iter(f"{NS}lastmod"))


def test_sitemap_sections_hold_their_kind_of_page(client, world):
    sitemap = walk_sitemap(client)
    section = {
        page: [url.removeprefix("http://testserver") for url in urls]
        for page, urls in sitemap.items()
    }
    assert section["/sitemap-pages.xml"][:2] == ["/", "/timeline/"]
    assert world.event.get_absolute_url() in section["/sitemap-events.xml"]
    assert world.person.get_absolute_url() in section["/sitemap-people.xml"]
    assert world.quote.get_absolute_url() in section["/sitemap-quotes.xml"]
    assert section["/sitemap-statements.xml"] == [world.statement.get_absolute_url()]
    assert world.source.get_absolute_url() in section["/sitemap-sources.xml"]
    assert world.outlet.get_absolute_url() in section["/sitemap-outlets.xml"]
    assert world.claim.get_absolute_url() in section["/sitemap-claims.xml"]
    assert "/tags/summit/" in section["/sitemap-tags.xml"]
    response = client.get("/sitemap-events.xml")
    assert f"<lastmod>{world.event.updated:%Y-%m-%d}</lastmod>" in response.content.decode()
    # Which URLs a page holds changes without any of them getting newer: no
    # Last-Modified from the view (the page cache sets its own).
    assert "Last-Modified" not in response


def test_a_section_longer_than_the_limit_is_paginated(client, world, monkeypatch):
    for n in range(4):
        make_person(name=f"Extra person {n}", slug=f"extra-person-{n}")
    people = [person.get_absolute_url() for person in Person.objects.published().order_by("pk")]
    assert len(people) == 6
    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", 4)

    # Pages are ranges of primary keys (no count of the section), so how
    # many there are depends on the keys the database gave: at least two,
    # none over the limit, every person once and in order.
    pages = [page for page in sitemap_pages(client) if page.startswith("/sitemap-people.xml")]
    assert pages[:2] == ["/sitemap-people.xml", "/sitemap-people.xml?p=2"]
    listed = [
        [url.removeprefix("http://testserver") for url in urls]
        for page, urls in walk_sitemap(client).items()
        if page in pages
    ]
    assert all(len(page) <= 4 for page in listed)
    assert [url for page in listed for url in page] == people  # in order, each once
    assert (
        client.get("/sitemap-people.xml?p=1").content == client.get("/sitemap-people.xml").content
    )
    assert client.get(f"/sitemap-people.xml?p={len(pages) + 1}").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-nothing.xml",
        "/sitemap-.xml",
        "/sitemap-quotes.json",
        "/sitemap-quotes.xml?p=2",
        "/sitemap-quotes.xml?p=0",
        "/sitemap-quotes.xml?p=-1",
        "/sitemap-quotes.xml?p=two",
        "/sitemap-quotes.xml?p=1.5",
        "/sitemap-quotes.xml?p=",
        "/sitemap-quotes.xml?p=99999999999999999999999",
        "/sitemap-pages.xml?p=2",
    ],
)
def test_an_unknown_sitemap_section_or_page_is_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_every_sitemap_page_is_xml_of_absolute_urls(client, world):
    for page, urls in walk_sitemap(client).items():  # parse() checks status, type and root
        assert urls, f"{page} is empty"
        assert all(url.startswith("http://testserver/") for url in urls), page


def test_robots_txt_points_at_the_sitemap(client, world):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_json_export_holds_the_published_dossier(client, world):
    response = client.get("/dossier.json")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["story"]["title"] == "The summit that wasn’t"
    assert {o["slug"] for o in data["outlets"]} == {world.outlet.slug, world.other_outlet.slug}
    source = next(s for s in data["sources"] if s["slug"] == "wire-no-dates")
    assert source["cites"] == [{"source": "planet-no-dates", "note": "citing the Planet"}]
    assert source["reliability"] == "D"
    person = next(p for p in data["people"] if p["slug"] == "dmitry-peskov")
    assert person["aliases"] == ["Dmitri Peskov", "D. Peskov"] and person["tags"] == ["kremlin"]
    quote = next(q for q in data["quotes"] if q["slug"] == "peskov-wire")
    assert quote["statement"] == "peskov-no-dates" and quote["relayed_from"] == world.outlet.slug
    event = next(e for e in data["events"] if e["slug"] == "kremlin-briefing")
    assert event["participants"][0] == {"person": "dmitry-peskov", "role": ""}
    assert event["sources"] == ["planet-no-dates", "wire-no-dates"]
    assert event["tags"] == ["diplomacy", "summit"]


def test_json_ld_cannot_be_broken_out_of(client, world):
    name = "</script><script>alert(1)</script> & <!--"
    Person.objects.filter(pk=world.person.pk).update(name=name)
    response = client.get(world.person.get_absolute_url())
    html = response.content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == name


def test_quote_marks_only_link_published_quotes(client, world):
    Quote.objects.filter(pk=world.anonymous.pk).update(status="draft")
    html = client.get(world.source.get_absolute_url()).content.decode()
    assert 'id="quote-official-off-for-now"' not in html
    assert "official-off-for-now" not in html


@pytest.mark.parametrize(
    "item, tags",
    [
        ("person", ["kremlin"]),
        ("source", ["summit"]),
        ("quote", ["summit"]),
        ("event", ["diplomacy", "summit"]),
        ("claim", ["summit"]),
    ],
)
def test_a_detail_page_lists_its_items_tags_each_linked(client, world, item, tags):
    html = client.get(getattr(world, item).get_absolute_url()).content.decode()
    aside = html.split('<h2 class="aside-heading">Tags</h2>', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<a class="tag" href="/tags/([^/"]+)/">', aside) == tags


def test_an_articles_json_ld_names_its_tags_as_keywords(client, world):
    (article,) = [
        block
        for block in json_ld(client.get(world.source.get_absolute_url()))
        if block.get("@type") == "NewsArticle"
    ]
    assert article["keywords"] == ["summit"]
