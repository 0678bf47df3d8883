"""How many of the throughput bench's 1,000 pages one edit renders again.

In-process (Django's test client, the page cache on in this process's
memory, DJANGO_PAGE_FRESHNESS=0), against the render bench's scale-N
SQLite database: every page of the mix is rendered and cached, then one
edit is saved as `editor.py` saves it (a published quote's notes), or as a
grade changes (a published quote's credibility), and every page is read
again. A count, not a time, so the machine's load does not move it.

    .venv/bin/python bench/edit_reach_bench.py [--scale 1] [--pages 1000]
"""

import argparse
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def child() -> None:
    sys.path.insert(0, str(BENCH.parent))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dossier.models import Quote

    paths = Path(os.environ["BENCH_PATHS"]).read_text().split()
    client = Client()

    def renders() -> int:
        count = 0
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            count += bool(queries)
        return count

    first = renders()
    print(f"pages: {len(paths)}; rendered first: {first}; rendered again unchanged: {renders()}")
    quote = Quote.objects.published().order_by("pk")[3]
    quote.notes = f"Checked again ({quote.version})."
    quote.save()
    print(f"after new wording of one quote (as editor.py saves): {renders()} rendered again")
    quote.credibility = 5 if quote.credibility != 5 else 4
    quote.save()
    print(f"after a new grade of one quote: {renders()} rendered again")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--pages", type=int, default=1000, help="the first N of the mix (1000)")
    args = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    import subprocess
    import tempfile

    from import_bench import ROOT, environment
    from render_bench import dossier, pages_database
    from throughput_bench import pages_to_read

    url = pages_database("sqlite", dossier(args.scale, args.seed))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(pages_to_read(url)[: args.pages]) + "\n")
    env = dict(
        environment(url),
        BENCH_PATHS=listing.name,
        DJANGO_SETTINGS_MODULE="dossier.settings",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_HTTPS="0",
        DJANGO_PAGE_CACHE="1",
        DJANGO_PAGE_FRESHNESS="0",
        DJANGO_CACHE_URL="",
    )
    try:
        subprocess.run([sys.executable, __file__, "--child"], cwd=ROOT, env=env, check=True)
    finally:
        os.unlink(listing.name)


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        main()
