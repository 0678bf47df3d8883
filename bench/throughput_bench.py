"""Throughput under gunicorn: requests/s of a list page and a detail page
against `/robots.txt` of the same app in the same run, the page cache on as
deployed (its first request renders; `wrk` then measures the cached path
with one version query per request, as every reader sees it).

gunicorn runs 2 sync workers on a free loopback port against the render
bench's scale-N database; `wrk` (Debian: `apt-get install -y wrk`) loads each
URL for `--wrk-seconds` with a few connections.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from import_bench import ROOT, environment, manage
from render_bench import databases
from table import Row

LIST_RATIO = 0.50
DETAIL_RATIO = 0.20
CONNECTIONS = 4


def add_arguments(parser) -> None:
    parser.add_argument("--wrk-seconds", type=int, default=10, help="wrk run per URL (10)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def requests_per_second(url: str, seconds: int) -> float:
    done = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Requests/sec:\s*([\d.]+)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if errors:
        raise SystemExit(f"wrk: {errors.group(1)} error responses from {url}")
    return float(found.group(1))


def detail_url(database_url: str) -> str:
    out = manage(
        "shell",
        "-c",
        "from dossier.models import Quote; "
        "print(Quote.objects.published().order_by('pk').first().get_absolute_url())",
        database_url=database_url,
    )
    return out.strip().splitlines()[-1]


def section(args) -> list[Row]:
    if shutil.which("wrk") is None:
        print(
            "  throughput: wrk is not installed (apt-get install -y wrk); skipped",
            file=sys.stderr,
        )
        return [Row("throughput", "needs wrk", "wrk not installed: apt-get install -y wrk", False)]
    rows = []
    for kind, database_url in databases(args):
        print(f"  throughput, {kind} …", file=sys.stderr, flush=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = dict(environment(database_url), DJANGO_HTTPS="0", DJANGO_PAGE_CACHE="1")
        server = subprocess.Popen(
            [
                os.path.join(os.path.dirname(sys.executable), "gunicorn"),
                "dossier.wsgi",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            urls = {
                "robots.txt": "/robots.txt",
                "list (/quotes/)": "/quotes/",
                "detail (a quote)": detail_url(database_url),
            }
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/robots.txt", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.2)
            for path in urls.values():  # each worker renders once
                for _ in range(4):
                    urllib.request.urlopen(base + path, timeout=60).read()
            rates = {
                name: requests_per_second(base + path, args.wrk_seconds)
                for name, path in urls.items()
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
        baseline = rates["robots.txt"]
        rows.append(Row(f"{kind}: /robots.txt under gunicorn", "", f"{baseline:.0f} req/s"))
        for name, target in (("list (/quotes/)", LIST_RATIO), ("detail (a quote)", DETAIL_RATIO)):
            ratio = rates[name] / baseline
            rows.append(
                Row(
                    f"{kind}: {name} vs /robots.txt",
                    f"≥ {target:.0%}",
                    f"{rates[name]:.0f} req/s = {ratio:.0%}",
                    ratio >= target,
                )
            )
    return rows
