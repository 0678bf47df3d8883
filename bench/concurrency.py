"""Concurrent editors against SQLite: 8 writers × 200 admin saves while
readers load public pages, through gunicorn, over real HTTP.

    .venv/bin/python bench/concurrency.py [--writers 8] [--saves 200] [--readers 4]

Prints the figures and exits non-zero if any save was lost, any response was
a 500 or the server ever said "database is locked".
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.admin_forms import form_defaults  # noqa: E402  (shared with the admin form tests)

PYTHON = sys.executable
PAGES = ["/", "/timeline/", "/people/", "/quotes/", "/sources/", "/tags/", "/search/?q=Lavrov"]


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self, username: str, password: str) -> None:
        status, page = self.request("/admin/login/?next=/admin/")
        fields = form_defaults(page)
        fields.update(username=username, password=password)
        status, page = self.request("/admin/login/?next=/admin/", fields)
        if "Log out" not in page and "logout" not in page:
            raise SystemExit(f"login failed for {username}: {status}")


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8731)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="dossier-concurrency-"))
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "",
    }
    print(f"Setting up in {work} …")
    manage(env, "migrate", "-v0")
    manage(env, "import_dossier", "fixtures/budapest-summit")
    manage(env, "collectstatic", "--noinput", "-v0")
    setup = f"""
from django.contrib.auth.models import Group, User
from dossier.models import Outlet
reviewers = Group.objects.get(name="Reviewers")
for n in range({args.writers}):
    user = User.objects.create_user(f"writer{{n}}", password={password!r}, is_staff=True)
    user.groups.add(reviewers)
    Outlet.objects.create(name=f"Bench outlet {{n}}", slug=f"bench-outlet-{{n}}", status="draft")
bench = Outlet.objects.filter(slug__startswith="bench-outlet-").order_by("slug")
ids = list(bench.values_list("pk", flat=True))
print(",".join(map(str, ids)))
"""
    ids = (
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", setup],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split(",")
    )

    log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - outlives this block; closed below
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "dossier.wsgi",
            "--workers",
            "2",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/robots.txt", timeout=2)
            break
        except OSError:
            time.sleep(0.1)

    statuses: dict[int, int] = {}
    save_times: list[float] = []
    refused: list[str] = []
    lock = threading.Lock()
    writers_done = threading.Event()

    def count(status: int):
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    def writer(n: int, outlet_id: str):
        browser = Browser(base)
        browser.login(f"writer{n}", password)
        url = f"/admin/dossier/outlet/{outlet_id}/change/"
        for save in range(args.saves):
            status, page = browser.request(url)
            count(status)
            fields = form_defaults(page)
            fields.pop("_saveasnew", None)
            fields.update(
                name=f"Bench outlet {n} save {save}",
                reliability_rationale=f"writer {n}, save {save}",
                _save="Save",
            )
            started = time.perf_counter()
            status, page = browser.request(url, fields)
            elapsed = time.perf_counter() - started
            count(status)
            with lock:
                save_times.append(elapsed)
                if status != 200 or "errornote" in page:
                    refused.append(f"writer {n} save {save}: HTTP {status}")

    def reader():
        browser = Browser(base)
        while not writers_done.is_set():
            for page in PAGES:
                status, _ = browser.request(page)
                count(status)

    started = time.perf_counter()
    readers = [threading.Thread(target=reader) for _ in range(args.readers)]
    writers = [threading.Thread(target=writer, args=(n, ids[n])) for n in range(args.writers)]
    for thread in readers + writers:
        thread.start()
    for thread in writers:
        thread.join()
    writers_done.set()
    for thread in readers:
        thread.join()
    duration = time.perf_counter() - started
    server.terminate()
    server.wait(timeout=30)
    log.close()

    check = f"""
from dossier.models import Outlet
for pk in {[int(i) for i in ids]}:
    o = Outlet.objects.get(pk=pk)
    print(o.name, o.version, o.history.count())
"""
    final = (
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", check],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-args.writers :]
    )
    lost = 0
    for n, line in enumerate(final):
        name, version, history = line.rsplit(" ", 2)
        expected_name = f"Bench outlet {n} save {args.saves - 1}"
        if (
            name != expected_name
            or int(version) != args.saves + 1
            or int(history) != args.saves + 1
        ):
            lost += 1
            print(f"  writer {n}: {line!r}, expected {expected_name!r} at version {args.saves + 1}")
    server_log = (work / "gunicorn.log").read_text()
    locked = len(re.findall(r"database is locked", server_log))
    errors = sum(v for k, v in statuses.items() if k >= 500)
    saves = len(save_times)
    reads = sum(statuses.values()) - 2 * saves

    print()
    print(f"{'figure':44} {'target':>10} {'measured':>12}")
    rows = [
        ("admin saves (writers × saves)", f"{args.writers * args.saves}", f"{saves}"),
        ("saves refused or failed", "0", f"{len(refused)}"),
        ("writes lost (final state ≠ last save)", "0", f"{lost}"),
        ('"database is locked" in the server log', "0", f"{locked}"),
        ("HTTP 5xx responses", "0", f"{errors}"),
        ("page reads during the run", "-", f"{reads}"),
        (
            "save p50 / p95 (ms)",
            "-",
            f"{statistics.median(save_times) * 1000:.0f} / "
            f"{statistics.quantiles(save_times, n=20)[-1] * 1000:.0f}",
        ),
        ("run time (s)", "-", f"{duration:.1f}"),
    ]
    for figure, target, measured in rows:
        print(f"{figure:44} {target:>10} {measured:>12}")
    for line in refused[:5]:
        print("  " + line)
    ok = (
        not refused
        and not lost
        and not locked
        and not errors
        and saves == args.writers * args.saves
    )
    print("\nPASS" if ok else "\nFAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
