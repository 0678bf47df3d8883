"""Public pages come from the cache until something public changes, and
never a moment after: every edit, publication, import or new hop bumps the
dossier version the cache is keyed on. Readers revalidate with ETag and
Last-Modified and get 304; editors and the admin are never cached."""

import datetime
import re
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from dossier import selectors, views
from dossier.cache import PAGE_CACHE, current_version
from dossier.models import SiteVersion, Status
from tests.factories import make_hop, make_quote, make_source
from tests.test_workflow import change_url, quote_form
from tests.world import grow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.DOSSIER_PAGE_CACHE = True
    settings.DOSSIER_FIGURE_CACHE = True
    caches[PAGE_CACHE].clear()
    yield
    caches[PAGE_CACHE].clear()


PUBLIC = [
    "/",
    "/timeline/",
    "/people/",
    "/quotes/",
    "/sources/",
    "/claims/",
    "/contested/",
    "/tags/",
    "/search/?q=peskov",
    "/feed/",
    "/sitemap.xml",
    "/sitemap-quotes.xml",
    "/robots.txt",
    "/dossier.json",
]


def settle_version():
    """Age the version past a second, as it is between most requests, so
    pages carry a Last-Modified."""
    SiteVersion.objects.filter(pk=1).update(
        changed_at=timezone.now() - datetime.timedelta(seconds=5)
    )


@pytest.mark.parametrize("url", PUBLIC)
def test_second_request_is_served_from_the_cache(client, world, url, django_assert_num_queries):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the version, nothing else
        second = client.get(url)
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "must-revalidate" in second["Cache-Control"] and "public" in second["Cache-Control"]


def test_detail_pages_are_cached_too(client, world, django_assert_num_queries):
    for url in [world.person.get_absolute_url(), world.quote.get_absolute_url()]:
        first = client.get(url)
        with django_assert_num_queries(1):
            assert client.get(url).content == first.content


def test_query_string_is_part_of_the_key(client, world):
    assert "Quotes" in client.get("/search/?q=peskov").content.decode()
    assert client.get("/search/?q=zzznothing").content != client.get("/search/?q=peskov").content


def test_editing_a_quote_in_the_admin_changes_the_page_at_once(client, reviewer_client, world):
    url = world.quote.get_absolute_url()
    assert "We cannot postpone" in client.get(url).content.decode()
    quote = world.quote
    response = reviewer_client.post(
        change_url(quote), quote_form(quote, text="An entirely new sentence.")
    )
    assert response.status_code == 302
    page = Client().get(url).content.decode()  # another reader, fresh client
    assert "An entirely new sentence." in page
    assert "An entirely new sentence." in client.get(url).content.decode()


def test_publishing_from_the_admin_shows_the_quote_at_once(client, reviewer_client, world):
    quote = make_quote(
        source=world.source, speaker=world.person, text="Hidden words", status=Status.IN_REVIEW
    )
    assert "Hidden words" not in client.get("/quotes/").content.decode()
    reviewer_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "published", "_selected_action": [quote.pk]},
    )
    quote.refresh_from_db()
    assert quote.status == Status.PUBLISHED
    assert "Hidden words" in client.get("/quotes/").content.decode()


def test_adding_a_hop_changes_the_quote_page_at_once(client, world):
    url = world.anonymous.get_absolute_url()
    before = client.get(url).content
    make_hop(quote=world.anonymous, position=9, description="a passing diplomat", how="told")
    after = client.get(url).content
    assert after != before and b"a passing diplomat" in after


def test_tagging_changes_the_tag_index_at_once(client, world):
    assert "brand-new-tag" not in client.get("/tags/").content.decode()
    world.quote.tags.add("brand-new-tag")
    assert "brand-new-tag" in client.get("/tags/").content.decode()


