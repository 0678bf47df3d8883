"""Hostile text: whatever an editor types or a fixture holds, readers get
text, never markup that runs.

About 1,300 XSS vectors from public filter-evasion lists (tests/data/xss/,
see its README) go into every text field, through the fixture importer and
through the admin's forms.  Then every public page, the JSON-LD inside them,
the feed, the sitemap and the JSON export are parsed, and so are the admin
pages holding the vectors: no script but JSON-LD, no `on…` attribute, no
`javascript:`/`vbscript:`/`data:` URL, no element a template did not write.
Rich fields must come out of `dossier.sanitize` clean and stable.

Vectors are batched (50 to a text field, as many as fit in a short field)
so the whole file runs in seconds; a failure names the page and the markup.
"""

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from dossier.models import Event, Outlet, Person, Quote, Source, Statement, Status
from dossier.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_PROTOCOLS, ALLOWED_TAGS, sanitize
from tests.admin_forms import form_defaults
from tests.factories import make_event, make_person, make_quote, make_source
from tests.sitemap_walk import sitemap_pages, sitemap_urls, walk_sitemap

try:  # a spec-conformant parser, when one is installed (bleach vendors one)
    import html5lib
except ImportError:  # pragma: no cover - depends on what is installed
    try:
        from bleach._vendor import html5lib
    except ImportError:
        html5lib = None

DATA = Path(__file__).resolve().parent / "data" / "xss"
BATCH = 50


def load_corpus() -> list[str]:
    """Every vector once: the *.txt lists (one a line) and escaped.jsonl
    (vectors holding line breaks or control characters)."""
    vectors = []
    for path in sorted(DATA.glob("*.txt")):
        vectors += [line for line in path.read_text(encoding="utf-8").split("\n") if line]
    for line in (DATA / "escaped.jsonl").read_text(encoding="utf-8").splitlines():
        vectors.append(json.loads(line)["vector"])
    return vectors


CORPUS = load_corpus()


def batches(vectors: list[str] = CORPUS, size: int = BATCH) -> list[str]:
    """The corpus as text-field values of `size` vectors, one a line."""
    return ["\n".join(vectors[i : i + size]) for i in range(0, len(vectors), size)]


class Packer:
    """Fills short fields with as many vectors as fit, going round the
    corpus, so that across all short fields most of it is used too."""

    def __init__(self, vectors: list[str] = CORPUS, start: int = 0):
        self.vectors = vectors
        self.position = start

    def take(self, limit: int) -> str:
        parts: list[str] = []
        size = 0
        while True:
            vector = self.vectors[self.position % len(self.vectors)]
            if not parts and len(vector) > limit:
                self.position += 1
                return vector[:limit]
            if size + len(vector) + (1 if parts else 0) > limit:
                return " ".join(parts)
            size += len(vector) + (1 if parts else 0)
            parts.append(vector)
            self.position += 1

    def tag(self) -> str:
        return self.take(100).strip() or "tag"


# --- Reading what the site sends


def _template_elements() -> frozenset[str]:
    """Every element name the templates (and the HTML our Python code
    writes) can produce; anything else on a page came from content."""
    names = {"p", "br", "mark", "a", "script"}  # highlight.py, word_diff, JSON-LD
    templates = [
        path
        for engine in settings.TEMPLATES
        for folder in engine["DIRS"]
        for path in Path(folder).rglob("*.html")
    ]
    for path in templates:
        names.update(re.findall(r"<([a-z][a-z0-9]*)", path.read_text(encoding="utf-8")))
    if "h" in names:  # <h{{ level }}>
        names.update(f"h{n}" for n in range(1, 7))
    return frozenset(names)


