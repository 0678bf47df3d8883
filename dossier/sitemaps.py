"""sitemap.xml: every published page, and nothing else."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dossier import selectors


class PagesSitemap(Sitemap):
    """The list pages."""

    priority = 0.8

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

    def items(self):
        # A list, not a queryset: the sitemap's paginator then needs no
        # separate COUNT query per section.
        return list(selectors.sitemap_items()[self.kind])

    def lastmod(self, item):
        return getattr(item, "updated", None)


class QuoteSitemap(ItemSitemap):
    """Quotes, then the statements grouping them (read from the same rows)."""

    kind = "quotes"

    def items(self):
        quotes = super().items()
        return quotes + selectors.statements_of(quotes)


class TagSitemap(ItemSitemap):
    kind = "tags"

    def location(self, tag):
        return reverse("dossier:tag", args=[tag.slug])


def _section(kind: str) -> type[ItemSitemap]:
    return type(f"{kind.title()}Sitemap", (ItemSitemap,), {"kind": kind})


SITEMAPS = {
    "pages": PagesSitemap,
    "events": _section("events"),
    "people": _section("people"),
    "quotes": QuoteSitemap,
    "sources": _section("sources"),
    "outlets": _section("outlets"),
    "claims": _section("claims"),
    "tags": TagSitemap,
}
