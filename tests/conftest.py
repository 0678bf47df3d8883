from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "budapest-summit"
MINI = Path(__file__).resolve().parent / "data" / "mini"


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