TEMPLATE_ELEMENTS = _template_elements()
PUBLIC_ELEMENTS = TEMPLATE_ELEMENTS | ALLOWED_TAGS
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "lowsrc",
        "dynsrc",
        "cite",
        "codebase",
        "ping",
        "longdesc",
        "manifest",
    }
)
NEVER_IN_A_PAGE = frozenset(
    {"svg", "math", "iframe", "frame", "frameset", "object", "embed", "applet", "base"}
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")


def dangerous_url(value: str) -> bool:
    """Whether a (decoded) attribute value would run as a URL: browsers drop
    tabs and newlines anywhere and control characters and spaces around."""
    cleaned = "".join(
        char
        for char in value
        if not (char.isspace() or unicodedata.category(char) in {"Cc", "Cf", "Zs"})
    ).lower()
    return cleaned.startswith(DANGEROUS_SCHEMES)


class _Scan(HTMLParser):
    """Elements with their (entity-decoded) attributes, and each script
    element's raw text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.in_svg: list[tuple[str, list]] = []  # elements inside an <svg>
        self._script: tuple[dict, list[str]] | None = None
        self._svg_depth = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if self._svg_depth:
            self.in_svg.append((tag, attrs))
        if tag == "svg":
            self._svg_depth += 1
        if tag == "script":
            self._script = (dict(attrs), [])

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))
        if self._svg_depth:
            self.in_svg.append((tag, attrs))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)

    def handle_endtag(self, tag):
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None


def scan(html: str) -> _Scan:
    parser = _Scan()
    parser.feed(html)
    parser.close()
    if parser._script is not None:  # an unclosed script swallowed the rest
        parser.scripts.append((parser._script[0], "".join(parser._script[1])))
    return parser


def _attribute_problems(tag: str, attrs) -> list[str]:
    problems = []
    for name, value in attrs:
        if name.startswith("on"):
            problems.append(f"<{tag} {name}={value!r}>: event handler attribute")
        elif name == "srcdoc":
            problems.append(f"<{tag} srcdoc>: a document in an attribute")
        elif (name in URL_ATTRIBUTES or name.endswith(":href")) and dangerous_url(value or ""):
            problems.append(f"<{tag} {name}={value!r}>: script or data URL")
    return problems


def json_ld_problems(data: str) -> list[str]:
    """A JSON-LD block must be one JSON value that cannot end or re-open the
    script element it sits in."""
    problems = []
    lowered = data.lower()
    for marker in ("</script", "<script", "<!--"):
        if marker in lowered:
            problems.append(f"JSON-LD holds {marker!r} raw")
    try:
        value = json.loads(data)
    except ValueError as error:
        problems.append(f"JSON-LD does not parse: {error}: {data[:200]!r}")
    else:
        if not isinstance(value, dict):
            problems.append(f"JSON-LD is not one object: {data[:200]!r}")
    return problems


def page_problems(html: str) -> list[str]:
    """What makes a public page unsafe: an element no template writes, a
    script other than JSON-LD, an event handler, a script URL."""
    parsed = scan(html)
    problems = []
    for tag, attrs in parsed.elements:
        if tag in NEVER_IN_A_PAGE or tag not in PUBLIC_ELEMENTS:
            problems.append(f"<{tag}> is not written by any template: content became markup")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            problems.append(f"<meta {attrs!r}>: http-equiv from content")
        if any(name == "style" for name, _ in attrs):
            problems.append(f"<{tag} style>: inline style on a public page")
        problems += _attribute_problems(tag, attrs)
    for attrs, data in parsed.scripts:
        if attrs.get("type") != "application/ld+json" or "src" in attrs:
            problems.append(f"<script {attrs!r}>{data[:120]!r}: executable script")
        else:
            problems += json_ld_problems(data)
    return problems


def json_ld_blocks(html: str) -> list[dict]:
    return [
        json.loads(data)
        for attrs, data in scan(html).scripts
        if attrs.get("type") == "application/ld+json"
    ]


def fragment_problems(html: str, allowed: frozenset[str] = PUBLIC_ELEMENTS) -> list[str]:
    """`page_problems` for a piece of HTML (sanitised notes, a feed entry)."""
    problems = []
    for tag, attrs in scan(html).elements:
        if tag not in allowed:
            problems.append(f"<{tag}> in a fragment")
        problems += _attribute_problems(tag, attrs)
    return problems


# --- The sanitiser, vector by vector


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def sanitized_problems(text: str, clean: str) -> list[str]:
    """What must never be in `sanitize()` output, checked on the parsed
    output (entity-encoded text such as `&lt;script&gt;` is just text) with
    the standard library's parser and, where installed, html5lib (the
    algorithm browsers use)."""
    problems = []
    lowered = clean.lower()
    for tag in ("script", "svg", "math", "iframe", "object", "embed", "style", "link", "meta"):
        if f"<{tag}" in lowered:
            problems.append(f"raw <{tag}")
    for tag in ("base", "form", "img", "input", "textarea", "title", "noscript", "template"):
        if re.search(rf"<{tag}[\s/>]", lowered):
            problems.append(f"raw <{tag}")
    found = [(tag, attrs) for tag, attrs in scan(clean).elements]
    if html5lib is not None:
        tree = html5lib.parseFragment(clean, treebuilder="etree", namespaceHTMLElements=False)
        for element in tree.iter():
            if isinstance(element.tag, str) and element.tag != "DOCUMENT_FRAGMENT":
                found.append((_local(element.tag), [(_local(k), v) for k, v in element.items()]))
    for tag, attrs in found:
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}> is not on the allowlist")
            continue
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES.get(tag, ()):
                problems.append(f"<{tag} {name}> is not on the allowlist")
            elif name in {"href", "cite"} and value:
                scheme = re.match(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):", value)
                if dangerous_url(value) or (scheme and scheme[1].lower() not in ALLOWED_PROTOCOLS):
                    problems.append(f"<{tag} {name}={value!r}> is not an allowed link")
    return [f"{text[:80]!r} -> {clean[:160]!r}: {problem}" for problem in problems]


def test_the_corpus_is_large_distinct_and_shipped():
    assert 500 <= len(CORPUS) <= 1500
    assert len(set(CORPUS)) == len(CORPUS)
    assert sum(path.stat().st_size for path in DATA.iterdir()) < 1024 * 1024
    assert (DATA / "README.md").exists()


@pytest.mark.parametrize(
    "markup",
    [
        "<p><script>alert(1)</script></p>",
        '<p><img src=x onerror="alert(1)"></p>',
        '<p><a href="jav&#x09;ascript:alert(1)">x</a></p>',
        '<p><a href=" &#14; JaVaScRiPt&colon;alert(1)">x</a></p>',
        '<p><a href="data:text/html,x">x</a></p>',
        "<p><svg><a>x</a></svg></p>",
        "<p><x-made-up>content</x-made-up></p>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
        '<script type="application/ld+json">{"a": "<!--<script>"}</script>',
        '<script type="application/ld+json">{"a": 1} alert(1)</script>',
    ],
)
def test_the_page_check_catches_what_it_looks_for(markup):
    assert page_problems(f"<main>{markup}</main>")


def test_the_page_check_passes_a_clean_page():
    html = (
        '<main><p class="x"><a href="/people/a/" title="&lt;script&gt;">&lt;svg onload=alert(1)&gt;</a>'
        '</p><script type="application/ld+json">{"name": "\\u003C/script\\u003E"}</script></main>'
    )
    assert page_problems(html) == []


def test_sanitising_twice_changes_nothing_for_any_vector():
    unstable = [v for v in CORPUS if sanitize(sanitize(v)) != sanitize(v)]
    unstable += [b for b in batches() if sanitize(sanitize(b)) != sanitize(b)]
    assert not unstable, f"{len(unstable)} unstable, e.g. {unstable[:3]!r}"


def test_no_vector_survives_the_sanitiser():
    problems = []
    for text in [*CORPUS, *batches()]:
        problems += sanitized_problems(text, sanitize(text))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


# --- Through the importer


def write_hostile_fixture(folder: Path) -> int:
    """A fixture whose every text field holds vectors; returns how many items
    of each kind it has (one per batch of the corpus).  Slugs start "x-" so
    they never meet the factories' ("person-3")."""
    texts = batches()
    n = len(texts)
    pack = Packer()
    day = "2025-10-{:02d}"

    def wrap(i: int) -> int:
        return (i + 1) % n

    outlets, people, statements, sources, quotes, events, claims = [], [], [], [], [], [], []
    (folder / "sources").mkdir(parents=True)
    for i, text in enumerate(texts):
        lines = text.split("\n")
        outlets.append(
            {
                "slug": f"x-outlet-{i}",
                "name": pack.take(200),
                "homepage": f"https://outlet-{i}.example/",
                "country": pack.take(100),
                "language": pack.take(20),
                "reliability": "BCDEFA"[i % 6],
                "reliability_rationale": pack.take(500),
                "notes": text,
                "status": "published",
            }
        )
        people.append(
            {
                "slug": f"x-person-{i}",
                "name": pack.take(200),
                "aliases": [line for line in lines if line.strip()],
                "role": pack.take(200),
                "affiliation": pack.take(200),
                "bio": text,
                "background_title": pack.take(200),
                "background_url": f"https://reference-{i}.example/person",
                "tags": [pack.tag()],
                "notes": text,
                "status": "published",
            }
        )
        statements.append(
            {
                "slug": f"x-statement-{i}",
                "title": pack.take(300),
                "grouping_rationale": pack.take(500),
                "notes": text,
                "status": "published",
            }
        )
        (folder / "sources" / f"x-source-{i}.txt").write_text(
            f"Article {i}.\n\n{text}\n", encoding="utf-8"
        )
        sources.append(
            {
                "slug": f"x-source-{i}",
                "title": pack.take(500),
                "outlet": f"x-outlet-{i}",
                "url": f"https://outlet-{i}.example/article?id={i}",
                "byline": pack.take(300),
                "published_on": day.format(1 + i % 28),
                "language": pack.take(20),
                "body": f"sources/x-source-{i}.txt",
                "cites": [
                    {"outlet": f"x-outlet-{wrap(i)}", "note": pack.take(300)},
                    {"source": f"x-source-{wrap(i)}", "note": pack.take(300)},
                ],
                **({"reliability": "C"} if i % 2 else {}),
                "reliability_rationale": pack.take(500),
                "tags": [pack.tag()],
                "notes": text,
                "status": "published",
            }
        )
        quotes.append(
            {
                "slug": f"x-quote-{i}",
                "text": text,
                "source": f"x-source-{i}",
                "speaker": f"x-person-{i}",
                "speaker_description": pack.take(300),
                "statement": f"x-statement-{i}",
                "attribution": "second_hand" if i % 2 else "on_record",
                **({"relayed_from": f"x-outlet-{wrap(i)}"} if i % 2 else {}),
                "credibility": 1 + i % 6,
                "credibility_rationale": pack.take(500),
                "context": pack.take(500),
                "said_on": day.format(1 + i % 28),
                "chain": [
                    {"person": f"x-person-{i}", "how": "said", "context": pack.take(300)},
                    {
                        "description": pack.take(300),
                        "how": "told",
                        "context": pack.take(300),
                        "on_record": False,
                    },
                    {"outlet": f"x-outlet-{i}", "how": "reported"},
                ],
                "tags": [pack.tag()],
                "notes": text,
                "status": "published",
            }
        )
        # A second rendering of the statement (part of the same words), so
        # statement pages compare hostile renderings word by word.
        quotes.append(
            {
                "slug": f"x-quote-{i}-unnamed",
                "text": "\n".join(lines[: len(lines) // 2]),
                "source": f"x-source-{i}",
                "speaker_description": pack.take(300),
                "statement": f"x-statement-{i}",
                "attribution": "anonymous",
                "credibility": 6,
                "context": pack.take(500),
                "status": "published",
            }
        )
        events.append(
            {
                "slug": f"x-event-{i}",
                "title": pack.take(300),
                "date": day.format(1 + i % 28),
                "date_precision": ["day", "month", "approximate"][i % 3],
                "summary": text,
                "location": pack.take(200),
                "participants": [
                    {"person": f"x-person-{i}", "role": pack.take(200)},
                    {"person": f"x-person-{wrap(i)}", "role": pack.take(200)},
                ],
                "sources": [f"x-source-{i}"],
                "tags": [pack.tag()],
                "notes": text,
                "status": "published",
            }
        )
        claims.append(
            {
                "slug": f"x-claim-{i}",
                "title": pack.take(300),
                "summary": text,
                "credibility": 3,
                "credibility_rationale": pack.take(500),
                "event": f"x-event-{i}",
                "reports": [
                    {
                        "source": f"x-source-{i}",
                        "chain": [
                            {
                                "description": pack.take(300),
                                "how": "told",
                                "context": pack.take(300),
                            },
                            {"outlet": f"x-outlet-{i}", "how": "reported"},
                        ],
                    }
                ],
                "links": [
                    {
                        "kind": "contradicts",
                        "claim": f"x-claim-{wrap(i)}",
                        "rationale": pack.take(500),
                        "sources": [f"x-source-{i}"],
                        "resolved": True,
                        "resolution": pack.take(500),
                    }
                ],
                "tags": [pack.tag()],
                "notes": text,
                "status": "published",
            }
        )
    whole = "\n".join(CORPUS)
    story = {
        "slug": "hostile-story",
        "title": pack.take(300),
        "summary": whole,
        "notes": whole,
        "status": "published",
    }
    files = {
        "story.yaml": story,
        "outlets.yaml": outlets,
        "people.yaml": people,
        "statements.yaml": statements,
        "sources.yaml": sources,
        "quotes.yaml": quotes,
        "events.yaml": events,
        "claims.yaml": claims,
    }
    for name, data in files.items():
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
        (folder / name).write_text(text, encoding="utf-8")
    return n


@pytest.fixture(scope="module")
def hostile_dossier(django_db_setup, django_db_blocker, tmp_path_factory):
    """The hostile fixture imported once for the module's tests (each test
    runs in its own savepoint inside; all of it is rolled back at the end)."""
    folder = tmp_path_factory.mktemp("xss") / "hostile"
    n = write_hostile_fixture(folder)
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("import_dossier", str(folder), stdout=StringIO())
        assert Quote.objects.published().count() == 2 * n
        yield n
        transaction.set_rollback(True)


SEARCHES = [CORPUS[0], CORPUS[100], "<script>", "onerror=alert(1)", "javascript:", "</textarea>"]


def _next_links(html: str) -> list[str]:
    links = []
    for tag, attrs in scan(html).elements:
        attrs = dict(attrs)
        if tag == "a" and attrs.get("rel") == "next" and attrs.get("href"):
            links.append(attrs["href"])
    return links


def public_urls(client) -> list[str]:
    """Every page the sitemap lists, the list pages, filters and searches."""
    urls = sitemap_urls(client)
    urls += ["/", "/timeline/", "/people/", "/quotes/", "/sources/", "/tags/"]
    person = Person.objects.published().filter(tags__isnull=False).first()
    if person:
        tag = person.tags.first().slug
        urls += [
            f"/timeline/?person={person.slug}",
            f"/people/?tag={tag}",
            f"/quotes/?speaker={person.slug}",
            f"/sources/?tag={Source.objects.published().first().tags.first().slug}",
            f"/quotes/?tag={Quote.objects.published().filter(tags__isnull=False)[0].tags.first().slug}",
            "/quotes/?attribution=second_hand&credibility=2",
        ]
    event = Event.objects.published().filter(tags__isnull=False).first()
    if event:
        urls.append(f"/timeline/?tag={event.tags.first().slug}")
    for query in SEARCHES:
        urls.append("/search/?" + urlencode({"q": query}))
        urls.append("/search/?" + urlencode({"q": query[:40], "kind": "quotes"}))
    # Pagination links repeat the query string: hostile parameters too.
    urls.append("/quotes/?" + urlencode({"page": 2, "tag": CORPUS[3], CORPUS[0][:40]: CORPUS[1]}))
    return list(dict.fromkeys(urls))


def assert_public_site_is_safe(client) -> int:
    """Walk every public URL (and each list's further pages); return how
    many pages were checked."""
    seen: set[str] = set()
    queue = public_urls(client)
    failures = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), url
        html = response.content.decode()
        failures += [f"{url}: {problem}" for problem in page_problems(html)]
        for link in _next_links(html):
            queue.append(link if link.startswith("/") else url.split("?")[0] + link)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:20])
    return len(seen)


