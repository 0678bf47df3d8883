"""What only a browser shows of the plain-words promises (issue 14), on the
seed dossier: the overview's story, key figures and latest events together
on a desktop screen; an article's text before its editors' notes on a
phone; axe still clean where the badges became links. Screenshots go to
test-artifacts/.
"""

import pytest

from dossier.models import Source

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

from tests.test_browser import ARTIFACTS, axe_problems  # noqa: E402


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


COPY = "republished-telegraph-meeting-in-hungary-called-off"
ORIGINAL = "unn-ft-summit-cancelled-memorandum"


def _article(slug: str) -> str:
    return f"/sources/{slug}/"


def _copy_grade() -> str:
    copy = Source.objects.select_related("outlet").get(slug=COPY)
    return f"Graded {copy.reliability} apart from its outlet ({copy.outlet.reliability})"


# What a new reader reads on a page of the seed, as the browser shows it
# (innerText: hidden text and attributes do not count), and what must never
# be there. Each entry: page, address, words shown, words never shown.
READING = [
    (
        "overview",
        lambda: "/",
        ["to “find a way to end the war”", "Ukraine’s armed forces", "24 October 2025 · London"],
        ['"find a way', "London, United Kingdom"],
    ),
    (
        "article",
        lambda: _article(ORIGINAL),
        # Labels are set in small capitals (text-transform), as innerText gives them.
        ["LANGUAGE English", "OUTLET Ukrainian National News (UNN)"],
        ["LANGUAGE en ", "apart from its outlet"],
    ),
    (
        "copy",
        lambda: _article(COPY),
        [
            "Where this text comes from The Telegraph — The article is The Telegraph’s report",
            "Yahoo News — Page furniture “Yahoo news home”",
            _copy_grade,  # read from the database once it holds the seed
        ],
        ["LANGUAGE en "],
    ),
    (
        "tags",
        lambda: "/tags/",
        ["ceasefire", "Coalition of the Willing", "NATO", "peace plan", "White House"],
        ["coalition-of-the-willing", "coalition of the willing", "white-house", "peace-plan"],
    ),
    (
        "quote",
        lambda: "/quotes/lavrov-officially-confirm-telegraph-copy/",
        ["Sergei Lavrov, to reporters in Moscow"],
        ["To reporters", "not given", "Sergei Lavrov, Sergei"],
    ),
    (
        "quotes",
        lambda: "/quotes/?page=2",
        ["Donald Trump, to reporters on Air Force One"],
        ["not given", ", Earlier", ", “Earlier”", ", To ", ", On "],
    ),
    (
        "timeline",
        lambda: "/timeline/",
        [
            "REPORTED BY Ukrainian National News (UNN): Trump–Putin summit in Hungary officially"
            " postponed",
            "Ukrainian National News (UNN): Budapest summit between Trump and Putin canceled",
            "24 October 2025 · London",
        ],
        ["London, United Kingdom", "Washington, DC", "coalition-of-the-willing"],
    ),
]


@pytest.mark.parametrize("name, path, shown, never", READING, ids=[entry[0] for entry in READING])
def test_a_new_reader_reads_words_not_data(browser, seeded, name, path, shown, never):
    context, page = _open(browser, 1280, 900)
    try:
        page.goto(seeded + path())
        page.screenshot(path=ARTIFACTS / f"plain-words-reading-{name}.png", full_page=True)
        words = " ".join(page.locator("main").inner_text().split())
    finally:
        context.close()
    for phrase in shown:
        phrase = phrase() if callable(phrase) else phrase
        assert phrase in words, f"{name}: {phrase!r} is not shown"
    for phrase in never:
        assert phrase not in words, f"{name}: {phrase!r} is shown"


def test_the_story_has_no_straight_quotation_marks(browser, seeded):
    context, page = _open(browser, 1280, 800)
    try:
        page.goto(seeded + "/")
        summary = page.locator(".lede__summary").inner_text()
    finally:
        context.close()
    assert "“" in summary and "’" in summary
    assert '"' not in summary and "'" not in summary


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
        ("copy", lambda: _article(COPY)),
        ("tags", lambda: "/tags/"),
        ("quote", lambda: "/quotes/lavrov-officially-confirm-telegraph-copy/"),
    ],
)
def test_axe_stays_clean_with_badges_as_links(browser, seeded, name, path):
    context, page = _open(browser, 1280, 900)
    try:
        page.goto(seeded + path())
        page.screenshot(path=ARTIFACTS / f"plain-words-{name}-desktop.png", full_page=True)
        assert axe_problems(page) == [], name
    finally:
        context.close()
