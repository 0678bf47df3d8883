"""Adding an article from its text, its saved page or its address: what is
read fills the source form, and what the editor confirms is what is stored."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossier.intake import IntakeError, fetch_page, match_outlet, read_page, read_text
from dossier.models import Outlet, Source, Status
from tests.factories import make_outlet, make_source, make_user

PAGES = Path(__file__).resolve().parent / "data" / "pages"
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "budapest-summit" / "sources"
INTAKE = reverse("admin:dossier_source_intake")


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def test_a_saved_news_page_gives_its_article_and_metadata_without_the_site_around_it():
    article = read_page(page("unn-reuters-summit-officially-postponed.html"))
    assert article.title.startswith("Trump–Putin summit in Hungary officially postponed")
    assert article.byline == "Olena Hrytsenko"
    assert article.published_on == datetime.date(2025, 10, 21)
    assert article.site_name == "UNN"
    assert article.domain == "unn.ua"
    assert article.language == "en"
    seed = (SEEDS / "unn-reuters-summit-officially-postponed.txt").read_text()
    # Every paragraph of the article, nothing of the menus, ads or sidebar.
    for paragraph in seed.split("\n"):
        if paragraph.strip() and not paragraph.startswith("Rubio-Lavrov meeting expected"):
            assert paragraph.strip() in article.body
    for chrome in (
        "Latest news",
        "Advertisement",
        "All rights reserved",
        "Air raid alert",
        "Politics",
    ):
        assert chrome not in article.body
    assert "\n\n" in article.body  # paragraphs kept apart by a blank line


def test_a_page_in_ukrainian_keeps_its_script_and_language():
    article = read_page(page("ukrinform-peskov-no-dates.html"))
    assert article.language == "uk"
    assert "«Не можна відкласти те, про що остаточно не домовилися»" in article.body
    assert article.byline == "Ірина Коваленко"
    assert article.domain == "ukrinform.ua"


def test_a_page_in_japanese_is_an_article_though_its_words_have_no_spaces_between_them():
    """Chinese and Japanese write no spaces between words: counted by the
    spaces, a whole article read as a few words and was refused."""
    article = read_page(page("ja-summit-no-dates.html"))
    assert article.language == "ja"
    assert article.title.startswith("ブダペストでの米ロ首脳会談")
    assert "「最終的に合意されていないものを延期することはできない」" in article.body
    assert "ホーム" not in article.body


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 binary", "not a web page"),
        ((PAGES / "no-article.html").read_bytes(), "No article text was found"),
        (
            "<html lang=ja><body><nav>ホーム 国際 政治</nav><p>購読する</p></body></html>".encode(),
            "No article text was found",
        ),
    ],
)
def test_a_page_without_an_article_is_refused_with_the_reason(content, message):
    with pytest.raises(IntakeError, match=message):
        read_page(content)


def test_pasted_text_is_kept_as_it_is_with_its_first_line_as_title():
    article = read_text("Summit off\r\n\r\n“No plans,” an official said.  \r\n")
    assert article.body == "Summit off\n\n“No plans,” an official said."
    assert article.title == "Summit off"
    with pytest.raises(IntakeError, match="empty"):
        read_text("   \n ")


def test_addresses_are_not_fetched_unless_the_site_allows_it(settings):
    settings.DOSSIER_FETCH_URLS = False
    with pytest.raises(IntakeError, match="does not fetch"):
        fetch_page("https://unn.ua/en/news/1")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://unn.ua/file", "not a web address"),
        ("file:///etc/passwd", "not a web address"),
        ("unn.ua/news", "not a web address"),
        ("http://127.0.0.1:8000/admin/", "not a public address"),
        ("http://localhost/", "not a public address"),
    ],
)
def test_only_public_web_addresses_are_fetched(settings, url, message):
    settings.DOSSIER_FETCH_URLS = True
    with pytest.raises(IntakeError, match=message):
        fetch_page(url)


def test_the_outlet_is_matched_by_domain_then_by_name(db):
    unn = make_outlet(name="Ukrainian National News (UNN)", homepage="https://unn.ua/")
    cnn = make_outlet(name="CNN", homepage="https://www.cnn.com/")
    assert match_outlet("unn.ua") == unn
    assert match_outlet("edition.cnn.com") == cnn
    assert match_outlet("", "UNN") == unn
    assert match_outlet("", "ukrainian national news") == unn
    assert match_outlet("example.org", "The Example") is None


# --- the admin's intake form -------------------------------------------------


def test_an_uploaded_page_fills_the_source_form_for_the_editor_to_check(editor_client, db):
    unn = make_outlet(name="Ukrainian National News (UNN)", homepage="https://unn.ua/")
    upload = SimpleUploadedFile(
        "page.html", page("unn-reuters-summit-officially-postponed.html"), "text/html"
    )
    response = editor_client.post(INTAKE, {"read": "1", "page": upload})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["outlet"] == unn.pk
    assert form.initial["byline"] == "Olena Hrytsenko"
    assert form.initial["published_on"] == datetime.date(2025, 10, 21)
    assert "Peskov stated" in form.initial["body"]
    # The date box gets a date every browser's date field takes.
    assert 'type="date" name="published_on" value="2025-10-21"' in response.content.decode()
    assert not Source.objects.exists()  # nothing stored before the editor confirms


def test_the_confirmed_text_is_stored_exactly_as_a_draft_with_a_made_slug(
    editor_client, editor, db
):
    unn = make_outlet(name="UNN", homepage="https://unn.ua/")
    body = "Edited by the editor.\n\n“There are no plans,” an official said."
    response = editor_client.post(
        INTAKE,
        {
            "save": "1",
            "title": "Trump–Putin summit off",
            "slug": "",
            "outlet": unn.pk,
            "url": "https://unn.ua/en/news/1",
            "byline": "",
            "published_on": "2025-10-21",
            "language": "en",
            "body": body,
        },
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:dossier_source_annotate", args=[source.pk])
    assert source.body == body
    assert source.slug == "trump-putin-summit-off"
    assert source.status == Status.DRAFT
    record = source.history.get()
    assert record.history_user == editor
    assert record.history_change_reason == "Added through the article intake"


def test_a_body_posted_with_browser_line_ends_is_stored_with_the_articles_own(editor_client, db):
    outlet = make_outlet()
    editor_client.post(
        INTAKE,
        {
            "save": "1",
            "title": "T",
            "outlet": outlet.pk,
            "body": "First.\r\n\r\n“Second,” he said.\r\n",
        },
    )
    assert Source.objects.get().body == "First.\n\n“Second,” he said."


def test_an_outlet_not_in_the_dossier_is_offered_and_made_as_a_draft(editor_client, db):
    upload = SimpleUploadedFile("p.html", page("ukrinform-peskov-no-dates.html"), "text/html")
    form = editor_client.post(INTAKE, {"read": "1", "page": upload}).context["form"]
    assert form.initial["outlet"] is None
    assert form.initial["new_outlet"] == "Укрінформ"
    assert form.initial["new_outlet_homepage"] == "https://ukrinform.ua/"
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["save"] = "1"
    editor_client.post(INTAKE, data)
    source = Source.objects.get()
    assert source.outlet.name == "Укрінформ"
    assert source.outlet.status == Status.DRAFT
    assert source.outlet.slug == "ukrinform"
    assert source.slug.startswith("pieskov-dat-samitu")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "one of the three"),
        ({"text": "x", "url": "https://unn.ua/"}, "one of the three"),
        ({"url": "https://unn.ua/news/1"}, "does not fetch"),
    ],
)
def test_intake_errors_are_clear_and_store_nothing(editor_client, data, message):
    response = editor_client.post(INTAKE, {"read": "1", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Source.objects.exists()


def test_a_page_that_is_not_html_is_refused_on_the_form(editor_client, db):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7 \x00\x01", "application/pdf")
    response = editor_client.post(INTAKE, {"read": "1", "page": upload})
    assert "This is not a web page" in response.content.decode()


def test_saving_without_an_outlet_asks_for_one(editor_client, db):
    response = editor_client.post(INTAKE, {"save": "1", "title": "T", "body": "Some text."})
    assert "Choose the outlet that published it" in response.content.decode()
    assert not Source.objects.exists() and not Outlet.objects.exists()


def test_people_who_may_not_add_sources_cannot_open_intake(client, db):
    client.force_login(make_user("guest"))
    assert client.get(INTAKE).status_code == 403


def test_an_editor_opens_intake_with_its_three_ways_in(editor_client):
    html = editor_client.get(INTAKE).content.decode()
    for label in ("Paste the article", "or upload the saved page", "or give its address"):
        assert label in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.parametrize("same", ["url", "body"])
def test_an_article_already_in_the_dossier_is_not_added_twice(editor_client, same):
    first = make_source(url="https://unn.ua/en/news/1", body="“No plans,” he said.")
    data = {"save": "1", "title": "Again", "outlet": first.outlet.pk, "body": "Other text."}
    data[same] = getattr(first, same)
    response = editor_client.post(INTAKE, data)
    assert "already has an article with" in response.content.decode()
    assert first.slug in response.content.decode()
    assert Source.objects.count() == 1


def test_a_page_too_big_to_be_an_article_is_refused(editor_client):
    from dossier.intake.pages import MAX_PAGE_BYTES

    upload = SimpleUploadedFile("huge.html", b"<html>" + b" " * MAX_PAGE_BYTES, "text/html")
    response = editor_client.post(INTAKE, {"read": "1", "page": upload})
    assert "huge.html is larger than 5 MB" in response.content.decode()


class FakeResponse:
    """What the opener gives back, for a fetch that never leaves the machine."""

    def __init__(self, body: bytes, kind: str = "text/html", url: str = "https://unn.ua/en/news/1"):
        from email.message import Message

        self.body, self.url = body, url
        self.headers = Message()
        self.headers["Content-Type"] = f"{kind}; charset=utf-8"

    def read(self, limit: int) -> bytes:
        return self.body[:limit]

    def geturl(self) -> str:
        return self.url

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def web(settings, monkeypatch):
    """Fetching on, every host public, and the page served from memory."""
    settings.DOSSIER_FETCH_URLS = True
    monkeypatch.setattr(
        "socket.getaddrinfo", lambda host, *args: [(2, 1, 6, "", ("151.101.1.1", 0))]
    )
    served = {}
    monkeypatch.setattr("dossier.intake.pages._open", lambda request: served["response"])
    return served


def test_a_fetched_page_is_read_like_an_uploaded_one(web):
    web["response"] = FakeResponse(page("unn-reuters-summit-officially-postponed.html"))
    article = fetch_page("https://unn.ua/en/news/1")
    assert article.byline == "Olena Hrytsenko"
    assert "Peskov stated" in article.body


def test_a_fetched_file_that_is_not_a_page_or_too_big_is_refused(web):
    web["response"] = FakeResponse(b"%PDF", kind="application/pdf")
    with pytest.raises(IntakeError, match="not a web page"):
        fetch_page("https://unn.ua/report.pdf")
    web["response"] = FakeResponse(b"<html>" + b" " * (6 * 1024 * 1024))
    with pytest.raises(IntakeError, match="larger than 5 MB"):
        fetch_page("https://unn.ua/huge")


def test_a_redirect_to_a_private_address_is_not_followed(settings):
    from dossier.intake.pages import _PublicRedirects

    with pytest.raises(IntakeError, match="not a public address"):
        _PublicRedirects().redirect_request(None, None, 302, "Found", {}, "http://127.0.0.1/admin/")
    with pytest.raises(IntakeError, match="not a web address"):
        _PublicRedirects().redirect_request(None, None, 302, "Found", {}, "file:///etc/passwd")