def assert_machine_readable_views_are_safe(client) -> dict:
    """The feed, sitemap, robots.txt and JSON export parse as what they say
    they are, and what they carry stays data; returns the export."""
    feed = client.get("/feed/")
    assert feed.status_code == 200
    root = ET.fromstring(feed.content)  # well-formed, whatever the titles hold
    atom = "{http://www.w3.org/2005/Atom}"
    for summary in root.iter(f"{atom}summary"):
        problems = fragment_problems(summary.text or "", TEMPLATE_ELEMENTS)
        assert not problems, problems[:5]
    for link in root.iter(f"{atom}link"):
        assert not dangerous_url(link.get("href", ""))

    # The index and every page of every section parse, and list only URLs
    # of this site.
    sitemap = walk_sitemap(client)
    locs = [loc for page in sitemap.values() for loc in page]
    assert locs and all(loc.startswith("http://testserver/") for loc in locs)

    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")

    export = client.get("/dossier.json")
    assert export.status_code == 200
    assert export["Content-Type"].split(";")[0] == "application/json"
    assert export["X-Content-Type-Options"] == "nosniff"
    data = json.loads(export.content)
    for kind in ("sources", "people", "quotes", "events"):
        for item in data[kind]:
            for key in ("notes_html", "bio_html"):
                problems = fragment_problems(item.get(key) or "", ALLOWED_TAGS)
                assert not problems, f"{kind} {item['slug']} {key}: {problems[:3]}"
            for key in ("page", "url"):
                assert not dangerous_url(item.get(key) or ""), (kind, key, item.get(key))
    return data


