"""Which of the dossier's outlets published a page: by its domain, or by
the site name the page gives."""

import re

from dossier.models import Outlet

from .pages import host_of

_PARENTHESISED = re.compile(r"\(([^)]+)\)")


def _names(name: str) -> set[str]:
    """ "Ukrainian National News (UNN)" answers to itself, to "Ukrainian
    National News" and to "UNN"."""
    names = {name, _PARENTHESISED.sub("", name), *_PARENTHESISED.findall(name)}
    return {" ".join(n.casefold().split()) for n in names if n.strip()}


def match_outlet(domain: str = "", site_name: str = "") -> Outlet | None:
    """The outlet whose homepage is on `domain` (or a parent domain of it:
    edition.cnn.com → cnn.com), else the one named `site_name`."""
    outlets = list(Outlet.objects.only("pk", "name", "homepage", "slug", "reliability"))
    if domain:
        by_host = {host_of(o.homepage): o for o in outlets if o.homepage}
        labels = domain.split(".")
        for i in range(len(labels) - 1):
            outlet = by_host.get(".".join(labels[i:]))
            if outlet:
                return outlet
    wanted = " ".join(site_name.casefold().split())
    if wanted:
        for outlet in outlets:
            if wanted in _names(outlet.name) or wanted == outlet.slug:
                return outlet
    return None
