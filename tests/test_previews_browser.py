"""A link preview says what the page says: in a real browser, each page's
og:title is its heading and its og:description a sentence the reader sees
on it."""

import pytest

from tests.test_browser import PAGE_TYPES, site  # noqa: F401 (a fixture)

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def meta(page, attribute: str, name: str) -> str:
    return page.locator(f'head meta[{attribute}="{name}"]').get_attribute("content")


def words(text: str) -> str:
    return " ".join(text.split())


def test_every_preview_matches_the_page_it_shows(browser, site):  # noqa: F811
    world, base = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        for name, path in PAGE_TYPES:
            if name == "not-found":
                continue
            page.goto(base + path(world))
            heading = words(page.locator("h1").first.inner_text())
            assert meta(page, "property", "og:title") == heading, name
            assert meta(page, "name", "twitter:title") == heading, name
            shown = words(page.locator("main").inner_text())
            description = meta(page, "property", "og:description")
            assert description, name
            assert description.removesuffix("…") in shown, (name, description)
            image = meta(page, "property", "og:image")
            response = page.request.get(image)
            assert response.ok and response.headers["content-type"] == "image/png", name
    finally:
        context.close()
