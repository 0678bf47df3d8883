"""Throughput under gunicorn, the page cache on as deployed.

1. Cached pages against the trivial view (`trivial_site.py`: a fixed 20 KB
   page through the same middleware): a list and a detail page, each
   rendered once per worker first, then loaded with `wrk`. Target: a cache
   hit reaches ≥ 80 % of the trivial view's requests/s.
   With the page cache off (every request a first render after a change):
   a detail page reaches ≥ 10 % and a list page ≥ 5 % of the trivial view,
   the median ratio of UNCACHED_ROUNDS rounds.
2. Readers while an editor works: `wrk` loads a mix of 1,000 public pages
   (a Lua script picks one at random per request), once alone and once while
   `editor.py` saves one public change a second. Target: readers keep
   ≥ 50 % of their throughput.

Each is measured with the pages in each worker's memory (the default) and,
when Redis answers on 127.0.0.1:6379, in Redis as several hosts share it.
gunicorn runs 2 sync workers on a free loopback port against the render
bench's scale-N database; `wrk` (Debian: `apt-get install -y wrk`) loads
each URL for `--wrk-seconds` with CONNECTIONS connections.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from import_bench import ROOT, environment, manage
from render_bench import databases
from table import Row

BENCH = Path(__file__).resolve().parent
HIT_RATIO = 0.80
UNCACHED_DETAIL_RATIO = 0.10
UNCACHED_LIST_RATIO = 0.05
EDITING_RATIO = 0.50
CONNECTIONS = 16
# Uncached pages are measured in rounds, each the trivial view then every
# page, and each ratio is the median of its rounds' ratios: on a shared
# machine one 10-second run of a page moved by ±15 % between two runs
# minutes apart, and a slow spell during a page's run counted against it.
UNCACHED_ROUNDS = 3
MIX = 1000
TRIVIAL = "/admin/trivial/"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

MIX_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
"""


def add_arguments(parser) -> None:
    parser.add_argument("--wrk-seconds", type=int, default=10, help="wrk run per URL (10)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def requests_per_second(url: str, seconds: int, script: str | None = None, env=None) -> float:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s"]
    if script:
        command += ["-s", script]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True, env=env)
    found = re.search(r"Requests/sec:\s*([\d.]+)", done.stdout)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if errors:
        raise SystemExit(f"wrk: {errors.group(1)} error responses from {url}")
    return float(found.group(1))


