"""The sitemap: every published page, and nothing else.

`/sitemap.xml` is a sitemap index pointing at one sitemap per section
(`/sitemap-<section>.xml`), each split into pages of at most `LIMIT` URLs
(`?p=2`, ...): the protocol allows at most 50,000 URLs a file, and one file
of them all grew to megabytes. Django's own sitemap views render them, under
the page cache as every public page is.
"""

import re

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as django_sitemaps
from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.models import Tag

from dossier import selectors
from dossier.cache import reads
from dossier.models import Status
from dossier.models.base import detail_url

# Keys per sitemap page (KeyRangePaginator), so at most as many URLs: each
# URL is a turn of Django's template loop, which is most of what a page
# costs to render; the protocol allows 50,000 a file and as many files.
LIMIT = 250

# `?p=` as the index writes it; anything else (0, -1, 1.5, 01) is not a
# page, rather than the same page under another address.
PAGE = re.compile(r"[1-9][0-9]{0,8}")


class KeyRangePaginator(Paginator):
    """Django's paginator, but a section is cut into ranges of primary keys
    rather than counted: page n holds the published rows whose key is among
    the `per_page` keys from the first of `keys` + (n - 1) × `per_page`.

    Counting what is published (a quote is public through its article,
    outlet and speaker) read every row of the largest sections for the
    index, and a later page walked every row before it. Here the index reads
    the first and last of `keys` (rows published by their own status, two
    index lookups), and a page reads its own range. A page holds at most
    `per_page` URLs, fewer where rows of its range are not public, and may
    be empty (still a valid sitemap) where none are; a page past the last
    key is not found."""

    def __init__(self, object_list, per_page, keys: QuerySet):
        super().__init__(object_list, per_page)
        self.keys = keys

    def _bound(self, order: str) -> Subquery:
        """The first (`pk`) or last (`-pk`) of `keys`, as a subquery."""
        return Subquery(self.keys.order_by(order).values("pk")[:1])

    @cached_property
    def count(self) -> int:
        """How many keys the pages span, read in one query: the width of the
        range, not the number of published rows in it."""
        bounds = (
            self.keys.model._base_manager.order_by()
            .annotate(first=self._bound("pk"), last=self._bound("-pk"))
            .values_list("first", "last")[:1]
        )
        first, last = next(iter(bounds), (None, None))
        return 0 if first is None else last - first + 1

    def page(self, number):
        number = int(number)
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        start = self._bound("pk") + (number - 1) * self.per_page
        rows = list(self.object_list.filter(pk__gte=start, pk__lt=start + self.per_page))
        # Only an empty range costs a second query: is it past the last key?
        if not rows and number > self.num_pages:
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
    limit = LIMIT
    # What a URL and its lastmod need; articles' bodies stay in the database.
    fields = ("slug", "updated")

    def queryset(self) -> QuerySet:
        return selectors.sitemap_items(self.kind)

    def items(self):
        # In key order: the pages are ranges of keys (KeyRangePaginator).
        return self.queryset().only(*self.fields).order_by("pk")

    def keys(self) -> QuerySet:
        """The rows the pages' key ranges span: those published by their own
        status (see KeyRangePaginator)."""
        return self.queryset().model._base_manager.filter(status=Status.PUBLISHED)

    @property
    def paginator(self):
        return KeyRangePaginator(self._items(), self.limit, self.keys())

    def location(self, item):
        return item.page_url

    def lastmod(self, item):
        return getattr(item, "updated", None)

    def get_latest_lastmod(self):
        """No lastmod for a section in the index.  Django's own loads every
        item for the latest of their lastmods, and even that misses what
        changes a section's pages without touching its items: an outlet
        published makes its articles public, a quote withdrawn drops its
        statement.  Each URL keeps its own lastmod."""
        return None


class TagSitemap(ItemSitemap):
    kind = "tags"
    fields = ("slug",)  # a tag keeps no date of its own

    def keys(self) -> QuerySet:
        return Tag.objects.all()  # a tag has no status: it is public where it is used

    def location(self, item):
        return detail_url("dossier:tag", item.slug)  # taggit's Tag has no page_url


SITEMAPS = {
    "pages": PagesSitemap,
    **{
        kind: type(f"{kind.title()}Sitemap", (ItemSitemap,), {"kind": kind})
        for kind in ("events", "people", "quotes", "statements", "sources", "outlets", "claims")
    },
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