def test_imported_vectors_reach_no_public_page_as_markup(db, client, hostile_dossier):
    pages = assert_public_site_is_safe(client)
    details = sum(
        model.objects.published().count() for model in (Person, Quote, Statement, Source, Event)
    )
    assert pages > details + hostile_dossier  # detail and tag pages, lists, filters, searches


def test_imported_vectors_stay_data_in_the_feed_sitemap_and_export(db, client, hostile_dossier):
    data = assert_machine_readable_views_are_safe(client)
    # Round trip: the export gives back exactly what was imported.
    exported = {person["slug"]: person for person in data["people"]}
    for person in Person.objects.filter(slug__in=["x-person-0", "x-person-7"]):
        assert exported[person.slug]["name"] == person.name
        assert exported[person.slug]["aliases"] == person.alias_list
    assert data["story"]["summary"] == "\n".join(CORPUS)


JSON_LD_CASES = {
    "Person": (Person, "name", "name"),
    "Quotation": (Quote, "text", "text"),
    "NewsArticle": (Source, "title", "name"),
    "Event": (Event, "title", "name"),
}


@pytest.mark.parametrize("kind", JSON_LD_CASES)
def test_json_ld_cannot_be_broken_out_of(db, client, hostile_dossier, kind):
    model, field, key = JSON_LD_CASES[kind]
    for obj in model.objects.published().order_by("pk")[:8]:
        url = obj.get_absolute_url()
        scripts = scan(client.get(url).content.decode()).scripts
        assert len(scripts) == 1, f"{url}: {len(scripts)} script elements"
        attrs, raw = scripts[0]
        assert attrs == {"type": "application/ld+json"}, url
        assert not json_ld_problems(raw), url
        block = json.loads(raw)
        assert block["@type"] == kind
        assert block[key] == getattr(obj, field), f"{url}: the JSON-LD lost or mangled the text"


