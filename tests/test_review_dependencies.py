"""Published but invisible, no more: each change form says what keeps the item
off the public site, publishing offers to publish what it depends on, and
staff preview the public page of anything as it would look published."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from dossier.models import Outlet, Person, Quote, Source, Status
from dossier.workflow import dependencies, off_the_site
from tests.admin_forms import form_defaults
from tests.factories import make_outlet, make_person, make_quote, make_source

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:dossier_{obj._meta.model_name}_change", args=[obj.pk])


def preview_url(obj):
    return reverse(f"admin:dossier_{obj._meta.model_name}_preview", args=[obj.pk])


def unpublished_chain():
    """A quote in review whose outlet, article and speaker are all in review."""
    outlet = make_outlet(name="The Evening Courier", status=Status.IN_REVIEW)
    source = make_source(outlet=outlet, title="Kremlin sees nothing", status=Status.IN_REVIEW)
    speaker = make_person(name="Dmitry Peskov", status=Status.IN_REVIEW)
    return make_quote(source=source, speaker=speaker, status=Status.IN_REVIEW)


@pytest.mark.parametrize("kind", ["quote", "source"])
def test_dependencies_are_what_published_asks_for(kind):
    """Publishing an item and its dependencies makes it public; leaving any
    one of them unpublished keeps it off (the querysets are the truth)."""
    quote = unpublished_chain()
    obj = quote if kind == "quote" else quote.source
    needed = [obj, *dependencies(obj)]
    model = type(obj)
    for left_out in needed:
        for item in needed:
            type(item).objects.filter(pk=item.pk).update(
                status=Status.DRAFT if item == left_out else Status.PUBLISHED
            )
        assert not model.objects.published().filter(pk=obj.pk).exists(), left_out
    for item in needed:
        type(item).objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    assert model.objects.published().filter(pk=obj.pk).exists()


def test_a_statement_is_off_the_site_until_one_rendering_is_public(editor_client):
    from dossier.selectors import public_statements
    from tests.factories import make_statement

    statement = make_statement()
    quote = unpublished_chain()
    quote.statement = statement
    quote.save()
    assert off_the_site(statement) == [quote]
    assert not public_statements().filter(pk=statement.pk).exists()
    page = editor_client.get(change_url(statement)).content.decode()
    assert f'href="{change_url(quote)}"' in page.split("Not on the public site", 1)[1]
    for item in (quote, quote.source, quote.source.outlet, quote.speaker):
        type(item).objects.filter(pk=item.pk).update(status=Status.PUBLISHED)
    assert off_the_site(statement) == []
    assert public_statements().filter(pk=statement.pk).exists()


def test_quote_form_names_and_links_what_keeps_it_off_the_site(editor_client):
    quote = unpublished_chain()
    page = editor_client.get(change_url(quote)).content.decode()
    assert "Not on the public site until these are published" in page
    for item in (quote, quote.source, quote.source.outlet, quote.speaker):
        assert f'href="{change_url(item)}"' in page
    assert preview_url(quote) in page


def test_a_public_item_says_where_readers_find_it(editor_client):
    quote = make_quote()
    page = editor_client.get(change_url(quote)).content.decode()
    assert off_the_site(quote) == []
    assert f'Yes, at <a href="{quote.get_absolute_url()}">' in page


def test_view_on_site_of_an_unpublished_item_is_its_preview(editor_client):
    quote = unpublished_chain()
    page = editor_client.get(change_url(quote)).content.decode()
    assert "viewsitelink" in page
    assert f'href="{preview_url(quote)}" class="viewsitelink"' in page


def test_reviewer_publishes_a_quote_and_what_it_depends_on_in_one_step(reviewer_client, client):
    quote = unpublished_chain()
    form = form_defaults(reviewer_client.get(change_url(quote)).content.decode())
    assert len(form["publish_dependencies"]) == 3  # offered, ticked
    response = reviewer_client.post(change_url(quote), {**form, "status": "published"})
    assert response.status_code == 302
    assert Quote.objects.published().filter(pk=quote.pk).exists()
    assert client.get(quote.get_absolute_url()).status_code == 200
    for item in (quote.source, quote.source.outlet, quote.speaker):
        item.refresh_from_db()
        assert item.published_by is not None


def test_unticked_dependencies_stay_as_they_were(reviewer_client):
    quote = unpublished_chain()
    form = form_defaults(reviewer_client.get(change_url(quote)).content.decode())
    form["publish_dependencies"] = [f"outlet:{quote.source.outlet_id}"]
    reviewer_client.post(change_url(quote), {**form, "status": "published"})
    assert Outlet.objects.get(pk=quote.source.outlet_id).status == Status.PUBLISHED
    assert Source.objects.get(pk=quote.source_id).status == Status.IN_REVIEW
    assert Person.objects.get(pk=quote.speaker_id).status == Status.IN_REVIEW


def test_an_editor_is_offered_no_dependencies_to_publish(editor_client):
    quote = unpublished_chain()
    form = form_defaults(editor_client.get(change_url(quote)).content.decode())
    assert "publish_dependencies" not in form
    editor_client.post(
        change_url(quote),
        {**form, "publish_dependencies": [f"outlet:{quote.source.outlet_id}"]},
    )
    assert Outlet.objects.get(pk=quote.source.outlet_id).status == Status.IN_REVIEW


def test_dependencies_are_published_only_with_the_item(reviewer_client):
    quote = unpublished_chain()
    form = form_defaults(reviewer_client.get(change_url(quote)).content.decode())
    reviewer_client.post(change_url(quote), {**form, "status": "in_review"})
    assert Outlet.objects.get(pk=quote.source.outlet_id).status == Status.IN_REVIEW


# -- preview -----------------------------------------------------------------


def test_staff_preview_an_unpublished_quote_as_it_would_look(editor_client, client):
    quote = unpublished_chain()
    response = editor_client.get(preview_url(quote))
    assert response.status_code == 200
    page = response.content.decode()
    assert "All is well." in page and "Dmitry Peskov" in page
    assert "Preview." in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    # Nothing was written: still unpublished, still a 404 for readers.
    for item in (quote, quote.source, quote.source.outlet, quote.speaker):
        item.refresh_from_db()
        assert item.status == Status.IN_REVIEW
    assert client.get(quote.get_absolute_url()).status_code == 404


KINDS = ["quote", "source", "outlet", "person", "statement", "claim", "event", "story"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_preview(editor_client, kind):
    from tests import factories

    quote = unpublished_chain()
    obj = {
        "quote": quote,
        "source": quote.source,
        "outlet": quote.source.outlet,
        "person": quote.speaker,
    }.get(kind) or getattr(factories, f"make_{kind}")(status=Status.DRAFT)
    if kind == "statement":  # a statement's page shows its renderings
        Quote.objects.filter(pk=quote.pk).update(statement=obj)
    response = editor_client.get(preview_url(obj))
    assert response.status_code == 200
    assert "Preview." in response.content.decode()
    obj.refresh_from_db()
    assert obj.status != Status.PUBLISHED


def test_readers_never_reach_a_preview(client):
    quote = unpublished_chain()
    response = client.get(preview_url(quote))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@override_settings(DOSSIER_PAGE_CACHE=True)
def test_a_preview_never_reaches_the_page_cache(editor_client):
    from django.core.cache import caches

    caches["pages"].clear()
    quote = unpublished_chain()
    reader = Client()
    assert reader.get(reverse("dossier:quotes")).status_code == 200  # cached for readers
    assert editor_client.get(preview_url(quote)).status_code == 200
    assert reader.get(quote.get_absolute_url()).status_code == 404
    assert "All is well." not in reader.get(reverse("dossier:quotes")).content.decode()
    assert "Dmitry Peskov" not in reader.get(reverse("dossier:overview")).content.decode()
    caches["pages"].clear()


def test_bulk_publishing_says_which_stay_off_the_site(reviewer_client):
    hidden, visible = unpublished_chain(), make_quote(status=Status.IN_REVIEW)
    response = reviewer_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "published", "_selected_action": [hidden.pk, visible.pk]},
        follow=True,
    )
    assert "1 of them are still off the public site" in response.content.decode()
