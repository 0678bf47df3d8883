"""What only a real browser shows: a reader's path through the dossier, the
timeline filter, layout at phone width, and accessibility (axe).

Playwright drives Debian's Chromium (Playwright cannot download its own
here).  One browser (the `browser` fixture in conftest.py) serves the whole
module; every page type is screenshotted into test-artifacts/ for people to
look at.
"""

import re
from pathlib import Path

import pytest

from tests.world import build_world

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    # The live server reads the test's data from its own thread, so the data
    # must be committed; serialized_rollback restores what migrations created.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Every page type: (name, path given the world).
PAGE_TYPES = [
    ("overview", lambda w: "/"),
    ("timeline", lambda w: "/timeline/"),
    ("event", lambda w: w.event.get_absolute_url()),
    ("people", lambda w: "/people/"),
    ("person", lambda w: w.person.get_absolute_url()),
    ("quotes", lambda w: "/quotes/"),
    ("quote", lambda w: w.quote.get_absolute_url()),
    ("statement", lambda w: w.statement.get_absolute_url()),
    ("sources", lambda w: "/sources/"),
    ("source", lambda w: w.source.get_absolute_url()),
    ("outlet", lambda w: w.outlet.get_absolute_url()),
    ("claims", lambda w: "/claims/"),
    ("claim", lambda w: w.claim.get_absolute_url()),
    ("contested", lambda w: "/contested/"),
    ("tags", lambda w: "/tags/"),
    ("tag", lambda w: "/tags/summit/"),
    ("search", lambda w: "/search/?q=peskov"),
    ("not-found", lambda w: "/people/nobody/"),
]


@pytest.fixture
def site(live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    world = build_world()
    return world, live_server.url


@pytest.fixture
def page(browser):
    """A desktop page with JavaScript off: the site must work without it."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_a_reader_goes_from_the_overview_to_a_quoted_passage(site, page):
    world, base = site
    page.goto(base + "/")
    page.get_by_role("region", name="Key people").get_by_role("link", name="Dmitry Peskov").click()
    expect(page).to_have_url(base + world.person.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Dmitry Peskov")

    # One of his quotes, with its other rendering beside it.
    page.get_by_role("link", name=re.compile(r"^This quote\W+We cannot postpone")).click()
    expect(page).to_have_url(base + world.quote.get_absolute_url())
    expect(page.locator(".rendering")).to_have_count(2)
    expect(page.locator(".rendering--current mark.diff")).to_have_text(["We", "agreed."])
    expect(page.locator(".rendering:not(.rendering--current) mark.diff")).to_have_text(
        ["we", "finalised"]
    )

    # The article, with the quote highlighted where it stands.
    page.locator(".rendering--current").get_by_role(
        "link", name=re.compile("^In the article")
    ).click()
    expect(page).to_have_url(base + world.source.get_absolute_url() + "#quote-peskov-planet")
    mark = page.locator("mark#quote-peskov-planet")
    expect(mark).to_be_visible()
    expect(mark).to_have_text("We cannot postpone what has not been agreed.")
    expect(mark.get_by_role("link")).to_have_attribute("href", world.quote.get_absolute_url())
    page.screenshot(path=ARTIFACTS / "journey-source-highlight.png")


def test_the_timeline_filters_by_tag(site, page):
    world, base = site
    page.goto(base + "/timeline/")
    events = page.locator(".event-card__title")
    expect(events).to_have_text(["Envoys meet", "Kremlin briefing"])
    page.get_by_label("Tag", exact=True).select_option("summit")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(base + "/timeline/?tag=summit&person=")
    expect(events).to_have_text(["Kremlin briefing"])
    expect(page.get_by_label("Tag", exact=True)).to_have_value("summit")
    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(base + "/timeline/")
    expect(events).to_have_count(2)


def test_no_page_scrolls_sideways_at_360px(site, browser):
    world, base = site
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=1)
    page = context.new_page()
    try:
        too_wide = []
        for name, path in PAGE_TYPES:
            page.goto(base + path(world))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide.append((name, width))
            page.screenshot(path=ARTIFACTS / f"{name}-360.png", full_page=True)
        assert too_wide == []
    finally:
        context.close()


@pytest.mark.parametrize("name, path", PAGE_TYPES, ids=[name for name, _ in PAGE_TYPES])
def test_axe_finds_no_serious_or_critical_violation(site, browser, name, path):

    world, base = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + path(world))
        page.screenshot(path=ARTIFACTS / f"{name}-desktop.png", full_page=True)
        assert axe_problems(page) == [], name
    finally:
        context.close()


def test_print_stylesheet_leaves_out_navigation(site, browser):
    world, base = site
    context = browser.new_context(viewport={"width": 800, "height": 1000})
    page = context.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(base + world.source.get_absolute_url())
        expect(page.locator(".site-nav")).to_be_hidden()
        expect(page.locator(".site-search")).to_be_hidden()
        expect(page.locator("mark#quote-peskov-planet")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "source-print.png", full_page=True)
    finally:
        context.close()


def axe_problems(page) -> list[str]:
    """axe's serious and critical findings on the page, each with up to three
    of the elements it names."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
