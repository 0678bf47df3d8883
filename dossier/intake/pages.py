"""Reading an article out of what the editor brings: text, a page, an address."""

import datetime
import ipaddress
import re
import socket
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from dossier.extract.spans import words_in

MAX_PAGE_BYTES = 5 * 1024 * 1024
# Fewer words than this is a menu or a paywall, not an article.
MIN_ARTICLE_WORDS = 20
FETCH_TIMEOUT_SECONDS = 10

_LINE_BREAKS = re.compile(r"\r\n?")
_HTML_LANG = re.compile(rb"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(r"^\s*(<!doctype html|<html|<head|<body)", re.IGNORECASE)


class IntakeError(ValueError):
    """What the editor brought cannot become an article; the message says why."""


@dataclass
class Article:
    """What was read from a page or a text, for the editor to check."""

    body: str
    title: str = ""
    byline: str = ""
    published_on: datetime.date | None = None
    site_name: str = ""
    url: str = ""
    language: str = ""

    @property
    def domain(self) -> str:
        return host_of(self.url)


def host_of(url: str) -> str:
    """ "https://www.unn.ua/news/1" → "unn.ua"."""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def tidy_text(text: str) -> str:
    """Line breaks as `\\n`, no space around the text; the words untouched."""
    return _LINE_BREAKS.sub("\n", text).strip()


def read_text(text: str) -> Article:
    """A pasted article: its first line proposed as the title. Pasted HTML
    (a page's source) is read as a page."""
    if _LOOKS_LIKE_HTML.match(text):
        return read_page(text.encode("utf-8"))
    body = tidy_text(text)
    if not body:
        raise IntakeError("The text is empty: paste the article's full text.")
    first_line = body.split("\n", 1)[0].strip()
    title = first_line if len(first_line) <= 300 and "\n" in body else ""
    return Article(body=body, title=title)


def read_page(html: bytes, url: str = "") -> Article:
    """The article in a saved web page, read by trafilatura, with what its
    metadata says: title, author, date, site name, address, language."""
    import trafilatura  # imported here: it takes a moment, and only intake needs it

    if not html.strip():
        raise IntakeError("The page is empty.")
    if b"<" not in html[:4096]:
        raise IntakeError("This is not a web page (no HTML found): upload the saved .html file.")
    document = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    text = tidy_text(getattr(document, "text", None) or "") if document else ""
    if words_in(text) < MIN_ARTICLE_WORDS:
        found = f" (only “{' '.join(text.split())[:80]}”)" if text else ""
        raise IntakeError(
            f"No article text was found in this page{found}. It may be behind a paywall or "
            "built by scripts: paste the article's text instead."
        )
    # trafilatura gives one paragraph a line; the dossier keeps a blank line
    # between paragraphs, as its articles and the highlighter expect.
    body = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    language = (getattr(document, "language", None) or "").lower()
    if not language and (match := _HTML_LANG.search(html[:8192])):
        language = match.group(1).decode("ascii").lower()
    return Article(
        body=body,
        title=(document.title or "").strip(),
        byline=(document.author or "").strip(),
        published_on=_date(document.date),
        site_name=(document.sitename or "").strip(),
        url=(document.url or url or "").strip(),
        language=language,
    )


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def fetch_page(url: str) -> Article:
    """The article at `url`, fetched by the server: only when the site allows
    it (`DOSSIER_FETCH_URLS`), only over http(s), only from a public address,
    within a time limit and a size cap."""
    if not getattr(settings, "DOSSIER_FETCH_URLS", False):
        raise IntakeError(
            "This server does not fetch addresses (DOSSIER_FETCH_URLS is off): save the page "
            "in your browser and upload the .html file, or paste the text."
        )
    _refuse_unsafe_address(url.strip())
    request = urllib.request.Request(url, headers={"User-Agent": "Dossier article intake"})
    try:
        with _open(request) as response:
            kind = response.headers.get_content_type()
            if kind not in ("text/html", "application/xhtml+xml"):
                raise IntakeError(f"{url} is not a web page (it is {kind}).")
            html = response.read(MAX_PAGE_BYTES + 1)
            final_url = response.geturl()
    except OSError as error:  # URLError and TimeoutError are OSErrors too
        reason = getattr(error, "reason", error)
        raise IntakeError(f"{url} could not be fetched: {reason}.") from error
    if len(html) > MAX_PAGE_BYTES:
        raise IntakeError(f"{url} is larger than {MAX_PAGE_BYTES // 1024 // 1024} MB.")
    return read_page(html, final_url)


def _refuse_unsafe_address(url: str) -> None:
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in ("http", "https") or not host:
        raise IntakeError(f"“{url}” is not a web address: it must start with https:// or http://.")
    # The server must not be made to read its own network for a visitor.
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as error:
        raise IntakeError(f"{host} could not be found: {error}.") from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise IntakeError(f"{host} is not a public address; the server will not fetch it.")


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another public web address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _refuse_unsafe_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open(request: urllib.request.Request):
    opener = urllib.request.build_opener(_PublicRedirects)
    return opener.open(request, timeout=FETCH_TIMEOUT_SECONDS)
