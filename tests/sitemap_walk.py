"""Read the sitemap as a crawler does: the index, then every page of every
section it points at."""

import xml.etree.ElementTree as ET

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://testserver"


def parse(response, root_tag: str) -> ET.Element:
    """The XML of a sitemap response (asserting it is one, and parses)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml", response["Content-Type"]
    root = ET.fromstring(response.content)
    assert root.tag == NS + root_tag, root.tag
    return root


def locs(root: ET.Element) -> list[str]:
    return [loc.text for loc in root.iter(NS + "loc")]


def sitemap_pages(client) -> list[str]:
    """The path (and ?p=) of every sitemap the index lists."""
    index = parse(client.get("/sitemap.xml"), "sitemapindex")
    urls = locs(index)
    assert all(url.startswith(HOST + "/sitemap-") for url in urls), urls
    return [url.removeprefix(HOST) for url in urls]


def walk_sitemap(client) -> dict[str, list[str]]:
    """{sitemap page: the absolute URLs it lists}, for every page in the index."""
    return {page: locs(parse(client.get(page), "urlset")) for page in sitemap_pages(client)}


def sitemap_urls(client) -> list[str]:
    """The path of every URL in every sitemap page, in order."""
    urls = [url for page in walk_sitemap(client).values() for url in page]
    assert all(url.startswith(HOST + "/") for url in urls)
    return [url.removeprefix(HOST) for url in urls]


def sitemap_text(client) -> str:
    """The index and every sitemap page, as one text to search."""
    pages = ["/sitemap.xml", *sitemap_pages(client)]
    return "\n".join(client.get(page).content.decode() for page in pages)
