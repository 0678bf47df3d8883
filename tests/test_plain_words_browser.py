"""What only a browser shows of the plain-words promises (issue 14), on the
seed dossier: the overview's story, key figures and latest events together
on a desktop screen; an article's text before its editors' notes on a
phone; axe still clean where the badges became links. Screenshots go to
test-artifacts/.
"""

import io

import pytest
from django.core.management import call_command

from dossier.models import Source
from tests.conftest import SEED

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

from tests.test_browser import ARTIFACTS  # noqa: E402


@pytest.fixture
def seeded(live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    call_command("import_dossier", str(SEED), stdout=io.StringIO())
    return live_server.url


def _open(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _top_and_bottom(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"], box["y"] + box["height"]


def test_overview_shows_story_figures_and_latest_events_together_at_1280(browser, seeded):
    context, page = _open(browser, 1280, 800)
    try:
        page.goto(seeded + "/")
        page.screenshot(path=ARTIFACTS / "plain-words-overview-1280.png")
        fold = 800
        story_top, _ = _top_and_bottom(page, "#story-heading")
        _, figures_bottom = _top_and_bottom(page, ".figures__list")
        event_top, _ = _top_and_bottom(page, ".overview-events .event-card__title")
        assert story_top < fold
        assert figures_bottom < fold, "the key figures end below the fold"
        assert event_top < fold, "no latest event starts above the fold"
        # Side by side, not stacked: the figures start beside the story.
        summary_left = page.locator(".lede__summary").bounding_box()["x"]
        figures_left = page.locator(".figures__list").bounding_box()["x"]
        assert figures_left > summary_left + 400
    finally:
        context.close()


def test_article_text_comes_before_the_editors_notes_on_a_phone(browser, seeded):
    source = Source.objects.exclude(notes="").order_by("slug").first()
    context, page = _open(browser, 360, 780)
    try:
        page.goto(seeded + source.get_absolute_url())
        page.screenshot(path=ARTIFACTS / "plain-words-article-360.png", full_page=True)
        text_top, _ = _top_and_bottom(page, "#text-heading")
        notes_top, _ = _top_and_bottom(page, "#notes-heading")
        assert text_top < notes_top
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, "the page scrolls sideways"
    finally:
        context.close()


def test_a_badge_leads_to_its_entry_in_the_legend(browser, seeded):
    context, page = _open(browser, 1280, 900)
    try:
        page.goto(seeded + "/claims/")
        badge = page.locator("a.badge--credibility").first
        assert "Credibility" in badge.get_attribute("title")
        badge.click()
        page.wait_for_url("**/#legend-credibility")
        assert page.locator("#legend-credibility").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "name, path",
    [
        ("overview", lambda: "/"),
        ("claims", lambda: "/claims/"),
        ("contested", lambda: "/contested/"),
        ("timeline", lambda: "/timeline/"),
        (
            "source",
            lambda: Source.objects.exclude(notes="").order_by("slug").first().get_absolute_url(),
        ),
    ],
)
def test_axe_stays_clean_with_badges_as_links(browser, seeded, name, path):
    from axe_playwright_python.sync_playwright import Axe

    context, page = _open(browser, 1280, 900)
    try:
        page.goto(seeded + path())
        page.screenshot(path=ARTIFACTS / f"plain-words-{name}-desktop.png", full_page=True)
        results = Axe().run(page)
        problems = [
            f"{violation['id']} ({violation['impact']}): "
            + "; ".join(node["target"][0] for node in violation["nodes"][:3])
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert problems == [], name
    finally:
        context.close()
