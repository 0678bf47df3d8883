"""Production settings: the deploy check passes, secrets are required, and
every response carries the security headers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

from tests.factories import make_user
from tests.hash_seeds import printed_under

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "k7$Qz!v2Lr9#Wm4pX8&tN1cB6^yH3jF0dS5gA*eU-iO+lP@wR-deploy-check-only-7f3a9c",
    "DJANGO_ALLOWED_HOSTS": "dossier.example.org",
    "DATABASE_URL": "sqlite:////tmp/dossier-deploy-check.sqlite3",
}


def manage(*args, **env_changes) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update({"DJANGO_SETTINGS_MODULE": "dossier.settings", **env_changes})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def connection_options(url: str, settings: dict, shown: str) -> str:
    """What the site's settings make of the database's OPTIONS (`o`) for
    `url` and the variables `settings`: the expression `shown`, printed."""
    script = (
        "from django.conf import settings; o = settings.DATABASES['default'].get('OPTIONS', {}); "
        f"print('shown=' + {shown})"
    )
    result = manage("shell", "-c", script, **{**PRODUCTION, "DATABASE_URL": url, **settings})
    assert result.returncode == 0, result.stderr
    printed = [line for line in result.stdout.splitlines() if line.startswith("shown=")]
    assert len(printed) == 1, result.stdout
    return printed[0].removeprefix("shown=")


def test_the_wsgi_worker_freezes_its_start_up_out_of_the_cycle_collector():
    """dossier.wsgi, what gunicorn loads, leaves the objects of the site's
    start-up to no collection and runs the youngest one less often."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    script = (
        "import gc; before = gc.get_threshold()[0]; import dossier.wsgi; "
        "print(before, gc.get_threshold()[0], gc.get_freeze_count() > 10_000)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["700", "5000", "True"]


SERIAL = "-c max_parallel_workers_per_gather=0"


@pytest.mark.parametrize(
    "url, settings, expected",
    [
        ("postgres://u@db/dossier", {}, f"-c random_page_cost=1.1 {SERIAL}"),
        (
            "postgres://u@db/dossier",
            {"DJANGO_PG_RANDOM_PAGE_COST": "2"},
            f"-c random_page_cost=2.0 {SERIAL}",
        ),
        (
            "postgres://u@db/dossier",
            {"DJANGO_PG_PARALLEL_WORKERS": "2"},
            "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=2",
        ),
        (
            "postgres://u@db/dossier",
            {"DJANGO_PG_RANDOM_PAGE_COST": "", "DJANGO_PG_PARALLEL_WORKERS": ""},
            "",
        ),
        (
            "postgres://u@db/dossier?options=-c%20work_mem%3D8MB",
            {},
            f"-c work_mem=8MB -c random_page_cost=1.1 {SERIAL}",
        ),
        (
            "postgres://u@db/dossier?options=-c%20random_page_cost%3D3",
            {},
            f"-c random_page_cost=3 {SERIAL}",
        ),
        (
            "postgres://u@db/dossier?options=-c%20max_parallel_workers_per_gather%3D4",
            {},
            "-c max_parallel_workers_per_gather=4 -c random_page_cost=1.1",
        ),
    ],
)
def test_postgresql_connections_are_planned_for_a_web_site_unless_told_otherwise(
    url, settings, expected
):
    """PostgreSQL gets random_page_cost=1.1 and no parallel workers on each
    connection (see settings.py); DJANGO_PG_RANDOM_PAGE_COST,
    DJANGO_PG_PARALLEL_WORKERS or the URL's own options override them."""
    assert connection_options(url, settings, "o.get('options', '')") == expected


@pytest.mark.parametrize(
    "url, settings, expected",
    [
        ("postgres://u@db/dossier", {}, "True 2"),
        ("postgres://u@db/dossier", {"DJANGO_PG_PREPARE_THRESHOLD": "5"}, "True 5"),
        ("postgres://u@db/dossier", {"DJANGO_PG_PREPARE_THRESHOLD": ""}, "None None"),
        ("postgres://u@db/dossier?prepare_threshold=0", {}, "True 0"),
        ("sqlite:///x.sqlite3", {}, "None None"),
    ],
)
def test_postgresql_prepares_the_queries_a_connection_repeats_unless_told_otherwise(
    url, settings, expected
):
    """Server-side binding and psycopg's prepared statements, after two runs
    of a query by default; DJANGO_PG_PREPARE_THRESHOLD or the URL's
    prepare_threshold set the count, and an empty variable turns both off
    (for a pooler that cannot keep them)."""
    shown = "f\"{o.get('server_side_binding')} {o.get('prepare_threshold')}\""
    assert connection_options(url, settings, shown) == expected


