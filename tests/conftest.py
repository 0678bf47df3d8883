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
    """A staff user in one of the groups the migrations create."""
    from django.contrib.auth.models import Group

    name = group.lower().rstrip("s")
    user = django_user_model.objects.create_user(
        name, f"{name}@example.com", f"a-long-{name}-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


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


@pytest.fixture
def world(db):
    """A small published dossier: see tests/world.py."""
    from tests.world import build_world

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
