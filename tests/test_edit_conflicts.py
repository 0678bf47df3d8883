"""Two editors editing the same thing: the later save is refused, clearly."""

import pytest
from django.urls import reverse

from dossier.models import EditConflict, Outlet
from tests.factories import make_outlet

pytestmark = pytest.mark.django_db


def outlet_form(outlet, **changes):
    data = {
        "name": outlet.name,
        "slug": outlet.slug,
        "homepage": "",
        "country": outlet.country,
        "language": outlet.language,
        "reliability": outlet.reliability,
        "reliability_rationale": outlet.reliability_rationale,
        "notes": "",
        "status": outlet.status,
        "expected_version": outlet.version,
    }
    data.update(changes)
    return data


def test_later_save_from_a_stale_copy_is_refused():
    outlet = make_outlet(reliability="B")
    first, second = Outlet.objects.get(pk=outlet.pk), Outlet.objects.get(pk=outlet.pk)
    first.reliability = "A"
    first.save()
    second.reliability = "E"
    with pytest.raises(EditConflict, match="changed by someone else"):
        second.save()
    assert Outlet.objects.get(pk=outlet.pk).reliability == "A"


def test_saving_a_fresh_copy_again_and_again_works():
    outlet = make_outlet()
    for name in ("One", "Two", "Three"):
        outlet.name = name
        outlet.save()
    outlet.refresh_from_db()
    assert (outlet.name, outlet.version) == ("Three", 4)


def test_second_editor_in_the_admin_is_told_and_nothing_is_overwritten(
    editor_client, reviewer_client, editor
):
    outlet = make_outlet(reliability="B", status="draft")
    url = reverse("admin:dossier_outlet_change", args=[outlet.pk])
    opened = outlet_form(outlet)  # both editors open the form now
    response = editor_client.post(url, {**opened, "reliability": "A"})
    assert response.status_code == 302
    response = reviewer_client.post(url, {**opened, "reliability": "E"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "editor saved this outlet at" in page
    assert "Your changes were not saved" in page
    outlet.refresh_from_db()
    assert outlet.reliability == "A"
    assert outlet.history.count() == 2  # created, the first editor's change


def test_import_after_an_admin_edit_does_not_conflict(tmp_path, mini_fixture, reviewer_client):
    import io
    import shutil

    from django.core.management import call_command

    folder = tmp_path / "mini"
    shutil.copytree(mini_fixture, folder)
    call_command("import_dossier", str(folder), stdout=io.StringIO())
    outlet = Outlet.objects.get(slug="the-wire")
    url = reverse("admin:dossier_outlet_change", args=[outlet.pk])
    assert reviewer_client.post(url, outlet_form(outlet, country="UK")).status_code == 302
    call_command("import_dossier", str(folder), stdout=io.StringIO())
    outlet.refresh_from_db()
    assert outlet.country == "" and outlet.version == 3