@pytest.mark.parametrize(
    "variable, value, wanted, extra",
    [
        ("DJANGO_PAGE_FRESHNESS", "ten", "a whole number", {}),
        ("DJANGO_CONN_MAX_AGE", "1m", "a whole number", {}),
        ("DJANGO_PAGE_CACHE_BYTES", "64MB", "a whole number", {}),
        ("DJANGO_PROXY_COUNT", "one", "a whole number", {"DJANGO_BEHIND_PROXY": "1"}),
        ("DJANGO_PG_RANDOM_PAGE_COST", "low", "a number", {"DATABASE_URL": "postgres://u@db/x"}),
        (
            "DJANGO_PG_PREPARE_THRESHOLD",
            "2x",
            "a whole number",
            {"DATABASE_URL": "postgres://u@db/x"},
        ),
    ],
)
def test_a_setting_that_is_not_a_number_stops_the_site_naming_it(variable, value, wanted, extra):
    result = manage("check", **{**PRODUCTION, **extra, variable: value})
    assert result.returncode != 0
    assert f"{variable}={value!r} is not {wanted}." in result.stderr


@pytest.mark.parametrize("url", ["file:///tmp/pages", "memcached://127.0.0.1:11211"])
def test_a_page_cache_that_cannot_keep_the_edit_log_stops_the_site_naming_it(url):
    """Only Redis is shared: Django's file cache, say, would take two
    editors' edits into one place of the edit log (its add() and incr() are
    not atomic across processes)."""
    result = manage("check", **{**PRODUCTION, "DJANGO_CACHE_URL": url})
    assert result.returncode != 0
    assert f"DJANGO_CACHE_URL '{url}': use redis://host:port/db" in result.stderr


