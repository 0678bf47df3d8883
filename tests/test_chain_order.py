"""The attribution chain in the quote form: hops keep the order the editor
leaves the rows in, renumbered on save, and a new hop starts from what the
quote says."""

import pytest
from django.urls import reverse

from dossier.models import Quote, Status
from tests.admin_forms import form_defaults
from tests.factories import make_hop, make_quote

pytestmark = pytest.mark.django_db


def change_url(quote):
    return reverse("admin:dossier_quote_change", args=[quote.pk])


def test_positions_are_renumbered_in_the_order_of_the_rows(editor_client):
    quote = make_quote(status=Status.DRAFT)
    hops = [make_hop(quote=quote, position=p, description=f"hop {p}") for p in (0, 5, 9)]
    form = form_defaults(editor_client.get(change_url(quote)).content.decode())
    rows = {form[f"hops-{i}-id"][0]: i for i in range(3)}
    # The editor moved the last hop first and deleted the middle one.
    form[f"hops-{rows[str(hops[2].pk)]}-position"] = ["0"]
    form[f"hops-{rows[str(hops[0].pk)]}-position"] = ["1"]
    form[f"hops-{rows[str(hops[1].pk)]}-DELETE"] = ["on"]
    response = editor_client.post(change_url(quote), {**form, "_save": "Save"})
    assert response.status_code == 302
    assert [(h.description, h.position) for h in quote.hops.order_by("position")] == [
        ("hop 9", 0),
        ("hop 0", 1),
    ]


def test_the_position_is_not_typed(editor_client):
    quote = make_quote(status=Status.DRAFT)
    page = editor_client.get(change_url(quote)).content.decode()
    assert 'type="hidden" name="hops-0-position"' in page
    assert "admin/dossier_hops.js" in page


@pytest.mark.parametrize(
    "attribution,on_record",
    [(Quote.Attribution.ON_RECORD, True), (Quote.Attribution.ANONYMOUS, False)],
)
def test_a_new_hop_starts_from_the_quotes_context_and_attribution(
    editor_client, attribution, on_record
):
    quote = make_quote(
        status=Status.DRAFT, context="to reporters in Moscow", attribution=attribution
    )
    make_hop(quote=quote, position=0)
    form = form_defaults(editor_client.get(change_url(quote)).content.decode())
    assert form["hops-1-context"] == ["to reporters in Moscow"]
    assert ("hops-1-on_record" in form) is on_record
    assert form["hops-1-position"] == ["1"]


def test_an_untouched_new_hop_row_is_not_saved(editor_client):
    quote = make_quote(status=Status.DRAFT, context="to reporters in Moscow")
    form = form_defaults(editor_client.get(change_url(quote)).content.decode())
    response = editor_client.post(change_url(quote), {**form, "_save": "Save"})
    assert response.status_code == 302
    assert not quote.hops.exists()
