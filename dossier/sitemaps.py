"""The sitemap: every published page, and nothing else.

`/sitemap.xml` is a sitemap index pointing at one sitemap per section
(`/sitemap-<section>.xml`), each split into pages of `LIMIT` URLs
(`?p=2`, ...).  One file of every URL grew past 8 MB at 60,000 URLs, and
the protocol allows at most 50,000 per file.

Queries stay fixed whatever the size of the dossier: the index counts each
section (one query each), and a section's page costs a COUNT and the rows
of that page (slug and `updated` only).
"""

from functools import wraps

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import QuerySet
from django.urls import reverse

from dossier import selectors

# URLs per sitemap page: about 0.7 MB of XML, and well under the 50,000 a
# file may hold.
LIMIT = 5000


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
    """One kind of detail page, from `selectors.sitemap_items()`.

    `items()` is a queryset: the paginator counts it (the index needs no
    more of a section) and loads one page of it.
    """

    kind = ""
    limit = LIMIT
    # What a URL and its lastmod need; articles' bodies stay in the database.
    fields = ("slug", "updated")

    def queryset(self) -> QuerySet:
        return selectors.sitemap_items()[self.kind]

    def items(self):
        # Quotes come with their statement joined, which only() cannot defer.
        return self.queryset().select_related(None).only(*self.fields)

    def lastmod(self, item):
        return getattr(item, "updated", None)

    def get_latest_lastmod(self):
        """No lastmod for a section in the index.  Django's own loads every
        item for the latest of their lastmods, and even that misses what
        changes a section's pages without touching its items: an outlet
        published makes its articles public, a quote withdrawn drops its
        statement.  Each URL keeps its own lastmod."""
        return None


class StatementSitemap(ItemSitemap):
    """The statements grouping published quotes (`public_statements()`: a
    statement is public exactly when one of its quotes is)."""

    kind = "statements"

    def queryset(self) -> QuerySet:
        return selectors.public_statements().order_by("slug")


class TagSitemap(ItemSitemap):
    kind = "tags"
    fields = ("slug",)  # a tag keeps no date of its own

    def location(self, tag):
        return reverse("dossier:tag", args=[tag.slug])


def _section(kind: str) -> type[ItemSitemap]:
    return type(f"{kind.title()}Sitemap", (ItemSitemap,), {"kind": kind})


SITEMAPS = {
    "pages": PagesSitemap,
    "events": _section("events"),
    "people": _section("people"),
    "quotes": _section("quotes"),
    "statements": StatementSitemap,
    "sources": _section("sources"),
    "outlets": _section("outlets"),
    "claims": _section("claims"),
    "tags": TagSitemap,
}


def _no_last_modified(view):
    """Django's views send the latest lastmod of what a response lists as
    its Last-Modified.  That is no validator for a page of a section: an
    item unpublished, or a new one sorting before, changes which URLs a page
    holds without making any of them newer.  The page cache (dossier.cache)
    gives readers a Last-Modified and ETag that do follow every change."""

    @wraps(view)
    def inner(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers.pop("Last-Modified", None)
        return response

    return inner


index = _no_last_modified(sitemap_views.index)
section = _no_last_modified(sitemap_views.sitemap)
