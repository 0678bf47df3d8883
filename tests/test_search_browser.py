"""What only a browser shows of search inside the articles (issue 14), on the
seed dossier: "Kupyansk", named only in the body of the UNN article, finds
that article with its passage and the word highlighted; the page says how to
search a phrase and by another spelling of a name; axe stays clean.
Screenshots go to test-artifacts/.
"""

import pytest

from dossier.models import Source

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

from tests.test_browser import ARTIFACTS  # noqa: E402


@pytest.mark.parametrize("width", [360, 1280])
def test_kupyansk_shows_the_unn_article_with_the_word_highlighted(browser, seeded, width):
    from axe_playwright_python.sync_playwright import Axe

    unn = Source.objects.get(body__contains="Kupyansk", outlet__name__icontains="UNN")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(seeded + "/search/")
        page.fill("#search-q", "Kupyansk")
        page.press("#search-q", "Enter")
        page.wait_for_url("**/search/?q=Kupyansk")
        page.screenshot(path=ARTIFACTS / f"search-kupyansk-{width}.png", full_page=True)

        article = page.locator(".search-group .source-list > li").filter(has_text=unn.title)
        assert article.count() == 1
        assert article.locator("a").first.get_attribute("href") == unn.get_absolute_url()
        mark = article.locator(".source-item__passage mark")
        assert mark.count() == 1 and mark.inner_text() == "Kupyansk"
        # Highlighted: the mark is painted differently from the passage around it.
        painted = mark.evaluate("node => getComputedStyle(node).backgroundColor")
        around = article.locator(".source-item__passage").evaluate(
            "node => getComputedStyle(node).backgroundColor"
        )
        assert painted != around
        assert "battlefield successes" in article.locator(".source-item__passage").inner_text()
        # No sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        tips = page.locator("#search-tips").inner_text()
        assert "quotation marks" in tips and '"Budapest summit"' in tips
        assert "Zelenskyy" in tips and "Sergey Lavrov" in tips

        results = Axe().run(page)
        problems = [
            violation["id"]
            for violation in results.response["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]
        assert problems == []
    finally:
        context.close()


def test_the_tips_hold_on_the_seed(client, seeded):
    """The page's examples are true of the seed dossier: the phrase finds
    articles, each alias finds its person."""
    html = client.get("/search/", {"q": '"Budapest summit"', "kind": "sources"}).content.decode()
    assert "source-item__passage" in html
    for alias, person in [("Zelenskyy", "volodymyr-zelensky"), ("Sergey Lavrov", "sergei-lavrov")]:
        html = client.get("/search/", {"q": alias, "kind": "people"}).content.decode()
        assert f"/people/{person}/" in html, alias
