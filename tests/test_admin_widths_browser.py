"""The admin fits an editor's screen: every changelist and the quote form
show their whole table with no sideways scrolling of the page or of the
table, at 1280 and at 1024 pixels, on the seed dossier (long article and
claim titles) with a long attribution chain. Screenshots go to
test-artifacts/."""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command

from dossier.models import Hop, Quote
from tests.conftest import SEED, _staff_in
from tests.test_review_flow_browser import ARTIFACTS, log_in, staff_groups  # noqa: F401

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 1024]
LISTS = sorted(
    model._meta.model_name
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "dossier"
)

MEASURE = """() => {
  const table = document.querySelector('#result_list') || document.querySelector('#hops-group table');
  const scroller = table && table.closest('.results, .tabular');
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    table: table ? Math.ceil(table.getBoundingClientRect().right) : null,
    scroller: scroller ? scroller.scrollWidth - scroller.clientWidth : 0,
  };
}"""


@pytest.fixture
def seeded(live_server, staff_groups, django_user_model):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    call_command("import_dossier", str(SEED), stdout=io.StringIO())
    _staff_in(django_user_model, "Editors")
    quote = Quote.objects.order_by("pk").first()
    Quote.objects.filter(pk=quote.pk).update(status="draft")  # the editor's form, editable
    quote.hops.all().delete()
    outlet = quote.source.outlet
    for position, description in enumerate(
        [
            "three people familiar with the preparations for the summit, speaking on condition "
            "of anonymity because they were not authorised to discuss it",
            "a senior European diplomat briefed on the call between the two ministers",
        ]
    ):
        Hop.objects.create(
            quote=quote,
            position=position,
            description=description,
            how="told",
            context="in a telephone interview with the newspaper's Moscow correspondent",
        )
    Hop.objects.create(quote=quote, position=2, outlet=outlet, how="reported")
    return live_server.url, quote


def assert_fits(page, what: str):
    sizes = page.evaluate(MEASURE)
    assert sizes["page"] <= sizes["window"], f"{what}: the page scrolls sideways: {sizes}"
    assert sizes["table"] is None or sizes["table"] <= sizes["window"], f"{what}: {sizes}"
    assert sizes["scroller"] <= 1, f"{what}: the table scrolls sideways: {sizes}"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_changelist_and_the_quote_form_fit_the_screen(browser, seeded, width):
    base, quote = seeded
    context, page = log_in(browser, base, "editor", "a-long-editor-password")
    page.set_viewport_size({"width": width, "height": 900})
    for name in LISTS:
        page.goto(f"{base}/admin/dossier/{name}/")
        if name in ("quote", "source"):
            page.screenshot(path=ARTIFACTS / f"widths-{name}-list-{width}.png")
        assert_fits(page, f"{name} list at {width} px")
    page.goto(f"{base}/admin/dossier/quote/{quote.pk}/change/")
    page.screenshot(path=ARTIFACTS / f"widths-quote-form-{width}.png", full_page=True)
    assert_fits(page, f"quote form at {width} px")
    context.close()


MEASURE_QUOTE_ROWS = """() => {
  const table = document.querySelector('#quotes-group table');
  const scroller = table.closest('.tabular');
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    table: Math.ceil(table.getBoundingClientRect().right),
    scroller: scroller.scrollWidth - scroller.clientWidth,
  };
}"""


def an_articles_quote_rows(browser, seeded, width: int, shot: str):
    """The editor's page of the seed's first article, its quote rows
    editable (a draft), at `width` pixels: (context, page, the article)."""
    base, quote = seeded
    source = quote.source
    type(source).objects.filter(pk=source.pk).update(status="draft")  # editable rows
    context, page = log_in(browser, base, "editor", "a-long-editor-password")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/admin/dossier/source/{source.pk}/change/")
    page.locator("#quotes-group").scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"{shot}-source-form-{width}.png", full_page=True)
    return context, page, source


@pytest.mark.parametrize("width", WIDTHS)
def test_an_articles_quote_rows_fit_the_screen(browser, seeded, width):
    context, page, source = an_articles_quote_rows(browser, seeded, width, "widths")
    sizes = page.evaluate(MEASURE_QUOTE_ROWS)
    assert sizes["page"] <= sizes["window"], f"source form at {width} px: {sizes}"
    assert sizes["table"] <= sizes["window"], f"source form at {width} px: {sizes}"
    assert sizes["scroller"] <= 1, f"the quote rows scroll sideways at {width} px: {sizes}"
    assert page.locator("#quotes-group a.inlinechangelink").count() == source.quotes.count()
    context.close()


# How wide each select of the quote rows (grade, status) would be to show
# its longest choice whole (the same select at its natural width), against
# how wide it is.
MEASURE_SELECTS = """() => [...document.querySelectorAll('#quotes-group td select')]
  .map((select) => {
    const shown = select.getBoundingClientRect().width;
    select.style.width = 'auto';  // in place, in the row's own font
    const needed = select.getBoundingClientRect().width;
    select.style.width = '';
    return {
      name: select.name,
      needed: Math.ceil(needed),
      shown: Math.floor(shown),
    };
  })"""


# The rows whose title (speaker and words, above the row) is taller than
# its box, or whose box reaches below the top of the quote's own text.
MEASURE_TITLES_OVERLAP = """() => [...document.querySelectorAll('#quotes-group tr.form-row')]
  .filter((row) => {
    const title = row.querySelector('td.original p');
    const words = row.querySelector('td.field-text');
    return title && words && (
      title.scrollHeight > title.clientHeight + 1 ||
      title.getBoundingClientRect().bottom > words.getBoundingClientRect().top + 1);
  })
  .map((row) => row.querySelector('td.original p').textContent.trim())"""


@pytest.mark.parametrize("width", [360, *WIDTHS])
def test_an_articles_quote_rows_show_each_grade_and_status_whole(browser, seeded, width):
    """'1 — Confirmed by other sources' cut to '1 — Confirmed by ot' is a
    grade an editor misreads, 'Publishe' a status: every choice fits its
    select."""
    context, page, _source = an_articles_quote_rows(browser, seeded, width, "grades")
    selects = page.evaluate(MEASURE_SELECTS)
    assert any("credibility" in select["name"] for select in selects), "no editable grade"
    assert any("status" in select["name"] for select in selects), "no editable status"
    for select in selects:
        assert select["needed"] <= select["shown"] + 1, f"cut short at {width} px: {select}"
    if width < 768:  # each row's title on lines of its own, above the quote's words
        overlaps = page.evaluate(MEASURE_TITLES_OVERLAP)
        assert overlaps == [], f"a quote's title runs under its words at {width} px: {overlaps}"
    context.close()