def pages_to_read(database_url: str) -> list[str]:
    """MIX public pages: detail pages of every kind, and list pages."""
    out = manage(
        "shell",
        "-c",
        "from dossier import selectors as s\n"
        "kinds = [(s.public_quotes(), 500), (s.people(), 150), (s.public_events(), 150),"
        " (s.public_sources(), 100), (s.public_claims(), 50)]\n"
        "for rows, n in kinds:\n"
        "    for item in rows.order_by('pk')[:n]:\n"
        "        print('PATH', item.get_absolute_url())\n",
        database_url=database_url,
    )
    paths = [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("PATH ")]
    lists = ["/", "/quotes/", "/people/", "/timeline/", "/sources/", "/claims/", "/tags/"]
    paths += [f"{page}?page={n}" for page in lists[1:] for n in range(1, 8)]
    return (lists + paths)[:MIX]


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            os.path.join(os.path.dirname(sys.executable), "gunicorn"),
            "dossier.wsgi",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            f"--pythonpath={BENCH}",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{TRIVIAL}", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def run_uncached(args, kind: str, database_url: str) -> list[Row]:
    """Renders against the trivial view, the page cache off: what readers
    get while every page is stale."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        environment(database_url),
        DJANGO_HTTPS="0",
        DJANGO_PAGE_CACHE="0",
        DJANGO_SETTINGS_MODULE="trivial_site",
    )
    server = serve(env, port)
    try:
        urls = {
            "trivial view": (TRIVIAL, None),
            "list (/quotes/)": ("/quotes/", UNCACHED_LIST_RATIO),
            "list (/timeline/)": ("/timeline/", UNCACHED_LIST_RATIO),
            "detail": (pages_to_read(database_url)[7], UNCACHED_DETAIL_RATIO),
        }
        for path, _ in urls.values():  # each worker's templates and connections warm
            for _ in range(4):
                urllib.request.urlopen(base + path, timeout=60).read()
        rounds = [
            {
                name: requests_per_second(base + path, args.wrk_seconds)
                for name, (path, _) in urls.items()
            }
            for _ in range(UNCACHED_ROUNDS)
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    baseline = statistics.median(rates["trivial view"] for rates in rounds)
    rows = [Row(f"{kind}, page cache off: trivial 20 KB view", "", f"{baseline:.0f} req/s")]
    for name, (_, target) in urls.items():
        if target is not None:
            ratios = sorted(rates[name] / rates["trivial view"] for rates in rounds)
            ratio = statistics.median(ratios)
            rate = statistics.median(rates[name] for rates in rounds)
            rows.append(
                Row(
                    f"{kind}, page cache off: {name} vs trivial",
                    f"≥ {target:.0%}",
                    f"{rate:.1f} req/s = {ratio:.1%} (rounds {ratios[0]:.1%}–{ratios[-1]:.1%})",
                    ratio >= target,
                )
            )
    return rows


def run_one(args, kind: str, database_url: str, cache: str) -> list[Row]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(
        environment(database_url),
        DJANGO_HTTPS="0",
        DJANGO_PAGE_CACHE="1",
        DJANGO_SETTINGS_MODULE="trivial_site",
        DJANGO_CACHE_URL=REDIS_URL if cache == "redis" else "",
    )
    if cache == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
    label = f"{kind}, {cache}"
    rows = []
    server = serve(env, port)
    try:
        detail = pages_to_read(database_url)[7]
        urls = {"trivial view": TRIVIAL, "list (/quotes/)": "/quotes/", "detail": detail}
        for path in urls.values():  # each worker renders once
            for _ in range(4):
                urllib.request.urlopen(base + path, timeout=60).read()
        rates = {
            name: requests_per_second(base + path, args.wrk_seconds) for name, path in urls.items()
        }
        baseline = rates["trivial view"]
        rows.append(Row(f"{label}: trivial 20 KB view", "", f"{baseline:.0f} req/s"))
        for name in ("list (/quotes/)", "detail"):
            ratio = rates[name] / baseline
            rows.append(
                Row(
                    f"{label}: cached {name} vs trivial",
                    f"≥ {HIT_RATIO:.0%}",
                    f"{rates[name]:.0f} req/s = {ratio:.0%}",
                    ratio >= HIT_RATIO,
                )
            )

        paths = pages_to_read(database_url)
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
            listing.write("\n".join(paths) + "\n")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(MIX_SCRIPT)
        wrk_env = dict(os.environ, BENCH_PATHS=listing.name)
        # Warm: every page of the mix read a few times over, concurrently so
        # both workers render it, as readers would have over a quiet spell.
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda path: urllib.request.urlopen(base + path).read(), paths * 3))
        alone = requests_per_second(base + "/", args.wrk_seconds, script.name, wrk_env)
        editor = subprocess.Popen(
            [sys.executable, str(BENCH / "editor.py")],
            cwd=ROOT,
            env=dict(env, DJANGO_SETTINGS_MODULE="dossier.settings"),
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            # Django's start-up takes seconds on a busy machine: readers are
            # measured from the editor's first save on.
            first = editor.stdout.readline().strip()
            if not first:
                raise SystemExit("editor.py stopped before its first save")
            editing = requests_per_second(base + "/", args.wrk_seconds, script.name, wrk_env)
        finally:
            editor.terminate()
            saved = editor.communicate(timeout=30)[0].split()
        saves = int(saved[-1]) - int(first) if saved else 0
        os.unlink(listing.name)
        os.unlink(script.name)
        ratio = editing / alone
        rows.append(Row(f"{label}: {MIX} pages, readers alone", "", f"{alone:.0f} req/s"))
        rows.append(
            Row(
                f"{label}: {MIX} pages while an editor saves 1 change/s",
                f"≥ {EDITING_RATIO:.0%}",
                f"{editing:.0f} req/s = {ratio:.0%} ({saves} saves)",
                ratio >= EDITING_RATIO,
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def section(args) -> list[Row]:
    if shutil.which("wrk") is None:
        print(
            "  throughput: wrk is not installed (apt-get install -y wrk); skipped",
            file=sys.stderr,
        )
        return [Row("throughput", "needs wrk", "wrk not installed: apt-get install -y wrk", False)]
    rows = []
    for kind, database_url in databases(args):
        print(f"  throughput, {kind}, page cache off …", file=sys.stderr, flush=True)
        rows += run_uncached(args, kind, database_url)
        for cache in ["memory", "redis"] if redis_answers() else ["memory"]:
            print(f"  throughput, {kind}, {cache} …", file=sys.stderr, flush=True)
            rows += run_one(args, kind, database_url, cache)
    return rows
