"""Page figures at scale N: p50 server time and SQL queries of every public
page type and every admin changelist (render), and of one- and two-word
searches (search_bench.py shares this module's database and child).

The scale-N dossier is imported once per database into a database of the
bench's own (SQLite `bench/out/pages.sqlite3`, PostgreSQL `dossier_pages`)
and reused while its migrations match. Each database is measured in a child
process (this file run as a script) with the Django test client, the page
cache off, so the figures are the work of rendering: `--requests` requests
per page after one warm-up, the median shown with its query count. Nothing
is kept between renders, so the median is what the first render after a
change costs; the process's first three renders are shown beside it.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from import_bench import OUT, POSTGRES_URL, ROOT, dossier, environment, manage, postgres_answers
from table import Row, median

PUBLIC_MS = 50.0
ADMIN_MS = 300.0
PUBLIC_QUERIES = 12
PAGES_POSTGRES_URL = POSTGRES_URL.rsplit("/", 1)[0] + "/dossier_pages"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--requests", type=int, default=20, help="requests per page; p50 shown (20)"
    )


# -- the database the pages are read from -----------------------------------------


def pages_database(kind: str, folder: Path) -> str:
    """A database holding the scale-N dossier, imported once and kept."""
    if kind == "sqlite":
        path = OUT / f"pages-{folder.name}.sqlite3"
        url = f"sqlite:///{path}"
        if not path.exists():
            print(f"  importing {folder.name} into {path.name} …", file=sys.stderr, flush=True)
            manage("migrate", "-v0", database_url=url)
            manage("import_dossier", str(folder), database_url=url)
        manage("migrate", "-v0", database_url=url)
        return url
    import psycopg

    # BENCH_PAGES_PREFIX lets two people benchmark on one server without dropping each
    # other's pages.
    prefix = os.environ.get("BENCH_PAGES_PREFIX", "dossier_pages")
    name = f"{prefix}_{folder.name.replace('-', '_').replace('.', '_')}"
    url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            db.execute(f'CREATE DATABASE "{name}"')
    if not exists:
        print(f"  importing {folder.name} into {name} …", file=sys.stderr, flush=True)
        manage("migrate", "-v0", database_url=url)
        manage("import_dossier", str(folder), database_url=url)
    manage("migrate", "-v0", database_url=url)
    return url


def databases(args) -> list[tuple[str, str]]:
    folder = dossier(args.scale, args.seed)
    # Pages are rendered with the deployed settings, whose static storage reads
    # the manifest collectstatic writes.
    manage("collectstatic", "--noinput", "-v0")
    wanted = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    found = []
    for kind in wanted:
        if kind == "postgres" and not postgres_answers():
            print("  PostgreSQL does not answer: skipped", file=sys.stderr)
            continue
        found.append((kind, pages_database(kind, folder)))
    return found


def measure(database_url: str, what: str, requests: int, script: str = __file__) -> list[dict]:
    """Run `script` (this file unless told) as a child against
    `database_url`; its measurements, the last line it prints."""
    done = subprocess.run(
        [sys.executable, script, what, str(requests)],
        cwd=ROOT,
        # The test client's host name is allowed; the test environment is not
        # set up, since it copies every template context for inspection.
        env=dict(
            environment(database_url),
            DJANGO_PAGE_CACHE="0",
            DJANGO_HTTPS="0",
            DJANGO_ALLOWED_HOSTS="testserver",
        ),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{Path(script).name} {what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def section(args) -> list[Row]:
    rows = []
    for kind, url in databases(args):
        print(f"  render, {kind} …", file=sys.stderr, flush=True)
        for page in measure(url, "render", args.requests):
            admin = page["name"].startswith("admin ")
            target = ADMIN_MS if admin else PUBLIC_MS
            queries = page["queries"]
            ok = page["p50_ms"] <= target and (admin or queries <= PUBLIC_QUERIES)
            rows.append(
                Row(
                    f"{kind}: {page['name']} p50 (queries)",
                    f"≤ {target:.0f} ms" + ("" if admin else f", ≤ {PUBLIC_QUERIES} q"),
                    f"{page['p50_ms']:.1f} ms ({queries} q, {page['status']}; "
                    f"first of the process {page['cold_ms']:.0f} ms)",
                    ok and page["status"] == 200,
                )
            )
    return rows


# -- the child: pages timed in-process -------------------------------------------------


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossier.settings")
    import django

    django.setup()


def public_pages() -> list[tuple[str, str]]:
    """One URL of every public page type, picked from the data: the busiest
    person, quote, source, outlet, claim and tag, the middle event."""
    from django.db.models import Count

    from dossier import selectors, sitemaps
    from dossier.models import Event, Outlet, Person, Quote, Source

    def busiest(queryset, relation):
        return queryset.annotate(n=Count(relation)).order_by("-n", "pk").first()

    person = busiest(Person.objects.published(), "quotes")
    quote = Quote.objects.published().filter(statement__status="published").order_by("pk").first()
    events = Event.objects.published().order_by("date", "pk")
    event = events[events.count() // 2]
    source = busiest(Source.objects.published(), "quotes")
    outlet = busiest(Outlet.objects.published(), "sources")
    claim = busiest(selectors.public_claims(), "reports")
    last_sitemap_page = sitemaps.SITEMAPS["quotes"]().paginator.num_pages
    tag = (
        selectors.tags_in_use().annotate(n=Count("taggit_taggeditem_items")).order_by("-n").first()
    )
    # A page number past the end gives the last page: the deepest, the
    # slowest to find by walking past the rows before it.
    last = "page=999999"
    return [
        ("overview", "/"),
        ("timeline", "/timeline/"),
        ("timeline, last page", f"/timeline/?{last}"),
        ("timeline by tag", f"/timeline/?tag={tag.slug}"),
        ("event", event.get_absolute_url()),
        ("people", "/people/"),
        ("people, last page", f"/people/?{last}"),
        ("people by tag", f"/people/?tag={tag.slug}"),
        ("person (most quotes)", person.get_absolute_url()),
        ("quotes", "/quotes/"),
        ("quotes, page 500", "/quotes/?page=500"),
        ("quotes, last page", f"/quotes/?{last}"),
        ("quotes by speaker", f"/quotes/?speaker={person.slug}"),
        ("quotes by tag", f"/quotes/?tag={tag.slug}"),
        ("quote", quote.get_absolute_url()),
        ("statement", quote.statement.get_absolute_url()),
        ("sources", "/sources/"),
        ("sources by tag", f"/sources/?tag={tag.slug}"),
        ("source", source.get_absolute_url()),
        ("outlet (most articles)", outlet.get_absolute_url()),
        ("outlet, last page", f"{outlet.get_absolute_url()}?{last}"),
        ("claims", "/claims/"),
        ("claims, last page", f"/claims/?{last}"),
        ("claims by tag", f"/claims/?tag={tag.slug}"),
        ("claim", claim.get_absolute_url()),
        ("contested", "/contested/"),
        ("contested, last page", f"/contested/?{last}"),
        ("tags", "/tags/"),
        ("tags, last page", f"/tags/?{last}"),
        ("tag", f"/tags/{tag.slug}/"),
        ("search", "/search/?q=minister"),
        ("search, one kind, last page", f"/search/?q=ceasefire&kind=quotes&{last}"),
        ("feed", "/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap, quotes page 1", "/sitemap-quotes.xml"),
        ("sitemap, quotes last page", f"/sitemap-quotes.xml?p={last_sitemap_page}"),
        ("robots.txt", "/robots.txt"),
    ]


def admin_pages() -> list[tuple[str, str]]:
    """Every changelist, and the change page with the most inline rows of
    each kind that has them: the article with the most quotes, the
    statement with the most renderings, the event with the most people, the
    claim with the most reports, the quote with the longest chain."""
    from django.contrib import admin
    from django.db.models import Count
    from django.urls import reverse

    from dossier.models import Claim, Event, Quote, Source, Statement

    changelists = [
        (
            f"admin {model._meta.verbose_name_plural}",
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        )
        for model in admin.site._registry
        if model._meta.app_label == "dossier"
    ]
    change_pages = []
    for model, rows, label in [
        (Source, "quotes", "quotes"),
        (Statement, "quotes", "renderings"),
        (Event, "participations", "people"),
        (Claim, "reports", "reports"),
        (Quote, "hops", "hops"),
    ]:
        busiest = model.objects.annotate(n=Count(rows)).order_by("-n", "pk").first()
        name = model._meta.model_name
        change_pages.append(
            (
                f"admin {name} change page ({busiest.n} {label})",
                reverse(f"admin:dossier_{name}_change", args=[busiest.pk]),
            )
        )
    return changelists + change_pages


def time_pages(pages, requests: int, client) -> list[dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for name, url in pages:
        # Nothing is kept between renders (the page cache is off), so every
        # render is what the first after a change costs; the first three of
        # the process are shown beside the median.
        cold = []
        for _ in range(3):
            started = time.perf_counter()
            client.get(url)
            cold.append(time.perf_counter() - started)
        client.get(url)  # warm-up: templates, content types
        times = []
        for _ in range(requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
        results.append(
            {
                "name": name,
                "url": url,
                "p50_ms": median(times) * 1000,
                "cold_ms": median(cold) * 1000,
                "queries": len(queries.captured_queries),
                "status": response.status_code,
            }
        )
        print(f"    {name}: {results[-1]['p50_ms']:.1f} ms", file=sys.stderr, flush=True)
    return results


def superuser_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    return client


def child(what: str, requests: int) -> None:
    _setup()
    from django.test import Client

    if what == "render":
        results = time_pages(public_pages(), requests, Client())
        results += time_pages(admin_pages(), requests, superuser_client())
    else:
        from search_bench import QUERIES

        pages = [(query, "/search/?" + urlencode({"q": query})) for query in QUERIES]
        results = time_pages(pages, requests, Client())
    print(json.dumps(results))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    child(sys.argv[1], int(sys.argv[2]))