def test_importing_changes_the_pages_at_once(client, mini_fixture):
    before = client.get("/people/").content
    version = current_version()
    call_command("import_dossier", str(mini_fixture), stdout=StringIO())
    assert current_version()[0] == version[0] + 1  # once per import
    assert client.get("/people/").content != before
    call_command("import_dossier", str(mini_fixture), stdout=StringIO())
    assert current_version()[0] == version[0] + 1  # nothing changed, nothing bumped


def test_revalidation_with_if_none_match_is_304(client, world):
    first = client.get("/quotes/")
    again = client.get("/quotes/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    world.quote.save()
    changed = client.get("/quotes/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_revalidation_with_if_modified_since_is_304(client, world):
    settle_version()
    first = client.get("/timeline/")
    assert first.has_header("Last-Modified")
    since = first["Last-Modified"]
    assert client.get("/timeline/", headers={"if-modified-since": since}).status_code == 304
    world.event.save()
    # In the same second as the change no Last-Modified is sent (it could
    # not tell the two versions apart), so no stale 304 either.
    fresh = client.get("/timeline/", headers={"if-modified-since": since})
    assert fresh.status_code == 200
    assert not fresh.has_header("Last-Modified")
    settle_version()
    later = client.get("/timeline/", headers={"if-modified-since": http_date()})
    assert later.status_code == 304


def test_admin_is_never_cached(editor_client, world, django_assert_max_num_queries):
    url = reverse("admin:dossier_quote_changelist")
    editor_client.get(url)
    response = editor_client.get(url)
    assert "ETag" not in response and "public" not in response.get("Cache-Control", "")


def test_logged_in_readers_are_not_cached_and_do_not_fill_the_cache(reviewer_client, world):
    draft = make_quote(
        source=world.source, speaker=world.person, text="A draft never leaks", status=Status.DRAFT
    )
    url = world.person.get_absolute_url()
    reviewed = reviewer_client.get(url)
    assert "ETag" not in reviewed
    assert caches[PAGE_CACHE]._cache == {}  # nothing stored for anyone
    anonymous = Client().get(url)
    assert "ETag" in anonymous and draft.text not in anonymous.content.decode()


def test_drafts_never_reach_the_cached_pages(client, world):
    make_quote(source=world.source, speaker=world.person, text="Zqxdraft", status=Status.DRAFT)
    for url in PUBLIC + ["/search/?q=peskov&kind=quotes", world.person.get_absolute_url()]:
        for _ in range(2):  # rendered, then from the cache
            assert b"Zqxdraft" not in client.get(url).content, url


def test_errors_are_not_cached(client, world):
    assert client.get("/people/nobody-at-all/").status_code == 404
    assert "ETag" not in client.get("/people/nobody-at-all/")


def quote_count(response) -> int:
    found = re.search(r'class="result-count"[^>]*>\s*(\d+) quotes?', response.content.decode())
    return int(found.group(1))


def test_figures_shared_by_pages_follow_every_edit(reviewer_client, world):
    """Pages rendered for someone logged in are not cached, but the figures
    over the whole dossier they show (how many quotes, which tags a filter
    offers, the overview) are kept per version: they follow every change."""
    before = quote_count(reviewer_client.get("/quotes/"))
    assert quote_count(reviewer_client.get("/quotes/")) == before  # from the figures cache
    assert any(key.startswith(":1:figure:") for key in caches[PAGE_CACHE]._cache)
    make_quote(source=world.source, speaker=world.person, text="One more")
    assert quote_count(reviewer_client.get("/quotes/")) == before + 1
    make_quote(source=world.source, speaker=world.person, text="Held", status=Status.DRAFT)
    assert quote_count(reviewer_client.get("/quotes/")) == before + 1  # drafts never count
    world.event.tags.add("fresh-tag")
    assert 'value="fresh-tag"' in reviewer_client.get("/timeline/").content.decode()
    world.event.tags.remove("fresh-tag")
    assert 'value="fresh-tag"' not in reviewer_client.get("/timeline/").content.decode()


def test_figures_are_worked_out_afresh_when_their_cache_is_off(settings, client, world):
    settings.DOSSIER_PAGE_CACHE = settings.DOSSIER_FIGURE_CACHE = False
    before = quote_count(client.get("/quotes/"))
    Quote = type(world.quote)
    Quote.objects.filter(pk=world.quote.pk).update(status=Status.DRAFT)  # bumps no version
    assert quote_count(client.get("/quotes/")) == before - 1
    assert not any(key.startswith(":1:figure:") for key in caches[PAGE_CACHE]._cache)


def listed(client, monkeypatch, url: str, skipped: int, kind: str = "quotes") -> list[int]:
    """Every item of the list at `url`, page after page, two a page, with
    pages past `skipped` cut from the list's kept order."""
    monkeypatch.setitem(views.PER_PAGE, kind, 2)
    monkeypatch.setattr(selectors, "SKIPPED_PAGES", skipped)
    joiner = "&" if "?" in url else "?"
    pages = client.get(url).context["page"].paginator.num_pages
    return [
        item.pk
        for number in range(1, pages + 1)
        for item in client.get(f"{url}{joiner}page={number}").context["page"]
    ]


def walked_and_kept(client, monkeypatch, url: str, kind: str = "quotes") -> list[int]:
    walked = listed(client, monkeypatch, url, skipped=10**6, kind=kind)
    assert listed(client, monkeypatch, url, skipped=0, kind=kind) == walked
    return walked


def test_deep_quote_pages_follow_every_edit(monkeypatch, reviewer_client, world):
    """Pages past the first few are cut from the list's order kept per
    version, and its count is kept too: the same quotes in the same order
    as walking the list gives, for each filter, and a new or withdrawn
    quote moves them at once."""
    grow(world, 3)

    def check(url: str) -> list[int]:
        return walked_and_kept(reviewer_client, monkeypatch, url)

    everyone = check("/quotes/")
    assert len(everyone) > 4 and len(set(everyone)) == len(everyone)
    assert everyone == [quote.pk for quote in selectors.quotes()]
    by_speaker = check(f"/quotes/?speaker={world.person.slug}")
    assert by_speaker != everyone and set(by_speaker) < set(everyone)

    newest = make_source(outlet=world.outlet, published_on=datetime.date(2026, 1, 1))
    fresh = make_quote(source=newest, speaker=world.person, text="All is well.")
    assert check("/quotes/") == [fresh.pk, *everyone]
    assert check(f"/quotes/?speaker={world.person.slug}") == [fresh.pk, *by_speaker]
    fresh.status = Status.DRAFT
    fresh.save()
    assert check("/quotes/") == everyone

    # A page number it cannot use gives the first or the last page, cut
    # from the kept order like any other.
    first, last = everyone[:2], everyone[-(len(everyone) % 2 or 2) :]
    for number, shown in [("0", last), ("-3", last), ("x", first), ("9" * 30, last)]:
        page = reviewer_client.get(f"/quotes/?page={number}").context["page"]
        assert [quote.pk for quote in page] == shown, number


@pytest.mark.parametrize(
    "kind, url",
    [
        ("timeline", "/timeline/"),
        ("timeline", "/timeline/?tag=summit"),
        ("people", "/people/"),
        ("people", "/people/?tag=kremlin"),
        ("claims", "/claims/"),
        ("claims", "/claims/?tag=summit"),
    ],
)
def test_every_long_list_pages_alike_from_its_kept_order(
    monkeypatch, reviewer_client, world, kind, url
):
    grow(world, 5)
    assert len(walked_and_kept(reviewer_client, monkeypatch, url, kind)) > 4  # three pages


def test_a_page_reads_the_dossier_version_once(reviewer_client, world):
    """The quotes list shows three figures kept per version (its count, the
    speakers and tags its filters offer); the version they are kept under
    is read once for the request, not once each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer_client.get("/quotes/")
    with CaptureQueriesContext(connection) as queries:
        assert reviewer_client.get("/quotes/").status_code == 200
    reads = [q for q in queries.captured_queries if "dossier_siteversion" in q["sql"]]
    assert len(reads) == 1
