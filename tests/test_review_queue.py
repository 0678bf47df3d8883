"""The review queue on the admin home: what waits for a reviewer, longest
first and with who submitted it; the editor's own drafts; quotes no longer
found verbatim; published items changed since publication."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dossier.models import Quote, Status
from dossier.review_queue import review_queue
from dossier.workflow import change_status
from tests.factories import make_outlet, make_quote, make_source

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def section_items(sections, model):
    (section,) = [s for s in sections if s.model is model]
    return section.items


def submit(obj, user, when):
    """Submit `obj` for review as `user` at `when` (the history's date; any
    record dated later, its creation a moment ago, moves just before)."""
    change_status([obj], Status.IN_REVIEW, user)
    latest = obj.history.latest()
    obj.history.filter(history_date__gte=when).exclude(pk=latest.pk).update(
        history_date=when - datetime.timedelta(seconds=1)
    )
    obj.history.filter(pk=latest.pk).update(history_date=when)


def test_items_in_review_are_listed_oldest_first_with_who_submitted(editor, reviewer):
    now = timezone.now()
    late = make_outlet(name="Late", status=Status.DRAFT)
    early = make_outlet(name="Early", status=Status.DRAFT)
    submit(late, editor, now - datetime.timedelta(hours=1))
    submit(early, editor, now - datetime.timedelta(days=2))
    early.name = "Early, edited in review"
    early._history_user = reviewer
    early.save()  # a later edit does not make it newer in the queue
    items = section_items(review_queue(reviewer).in_review, type(late))
    assert [(o.name, o.submitted_by) for o in items] == [
        ("Early, edited in review", "editor"),
        ("Late", "editor"),
    ]


def test_resubmitted_item_counts_from_its_latest_submission(editor, reviewer):
    now = timezone.now()
    outlet = make_outlet(status=Status.DRAFT)
    submit(outlet, editor, now - datetime.timedelta(days=5))
    change_status([outlet], Status.DRAFT, reviewer)
    outlet.history.filter(pk=outlet.history.latest().pk).update(
        history_date=now - datetime.timedelta(days=4)
    )
    submit(outlet, reviewer, now - datetime.timedelta(hours=2))
    (item,) = section_items(review_queue(reviewer).in_review, type(outlet))
    assert item.submitted_by == "reviewer"
    assert item.submitted_at == now - datetime.timedelta(hours=2)


def test_an_editor_sees_their_own_drafts_not_others(editor, reviewer):
    from django.test import Client

    mine = make_outlet(name="Mine", status=Status.DRAFT)
    mine.history.update(history_user=editor)
    make_outlet(name="Theirs", status=Status.DRAFT).history.update(history_user=reviewer)
    client = Client()
    client.force_login(editor)
    page = client.get(HOME).content.decode()
    drafts = page.split("Your drafts", 1)[1]
    assert "Mine" in drafts and "Theirs" not in drafts


def test_quotes_not_found_verbatim_are_flagged(editor_client):
    quote = make_quote(text="Words the article never printed.")
    assert not Quote.objects.get(pk=quote.pk).verbatim_found
    page = editor_client.get(HOME).content.decode()
    flagged = page.split("Quotes not found verbatim", 1)[1]
    assert "Words the article never printed." in flagged


def test_published_items_changed_since_publication_are_listed(reviewer_client, reviewer):
    quiet = make_source(title="Untouched")
    changed = make_source(title="Corrected")
    changed.byline = "A. Reporter"
    changed._history_user = reviewer
    changed.save()
    page = reviewer_client.get(HOME).content.decode()
    part = page.split("Changed since publication", 1)[1]
    assert "Corrected" in part and quiet.title not in part


def test_the_queue_takes_the_same_queries_however_long_it_is(reviewer, editor):
    def count():
        with CaptureQueriesContext(connection) as queries:
            review_queue(reviewer)
        return len(queries)

    make_quote(status=Status.IN_REVIEW)
    review_queue(reviewer)  # the user's permissions, read once
    few = count()
    for _ in range(15):
        submit(make_quote(status=Status.DRAFT, text="Not in the text."), editor, timezone.now())
    assert count() == few


def test_admin_home_shows_the_queue_to_reviewers(reviewer_client, editor):
    quote = make_quote(status=Status.DRAFT)
    submit(quote, editor, timezone.now())
    page = reviewer_client.get(HOME).content.decode()
    assert "Review desk" in page
    in_review = page.split("In review, longest waiting first", 1)[1]
    assert reverse("admin:dossier_quote_change", args=[quote.pk]) in in_review
    assert "by editor" in in_review
