import copy
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "budapest-summit"
MINI = Path(__file__).resolve().parent / "data" / "mini"


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages (a page cached by another test
    may hold rows that test's database no longer has)."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def mini_fixture() -> Path:
    return MINI


@pytest.fixture
def seed_fixture() -> Path:
    return SEED


def _staff_in(django_user_model, group: str):
    """A staff user in one of the groups the migrations create, named after
    it ("editor", "reviewer"), password `a-long-<name>-password`."""
    from tests.factories import make_user

    return make_user(group.lower().rstrip("s"), group)


@pytest.fixture
def editor(django_user_model):
    return _staff_in(django_user_model, "Editors")


@pytest.fixture
def reviewer(django_user_model):
    return _staff_in(django_user_model, "Reviewers")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    from django.test import Client

    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture(scope="module")
def world_built_once(django_db_setup, django_db_blocker):
    """One world for a whole module, which asks for it with
    `pytestmark = pytest.mark.usefixtures("world_built_once")`: every test of
    that module then finds the world in its database (so none may expect an
    empty one) and runs in a savepoint inside, as with Django's
    `setUpTestData`; it is all rolled back when the module ends. Not for a
    module with transactional or live-server tests, which cannot run inside
    this transaction."""
    from django.db import transaction

    from tests.world import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(request, db):
    """A small published dossier: see tests/world.py. Built for each test,
    unless the module builds it once (`world_built_once`); each test then
    gets its own copy of the objects, so changing one in memory changes
    nothing for the next test (the database is rolled back anyway)."""
    from tests.world import build_world

    if "world_built_once" in request.fixturenames:
        return copy.deepcopy(request.getfixturevalue("world_built_once"))
    return build_world()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (which cannot download its own
    here), one per test module: Playwright's sync API allows one instance at
    a time in a thread, so a longer-lived browser would stop any module that
    starts its own."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    # The sync API keeps an event loop running in this thread; the tests'
    # factories still use Django's synchronous ORM from it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def seeded(live_server):
    """The seed dossier imported and served (browser tests): its address."""
    import io

    from django.core.management import call_command

    from tests.test_browser import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    call_command("import_dossier", str(SEED), stdout=io.StringIO())
    return live_server.url
