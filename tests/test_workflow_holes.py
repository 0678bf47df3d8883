"""The review workflow holds on every path that writes an item: its own form,
an inline row on another item's form, a bulk action, a history revert and an
import run in someone's name. One rule: only a holder of `publish_<kind>`
moves an item into or out of published/withdrawn (or changes it while it is
there), and a publication records who and when."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dossier.models import Outlet, Quote, Status
from dossier.workflow import change_status
from tests.admin_forms import form_defaults
from tests.factories import make_quote, make_source, make_statement

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:dossier_{obj._meta.model_name}_change", args=[obj.pk])


def opened(client, obj) -> dict:
    """The change form of `obj` as a browser would post it unchanged."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return form_defaults(response.content.decode())


def save(client, url, data, **changes):
    return client.post(url, {**data, **changes, "_save": "Save"})


def test_editor_cannot_publish_a_quote_through_the_source_inline(editor_client):
    quote = make_quote(status=Status.IN_REVIEW, source=make_source(status=Status.DRAFT))
    form = opened(editor_client, quote.source)
    response = save(
        editor_client, change_url(quote.source), form, **{"quotes-0-status": "published"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    quote.refresh_from_db()
    assert quote.status == Status.IN_REVIEW


def test_editor_cannot_withdraw_a_published_quote_through_the_statement_inline(editor_client):
    statement = make_statement(status=Status.DRAFT)
    quote = make_quote(statement=statement)
    form = opened(editor_client, statement)
    save(editor_client, change_url(statement), form, **{"quotes-0-status": "withdrawn"})
    quote.refresh_from_db()
    assert quote.status == Status.PUBLISHED


def test_editor_cannot_change_a_published_rendering_through_the_statement_inline(editor_client):
    statement = make_statement(status=Status.DRAFT)
    quote = make_quote(statement=statement, credibility=2)
    form = opened(editor_client, statement)
    response = save(editor_client, change_url(statement), form, **{"quotes-0-credibility": "5"})
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.credibility == 2


def test_reviewer_publishing_through_an_inline_records_who_and_when(reviewer_client, reviewer):
    quote = make_quote(status=Status.IN_REVIEW, source=make_source(status=Status.DRAFT))
    form = opened(reviewer_client, quote.source)
    response = save(
        reviewer_client, change_url(quote.source), form, **{"quotes-0-status": "published"}
    )
    assert response.status_code == 302
    quote.refresh_from_db()
    assert (quote.status, quote.published_by) == (Status.PUBLISHED, reviewer)
    assert quote.published_at is not None


def test_a_stale_inline_row_does_not_overwrite_a_newer_edit(editor_client, reviewer_client):
    quote = make_quote(status=Status.DRAFT, source=make_source(status=Status.DRAFT))
    stale = opened(editor_client, quote.source)  # editor B opens the source
    quote_form = opened(reviewer_client, quote)  # editor A edits the quote itself
    response = save(
        reviewer_client, change_url(quote), quote_form, credibility="4", credibility_rationale="A's"
    )
    assert response.status_code == 302
    # B's row still shows the grade A changed: saving it would undo A's edit.
    response = save(editor_client, change_url(quote.source), stale, byline="B's byline")
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    quote.refresh_from_db()
    assert (quote.credibility, quote.credibility_rationale) == (4, "A's")
    quote.source.refresh_from_db()
    assert quote.source.byline != "B's byline"


def test_a_row_whose_shown_fields_nobody_changed_saves_without_undoing_a_newer_edit(
    editor_client, reviewer_client
):
    quote = make_quote(status=Status.DRAFT, source=make_source(status=Status.DRAFT))
    stale = opened(editor_client, quote.source)
    quote_form = opened(reviewer_client, quote)
    # The rationale is edited on the quote's own page; the source's row does not show it.
    save(reviewer_client, change_url(quote), quote_form, credibility_rationale="A's")
    response = save(editor_client, change_url(quote.source), stale, byline="B's byline")
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.credibility_rationale == "A's"
    quote.source.refresh_from_db()
    assert quote.source.byline == "B's byline"


def test_an_untouched_row_of_a_page_opened_before_a_status_change_is_not_a_conflict(
    editor_client, reviewer
):
    quote = make_quote(status=Status.DRAFT, source=make_source(status=Status.DRAFT))
    form = opened(editor_client, quote.source)
    quote.refresh_from_db()
    quote.credibility_rationale = "Rechecked"
    quote.save()
    # The row as it stands now is what the editor re-posts: nothing of it changed.
    fresh = opened(editor_client, quote.source)
    form.update({k: v for k, v in fresh.items() if k.startswith("quotes-0-")})
    response = save(editor_client, change_url(quote.source), form, byline="New byline")
    assert response.status_code == 302


# -- history revert ----------------------------------------------------------


def revert_url(obj, record):
    return reverse(
        f"admin:dossier_{obj._meta.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


def withdrawn_after_publication(reviewer):
    outlet = Outlet.objects.create(name="The Wire", slug="the-wire", status=Status.PUBLISHED)
    published = outlet.history.latest()
    change_status([outlet], Status.WITHDRAWN, reviewer)
    return outlet, published


def test_editor_cannot_revert_a_withdrawn_item_to_its_published_version(editor_client, reviewer):
    outlet, published = withdrawn_after_publication(reviewer)
    page = editor_client.get(revert_url(outlet, published))
    assert page.status_code == 200
    form = form_defaults(page.content.decode())
    response = editor_client.post(revert_url(outlet, published), form)
    assert response.status_code == 403
    outlet.refresh_from_db()
    assert outlet.status == Status.WITHDRAWN


def test_reverting_an_unchanged_form_restores_the_earlier_version(reviewer_client, reviewer):
    outlet = Outlet.objects.create(name="The Wire", slug="the-wire", status=Status.DRAFT)
    first = outlet.history.latest()
    outlet.name = "The Wyre"
    outlet.save()
    form = form_defaults(reviewer_client.get(revert_url(outlet, first)).content.decode())
    response = reviewer_client.post(revert_url(outlet, first), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    outlet.refresh_from_db()
    assert outlet.name == "The Wire"


def test_a_reviewer_may_revert_a_withdrawn_item_to_published(reviewer_client, reviewer):
    outlet, published = withdrawn_after_publication(reviewer)
    form = form_defaults(reviewer_client.get(revert_url(outlet, published)).content.decode())
    assert form["status"] == ["withdrawn"]  # a revert keeps today's status unless told
    response = reviewer_client.post(revert_url(outlet, published), {**form, "status": "published"})
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.status, outlet.published_by) == (Status.PUBLISHED, reviewer)


def test_an_editor_reverts_a_draft(editor_client):
    outlet = Outlet.objects.create(name="The Wire", slug="the-wire", status=Status.DRAFT)
    first = outlet.history.latest()
    outlet.name = "The Wyre"
    outlet.save()
    form = form_defaults(editor_client.get(revert_url(outlet, first)).content.decode())
    assert editor_client.post(revert_url(outlet, first), form).status_code == 302
    outlet.refresh_from_db()
    assert outlet.name == "The Wire"


def test_a_revert_posted_without_its_version_is_saved_not_a_server_error(reviewer_client):
    outlet = Outlet.objects.create(name="The Wire", slug="the-wire", status=Status.DRAFT)
    first = outlet.history.latest()
    outlet.name = "The Wyre"
    outlet.save()
    form = form_defaults(reviewer_client.get(revert_url(outlet, first)).content.decode())
    form.pop("expected_version")
    response = reviewer_client.post(revert_url(outlet, first), form)
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert outlet.name == "The Wire"


def test_a_change_form_posted_without_its_version_is_not_a_server_error(editor_client):
    quote = make_quote(status=Status.DRAFT)
    form = opened(editor_client, quote)
    form.pop("expected_version")
    assert save(editor_client, change_url(quote), form, context="x").status_code == 302


# -- bulk actions ------------------------------------------------------------


def test_editor_bulk_grading_leaves_published_quotes_alone(editor_client):
    published, draft = make_quote(credibility=6), make_quote(credibility=6, status=Status.DRAFT)
    response = editor_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "set_credibility_2", "_selected_action": [published.pk, draft.pk]},
        follow=True,
    )
    assert "1 left as they were" in response.content.decode()
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.credibility, draft.credibility) == (6, 2)


