"""The editors' desk in a real browser: an editor adds one of the seed
articles from its text and turns it into quotes on one Annotate page.

The dossier starts with the seed's people, outlets and statements but
without that article (imported, then the article and its quotes removed);
the test counts how many of the fixture's quotes for it come back with the
same words (and speaker) after one intake form and one Accept all, and
prints the count. Screenshots at 1280 px go to test-artifacts/.
"""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from dossier.intake.annotate import UNIDENTIFIED
from dossier.models import Citation, ClaimReport, Quote, Source, Status
from dossier.verbatim import normalise
from tests.conftest import SEED, _staff_in
from tests.test_review_flow_browser import log_in, staff_groups  # noqa: F401 (fixture)

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
ARTICLE = "republished-telegraph-meeting-in-hungary-called-off"
OUTLET = "Unidentified WordPress site (republished Telegraph report via Yahoo News)"
# What the extractor gets right for this article today (16 of 16 words,
# 15 with their speaker): a floor, so a regression in the engine fails here.
FLOOR_SAME_WORDS = 15
FLOOR_SAME_SPEAKER = 14


def fixture_quotes() -> list[dict]:
    quotes = yaml.safe_load((SEED / "quotes.yaml").read_text(encoding="utf-8"))
    return [q for q in quotes if q["source"] == ARTICLE]


def same_speaker_as(quote: Quote, expected: dict) -> bool:
    """The fixture's person, or like the fixture an unnamed source (the
    words of a description vary too much to compare)."""
    if expected.get("speaker"):
        return quote.speaker is not None and quote.speaker.slug == expected["speaker"]
    return quote.speaker is None and quote.speaker_description != UNIDENTIFIED


@pytest.fixture
def dossier_without_the_article(live_server, staff_groups, django_user_model):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    call_command("import_dossier", str(SEED), stdout=io.StringIO())
    source = Source.objects.get(slug=ARTICLE)
    ClaimReport.objects.filter(source=source).delete()
    Citation.objects.filter(cited_source=source).delete()
    source.quotes.all().delete()
    source.delete()
    _staff_in(django_user_model, "Editors")
    return live_server.url


