"""Search figures at scale N: p50 server time of one- and two-word queries
(a name, a common word, a name variant, two words, the commonest words of the
articles, a phrase) on each database, with the query count; measured like
render_bench.py, page cache off."""

import sys

from render_bench import databases, measure
from table import Row

SEARCH_MS = 50.0
# The commonest words of the articles ("the", "said") and a phrase read every
# body's index entries.
QUERIES = [
    "minister",
    "summit",
    "peskov",
    "talks postponed",
    "foreign minister",
    "ceasefire",
    "the",
    "said",
    '"request for comment"',
]


def section(args) -> list[Row]:
    rows = []
    for kind, url in databases(args):
        print(f"  search, {kind} …", file=sys.stderr, flush=True)
        for page in measure(url, "search", args.requests):
            words = len(page["name"].split())
            rows.append(
                Row(
                    f"{kind}: search “{page['name']}” ({words} word{'s' * (words > 1)}) p50",
                    f"≤ {SEARCH_MS:.0f} ms",
                    f"{page['p50_ms']:.1f} ms ({page['queries']} q; "
                    f"first of the process {page['cold_ms']:.0f} ms)",
                    page["p50_ms"] <= SEARCH_MS and page["status"] == 200,
                )
            )
    return rows
