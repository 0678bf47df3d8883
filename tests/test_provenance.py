"""Provenance is a rule of the data: a grade of corroborated needs two
independent origins, a statement whose quotes differ says why they are one
utterance, and a background fact carries its reference. The admin (through
the models' clean()) and the importer both refuse what breaks a rule."""

import datetime
import io
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from dossier import provenance
from dossier.models import Claim, Hop, Quote
from tests.admin_forms import form_defaults
from tests.factories import (
    make_claim,
    make_event,
    make_hop,
    make_outlet,
    make_person,
    make_quote,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 10, 21)


# --- The rules, on plain values


def test_one_origin_cannot_be_corroborated_or_confirmed():
    assert provenance.corroboration_problem("corroborated", 2, 1)
    assert provenance.corroboration_problem("unverified", 1, 1)
    assert provenance.corroboration_problem("corroborated", 1, 0)
    assert provenance.corroboration_problem("corroborated", 1, 2) is None
    assert provenance.corroboration_problem("disputed", 2, 1) is None


def test_two_translations_of_one_answer_read_as_one_utterance():
    unn = "Listen, we understand presidents, but we cannot postpone what has not been finally "
    unn += "agreed upon. Neither President Trump nor President Putin named exact dates."
    telegraph = "Listen, we have an understanding of the presidents, but we cannot postpone "
    telegraph += "what has not been finalised"
    renderings = [
        provenance.Rendering("UNN", unn, DAY),
        provenance.Rendering("Telegraph", telegraph, DAY),
        provenance.Rendering("fragment", "Neither President Trump nor President Putin", DAY),
    ]
    assert provenance.grouping_problems(renderings) == []


def test_remarks_on_different_days_or_in_other_words_do_not_group_silently():
    air_force_one = provenance.Rendering(
        "Guardian", "But I said cut and stop at the battle line. Go home.", DAY
    )
    undated = provenance.Rendering(
        "Telegraph", "stop at the lines where they are, the battle lines", None
    )
    other_words = provenance.Rendering("other", "We can all see violence and destruction.", DAY)
    assert "same day" in provenance.grouping_problems([air_force_one, undated])[0]
    problems = provenance.grouping_problems([air_force_one, other_words])
    assert any("matches none of the others" in problem for problem in problems)


def test_a_background_reference_is_a_link_and_a_title():
    assert provenance.background_problem("", "") is None
    assert provenance.background_problem("https://en.wikipedia.org/wiki/X", "X — Wikipedia") is None
    assert "title" in provenance.background_problem("https://en.wikipedia.org/wiki/X", " ")
    assert "URL" in provenance.background_problem("", "X — Wikipedia")


# --- The models' clean(), which the admin's forms run


def one_origin_claim(**fields) -> Claim:
    """A claim two articles make, both from one wire's report."""
    wire = make_outlet(name="The Wire")
    claim = make_claim(sources=[make_source(), make_source()], **fields)
    for report in claim.reports.all():
        make_hop(report=report, outlet=wire, how=Hop.How.REPORTED, position=0)
    return claim


def test_claim_with_one_origin_is_refused_as_corroborated():
    claim = one_origin_claim(verification="unverified", credibility=2)
    claim.verification = Claim.Verification.CORROBORATED
    with pytest.raises(ValidationError, match="at least 2 independent origins"):
        claim.full_clean()


def test_claim_with_one_origin_is_refused_credibility_1():
    claim = one_origin_claim(verification="unverified", credibility=2)
    claim.credibility = 1
    with pytest.raises(ValidationError, match="credibility 1"):
        claim.full_clean()


def test_claim_with_two_origins_may_be_corroborated():
    claim = make_claim(sources=[make_source(), make_source()], credibility=2)
    claim.verification, claim.credibility = Claim.Verification.CORROBORATED, 1
    claim.full_clean()


def test_new_claim_cannot_be_corroborated_before_its_reports_are_in():
    claim = Claim(title="A claim", slug="a-claim", credibility=2, verification="corroborated")
    with pytest.raises(ValidationError, match="no report"):
        claim.full_clean()


def two_day_statement():
    """A statement of one quote, and the same words said the next day."""
    statement = make_statement()
    first = make_quote(statement=statement, said_on=DAY)
    later = make_quote(speaker=first.speaker, said_on=DAY + datetime.timedelta(1))
    return statement, first, later


def test_quote_joining_a_statement_said_another_day_is_refused():
    statement, _first, later = two_day_statement()
    later.statement = statement
    with pytest.raises(ValidationError, match="not said on the same day"):
        later.full_clean()


def test_statement_grouping_differing_quotes_needs_a_rationale():
    statement, _first, later = two_day_statement()
    Quote.objects.filter(pk=later.pk).update(statement=statement)
    with pytest.raises(ValidationError, match="grouping rationale"):
        statement.full_clean()
    statement.grouping_rationale = "He repeated the line the next day; one utterance, twice."
    statement.full_clean()
    statement.save()
    later.refresh_from_db()
    later.full_clean()


