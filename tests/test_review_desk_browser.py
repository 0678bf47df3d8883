"""The review desk in a real browser: a reviewer finds an editor's submission
in the queue on the admin home, sees what keeps it off the public site,
previews it, and publishes it with what it depends on in one step; an
editor orders a chain's hops with the arrows and by dragging. Screenshots
go to test-artifacts/."""

import re

import pytest

from dossier.models import Outlet, Quote, Source, Status
from dossier.workflow import change_status
from tests.conftest import _staff_in
from tests.factories import make_hop, make_outlet, make_person, make_quote, make_source
from tests.test_review_flow_browser import ARTIFACTS, log_in, staff_groups  # noqa: F401

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = "Nothing has been agreed, so nothing can be postponed."


@pytest.fixture
def desk(live_server, staff_groups, django_user_model):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    editor = _staff_in(django_user_model, "Editors")
    _staff_in(django_user_model, "Reviewers")
    return live_server.url, editor


def test_a_reviewer_publishes_a_submission_and_what_it_depends_on_from_the_queue(browser, desk):
    base, editor = desk
    outlet = make_outlet(name="The Evening Courier", status=Status.IN_REVIEW)
    source = make_source(
        outlet=outlet,
        title="Kremlin sees nothing to postpone",
        body=f"The spokesman said: “{WORDS}”",
        status=Status.IN_REVIEW,
    )
    quote = make_quote(
        source=source, speaker=make_person(name="Dmitry Peskov"), text=WORDS, status=Status.DRAFT
    )
    change_status([quote], Status.IN_REVIEW, editor)

    context, page = log_in(browser, base, "reviewer", "a-long-reviewer-password")
    page.goto(base + "/admin/")
    queue = page.locator(".review-queue")
    expect(queue).to_contain_text("In review, longest waiting first")
    waiting = queue.locator("[data-queue=in-review][data-kind=quotes]")
    expect(waiting).to_contain_text("submitted")
    expect(waiting).to_contain_text("by editor")
    page.screenshot(path=ARTIFACTS / "review-desk-1-queue.png", full_page=True)
    waiting.get_by_role("link", name=re.compile("Nothing has been agreed")).click()

    panel = page.locator(".field-public_site")
    expect(panel).to_contain_text("Not on the public site until these are published")
    expect(panel.get_by_role("link", name=re.compile("The Evening Courier"))).to_be_visible()
    expect(panel.get_by_role("link", name=re.compile("Kremlin sees nothing"))).to_be_visible()

    # The preview shows the page as readers would see it once published.
    preview = context.new_page()
    preview.goto(
        base + panel.get_by_role("link", name="Preview its public page").get_attribute("href")
    )
    expect(preview.locator(".preview-notice")).to_contain_text("Preview.")
    expect(preview.locator("blockquote")).to_contain_text(WORDS)
    preview.screenshot(path=ARTIFACTS / "review-desk-2-preview.png", full_page=True)
    preview.close()

    page.locator("#id_status").select_option("published")
    boxes = page.locator("input[name=publish_dependencies]")
    expect(boxes).to_have_count(2)  # the article and its outlet; the speaker is public
    for index in range(2):
        expect(boxes.nth(index)).to_be_checked()
    page.screenshot(path=ARTIFACTS / "review-desk-3-publish-with.png", full_page=True)
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist")).to_contain_text("Also published 2 item(s)")
    context.close()

    assert Quote.objects.published().filter(pk=quote.pk).exists()
    assert Source.objects.get(pk=source.pk).status == Status.PUBLISHED
    assert Outlet.objects.get(pk=outlet.pk).status == Status.PUBLISHED
    reader = browser.new_context(java_script_enabled=False)
    assert reader.new_page().goto(base + quote.get_absolute_url()).status == 200
    reader.close()


def test_an_editor_orders_the_chain_with_arrows_and_by_dragging(browser, desk):
    base, _ = desk
    quote = make_quote(status=Status.DRAFT, context="to reporters in Moscow")
    for position, who in enumerate(["first", "second", "third"]):
        make_hop(quote=quote, position=position, description=f"the {who} source")

    context, page = log_in(browser, base, "editor", "a-long-editor-password")
    page.goto(f"{base}/admin/dossier/quote/{quote.pk}/change/")
    rows = page.locator("#hops-group tbody tr.form-row.has_original")
    expect(rows).to_have_count(3)
    rows.nth(2).get_by_role("button", name="Move this hop up").click()
    rows.nth(1).get_by_role("button", name="Move this hop up").click()
    expect(rows.nth(0).locator("input[name$=-description]")).to_have_value("the third source")
    rows.nth(2).locator(".hop-grip").drag_to(rows.nth(1), target_position={"x": 10, "y": 2})
    page.screenshot(path=ARTIFACTS / "review-desk-4-chain-order.png", full_page=True)
    order = [rows.nth(i).locator("input[name$=-description]").input_value() for i in range(3)]
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    context.close()

    saved = list(quote.hops.order_by("position").values_list("description", "position"))
    assert saved == [(words, position) for position, words in enumerate(order)]
    # Arrows: third, first, second; then "second" dragged above "first".
    assert order == ["the third source", "the second source", "the first source"]
