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


@pytest.fixture
def editor(django_user_model):
    """A staff user in the Editors group, as the data migration sets it up."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "editor", "editor@example.com", "a-long-editor-password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
