"""A reader downloads what a page shows, as a browser saves it: the link's
plain words, the file's name, and a file a spreadsheet or TimelineJS opens.
Each page is screenshotted into test-artifacts/ with its link."""

import csv
import io
import json
from pathlib import Path

import pytest

from tests.world import build_world

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

DOWNLOADS = [
    ("quotes", "Download as a spreadsheet (CSV)", "quotes.csv"),
    ("claims", "Download as a spreadsheet (CSV)", "claims.csv"),
    ("timeline", "Download for TimelineJS (JSON)", "timeline.json"),
]


@pytest.fixture
def site(live_server):
    ARTIFACTS.mkdir(exist_ok=True)
    return build_world(), live_server.url


@pytest.mark.parametrize("page_name, words, filename", DOWNLOADS, ids=[d[0] for d in DOWNLOADS])
def test_a_reader_downloads_what_the_page_lists(site, browser, page_name, words, filename):
    world, base = site
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{base}/{page_name}/")
        link = page.get_by_role("link", name=words)
        expect(link).to_be_visible()
        link.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / f"download-{page_name}.png")
        with page.expect_download() as download_info:
            link.click()
        download = download_info.value
        assert download.suggested_filename == filename
        content = Path(download.path()).read_bytes().decode("utf-8")
    finally:
        context.close()
    if filename.endswith(".csv"):
        assert content.startswith("\ufeff")
        rows = list(csv.DictReader(io.StringIO(content[1:])))
        assert rows and all(row["Page"].startswith(base) for row in rows)
    else:
        slides = json.loads(content)["events"]
        assert world.event.slug in [slide["unique_id"] for slide in slides]