def test_postgresql_prepares_a_page_query_it_runs_again(db):
    """The test database's connection is set as the site's: the third run
    of a query with other values is a prepared statement on the server."""
    from django.db import connection

    from dossier.models import Outlet

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's prepared statements")
    for name in ("Reuters", "UNN", "CNN"):
        list(Outlet.objects.filter(name=name).values_list("pk"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "dossier_outlet"' in sql and "$1" in sql for sql in prepared), prepared


def test_the_test_database_connection_has_the_settings(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_site_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = manage("check", **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_site_refuses_the_development_key_in_production():
    result = manage(
        "check", **{**PRODUCTION, "DJANGO_SECRET_KEY": "dossier-development-only-not-a-secret"}
    )
    assert result.returncode != 0
    assert "development key" in result.stderr


HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response):
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("style-src")[0]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.fixture
def https_client():
    # A new client builds its middleware under these settings.
    with override_settings(
        SECURE_HSTS_SECONDS=31536000, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True
    ):
        yield Client()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, status", [("/", 200), ("/people/", 200), ("/no-such-page/", 404), ("/robots.txt", 200)]
)
def test_pages_carry_the_security_headers(https_client, path, status):
    response = https_client.get(path, secure=True)
    assert response.status_code == status
    assert_security_headers(response)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_static_files_carry_the_security_headers(https_client):
    response = https_client.get("/static/css/dossier.css", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_admin_allows_its_own_style_attributes_but_no_inline_script(https_client):
    response = https_client.get("/admin/login/", secure=True)
    policy = response.headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy + ";"


@pytest.mark.django_db
def test_admin_login_is_locked_after_five_failures_for_that_user_and_address(client, desk):
    url = "/admin/login/?next=/admin/"
    for _ in range(5):
        response = client.post(url, {"username": "desk", "password": "wrong"})
        assert response.status_code in {200, 429}
    locked = client.post(url, {"username": "desk", "password": "the-right-password"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # the same account from another address, and another account from this one, still work
    other_address = Client(REMOTE_ADDR="203.0.113.9")
    response = other_address.post(url, {"username": "desk", "password": "the-right-password"})
    assert response.status_code == 302
    make_user("other", password="another-password")
    response = client.post(url, {"username": "other", "password": "another-password"})
    assert response.status_code == 302


@pytest.fixture
def desk(db):
    """A member of staff whose password the throttle tests guess at."""
    return make_user("desk", password="the-right-password")


# Behind the proxy: our proxy appends the address it saw to X-Forwarded-For,
# after whatever the client wrote there itself.
PROXY = "10.0.0.2"


def through_proxy(client_address: str, claimed: str | None = None) -> Client:
    forwarded = f"{claimed}, {client_address}" if claimed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def failed_logins(client: Client, username: str, times: int = 5) -> None:
    for _ in range(times):
        client.post("/admin/login/?next=/admin/", {"username": username, "password": "wrong"})


def logs_in(client: Client, username: str, password: str) -> bool:
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response.status_code == 302


@pytest.mark.django_db
@override_settings(DOSSIER_PROXY_COUNT=1)
def test_behind_the_proxy_rotating_the_forwarded_for_header_does_not_escape_the_lockout(desk):
    for guess in range(5):
        failed_logins(through_proxy("198.51.100.7", claimed=f"192.0.2.{guess}"), "desk", times=1)
    attacker = through_proxy("198.51.100.7", claimed="192.0.2.99")
    assert not logs_in(attacker, "desk", "the-right-password")


@pytest.mark.django_db
@override_settings(DOSSIER_PROXY_COUNT=1)
def test_behind_the_proxy_a_lockout_of_one_address_does_not_lock_the_editor_out_elsewhere(desk):
    failed_logins(through_proxy("198.51.100.7"), "desk")
    assert not logs_in(through_proxy("198.51.100.7"), "desk", "the-right-password")
    assert logs_in(through_proxy("203.0.113.9"), "desk", "the-right-password")


@pytest.mark.django_db
@override_settings(DOSSIER_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_is_the_one_the_outer_proxy_saw(desk):
    # the client writes 192.0.2.x; the outer proxy appends what it saw, the inner one the outer's
    for guess in range(5):
        failed_logins(
            through_proxy("198.51.100.7, 10.0.0.1", claimed=f"192.0.2.{guess}"), "desk", 1
        )
    assert not logs_in(through_proxy("198.51.100.7, 10.0.0.1"), "desk", "the-right-password")
    assert logs_in(through_proxy("203.0.113.9, 10.0.0.1"), "desk", "the-right-password")


@pytest.mark.django_db
def test_without_a_proxy_the_forwarded_for_header_is_ignored(desk):
    for guess in range(5):
        failed_logins(
            Client(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"192.0.2.{guess}"), "desk", 1
        )
    assert not logs_in(Client(REMOTE_ADDR="198.51.100.7"), "desk", "the-right-password")
    assert logs_in(Client(REMOTE_ADDR="203.0.113.9"), "desk", "the-right-password")


@pytest.mark.parametrize(
    "env, count",
    [
        ({}, 0),
        ({"DJANGO_BEHIND_PROXY": "1"}, 1),
        ({"DJANGO_BEHIND_PROXY": "1", "DJANGO_PROXY_COUNT": "2"}, 2),
    ],
)
def test_the_number_of_trusted_proxies_is_read_from_the_environment(env, count):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DOSSIER_PROXY_COUNT)",
        **PRODUCTION,
        **env,
    )
    assert result.stdout.strip().splitlines()[-1] == str(count), result.stderr


_POLICIES = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
import django
django.setup()
from django.test import RequestFactory
from django.http import HttpResponse
from dossier.middleware import ContentSecurityPolicy
middleware = ContentSecurityPolicy(lambda request: HttpResponse())
for path in ("/", "/admin/"):
    print(middleware(RequestFactory().get(path)).headers["Content-Security-Policy"])
"""


def test_the_policy_is_spelled_alike_by_every_process():
    """django-csp writes the directives in a set's order, which Python
    changes from one process to the next (its hash seed)."""
    spellings = printed_under(_POLICIES)
    assert len(spellings) == 1, spellings
