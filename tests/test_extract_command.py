"""`manage.py extract_quotes FILE... [--format jsonl]`."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dossier.models import Person

BODY = "Kremlin spokesman Dmitry Peskov met reporters.\n“No dates were set,” Peskov said.\n"


def run(*args) -> str:
    out = io.StringIO()
    call_command("extract_quotes", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_jsonl_gives_one_object_per_quote_with_offsets_into_the_files_text(tmp_path):
    Person.objects.create(slug="dmitry-peskov", name="Dmitry Peskov", aliases="Mr Peskov")
    path = tmp_path / "article.txt"
    path.write_text(BODY, encoding="utf-8")
    lines = run(str(path), "--format", "jsonl").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert list(record) == [
        "file",
        "start",
        "end",
        "text",
        "speaker",
        "person",
        "attribution",
        "cue",
        "statement",
        "hops",
    ]
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert text[record["start"] : record["end"]] == record["text"] == "No dates were set"
    assert (
        record["file"],
        record["speaker"],
        record["person"],
        record["attribution"],
        record["cue"],
    ) == (str(path), "Dmitry Peskov", "dmitry-peskov", "on_record", "said")
    assert record["statement"] is None
    assert record["hops"][0]["person"] == "dmitry-peskov"


@pytest.mark.django_db
def test_without_jsonl_the_command_prints_a_table_to_read(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(BODY, encoding="utf-8")
    out = run(str(path))
    assert f"{path}: 1 quotes" in out
    assert "Dmitry Peskov [new]" in out and "No dates were set" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, problem",
    [
        (None, "no such file"),
        (b"\x89PNG\r\n\x00\x00", "binary"),
        ("Café «oui»".encode("latin-1"), "not UTF-8"),
    ],
)
def test_a_missing_binary_or_non_utf8_file_is_named_in_a_clear_error(tmp_path, content, problem):
    good = tmp_path / "good.txt"
    good.write_text(BODY, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(str(good), str(bad), "--format", "jsonl")
    assert str(bad) in str(error.value) and problem in str(error.value)


@pytest.mark.django_db
def test_language_stops_guessing_speakers_without_a_cue_outside_english(tmp_path):
    path = tmp_path / "artigo.txt"
    path.write_text(
        "Quando você fala sobre leitura, o pessoal estranha: “Que história é essa?”\n",
        encoding="utf-8",
    )
    lines = run(str(path), "--format", "jsonl", "--language", "pt").splitlines()
    (portuguese,) = (json.loads(line) for line in lines)
    assert portuguese["text"] == "Que história é essa?" and portuguese["speaker"] is None
