"""Public pages over a dossier of the test's own making, not tests/world.py's
(which test_public_pages.py builds once for all its tests)."""

import re

from dossier.models import Status
from tests.factories import make_outlet, make_source
from tests.test_public_pages import text


def test_overview_without_anything_published_is_a_normal_page(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Nothing has been published yet" in text(response)


def test_sources_list_ranks_outlets_by_articles_and_a_tag_counts_only_its_own(client, db):
    """Outlets with most published articles first, then by name; those only
    cited by others last; a tag keeps the outlets with articles carrying it
    and counts only those. Drafts count nowhere."""
    bravo, alpha, cited = (make_outlet(name=name) for name in ("Bravo", "Alpha", "Cited"))
    hidden = make_outlet(name="Hidden", status=Status.DRAFT)
    for outlet, tags in ((alpha, []), (bravo, ["x"]), (bravo, []), (hidden, ["x"])):
        make_source(outlet=outlet, tags=tags)
    make_source(outlet=alpha, status=Status.DRAFT, tags=["x"])
    make_source(outlet=alpha, tags=["x"])

    def listed(url):
        """Each outlet the page lists, in order, with the articles it lists under it."""
        html = client.get(url).content.decode()
        sections = html.split('<section class="outlet"')[1:]
        return [
            (
                re.search(r'class="outlet__name"[^>]*><a [^>]*>([^<]*)<', section).group(1),
                section.count('class="source-item"'),
            )
            for section in sections
        ]

    assert listed("/sources/") == [("Alpha", 2), ("Bravo", 2), ("Cited", 0)]
    assert listed("/sources/?tag=x") == [("Alpha", 1), ("Bravo", 1)]
    assert listed("/sources/?tag=nothing-carries-this") == []