def test_background_reference_needs_both_link_and_title():
    person = make_person(background_url="https://en.wikipedia.org/wiki/Keir_Starmer")
    with pytest.raises(ValidationError, match="title is missing"):
        person.full_clean()
    event = make_event(background_title="2025 Russia–United States summit — Wikipedia")
    with pytest.raises(ValidationError, match="URL is missing"):
        event.full_clean()


# --- Through the admin's forms


def post_change_form(client, obj, changes: dict):
    """Submit obj's admin change form as a browser would, with `changes` typed in."""
    url = reverse(f"admin:dossier_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_defaults(client.get(url).content.decode())
    for button in ("_addanother", "_continue", "_saveasnew"):
        data.pop(button, None)
    data.update(changes)
    return client.post(url, data)


def test_admin_refuses_corroborated_claim_with_one_origin(reviewer_client):
    claim = one_origin_claim(verification="unverified", credibility=2)
    response = post_change_form(reviewer_client, claim, {"verification": "corroborated"})
    assert response.status_code == 200
    assert "at least 2 independent origins" in response.content.decode()
    claim.refresh_from_db()
    assert claim.verification == Claim.Verification.UNVERIFIED


def test_admin_refuses_grouping_a_quote_said_another_day(reviewer_client):
    statement, _first, later = two_day_statement()
    response = post_change_form(reviewer_client, later, {"statement": str(statement.pk)})
    assert response.status_code == 200
    assert "not said on the same day" in response.content.decode()
    later.refresh_from_db()
    assert later.statement_id is None


@pytest.mark.parametrize("kind", ["person", "event", "outlet"])
def test_editor_gives_a_background_reference_in_the_admin(editor_client, kind):
    obj = {"person": make_person, "event": make_event, "outlet": make_outlet}[kind](status="draft")
    response = post_change_form(
        editor_client,
        obj,
        {
            "background_title": "Official biography",
            "background_url": "https://example.org/biography",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    obj.refresh_from_db()
    assert (obj.background_title, obj.background_url) == (
        "Official biography",
        "https://example.org/biography",
    )


def test_reviewer_writes_a_grouping_rationale_in_the_admin(reviewer_client):
    statement, _first, _later = two_day_statement()
    response = post_change_form(
        reviewer_client, statement, {"grouping_rationale": "One answer, printed twice."}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert statement.grouping_rationale == "One answer, printed twice."


# --- Through the importer


@pytest.fixture
def mini(tmp_path, mini_fixture) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(mini_fixture, folder)
    return folder


def edit(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def import_problems(folder: Path) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("import_dossier", str(folder), stdout=io.StringIO())
    return str(failure.value)


def test_import_refuses_corroborated_claim_with_one_origin(mini):
    edit(mini, "claims.yaml", "verification: unverified", "verification: corroborated")
    problems = import_problems(mini)
    assert "claims.yaml, line 1, claim 'no-dates-set'" in problems
    assert "its reports have one independent origin" in problems
    assert not Claim.objects.exists()


def test_import_refuses_credibility_1_with_one_origin(mini):
    edit(mini, "claims.yaml", "credibility: 2", "credibility: 1")
    assert "claim 'no-dates-set': a claim graded credibility 1" in import_problems(mini)


def test_import_refuses_grouping_without_rationale(mini):
    edit(mini, "statements.yaml", "  grouping_rationale:", "  notes:")
    problems = import_problems(mini)
    assert "statements.yaml, line 1, statement 'speaker-no-dates'" in problems
    assert "quote 'speaker-finalised-wire' (undated)" in problems


def test_import_refuses_background_link_without_title(mini):
    edit(
        mini,
        "people.yaml",
        "- slug: ana-speaker\n",
        "- slug: ana-speaker\n  background_url: https://example.org/ana\n",
    )
    assert "person 'ana-speaker': a background reference needs both" in import_problems(mini)


def test_background_and_grouping_rationale_survive_export_and_import(mini, tmp_path):
    edit(
        mini,
        "people.yaml",
        "- slug: ana-speaker\n",
        "- slug: ana-speaker\n  background_title: Ana Speaker — Wikipedia\n"
        "  background_url: https://en.wikipedia.org/wiki/Ana_Speaker\n",
    )
    call_command("import_dossier", str(mini), stdout=io.StringIO())
    call_command("export_dossier", str(tmp_path / "a"), stdout=io.StringIO())
    people = (tmp_path / "a" / "people.yaml").read_text(encoding="utf-8")
    assert "background_url: https://en.wikipedia.org/wiki/Ana_Speaker" in people
    assert "grouping_rationale:" in (tmp_path / "a" / "statements.yaml").read_text("utf-8")
    out = io.StringIO()
    call_command("import_dossier", str(tmp_path / "a"), stdout=out)
    assert "No changes" in out.getvalue()


def test_json_export_marks_background_as_on_the_pages(client):
    make_person(
        slug="keir-starmer",
        background_title="Keir Starmer – Wikipedia",
        background_url="https://en.wikipedia.org/wiki/Keir_Starmer",
    )
    make_person(slug="no-background")
    people = {p["slug"]: p["background"] for p in client.get("/dossier.json").json()["people"]}
    assert people == {
        "keir-starmer": {
            "title": "Keir Starmer – Wikipedia",
            "url": "https://en.wikipedia.org/wiki/Keir_Starmer",
        },
        "no-background": None,
    }
