"""The sitemap: every published page, and nothing else.

`/sitemap.xml` is a sitemap index pointing at one sitemap per section
(`/sitemap-<section>.xml`), each split into pages of `LIMIT` URLs
(`?p=2`, ...).  One file of every URL grew past 8 MB at 60,000 URLs, and
the protocol allows at most 50,000 per file.

The sections are `django.contrib.sitemaps.Sitemap`s (what each lists and
in which order), but the two views below are our own: Django's build a
dict per URL and render them through a template looping over alternates,
which was most of a 5,000-URL page's 300 ms.  Here a page is the rows of
one query (slug and `updated`, as tuples) joined into XML in Python, with
the same bytes out as Django's views (tests/test_sitemap_fast.py holds
them to it).

Queries stay fixed whatever the size of the dossier:

- the index: one COUNT per section;
- page 1 of a section: its rows, no COUNT (an empty section still has
  its page 1, as with Django's paginator);
- a later page: its rows, from the first slug of that page on (keyset,
  when the section is ordered by slug).  An OFFSET walks every row
  before the page: 60-70 ms for the last page of the quotes.  Sections
  ordered otherwise (events by date, tags by name) are small and use an
  OFFSET.  A page past the end is a 404.
"""

import re
from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from dossier import selectors
from dossier.cache import reads
from dossier.models.base import detail_url

# URLs per sitemap page: about 150 KB of XML, well under the 50,000 a file
# may hold, and one page's rows cost 10-20 ms at most.
LIMIT = 1000

# `?p=` as the index writes it; anything else (0, -1, 1.5, 01, a number no
# section reaches) is not a page.
PAGE = re.compile(r"[1-9][0-9]{0,8}")

URLSET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_TAIL = "\n</urlset>\n"
INDEX_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
INDEX_TAIL = "\n</sitemapindex>\n"


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

    def count(self) -> int:
        return len(self.items())

    def page(self, number: int) -> list[tuple[str, object]] | None:
        """(path, lastmod) of each URL on page `number`; None past the end."""
        names = self.items()
        start = (number - 1) * self.limit
        if number > 1 and start >= len(names):
            return None
        return [(self.location(name), None) for name in names[start : start + self.limit]]


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
        return self.queryset().select_related(None).only(*self.fields)

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

    def count(self) -> int:
        return self.queryset().select_related(None).count()

    def page(self, number: int) -> list[tuple[str, object]] | None:
        """(path, lastmod) of each URL on page `number`; None past the end."""
        rows = self.queryset().select_related(None).values_list(*self.fields)
        limit = self.limit
        if number == 1:
            chosen = rows[:limit]
        elif tuple(rows.query.order_by) == ("slug",):
            starts = list(rows.values_list("slug", flat=True))[::limit]
            if number > len(starts):
                return None
            chosen = rows.filter(slug__gte=starts[number - 1])[:limit]
        else:
            chosen = rows[(number - 1) * limit : number * limit]
        url_name = self.url_name
        if len(self.fields) > 1:  # slug, updated
            found = [(detail_url(url_name, slug), updated) for slug, updated in chosen]
        else:
            found = [(detail_url(url_name, slug), None) for (slug,) in chosen]
        return found if found or number == 1 else None


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


def _day(value) -> str:
    """A lastmod as Django's sitemap template writes it (`date:"Y-m-d"`, in
    the current time zone)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _xml_response(content: str) -> HttpResponse:
    """No Last-Modified: which URLs a page holds changes without any of them
    getting newer (an item unpublished, a new one sorting before).  The page
    cache (dossier.cache) gives readers a Last-Modified and ETag that do
    follow every change."""
    response = HttpResponse(content, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def _site(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def index(request):
    """Every page of every section: one `<sitemap>` each."""
    sections = {name: cls() for name, cls in SITEMAPS.items()}
    counts = {name: site.count() for name, site in sections.items()}
    site = escape(_site(request))
    parts = []
    for name, sitemap in sections.items():
        loc = site + escape(reverse("dossier:sitemap-section", kwargs={"section": name}))
        pages = max(1, -(-counts[name] // sitemap.limit))
        parts.append(f"<sitemap><loc>{loc}</loc></sitemap>")
        parts.extend(f"<sitemap><loc>{loc}?p={n}</loc></sitemap>" for n in range(2, pages + 1))
    return _xml_response(INDEX_HEAD + "".join(parts) + INDEX_TAIL)


@reads("p")
def section(request, section: str):
    """One page of one section (`?p=`, 1 when absent)."""
    sitemap_class = SITEMAPS.get(section)
    number = request.GET.get("p", "1")
    if sitemap_class is None or not PAGE.fullmatch(number):
        raise Http404("No such sitemap.")
    sitemap = sitemap_class()
    rows = sitemap.page(int(number))
    if rows is None:
        raise Http404("No such sitemap page.")
    site = escape(_site(request))
    # The same for every URL of a section (attributes, not per-item methods).
    changefreq = getattr(sitemap, "changefreq", None)
    priority = getattr(sitemap, "priority", None)
    extra = ""
    if changefreq:
        extra += f"<changefreq>{escape(changefreq)}</changefreq>"
    if priority is not None and str(priority):
        extra += f"<priority>{escape(str(priority))}</priority>"
    parts = [
        f"<url><loc>{site}{escape(path)}</loc>"
        + (f"<lastmod>{_day(lastmod)}</lastmod>" if lastmod else "")
        + extra
        + "</url>"
        for path, lastmod in rows
    ]
    return _xml_response(URLSET_HEAD + "".join(parts) + URLSET_TAIL)
