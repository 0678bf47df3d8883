"""An import of files imported before, into a database nobody changed since,
is answered without reading the files; anything changed since, in the files,
in the folder or in the database, is read and compared as always."""

import io
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from taggit.models import Tag

from dossier.fixture import load, unchanged
from dossier.models import (
    Citation,
    ClaimLink,
    FixtureImport,
    Hop,
    Outlet,
    Participation,
    Quote,
    Source,
)

pytestmark = pytest.mark.django_db(transaction=False)


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_dossier", *args, stdout=out)
    return out.getvalue()


def without_timing(output: str) -> str:
    return re.sub(r"in \d+\.\d+ s", "in … s", output)


@pytest.fixture
def mini(tmp_path, mini_fixture) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(mini_fixture, folder)
    return folder


@pytest.fixture
def reads(monkeypatch) -> list:
    """The folders the importer reads (and validates) from now on."""
    read_folders = []
    real = load.read_fixture

    def reading(folder, **options):
        read_folders.append(folder)
        return real(folder, **options)

    monkeypatch.setattr(load, "read_fixture", reading)
    return read_folders


def test_unchanged_files_into_an_unchanged_database_are_not_read(mini, reads):
    run(str(mini))
    assert len(reads) == 1
    again = run(str(mini))
    assert len(reads) == 1
    assert "No changes" in again
    # Word for word what reading and comparing everything reports.
    FixtureImport.objects.all().delete()
    assert without_timing(run(str(mini))) == without_timing(again)
    assert len(reads) == 2


def test_a_dry_run_of_unchanged_files_says_nothing_would_change(mini, reads):
    run(str(mini))
    output = run(str(mini), "--dry-run")
    assert "nothing would change" in output and len(reads) == 1


def edit_words(folder):
    Quote.objects.filter(slug="speaker-agreed-planet").update(text="Words never said.")
    return "Quotes:     0 created, 1 updated, 1 unchanged"


def edit_body(folder):
    Source.objects.filter(slug="planet-report").update(body="Another article.")
    return "Sources:    0 created, 1 updated, 1 unchanged"


def remove_tag(folder):
    Quote.objects.get(slug="speaker-agreed-planet").tags.clear()
    return "Quotes:     0 created, 1 updated, 1 unchanged"


def rename_tag(folder):
    Tag.objects.filter(slug="summit").update(name="Summit talks")
    return "1 renamed to the fixture's spelling"


def delete_citation(folder):
    Citation.objects.all().delete()
    return "Sources:    0 created, 1 updated, 1 unchanged"


def edit_hop(folder):
    Hop.objects.filter(quote__slug="speaker-agreed-planet").update(context="elsewhere")
    return "Quotes:     0 created, 1 updated, 1 unchanged"


def edit_participant(folder):
    Participation.objects.update(role="host")
    return "Events:     0 created, 1 updated, 1 unchanged"


def remove_link_source(folder):
    ClaimLink.sources.through.objects.all().delete()
    return "Claims:     0 created, 1 updated, 1 unchanged"


def delete_quote(folder):
    Quote.objects.filter(slug="speaker-finalised-wire").delete()
    return "Quotes:     1 created, 0 updated, 1 unchanged"


def add_outlet(folder):
    Outlet.objects.create(slug="new-outlet", name="New Outlet", reliability="C")
    return "(1 in the database but not in the fixture, left as they are)"


def edit_body_file(folder):
    path = folder / "sources" / "wire-report.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA correction.\n", encoding="utf-8")
    return "Sources:    0 created, 1 updated, 1 unchanged"


def add_unknown_file(folder):
    (folder / "notes.yaml").write_text("- slug: x\n", encoding="utf-8")
    return "notes.yaml: unknown file"


def relink_body(folder):
    """The same name, now a link to a corrected copy of the article."""
    body = folder / "sources" / "wire-report.txt"
    corrected = folder / "sources" / "wire-report-corrected.txt"
    corrected.write_text(body.read_text(encoding="utf-8") + "\nA correction.\n", "utf-8")
    body.unlink()
    body.symlink_to(corrected.name)
    return "Sources:    0 created, 1 updated, 1 unchanged"


CHANGES = [
    edit_words,
    edit_body,
    remove_tag,
    rename_tag,
    delete_citation,
    edit_hop,
    edit_participant,
    remove_link_source,
    delete_quote,
    add_outlet,
    edit_body_file,
    add_unknown_file,
    relink_body,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_whatever_changed_since_the_import_is_read_and_compared(mini, reads, change):
    run(str(mini))
    expected = change(mini)
    try:
        output = run(str(mini))
    except Exception as failure:  # noqa: BLE001 (a refused folder says why)
        output = str(failure)
    assert expected in output, output
    assert len(reads) == 2


REPAIRS = [edit_words, remove_tag, delete_quote, add_outlet, edit_body_file]


@pytest.mark.parametrize("change", REPAIRS, ids=[change.__name__ for change in REPAIRS])
def test_after_putting_things_back_the_next_import_is_not_read(mini, reads, change):
    run(str(mini))
    change(mini)
    repaired = run(str(mini))
    again = run(str(mini))
    assert "No changes" in again and len(reads) == 2
    if change is add_outlet:
        assert "Outlets:    0 created, 0 updated, 2 unchanged (1 in the database" in repaired
        assert "Outlets:    0 created, 0 updated, 2 unchanged (1 in the database" in again


def test_new_code_reads_the_files_again(mini, reads, monkeypatch):
    run(str(mini))
    monkeypatch.setattr(unchanged, "_code_digest", lambda: b"another version")
    assert "No changes" in run(str(mini))
    assert len(reads) == 2


def test_a_folder_changed_while_it_was_imported_is_read_next_time(mini, monkeypatch):
    real = load.read_fixture

    def read_then_edit(folder, **options):
        fixture = real(folder, **options)
        path = Path(folder) / "outlets.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        return fixture

    monkeypatch.setattr(load, "read_fixture", read_then_edit)
    run(str(mini))
    assert not FixtureImport.objects.exists()


def test_a_named_pipe_is_not_opened_to_tell_whether_the_folder_changed(mini):
    import os

    run(str(mini))
    (mini / "sources" / "planet-report.txt").unlink()
    os.mkfifo(mini / "sources" / "planet-report.txt")
    state = unchanged.FolderState(mini)  # would block on the pipe if it opened it
    assert state.digest is not None
    assert state.digest != FixtureImport.objects.get().files_digest


def test_a_failed_import_records_nothing(mini):
    from django.core.management import CommandError

    path = mini / "outlets.yaml"
    path.write_text(path.read_text().replace("reliability: C", "reliability: Z"))
    with pytest.raises(CommandError):
        run(str(mini))
    assert not FixtureImport.objects.exists()


def test_the_record_is_not_written_again_when_it_holds_the_same(mini, reads):
    run(str(mini))
    kept = FixtureImport.objects.get()
    FixtureImport.objects.update(files_digest="an older version")
    run(str(mini))  # read again, nothing changed: recorded afresh
    assert FixtureImport.objects.get().files_digest == kept.files_digest
    assert len(reads) == 2
