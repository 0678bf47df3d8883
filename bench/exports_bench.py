"""The open formats at scale N: /timeline.json, /quotes.csv and /claims.csv
built whole from the scale-N dossier (render_bench.py's database, imported
once and kept), the page cache off so each figure is the work of building.

    .venv/bin/python bench/exports_bench.py [--scale 1] [--database sqlite|postgres|both]

Prints, per database and export: the median of `--requests` builds after a
warm-up, its SQL queries, the response's size and the Python memory the
build peaked at (tracemalloc). Not part of run.py's table: these are
downloads, not pages, and have no page target.
"""

import argparse
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

EXPORTS = ["/timeline.json", "/quotes.csv", "/claims.csv"]


def child(requests: int) -> None:
    from render_bench import _setup

    _setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from table import median

    client = Client()
    results = []
    for url in EXPORTS:
        client.get(url)  # warm-up
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        tracemalloc.start()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        results.append(
            {
                "url": url,
                "p50_ms": median(times) * 1000,
                "queries": len(queries.captured_queries),
                "kb": len(response.content) / 1024,
                "peak_mb": peak / 2**20,
                "status": response.status_code,
            }
        )
    print(json.dumps(results))


def main() -> None:
    from render_bench import databases, measure

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    for kind, url in databases(args):
        for row in measure(url, "--child", args.requests, script=__file__):
            print(
                f"{kind}: {row['url']} p50 {row['p50_ms']:.0f} ms, {row['queries']} queries, "
                f"{row['kb']:.0f} KB, Python peak {row['peak_mb']:.0f} MB ({row['status']})"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(int(sys.argv[2]))
    else:
        main()
