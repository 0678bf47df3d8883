"""The review workflow end to end, in a real browser: an editor adds a quote
with its attribution chain and submits it for review; a reviewer publishes
it; a reader then finds it, chain and all, on the public site.

Everyone logs in through the admin's own form (django-axes watches it), each
in a browser context of their own.  The admin's autocomplete widgets are
select2, driven as an editor would: open, type, pick.  Screenshots of each
step go to test-artifacts/.
"""

import importlib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from dossier.models import Hop, Quote, Status
from tests.conftest import _staff_in
from tests.factories import make_outlet, make_person, make_source

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    # The live server reads the test's data from its own thread, so the data
    # must be committed.
    pytest.mark.django_db(transaction=True),
]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
WORDS = "Nothing has been agreed, so nothing can be postponed."


@pytest.fixture
def staff_groups(transactional_db):
    """Editors and Reviewers with the permissions the migrations give them.

    A transactional test that runs after another starts from a flushed
    database: the permissions come back (post_migrate), the groups a data
    migration made do not, and serialized_rollback cannot restore them from
    inside Playwright's event loop.  So they are made again, from the
    migration's own list.
    """
    migration = importlib.import_module("dossier.migrations.0004_editors_and_reviewers")
    for name in ("Editors", "Reviewers"):
        group, created = Group.objects.get_or_create(name=name)
        if created:
            for app_label, codenames in migration.codenames_for(name).items():
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                )


@pytest.fixture
def newsroom(live_server, staff_groups, django_user_model):
    """An editor and a reviewer, and a published speaker and article (which
    prints the words)."""
    ARTIFACTS.mkdir(exist_ok=True)
    _staff_in(django_user_model, "Editors")
    _staff_in(django_user_model, "Reviewers")
    outlet = make_outlet(name="The Evening Courier", slug="evening-courier")
    source = make_source(
        outlet=outlet,
        title="Kremlin sees nothing to postpone",
        slug="courier-nothing-to-postpone",
        body=f"Moscow, 22 October.\n\nThe spokesman said: “{WORDS}”",
    )
    speaker = make_person(name="Dmitry Peskov", slug="dmitry-peskov", role="Kremlin spokesman")
    return live_server.url, source, speaker


def log_in(browser, base: str, username: str, password: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.locator("#logout-form"))
    ).to_have_count(1)
    return context, page


def choose(page, select_id: str, text: str) -> None:
    """Pick `text` in an autocomplete (select2) field: open it, type, Enter."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill(text)
    expect(page.locator(".select2-results__option--highlighted", has_text=text)).to_be_visible()
    search.press("Enter")
    expect(page.locator(f"#select2-{select_id}-container")).to_contain_text(text)


def test_an_editor_adds_a_chained_quote_a_reviewer_publishes_it_a_reader_sees_it(browser, newsroom):
    base, source, speaker = newsroom

    # The editor writes the quote, its grade and its chain, and submits it.
    context, page = log_in(browser, base, "editor", "a-long-editor-password")
    page.goto(base + "/admin/dossier/quote/")
    page.get_by_role("link", name=re.compile(r"^Add quote")).click()
    page.locator("#id_text").fill(WORDS)
    page.locator("#id_slug").fill("peskov-nothing-to-postpone")
    choose(page, "id_source", source.title)
    choose(page, "id_speaker", speaker.name)
    page.locator("#id_context").fill("to reporters in Moscow")
    page.locator("#id_attribution").select_option("on_record")
    page.locator("#id_credibility").select_option("2")
    page.locator("#id_credibility_rationale").fill("Said on camera.")
    assert page.locator("#id_status option").all_inner_texts() == ["Draft", "In review"]
    page.locator("#id_status").select_option("in_review")

    choose(page, "id_hops-0-person", speaker.name)
    page.locator("#id_hops-0-how").select_option("said")
    page.locator("#id_hops-0-context").fill("to reporters in Moscow")
    page.locator("#hops-group .add-row a").click()
    choose(page, "id_hops-1-outlet", source.outlet.name)
    page.locator("#id_hops-1-how").select_option("reported")
    page.screenshot(path=ARTIFACTS / "review-flow-1-editor-adds.png", full_page=True)
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    context.close()

    quote = Quote.objects.get(slug="peskov-nothing-to-postpone")
    assert quote.status == Status.IN_REVIEW and quote.verbatim_found
    assert [(h.person_id, h.outlet_id, h.how) for h in quote.hops.all()] == [
        (speaker.pk, None, Hop.How.SAID),
        (None, source.outlet_id, Hop.How.REPORTED),
    ]

    # Not public while in review.
    reader = browser.new_context(java_script_enabled=False)
    page = reader.new_page()
    assert page.goto(base + quote.get_absolute_url()).status == 404

    # The reviewer opens it from the list and publishes it.
    context, page = log_in(browser, base, "reviewer", "a-long-reviewer-password")
    page.goto(base + "/admin/dossier/quote/?status__exact=in_review")
    page.get_by_role("link", name=re.compile("Nothing has been agreed")).click()
    page.locator("#id_status").select_option("published")
    page.screenshot(path=ARTIFACTS / "review-flow-2-reviewer-publishes.png", full_page=True)
    page.locator("input[name=_save]").first.click()
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    context.close()

    # A reader (no login, no JavaScript) sees the quote and how it got there.
    response = page = reader.new_page()
    response = page.goto(base + quote.get_absolute_url())
    assert response.status == 200
    expect(page.locator("blockquote")).to_contain_text(WORDS)
    expect(page.locator(".chain__sentence")).to_have_text(
        "How it reached the page: Dmitry Peskov said it to reporters in Moscow "
        "(on the record) → The Evening Courier reported it"
    )
    hops = page.locator(".chain__hop")
    expect(hops).to_have_count(2)
    expect(hops.nth(0).get_by_role("link", name="Dmitry Peskov")).to_have_attribute(
        "href", speaker.get_absolute_url()
    )
    expect(hops.nth(1).get_by_role("link", name="The Evening Courier")).to_have_attribute(
        "href", source.outlet.get_absolute_url()
    )
    page.screenshot(path=ARTIFACTS / "review-flow-3-reader-sees.png", full_page=True)
    reader.close()
