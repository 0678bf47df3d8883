"""sitemap.xml: every published page, and nothing else."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dossier import selectors


class PagesSitemap(Sitemap):
    """The list pages."""

    priority = 0.8

    def items(self):
        return ["overview", "timeline", "people", "quotes", "sources", "tags"]

    def location(self, name):
        return reverse(f"dossier:{name}")


class ItemSitemap(Sitemap):
    """One kind of detail page, from `selectors.sitemap_items()`."""

    kind = ""

    def items(self):
        # A list, not a queryset: the sitemap's paginator then needs no
        # separate COUNT query per section.
        return list(selectors.sitemap_items()[self.kind])

    def lastmod(self, item):
        return getattr(item, "updated", None)


class TagSitemap(ItemSitemap):
    kind = "tags"

    def location(self, tag):
        return reverse("dossier:tag", args=[tag.slug])


SITEMAPS = {
    "pages": PagesSitemap,
    **{
        kind: type(f"{kind.title()}Sitemap", (ItemSitemap,), {"kind": kind})
        for kind in ["events", "people", "quotes", "statements", "sources"]
    },
    "tags": TagSitemap,
}
