"""The editors' admin: every page loads for an editor, and for no one else."""

import pytest
from django.contrib import admin
from django.urls import reverse

from dossier.models import ClaimLink, Outlet, Quote, Source, Statement
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
    make_user,
)

pytestmark = pytest.mark.django_db

DOSSIER_MODELS = [model for model in admin.site._registry if model._meta.app_label == "dossier"]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def dossier_data():
    person = make_person(name="Sergei Lavrov", aliases="Sergey Lavrov")
    make_story()
    quote = make_quote(speaker=person, tags=["diplomacy"], statement=make_statement())
    make_hop(quote=quote, person=person, how="said", context="to reporters in Moscow")
    event = make_event(participants=[person], sources=[quote.source], tags=["summit"])
    claim = make_claim(sources=[quote.source], event=event, tags=["summit"])
    other = make_claim(sources=[make_source()])
    make_hop(report=claim.reports.get(), outlet=quote.source.outlet, how="reported")
    ClaimLink.objects.create(from_claim=claim, to_claim=other, kind="contradicts", rationale="x")
    return quote


def test_every_dossier_model_is_in_the_admin():
    names = {model.__name__ for model in DOSSIER_MODELS}
    assert {"Outlet", "Source", "Person", "Statement", "Quote", "Event", "Story"} <= names


@pytest.mark.parametrize("model", DOSSIER_MODELS, ids=lambda m: m.__name__)
def test_editor_can_open_every_changelist_and_add_form(editor_client, dossier_data, model):
    assert editor_client.get(admin_url(model, "changelist")).status_code == 200
    assert editor_client.get(admin_url(model, "changelist"), {"q": "Lavrov"}).status_code == 200
    assert editor_client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.parametrize("model", DOSSIER_MODELS, ids=lambda m: m.__name__)
def test_editor_can_open_every_change_form(editor_client, dossier_data, model):
    obj = model.objects.first()
    assert editor_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", DOSSIER_MODELS, ids=lambda m: m.__name__)
def test_every_list_filter_works(editor_client, dossier_data, model):
    response = editor_client.get(admin_url(model, "changelist"))
    for spec in response.context["cl"].filter_specs:
        for choice in spec.choices(response.context["cl"]):
            query = choice["query_string"]
            assert editor_client.get(admin_url(model, "changelist") + query).status_code == 200