# --- The admin escapes too

DOSSIER_MODELS = [model for model in admin.site._registry if model._meta.app_label == "dossier"]
ADMIN_SCRIPT_SOURCES = ("/static/", "/admin/jsi18n/")


def _svg_is_admin_chrome(parsed: _Scan) -> list[str]:
    """The admin draws its icons with inline <svg><use href="#…">: allow
    those shapes and nothing that runs or links out."""
    problems = []
    for tag, attrs in parsed.in_svg:
        if tag not in {"svg", "symbol", "use", "path", "title", "defs", "g"}:
            problems.append(f"<{tag}> inside an <svg>")
        hrefs = [value or "" for name, value in attrs if name.endswith("href")]
        if tag == "use" and not all(href.startswith("#") for href in hrefs):
            problems.append(f"<use {attrs!r}> links outside the page")
    return problems


def admin_page_problems(html: str) -> list[str]:
    parsed = scan(html)
    problems = []
    for tag, attrs in parsed.elements:
        if tag in NEVER_IN_A_PAGE - {"svg"}:
            problems.append(f"<{tag}> in an admin page")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            problems.append(f"<meta {attrs!r}> in an admin page")
        problems += _attribute_problems(tag, attrs)
    for attrs, data in parsed.scripts:
        if attrs.get("src", "").startswith(ADMIN_SCRIPT_SOURCES) and not data.strip():
            continue
        if attrs.get("type") == "application/json" and "src" not in attrs:
            try:
                json.loads(data)
            except ValueError:
                problems.append(f"json_script does not parse: {data[:120]!r}")
            if "</script" in data.lower() or "<!--" in data:
                problems.append("json_script holds </script or <!--")
            continue
        problems.append(f"<script {attrs!r}>{data[:120]!r} in an admin page")
    return problems + _svg_is_admin_chrome(parsed)


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def assert_admin_is_safe(client, objects_by_model: dict) -> int:
    failures = []
    urls = []
    for model in DOSSIER_MODELS:
        urls.append(_admin_url(model, "changelist"))
        urls.append(_admin_url(model, "changelist") + "?" + urlencode({"q": "<script>"}))
    for model, objects in objects_by_model.items():
        for obj in objects:
            urls.append(_admin_url(model, "change", obj.pk))
            if hasattr(obj, "history"):
                urls.append(_admin_url(model, "history", obj.pk))
            urls.append(_admin_url(model, "delete", obj.pk))  # lists what goes with it
    for url in urls:
        response = client.get(url)
        if response.status_code == 403 and url.endswith("/delete/"):
            continue  # editors may not delete everything
        assert response.status_code == 200, f"{url}: {response.status_code}"
        failures += [f"{url}: {p}" for p in admin_page_problems(response.content.decode())]
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:20])
    return len(urls)