def test_editor_posting_the_publish_action_publishes_nothing(editor_client):
    quote = make_quote(status=Status.IN_REVIEW)
    editor_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "published", "_selected_action": [quote.pk]},
    )
    quote.refresh_from_db()
    assert quote.status == Status.IN_REVIEW


def test_editor_grouping_published_quotes_changes_none_of_them(editor_client):
    quotes = [make_quote(), make_quote()]
    editor_client.post(
        reverse("admin:dossier_quote_changelist"),
        {"action": "group_as_statement", "_selected_action": [q.pk for q in quotes]},
    )
    assert not Quote.objects.filter(statement__isnull=False).exists()


# -- the model's own guard ---------------------------------------------------


def test_no_writing_path_lets_an_editor_publish(editor):
    from dossier.models import PublicationRefused

    quote = make_quote(status=Status.IN_REVIEW)
    quote.status = Status.PUBLISHED
    quote._history_user = editor
    with pytest.raises(PublicationRefused, match="(?i)only a reviewer"):
        quote.save()
    quote.refresh_from_db()
    assert quote.status == Status.IN_REVIEW


# -- import in someone's name ------------------------------------------------


@pytest.fixture
def mini_copy(tmp_path, mini_fixture):
    folder = tmp_path / "mini"
    shutil.copytree(mini_fixture, folder)
    return folder


def test_import_as_an_editor_publishes_nothing(mini_copy, editor):
    with pytest.raises(CommandError, match="(?i)only a reviewer") as refused:
        call_command("import_dossier", str(mini_copy), "--as", "editor", stdout=io.StringIO())
    assert not Outlet.objects.exists()
    # Every refused item is named, of every kind, with its file and line.
    assert "outlets.yaml, line " in str(refused.value)
    assert "quotes.yaml, line " in str(refused.value)