@pytest.mark.parametrize("model", DOSSIER_MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitors_are_sent_to_login(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_user_without_staff_status_never_reaches_the_admin(client, db):
    client.force_login(make_user("reader", "Editors", staff=False))
    response = client.get(admin_url(Quote, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_publish_action_publishes_the_selection(reviewer_client):
    drafts = [make_outlet(status="draft") for _ in range(3)]
    response = reviewer_client.post(
        admin_url(Outlet, "changelist"),
        {"action": "published", "_selected_action": [o.pk for o in drafts[:2]]},
        follow=True,
    )
    assert response.status_code == 200
    assert "2 outlets marked published" in response.content.decode()
    assert [o.status for o in Outlet.objects.order_by("pk")] == ["published", "published", "draft"]


def test_grade_action_sets_credibility_in_bulk(editor_client):
    quotes = [make_quote(credibility=6, status="in_review") for _ in range(2)]
    editor_client.post(
        admin_url(Quote, "changelist"),
        {"action": "set_credibility_2", "_selected_action": [q.pk for q in quotes]},
    )
    assert set(Quote.objects.values_list("credibility", flat=True)) == {2}


def test_quote_form_explains_a_missing_speaker(editor_client):
    source = make_source()
    response = editor_client.post(
        admin_url(Quote, "add"),
        {
            "text": "Words",
            "slug": "words",
            "source": source.pk,
            "attribution": "on_record",
            "credibility": 3,
            "status": "draft",
            "tags": "",
        },
    )
    assert response.status_code == 200
    assert "Name the speaker, or describe the unnamed source." in response.content.decode()
    assert not Quote.objects.exists()


def test_quote_page_says_whether_the_text_is_in_the_source(editor_client):
    found = make_quote(text="All is well.")
    missing = make_quote(text="Nothing is well.")
    page = editor_client.get(admin_url(Quote, "change", found.pk)).content.decode()
    assert "Yes, on line 1 of the article" in page
    page = editor_client.get(admin_url(Quote, "change", missing.pk)).content.decode()
    assert "Not found." in page


def test_source_page_edits_its_quotes_inline(editor_client):
    quote = make_quote(source=make_source(status="draft"), status="draft")
    page = editor_client.get(admin_url(Source, "change", quote.source.pk)).content.decode()
    assert 'name="quotes-0-text"' in page
    assert 'name="citations-TOTAL_FORMS"' in page


def test_source_page_shows_each_quote_as_a_compact_row_linking_to_its_own_page(editor_client):
    speaker = make_person(name="Dmitry Peskov")
    quote = make_quote(
        source=make_source(status="draft"), status="draft", speaker=speaker, credibility=3
    )
    page = editor_client.get(admin_url(Source, "change", quote.source.pk)).content.decode()
    row = page[page.index('id="quotes-0"') : page.index('id="quotes-2-group"')]
    # The words, who said them, whether the article has them, grade and status.
    for name in ["text", "credibility", "status", "expected_version"]:
        assert f'name="quotes-0-{name}"' in row
    assert "Dmitry Peskov" in row and "icon-yes" in row
    assert '<option value="3" selected>' in row
    assert admin_url(Quote, "change", quote.pk) in row
    # The rest is on the quote's own page, not repeated on every row.
    for name in ["speaker", "attribution", "relayed_from", "statement", "slug"]:
        assert f'name="quotes-0-{name}"' not in page


def test_an_editor_adds_a_quote_from_the_source_page(editor_client):
    from tests.admin_forms import form_defaults

    source = make_source(status="draft", body="The minister said: “All is well.”")
    make_quote(source=source, status="draft")
    url = admin_url(Source, "change", source.pk)
    page = editor_client.get(url).content.decode()
    assert 'name="quotes-2-__prefix__-speaker"' in page  # the new quote's own fields
    form = form_defaults(page)
    form.update(
        {
            "quotes-2-TOTAL_FORMS": "1",
            "quotes-2-0-text": "All is well.",
            "quotes-2-0-speaker_description": "a ministry spokesman",
            "quotes-2-0-attribution": "on_record",
            "quotes-2-0-credibility": "2",
            "quotes-2-0-status": "draft",
            "_save": "Save",
        }
    )
    response = editor_client.post(url, form)
    assert response.status_code == 302
    added = source.quotes.get(speaker_description="a ministry spokesman")
    assert (added.text, added.verbatim_found, added.status) == ("All is well.", True, "draft")
    assert added.slug


def test_statement_page_shows_its_renderings_as_compact_rows(editor_client):
    statement = make_statement(status="draft")
    quote = make_quote(statement=statement, status="draft")
    page = editor_client.get(admin_url(Statement, "change", statement.pk)).content.decode()
    assert 'name="quotes-0-text"' in page and 'name="quotes-0-status"' in page
    assert quote.source.title in page and admin_url(Quote, "change", quote.pk) in page
    assert 'name="quotes-0-source"' not in page  # read, not a picker, on each row
    assert 'name="quotes-2-__prefix__-source"' in page  # a new rendering picks its article


def test_inline_rows_offer_no_unused_links_beside_their_choices(editor_client):
    from dossier.models import Event

    quote = make_quote(status="draft", source=make_source(status="draft"))
    make_hop(quote=quote, person=make_person(), how="said")
    event = make_event(status="draft", participants=[make_person()])
    for url in [admin_url(Quote, "change", quote.pk), admin_url(Event, "change", event.pk)]:
        page = editor_client.get(url).content.decode()
        rows = page[page.index("js-inline-admin-formset") :]
        assert "change-related" not in rows and "view-related" not in rows, url
        assert "add-related" in rows, url  # a new row may still add a person or an outlet


@pytest.mark.parametrize("model", [Quote, Source], ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, model
):
    for _ in range(3):
        make_quote(tags=["a", "b"])
    url = admin_url(model, "changelist")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        editor_client.get(url)
    for _ in range(20):
        make_quote(tags=["a", "b"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        editor_client.get(url)


@pytest.mark.parametrize("field", ["source", "speaker", "relayed_from", "statement"])
def test_autocompletes_page_in_a_stable_order(editor_client, dossier_data, field):
    import warnings

    from django.core.paginator import UnorderedObjectListWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        response = editor_client.get(
            "/admin/autocomplete/",
            {"app_label": "dossier", "model_name": "quote", "field_name": field, "term": ""},
        )
    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.parametrize("model", DOSSIER_MODELS, ids=lambda m: m.__name__)
def test_each_filter_of_a_list_has_its_own_title(editor_client, dossier_data, model):
    response = editor_client.get(admin_url(model, "changelist"))
    titles = [str(spec.title) for spec in response.context["cl"].filter_specs]
    assert len(titles) == len(set(titles)), titles


def test_a_quote_row_saved_elsewhere_meanwhile_says_so_on_its_row(editor_client):
    from tests.admin_forms import form_defaults

    quote = make_quote(source=make_source(status="draft"), status="draft", text="All is well.")
    url = admin_url(Source, "change", quote.source.pk)
    form = form_defaults(editor_client.get(url).content.decode())
    Quote.objects.filter(pk=quote.pk).update(version=quote.version + 1)  # someone else saved
    form.update({"quotes-0-text": "All is well", "_save": "Save"})
    page = editor_client.post(url, form).content.decode()
    row_errors = page[page.index('class="row-form-errors"') : page.index('id="quotes-0"')]
    assert "after you opened it" in row_errors
    assert Quote.objects.get(pk=quote.pk).text == "All is well."


def test_an_editor_sees_a_published_articles_quotes_as_text(editor_client):
    quote = make_quote(text="All is well.", speaker=make_person(name="Dmitry Peskov"))
    page = editor_client.get(admin_url(Source, "change", quote.source.pk)).content.decode()
    rows = page[page.index('id="quotes-group"') :]
    assert "All is well." in rows and "Dmitry Peskov" in rows
    assert 'name="quotes-0-text"' not in rows and 'name="quotes-0-status"' not in rows
    # One link a row, to the quote's own page: Django's "View" beside its
    # "View on site" read as "View View on site".
    row = rows[: rows.index("</tr>", rows.index('id="quotes-0"'))]
    assert "View on site" not in row and row.count("inlineviewlink") == 1