def test_admin_pages_escape_imported_vectors(db, editor_client, hostile_dossier):
    objects = {model: list(model.objects.order_by("pk")[:2]) for model in DOSSIER_MODELS}
    assert assert_admin_is_safe(editor_client, objects) > 3 * len(DOSSIER_MODELS)


# --- Through the admin's forms


def admin_add(client, model, fields: dict):
    """POST the model's add form as a browser would, with `fields` typed in."""
    url = _admin_url(model, "add")
    data = form_defaults(client.get(url).content.decode())
    data.pop("_addanother", None), data.pop("_continue", None)
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, _form_errors(response)
    # The changelist it lands on says "The … “<str(obj)>” was added".
    landing = client.get(response.url).content.decode()
    assert "was added successfully" in landing
    assert not admin_page_problems(landing), admin_page_problems(landing)[:5]
    return model.objects.get(slug=fields["slug"])


def _form_errors(response) -> str:
    context = response.context or {}
    errors = [str(context["adminform"].form.errors)] if "adminform" in context else []
    errors += [str(fs.errors) for fs in context.get("inline_admin_formsets", [])]
    return "; ".join(errors) or response.content.decode()[:500]


def _publish(client, model, obj):
    response = client.post(
        _admin_url(model, "changelist"), {"action": "published", "_selected_action": [obj.pk]}
    )
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == Status.PUBLISHED


