"""The sitemap (Django's views over dossier.sitemaps' sections) lists every
published page, page for page whatever the page size, escapes what it
writes, refuses page numbers the index never writes, and follows every
change through the page cache."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.sitemaps import views as stock
from django.test import RequestFactory
from taggit.models import Tag

from dossier import sitemaps
from dossier.models import Person, Status
from tests.factories import make_person
from tests.sitemap_walk import NS, locs, parse, sitemap_pages, walk_sitemap

# Every test reads tests/world.py's dossier: built once, each test rolled back.
pytestmark = pytest.mark.usefixtures("world_built_once")


def stock_index():
    request = RequestFactory().get("/sitemap.xml")
    response = stock.index(request, sitemaps.SITEMAPS, sitemap_url_name="dossier:sitemap-section")
    return response.render().content


def stock_page(page: str):
    path, _, number = page.partition("?p=")
    section = path.removeprefix("/sitemap-").removesuffix(".xml")
    request = RequestFactory().get(path, {"p": number} if number else {})
    return stock.sitemap(request, sitemaps.SITEMAPS, section=section).render().content


@pytest.mark.parametrize("limit", [1, 2, 3, 1000])
def test_every_page_is_what_djangos_views_render(client, world, monkeypatch, limit):
    for n in range(5):
        make_person(name=f"Extra person {n}", slug=f"extra-person-{n}")
    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", limit)
    assert client.get("/sitemap.xml").content == stock_index()
    pages = sitemap_pages(client)
    assert len(pages) > len(sitemaps.SITEMAPS) or limit == 1000
    for page in pages:
        response = client.get(page)
        assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
        assert response.content == stock_page(page), page


def test_list_pages_keep_their_priority_and_items_their_lastmod(client, world):
    pages = parse(client.get("/sitemap-pages.xml"), "urlset")
    assert {p.text for p in pages.iter(f"{NS}priority")} == {"0.8"}
    events = parse(client.get("/sitemap-events.xml"), "urlset")
    assert f"{world.event.updated:%Y-%m-%d}" in [d.text for d in events.iter(f"{NS}lastmod")]
    tags = parse(client.get("/sitemap-tags.xml"), "urlset")
    assert not list(tags.iter(f"{NS}lastmod"))  # a tag keeps no date


def test_what_a_url_holds_is_escaped(client, world):
    # Slugs are slugified, but a sitemap must stay XML whatever one holds:
    # & and ' survive URL quoting (RFC 3986 sub-delimiters), < > " do not.
    Tag.objects.filter(slug="summit").update(slug="sum&mit'<\">")
    response = client.get("/sitemap-tags.xml")
    body = response.content.decode()
    assert "sum&amp;mit&#x27;%3C%22%3E" in body
    assert "http://testserver/tags/sum&mit'%3C%22%3E/" in locs(ET.fromstring(response.content))
    assert response.content == stock_page("/sitemap-tags.xml")


@pytest.mark.parametrize("url", ["/sitemap-people.xml?p=01", "/sitemap-people.xml?p=+2"])
def test_only_the_pages_the_index_writes_are_pages(client, world, monkeypatch, url):
    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", 1)
    assert "/sitemap-people.xml?p=2" in sitemap_pages(client)
    assert client.get(url).status_code == 404


def test_cached_counts_and_page_starts_follow_every_change(client, world, settings, monkeypatch):
    """With the page cache on (as in production), the first person listed
    withdrawn moves every later page of people up one, and takes a page
    from the index."""
    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", 1)
    before = walk_sitemap(client)
    people = [page for page in before if page.startswith("/sitemap-people.xml")]
    first = Person.objects.published().order_by("pk").first()
    first.status = Status.WITHDRAWN
    first.save()
    after = walk_sitemap(client)
    assert [p for p in after if p.startswith("/sitemap-people.xml")] == people[:-1]
    assert after["/sitemap-people.xml"] == before["/sitemap-people.xml?p=2"]
    assert after[people[-2]] == before[people[-1]]


def test_pages_are_ranges_of_keys_so_a_draft_leaves_a_gap_not_a_shift(client, world, monkeypatch):
    """The index is cut by the first and last published keys, not by
    counting what is public: a draft among the people leaves its page empty
    (still a sitemap) and moves no other person to another page."""
    monkeypatch.setattr(sitemaps.ItemSitemap, "limit", 1)
    extra = [make_person(name=f"Extra person {n}", slug=f"extra-person-{n}") for n in range(3)]
    before = walk_sitemap(client)
    extra[1].status = Status.DRAFT
    extra[1].save()
    after = walk_sitemap(client)
    assert list(after) == list(before)
    gap = [page for page in before if extra[1].get_absolute_url() in " ".join(before[page])]
    assert len(gap) == 1 and after[gap[0]] == []
    assert {page: urls for page, urls in after.items() if page not in gap} == {
        page: urls for page, urls in before.items() if page not in gap
    }
    last = [page for page in after if page.startswith("/sitemap-people.xml")][-1]
    past = int(last.partition("?p=")[2] or 1) + 1
    assert client.get(f"/sitemap-people.xml?p={past}").status_code == 404
