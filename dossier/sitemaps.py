"""The sitemap: every published page, and nothing else.

`/sitemap.xml` is a sitemap index pointing at one sitemap per section
(`/sitemap-<section>.xml`), each split into pages of `LIMIT` URLs
(`?p=2`, ...): one file of every URL grew past 8 MB at 60,000 URLs, and the
protocol allows at most 50,000 per file. Django's own sitemap views render
them, under the page cache as every public page is.
"""

import re

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as django_sitemaps
from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from dossier import selectors
from dossier.cache import reads
from dossier.models.base import detail_url

# URLs per sitemap page: about 150 KB of XML, well under the 50,000 a file
# may hold.
LIMIT = 1000

# `?p=` as the index writes it; anything else (0, -1, 1.5, 01) is not a
# page, rather than the same page under another address.
PAGE = re.compile(r"[1-9][0-9]{0,8}")


class SectionPaginator(Paginator):
    """Django's paginator, but a section's page is read without counting
    the section first (only the index needs the number of pages): a page
    past the end is found empty. Counting the published quotes cost a
    quotes page more than reading its 1,000 rows."""

    def page(self, number):
        number = int(number)
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if number > 1 and not rows:
            raise EmptyPage(self.error_messages["no_results"])
        return self._get_page(rows, number, self)


class PagesSitemap(Sitemap):
    """The list pages."""

    priority = 0.8
    limit = LIMIT

    def items(self):
        return [
            "overview",
            "timeline",
            "people",
            "quotes",
            "sources",
            "claims",
            "contested",
            "tags",
        ]

    def location(self, name):
        return reverse(f"dossier:{name}")


class ItemSitemap(Sitemap):
    """One kind of detail page, from `selectors.sitemap_items()`."""

    kind = ""
    url_name = ""  # the detail page's route, given the slug
    limit = LIMIT
    # What a URL and its lastmod need; articles' bodies stay in the database.
    fields = ("slug", "updated")

    def queryset(self) -> QuerySet:
        return selectors.sitemap_items()[self.kind]

    def items(self):
        # Quotes come with their statement joined, which only() cannot defer.
        # In the order rows are stored: SQLite walks the table and stops after
        # a page, where an order by slug sorted every published quote first.
        return self.queryset().select_related(None).only(*self.fields).order_by("pk")

    @property
    def paginator(self):
        return SectionPaginator(self._items(), self.limit)

    def location(self, item):
        return detail_url(self.url_name, item.slug)

    def lastmod(self, item):
        return getattr(item, "updated", None)

    def get_latest_lastmod(self):
        """No lastmod for a section in the index.  Django's own loads every
        item for the latest of their lastmods, and even that misses what
        changes a section's pages without touching its items: an outlet
        published makes its articles public, a quote withdrawn drops its
        statement.  Each URL keeps its own lastmod."""
        return None


def _section(kind: str, url_name: str) -> type[ItemSitemap]:
    return type(f"{kind.title()}Sitemap", (ItemSitemap,), {"kind": kind, "url_name": url_name})


class StatementSitemap(ItemSitemap):
    """The statements grouping published quotes (`public_statements()`: a
    statement is public exactly when one of its quotes is)."""

    kind = "statements"
    url_name = "dossier:statement"

    def queryset(self) -> QuerySet:
        return selectors.public_statements().order_by("slug")


class TagSitemap(ItemSitemap):
    kind = "tags"
    url_name = "dossier:tag"
    fields = ("slug",)  # a tag keeps no date of its own


SITEMAPS = {
    "pages": PagesSitemap,
    "events": _section("events", "dossier:event"),
    "people": _section("people", "dossier:person"),
    "quotes": _section("quotes", "dossier:quote"),
    "statements": StatementSitemap,
    "sources": _section("sources", "dossier:source"),
    "outlets": _section("outlets", "dossier:outlet"),
    "claims": _section("claims", "dossier:claim"),
    "tags": TagSitemap,
}


def index(request):
    return django_sitemaps.index(request, SITEMAPS, sitemap_url_name="dossier:sitemap-section")


@reads("p")
def section(request, section: str):
    if not PAGE.fullmatch(request.GET.get("p", "1")):
        raise Http404("No such sitemap page.")
    response = django_sitemaps.sitemap(request, SITEMAPS, section=section)
    # Which URLs a page holds changes without any of them getting newer (an
    # item unpublished, a new one sorting before): Django's Last-Modified,
    # the newest item's, would let a stale page be revalidated.
    del response.headers["Last-Modified"]
    return response