@pytest.fixture
def admin_typed(db, editor_client, reviewer_client):
    """An outlet, a person, an article and a quote typed into the admin by an
    editor with the whole corpus in their long fields, then published by a
    reviewer."""
    corpus = "\n".join(CORPUS)
    pack = Packer(start=len(CORPUS) // 2)
    outlet = admin_add(
        editor_client,
        Outlet,
        {
            "name": pack.take(200),
            "slug": "typed-outlet",
            "homepage": "https://typed.example/",
            "country": pack.take(100),
            "language": pack.take(20),
            "reliability": "B",
            "reliability_rationale": pack.take(500),
            "notes": corpus,
            "status": "draft",
            "change_reason": pack.take(100),
        },
    )
    person = admin_add(
        editor_client,
        Person,
        {
            "name": pack.take(200),
            "slug": "typed-person",
            "aliases": corpus,
            "role": pack.take(200),
            "affiliation": pack.take(200),
            "bio": corpus,
            "tags": f"typed {pack.take(60)}, other {pack.take(60)}",
            "notes": corpus,
            "status": "draft",
        },
    )
    source = admin_add(
        editor_client,
        Source,
        {
            "title": pack.take(500),
            "slug": "typed-source",
            "outlet": str(outlet.pk),
            "url": "https://typed.example/article",
            "byline": pack.take(300),
            "published_on": "2025-10-21",
            "language": pack.take(20),
            "body": f"The article.\n\n{corpus}\n",
            "reliability": "C",
            "reliability_rationale": pack.take(500),
            "tags": f"typed {pack.take(60)}",
            "notes": corpus,
            "status": "draft",
        },
    )
    quote = admin_add(
        editor_client,
        Quote,
        {
            "text": corpus,
            "slug": "typed-quote",
            "source": str(source.pk),
            "speaker": str(person.pk),
            "speaker_description": pack.take(300),
            "context": pack.take(500),
            "said_on": "2025-10-21",
            "attribution": "second_hand",
            "relayed_from": str(outlet.pk),
            "credibility": "2",
            "credibility_rationale": pack.take(500),
            "tags": f"typed {pack.take(60)}",
            "notes": corpus,
            "status": "draft",
            "hops-0-description": pack.take(300),
            "hops-0-how": "told",
            "hops-0-context": pack.take(300),
            "hops-0-position": "0",
        },
    )
    assert quote.verbatim_found and quote.hops.count() == 1
    for model, obj in [(Outlet, outlet), (Person, person), (Source, source), (Quote, quote)]:
        _publish(reviewer_client, model, obj)
    return {Outlet: [outlet], Person: [person], Source: [source], Quote: [quote]}


def test_vectors_typed_into_the_admin_reach_no_public_page_as_markup(client, admin_typed):
    person, quote, source = admin_typed[Person][0], admin_typed[Quote][0], admin_typed[Source][0]
    tags = {tag.slug for obj in (person, quote, source) for tag in obj.tags.all()}
    urls = [
        "/",
        "/people/",
        "/quotes/",
        "/sources/",
        "/tags/",
        person.get_absolute_url(),
        quote.get_absolute_url(),
        source.get_absolute_url(),
        f"/quotes/?speaker={person.slug}",
        *(f"/tags/{slug}/" for slug in tags),
        *("/search/?" + urlencode({"q": query}) for query in SEARCHES),
    ]
    failures = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        failures += [f"{url}: {p}" for p in page_problems(response.content.decode())]
    assert not failures, "\n".join(failures[:20])
    assert_machine_readable_views_are_safe(client)
    blocks = json_ld_blocks(client.get(person.get_absolute_url()).content.decode())
    assert [block["name"] for block in blocks] == [person.name]


def test_admin_pages_escape_vectors_typed_into_them(editor_client, admin_typed):
    assert assert_admin_is_safe(editor_client, admin_typed)


def _group(client, quotes):
    return client.post(
        _admin_url(Quote, "changelist"),
        {"action": "group_as_statement", "_selected_action": [quote.pk for quote in quotes]},
        follow=True,
    )


def test_grouping_hostile_quotes_into_a_statement_escapes_the_message(editor_client):
    # The new statement's title is "<speaker>: <first quote>", shown in the
    # success message: it must arrive escaped.
    source = make_source(body="He said <svg onload=alert(1)> and <img src=x onerror=alert(2)>.")
    quotes = [
        make_quote(
            source=source,
            speaker=None,
            speaker_description="<script>alert(3)</script>",
            text=text,
            attribution=Quote.Attribution.ANONYMOUS,
            status=Status.DRAFT,  # an editor groups drafts; published quotes are a reviewer's
        )
        for text in ("<svg onload=alert(1)>", "<img src=x onerror=alert(2)>")
    ]
    html = _group(editor_client, quotes).content.decode()
    assert "quotes grouped as" in html  # the message names the statement: hostile text
    assert not admin_page_problems(html), admin_page_problems(html)[:5]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>"],
)
def test_admin_refuses_script_urls_for_links(editor_client, url):
    response = editor_client.post(
        _admin_url(Outlet, "add"),
        {"name": "Bad", "slug": "bad", "homepage": url, "reliability": "B", "status": "draft"},
    )
    assert response.status_code == 200
    assert not Outlet.objects.filter(slug="bad").exists()


