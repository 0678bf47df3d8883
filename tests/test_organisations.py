"""People and organisations told apart: in the fixture, the people page and
what machines are told (schema.org Organization)."""

import pytest
from django.core.management import CommandError

from dossier.models import Person
from tests.factories import make_event, make_person, make_quote
from tests.test_import import mini, run, wipe_dossier  # noqa: F401 (a fixture)
from tests.test_public_pages import Outline, json_ld, text

pytestmark = pytest.mark.django_db

ORGANISATION = """
- slug: the-ministry
  name: The Ministry
  kind: organisation
  role: Speaks as one
  status: published
"""


def test_seed_groups_are_organisations_and_people_are_people(seed_fixture):
    run("import_dossier", str(seed_fixture))
    organisations = set(
        Person.objects.filter(kind=Person.Kind.ORGANISATION).values_list("slug", flat=True)
    )
    assert organisations == {"white-house", "coalition-of-the-willing"}
    assert Person.objects.get(slug="dmitry-peskov").kind == Person.Kind.PERSON


def test_organisation_survives_export_import_export_byte_for_byte(mini, tmp_path):  # noqa: F811
    (mini / "people.yaml").write_text(
        (mini / "people.yaml").read_text(encoding="utf-8") + ORGANISATION, encoding="utf-8"
    )
    run("import_dossier", str(mini))
    first = tmp_path / "first"
    run("export_dossier", str(first))
    people = (first / "people.yaml").read_text(encoding="utf-8")
    # Written only where it is not the default, so older dossiers stay as they were.
    assert people.count("kind:") == 1 and "  kind: organisation\n" in people
    wipe_dossier()
    run("import_dossier", str(first))
    assert Person.objects.get(slug="the-ministry").is_organisation
    second = tmp_path / "second"
    run("export_dossier", str(second))
    for path in first.rglob("*.yaml"):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_unknown_kind_is_refused_naming_file_and_item(mini):  # noqa: F811
    (mini / "people.yaml").write_text(
        (mini / "people.yaml").read_text(encoding="utf-8")
        + ORGANISATION.replace("kind: organisation", "kind: company"),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as error:
        run("import_dossier", str(mini))
    message = str(error.value)
    assert "people.yaml" in message and "the-ministry" in message and "organisation" in message
    assert not Person.objects.exists()


def test_organisation_is_described_to_machines_as_an_organization(client):
    coalition = make_person(
        name="Coalition of the Willing", kind=Person.Kind.ORGANISATION, role="A group"
    )
    (data,) = json_ld(client.get(coalition.get_absolute_url()))
    assert data["@type"] == "Organization" and data["description"] == "A group"
    assert "jobTitle" not in data
    quote = make_quote(speaker=coalition)
    (data,) = json_ld(client.get(quote.get_absolute_url()))
    assert data["spokenByCharacter"]["@type"] == "Organization"


def test_people_page_lists_organisations_apart_from_people(client):
    make_person(name="Zoe Minister")
    make_person(name="Alpha Coalition", kind=Person.Kind.ORGANISATION)
    response = client.get("/people/")
    words = text(response)
    people, organisations = words.split("Organisations", 1)
    assert "Zoe Minister" in people and "Alpha Coalition" not in people
    assert "Alpha Coalition" in organisations
    outline = Outline()
    outline.feed(response.content.decode())
    assert outline.headings[:3] == [1, 2, 3]  # page, kind, card


def test_json_export_says_which_speakers_are_organisations(client):
    make_person(slug="ana", name="Ana Speaker")
    make_person(slug="ministry", name="The Ministry", kind=Person.Kind.ORGANISATION)
    people = {
        entry["slug"]: entry["kind"] for entry in client.get("/dossier.json").json()["people"]
    }
    assert people == {"ana": "person", "ministry": "organisation"}


def test_an_organisation_attending_an_event_is_an_organization(client):
    coalition = make_person(name="Coalition of the Willing", kind=Person.Kind.ORGANISATION)
    leader = make_person(name="Keir Starmer")
    event = make_event(participants=[coalition, leader])
    (data,) = json_ld(client.get(event.get_absolute_url()))
    kinds = {attendee["name"]: attendee["@type"] for attendee in data["attendee"]}
    assert kinds == {"Coalition of the Willing": "Organization", "Keir Starmer": "Person"}
