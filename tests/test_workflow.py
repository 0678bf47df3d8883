"""Review workflow, permissions, history and corrections."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dossier.corrections import corrections_for
from dossier.models import Quote, Status
from dossier.workflow import change_status
from tests.factories import make_outlet, make_quote, make_user

pytestmark = pytest.mark.django_db

KINDS = ["story", "outlet", "source", "person", "statement", "quote", "event", "claim"]
PARTS = ["citation", "participation", "hop", "claimreport", "claimlink"]
ACTIONS = ["view", "add", "change", "delete", "publish"]

# The whole matrix, spelt out: what each group may do to each kind.
EXPECTED = {
    "Editors": {"view": True, "add": True, "change": True, "delete": False, "publish": False},
    "Reviewers": {"view": True, "add": True, "change": True, "delete": True, "publish": True},
}


@pytest.mark.parametrize("group", EXPECTED)
@pytest.mark.parametrize("kind", KINDS)
def test_permission_matrix_for_each_kind(group, kind):
    user = make_user(group.lower(), group)
    granted = {action: user.has_perm(f"dossier.{action}_{kind}") for action in ACTIONS}
    assert granted == EXPECTED[group]


@pytest.mark.parametrize("group", EXPECTED)
@pytest.mark.parametrize("part", PARTS)
def test_both_groups_edit_the_parts_of_what_they_may_change(group, part):
    user = make_user(group.lower(), group)
    assert all(user.has_perm(f"dossier.{a}_{part}") for a in ("view", "add", "change", "delete"))


def test_groups_grant_nothing_outside_the_dossier():
    for group in EXPECTED:
        labels = set(
            Group.objects.get(name=group).permissions.values_list(
                "content_type__app_label", flat=True
            )
        )
        assert labels == {"dossier", "taggit"}


def quote_form(quote, **changes):
    data = {
        "text": quote.text,
        "slug": quote.slug,
        "source": quote.source_id,
        "speaker": quote.speaker_id,
        "speaker_description": quote.speaker_description,
        "attribution": quote.attribution,
        "credibility": quote.credibility,
        "credibility_rationale": quote.credibility_rationale,
        "status": quote.status,
        "tags": "",
        "notes": "",
        "hops-TOTAL_FORMS": 0,
        "hops-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def change_url(obj):
    return reverse(f"admin:dossier_{obj._meta.model_name}_change", args=[obj.pk])


def test_editor_can_submit_for_review_but_not_publish(editor_client):
    quote = make_quote(status=Status.DRAFT)
    response = editor_client.post(change_url(quote), quote_form(quote, status="published"))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    response = editor_client.post(change_url(quote), quote_form(quote, status="in_review"))
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.status == Status.IN_REVIEW


def test_editor_is_not_offered_publish_or_withdraw(editor_client, reviewer_client):
    make_quote()
    url = reverse("admin:dossier_quote_changelist")
    editor_actions = editor_client.get(url).context["action_form"].fields["action"].choices
    reviewer_actions = reviewer_client.get(url).context["action_form"].fields["action"].choices
    assert "published" not in dict(editor_actions)
    assert "withdrawn" not in dict(editor_actions)
    assert "submit_for_review" in dict(editor_actions)
    assert {"published", "withdrawn"} <= set(dict(reviewer_actions))


def test_editor_cannot_unpublish_by_editing(editor_client):
    quote = make_quote(status=Status.PUBLISHED)
    response = editor_client.post(change_url(quote), quote_form(quote, status="draft"))
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.status == Status.PUBLISHED


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.WITHDRAWN])
def test_an_editors_change_to_published_text_does_not_go_public(editor_client, status):
    quote = make_quote(status=status, credibility_rationale="Said on camera.")
    page = editor_client.get(change_url(quote)).content.decode()
    assert 'name="_save"' not in page  # opened read-only
    response = editor_client.post(
        change_url(quote), quote_form(quote, credibility_rationale="Edited")
    )
    assert response.status_code == 403
    quote.refresh_from_db()
    assert quote.credibility_rationale == "Said on camera."


def test_a_reviewer_edits_published_text(reviewer_client):
    quote = make_quote(status=Status.PUBLISHED)
    response = reviewer_client.post(change_url(quote), quote_form(quote, context="in Moscow"))
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.context == "in Moscow"


def test_reviewer_publishing_records_who_and_when(reviewer_client, reviewer):
    quote = make_quote(status=Status.IN_REVIEW)
    response = reviewer_client.post(change_url(quote), quote_form(quote, status="published"))
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.status == Status.PUBLISHED
    assert quote.published_by == reviewer
    assert quote.published_at is not None


def test_withdrawn_items_leave_the_public_site(reviewer):
    quote = make_quote()
    change_status([quote], Status.WITHDRAWN, reviewer)
    assert not Quote.objects.published().filter(pk=quote.pk).exists()


def test_every_change_is_kept_with_who_and_why(editor_client, editor):
    quote = make_quote(credibility=3, status=Status.DRAFT)
    editor_client.post(
        change_url(quote),
        quote_form(quote, credibility=2, change_reason="Confirmed by a second outlet"),
    )
    latest = quote.history.latest()
    assert latest.history_user == editor
    assert latest.history_change_reason == "Confirmed by a second outlet"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("credibility", 3, 2)]


def test_admin_history_shows_field_level_changes(editor_client):
    quote = make_quote(credibility=3, status=Status.DRAFT)
    editor_client.post(change_url(quote), quote_form(quote, credibility=2))
    url = reverse("admin:dossier_quote_history", args=[quote.pk])
    page = editor_client.get(url).content.decode()
    history = " ".join(page.split('id="change-history"', 1)[1].split())
    assert "<strong>Credibility:</strong> 3 &nbsp;&rarr;&nbsp;&nbsp;2" in history


def test_grade_change_on_a_published_item_is_a_dated_correction(reviewer_client):
    quote = make_quote(credibility=3)
    reviewer_client.post(
        change_url(quote),
        quote_form(quote, credibility=2, change_reason="confirmed by a second outlet"),
    )
    (correction,) = corrections_for(quote)
    assert (correction.field, correction.old, correction.new) == ("Credibility", "3", "2")
    assert str(correction).startswith("Credibility changed from 3 to 2 on ")
    assert str(correction).endswith(": confirmed by a second outlet")


def test_grade_changes_while_in_draft_are_not_corrections(editor_client):
    quote = make_quote(credibility=3, status=Status.DRAFT)
    editor_client.post(change_url(quote), quote_form(quote, credibility=2))
    assert corrections_for(quote) == []


def test_bulk_grading_is_kept_in_history_too(reviewer_client):
    outlet = make_outlet(reliability="B")
    reviewer_client.post(
        reverse("admin:dossier_outlet_changelist"),
        {"action": "set_reliability_C", "_selected_action": [outlet.pk]},
    )
    (correction,) = corrections_for(outlet)
    assert (correction.old, correction.new) == ("B", "C")


def test_an_article_given_its_own_grade_says_it_replaced_the_outlets(reviewer):
    from tests.factories import make_source

    source = make_source()
    source.reliability, source.reliability_rationale = "A", "documents attached"
    source.save()
    (correction,) = corrections_for(source)
    assert str(correction).startswith("Reliability changed from the outlet's grade to A on ")
    assert str(correction).endswith(": documents attached")


def test_a_change_without_a_reason_never_shows_none(editor_client):
    quote = make_quote(credibility=3, status=Status.DRAFT)
    editor_client.post(change_url(quote), quote_form(quote, credibility=2))
    url = reverse("admin:dossier_quote_history", args=[quote.pk])
    page = editor_client.get(url).content.decode()
    history = page.split('id="change-history"', 1)[1].split("</table>", 1)[0]
    assert "None" not in history
    assert "the system (an import or a command)" in history  # the factory's creation


def test_a_read_only_item_shows_no_fields_that_only_serve_a_save(editor_client):
    quote = make_quote(status=Status.PUBLISHED)
    page = editor_client.get(change_url(quote)).content.decode()
    assert "Change reason" not in page and "Reason for this change" not in page
    assert ">None<" not in page


def test_renaming_a_tag_readers_see_takes_a_reviewer(editor_client, reviewer_client):
    from taggit.models import Tag

    make_quote(tags=["summit"])  # published
    make_quote(tags=["draft-only"], status=Status.DRAFT)
    public, private = Tag.objects.get(name="summit"), Tag.objects.get(name="draft-only")

    def rename(client, tag, name):
        from tests.admin_forms import form_defaults

        url = reverse("admin:taggit_tag_change", args=[tag.pk])
        form = form_defaults(reviewer_client.get(url).content.decode())
        return client.post(url, {**form, "name": name})

    assert rename(editor_client, public, "Summitry").status_code == 403
    assert Tag.objects.get(pk=public.pk).name == "summit"
    rename(editor_client, private, "draft only")
    assert Tag.objects.get(pk=private.pk).name == "draft only"
    rename(reviewer_client, public, "Summitry")
    assert Tag.objects.get(pk=public.pk).name == "Summitry"