# --- What the walks found: fixed ones stay as tests, open ones are xfail


def test_a_tag_of_punctuation_alone_breaks_no_page(db):
    # taggit gives a tag with no letter or digit the empty slug: no page of
    # its own, shown as text where it is used.
    client = Client(raise_request_exception=False)
    person = make_person(tags=['"><', "ok"])
    for url in (person.get_absolute_url(), "/people/", "/tags/", *sitemap_pages(client)):
        assert client.get(url).status_code == 200, url
    html = client.get(person.get_absolute_url()).content.decode()
    assert "&#34;&gt;&lt;" in html
    assert not page_problems(html)


def test_a_control_character_in_an_event_breaks_no_feed(db):
    make_event(title="Talks \x01resume <script>", summary="<b>\x01</b>", location="\x02<i>")
    response = Client(raise_request_exception=False).get("/feed/")
    assert response.status_code == 200
    summaries = [
        summary.text or ""
        for summary in ET.fromstring(response.content).iter("{http://www.w3.org/2005/Atom}summary")
    ]
    assert any("&lt;b&gt;" in summary for summary in summaries)
    assert not [problem for summary in summaries for problem in fragment_problems(summary)]


def test_grouping_long_quotes_keeps_the_history_reason_within_its_column(editor_client):
    words = "We cannot postpone what has not been agreed, said the minister to reporters today."
    source = make_source(body=f"{words} {words.upper()}")
    quotes = [
        make_quote(source=source, text=text, status=Status.DRAFT) for text in (words, words.upper())
    ]
    response = _group(editor_client, quotes)
    assert response.status_code == 200
    # The reason is a text column: the whole title is kept, on every database.
    reasons = Quote.history.filter(id__in=[q.pk for q in quotes]).values_list(
        "history_change_reason", flat=True
    )
    assert any(reason and words in reason for reason in reasons)