def test_import_as_an_editor_of_drafts_goes_through(mini_copy, editor):
    for path in mini_copy.glob("*.yaml"):
        path.write_text(path.read_text().replace("status: published", "status: in_review"))
    call_command("import_dossier", str(mini_copy), "--as", "editor", stdout=io.StringIO())
    assert Outlet.objects.in_review().exists()
    assert Outlet.objects.first().history.latest().history_user == editor


def test_import_as_an_editor_leaves_a_published_item_alone(mini_copy, editor):
    call_command("import_dossier", str(mini_copy), stdout=io.StringIO())  # the system's
    outlets = mini_copy / "outlets.yaml"
    outlets.write_text(outlets.read_text().replace("reliability: B", "reliability: C", 1))
    with pytest.raises(CommandError, match="published: only a reviewer"):
        call_command("import_dossier", str(mini_copy), "--as", "editor", stdout=io.StringIO())


def test_import_as_a_reviewer_records_who_published(mini_copy, reviewer):
    call_command("import_dossier", str(mini_copy), "--as", "reviewer", stdout=io.StringIO())
    outlet = Outlet.objects.published().first()
    assert outlet.published_by == reviewer
    assert outlet.history.latest().history_user == reviewer


def test_import_as_someone_unknown_is_refused(mini_copy):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("import_dossier", str(mini_copy), "--as", "nobody", stdout=io.StringIO())


# -- the matrix: group × kind × path ------------------------------------------

from tests import factories  # noqa: E402
from tests.test_workflow import EXPECTED, KINDS  # noqa: E402

MAKERS = {
    "story": factories.make_story,
    "outlet": factories.make_outlet,
    "source": factories.make_source,
    "person": factories.make_person,
    "statement": factories.make_statement,
    "quote": factories.make_quote,
    "event": factories.make_event,
    "claim": factories.make_claim,
}
# Each move the rule guards: into published, and out of it.
MOVES = [(Status.IN_REVIEW, Status.PUBLISHED), (Status.PUBLISHED, Status.WITHDRAWN)]


def client_for(group):
    from django.test import Client

    client = Client()
    client.force_login(factories.make_user(group.lower(), group))
    return client


def by_form(client, obj, status):
    page = client.get(change_url(obj))
    if page.status_code == 200 and 'name="status"' in page.content.decode():
        save(client, change_url(obj), form_defaults(page.content.decode()), status=status)
    else:
        client.post(change_url(obj), {"status": status})


def by_action(client, obj, status):
    url = reverse(f"admin:dossier_{obj._meta.model_name}_changelist")
    client.post(url, {"action": status, "_selected_action": [obj.pk]})


def by_revert(client, obj, status):
    """Revert to a version of `obj` that had `status` (made by the system)."""
    current = obj.status
    obj.status = status
    obj.save()
    record = obj.history.latest()
    obj.status = current
    obj.save()
    url = revert_url(obj, record)
    form = form_defaults(client.get(url).content.decode())
    client.post(url, {**form, "status": status})


def by_inline(client, quote, status):
    holder = quote.statement or quote.source
    form = opened(client, holder)
    save(client, change_url(holder), form, **{"quotes-0-status": status})


@pytest.mark.parametrize("move", MOVES, ids=lambda m: f"{m[0]}-to-{m[1]}")
@pytest.mark.parametrize("group", EXPECTED)
@pytest.mark.parametrize(
    "kind,path",
    [(kind, path) for kind in KINDS for path in ("form", "action", "revert")]
    + [("quote", "source inline"), ("quote", "statement inline")],
)
def test_permission_matrix_on_every_writing_path(group, kind, path, move):
    before, after = move
    if path == "source inline":
        obj = make_quote(status=before, source=make_source(status=Status.DRAFT))
    elif path == "statement inline":
        obj = make_quote(status=before, statement=make_statement(status=Status.DRAFT))
    else:
        obj = MAKERS[kind](status=before)
    client = client_for(group)
    {"form": by_form, "action": by_action, "revert": by_revert}.get(path, by_inline)(
        client, type(obj).objects.get(pk=obj.pk), after
    )
    obj.refresh_from_db()
    may = EXPECTED[group]["publish"]
    assert obj.status == (after if may else before)
    if may and after == Status.PUBLISHED:
        assert obj.published_by.groups.filter(name=group).exists()


def test_an_editor_cannot_change_how_published_claims_bear_on_each_other(editor_client):
    from dossier.models import ClaimLink
    from tests.factories import make_claim

    link = ClaimLink.objects.create(
        from_claim=make_claim(), to_claim=make_claim(), kind="contradicts", rationale="Dates differ"
    )
    url = reverse("admin:dossier_claimlink_change", args=[link.pk])
    form = form_defaults(editor_client.get(url).content.decode())
    response = editor_client.post(url, {**form, "rationale": "Edited", "resolved": "on"})
    assert response.status_code == 403
    link.refresh_from_db()
    assert (link.rationale, link.resolved) == ("Dates differ", False)