def test_an_editor_turns_a_seed_article_into_its_quotes_with_one_intake_and_one_annotate_page(
    browser, dossier_without_the_article
):
    base = dossier_without_the_article
    text = (SEED / "sources" / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    context, page = log_in(browser, base, "editor", "a-long-editor-password")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    # One intake form: paste, read, check, save.
    page.goto(base + "/admin/dossier/source/")
    page.get_by_role("link", name="Add from its text or page").click()
    page.get_by_label("Paste the article").fill(text)
    page.get_by_role("button", name="Read the article").click()
    expect(page.get_by_label("Title")).to_have_value(
        "Trump’s meeting with Putin in Hungary called off"
    )
    page.get_by_role("combobox", name="Outlet").select_option(label=OUTLET)
    page.get_by_label("Language").fill("en")
    page.screenshot(path=ARTIFACTS / "desk-intake-check.png", full_page=True)
    page.get_by_role("button", name="Save as a draft and annotate").click()

    # One Annotate page: Accept all.
    expect(page.get_by_role("heading", name="The article")).to_be_visible()
    suggested = page.locator("#desk-text mark.desk-suggestion").count()
    page.screenshot(path=ARTIFACTS / "desk-annotate.png")
    page.screenshot(path=ARTIFACTS / "desk-annotate-full.png", full_page=True)
    page.get_by_role("button", name="Accept all").click()
    expect(page.locator(".messagelist .success")).to_contain_text("draft quote(s) made")
    page.screenshot(path=ARTIFACTS / "desk-annotate-accepted.png", full_page=True)

    source = Source.objects.get(title="Trump’s meeting with Putin in Hungary called off")
    assert source.body == text.strip()
    assert source.status == Status.DRAFT
    made = {normalise(q.text): q for q in source.quotes.select_related("speaker")}
    assert all(q.status == Status.DRAFT and q.verbatim_found for q in made.values())
    expected = fixture_quotes()
    same_words = [q for q in expected if normalise(q["text"]) in made]
    same_speaker = [q for q in same_words if same_speaker_as(made[normalise(q["text"])], q)]
    print(
        f"\ndesk: {suggested} suggested, {len(made)} quotes made; of the fixture's "
        f"{len(expected)} quotes for {ARTICLE}, {len(same_words)} have the same words and "
        f"{len(same_speaker)} the same words and speaker"
    )
    assert len(same_words) >= FLOOR_SAME_WORDS
    assert len(same_speaker) >= FLOOR_SAME_SPEAKER
    assert not errors, errors  # no script error, no CSP refusal
    context.close()


def test_a_passage_selected_in_the_article_becomes_a_quote(browser, dossier_without_the_article):
    base = dossier_without_the_article
    source = Source.objects.get(slug="unn-reuters-summit-officially-postponed")
    source.quotes.all().delete()
    words = "the Kremlin insists that any truce is possible only after Ukraine agrees"
    context, page = log_in(browser, base, "editor", "a-long-editor-password")
    page.goto(f"{base}/admin/dossier/source/{source.pk}/annotate/")

    # Select the words in the text as a mouse would, then let go.
    page.evaluate(
        """(words) => {
          const text = document.getElementById("desk-text");
          const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const at = node.data.indexOf(words);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + words.length);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              text.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
              return;
            }
          }
          throw new Error("words not found");
        }""",
        words,
    )
    start = source.body.index(words)
    expect(page.locator("#id_new-text")).to_have_value(words)
    expect(page.locator("#id_new-start")).to_have_value(str(start))
    expect(page.locator("#id_new-end")).to_have_value(str(start + len(words)))
    page.locator("#id_new-speaker").fill("the Kremlin")
    page.locator("#id_new-unnamed").check()
    page.locator("#id_new-chain").fill("the Kremlin | said\nReuters | reported\nUNN | citing")
    page.locator("#id_new-attribution").select_option("second_hand")
    page.screenshot(path=ARTIFACTS / "desk-annotate-selection.png", full_page=True)
    page.get_by_role("button", name="Make this quote").click()
    expect(page.locator(".messagelist .success")).to_contain_text("1 draft quote(s) made")
    quote = Quote.objects.get(source=source, text=words)
    assert quote.speaker_description == "the Kremlin"
    assert quote.relayed_from.slug == "reuters"
    hops = quote.hops.select_related("outlet")
    assert [(h.description, h.outlet and h.outlet.slug) for h in hops] == [
        ("the Kremlin", None),
        ("", "reuters"),
        ("", "unn"),
    ]
    context.close()


class Counted:
    """An editor's hands on a page, counted: field actions (type, paste,
    choose, pick a file) and submits. A field already holding what the
    editor wants is left alone, as an editor would."""

    def __init__(self, page):
        self.page, self.fields, self.submits = page, 0, 0

    def fill(self, locator, value: str):
        if locator.input_value().replace("\r\n", "\n") != value:
            locator.fill(value)
            self.fields += 1

    def select(self, locator, value: str):
        if locator.input_value() != value:
            locator.select_option(value)
            self.fields += 1

    def upload(self, locator, path: Path):
        locator.set_input_files(path)
        self.fields += 1

    def submit(self, locator):
        locator.click()
        self.submits += 1


@pytest.fixture
def newsroom_with_unn(live_server, staff_groups, django_user_model):  # noqa: F811
    from tests.factories import make_outlet, make_person

    ARTIFACTS.mkdir(exist_ok=True)
    make_outlet(name="Ukrainian National News (UNN)", slug="unn", homepage="https://unn.ua/")
    make_outlet(name="Reuters", slug="reuters", homepage="https://www.reuters.com/")
    make_person(name="Dmitry Peskov", slug="dmitry-peskov", aliases="Peskov")
    _staff_in(django_user_model, "Editors")
    return live_server.url


def test_one_article_with_a_two_hop_quote_takes_two_pages_three_submits_four_fields(
    browser, newsroom_with_unn
):
    base = newsroom_with_unn
    context, page = log_in(browser, base, "editor", "a-long-editor-password")
    hands = Counted(page)
    page.goto(base + "/admin/dossier/source/intake/")
    hands.upload(
        page.get_by_label("or upload the saved page"),
        Path(__file__).parent / "data" / "pages" / "unn-reuters-summit-officially-postponed.html",
    )
    hands.submit(page.get_by_role("button", name="Read the article"))
    # Title, outlet (by the page's domain), byline, date and language are read.
    expect(page.get_by_role("combobox", name="Outlet")).to_have_value(
        str(Source._meta.get_field("outlet").related_model.objects.get(slug="unn").pk)
    )
    hands.submit(page.get_by_role("button", name="Save as a draft and annotate"))

    words = "Listen, we understand presidents"
    card = page.locator(".desk-card", has=page.locator("blockquote", has_text=words))
    hands.fill(card.get_by_label("Speaker"), "Dmitry Peskov")
    hands.fill(card.get_by_label("Chain"), "Dmitry Peskov | said\nReuters | reported")
    hands.select(card.get_by_label("Attribution"), "second_hand")
    hands.submit(card.get_by_role("button", name="Accept"))
    expect(page.locator(".messagelist .success")).to_contain_text("1 draft quote(s) made")

    source = Source.objects.get()
    quote = source.quotes.get()
    assert (source.outlet.slug, source.byline, str(source.published_on)) == (
        "unn",
        "Olena Hrytsenko",
        "2025-10-21",
    )
    assert quote.speaker.slug == "dmitry-peskov" and quote.relayed_from.slug == "reuters"
    assert quote.hops.count() == 2
    print(
        f"\ndesk: one article with a two-hop quote took 2 pages, {hands.submits} submits and "
        f"{hands.fields} field actions"
    )
    # Today's first-cut extractor proposes no speaker or chain: the editor
    # types three fields on the card; a better extractor leaves fewer.
    assert hands.submits == 3 and hands.fields <= 4
    context.close()
