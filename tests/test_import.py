"""The fixture importer: idempotent, atomic, validating; export round-trips."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from taggit.models import Tag

from dossier.fixture import relations
from dossier.models import Citation, Claim, Event, Outlet, Person, Quote, Source, Statement, Story

pytestmark = pytest.mark.django_db(transaction=False)


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def dump() -> str:
    """Everything the importer may write, as one comparable string."""
    out = io.StringIO()
    call_command("dumpdata", "dossier", "taggit", stdout=out, indent=None)
    return out.getvalue()


def wipe_dossier():
    for model in (Claim, Citation, Event, Quote, Statement, Source, Person, Outlet, Story, Tag):
        model.objects.all().delete()


@pytest.fixture
def mini(tmp_path, mini_fixture) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(mini_fixture, folder)
    return folder


def test_import_creates_every_item_and_reports_counts(mini):
    output = run("import_dossier", str(mini))
    assert "Outlets:    2 created, 0 updated, 0 unchanged" in output
    assert "Quotes:     2 created, 0 updated, 0 unchanged" in output
    assert f"Imported {mini}" in output
    assert Story.objects.get().title == "A small story"
    quote = Quote.objects.get(slug="speaker-finalised-wire")
    assert quote.relayed_from.slug == "daily-planet"
    assert quote.statement.quotes.count() == 2
    assert Person.objects.get().alias_list == ["Anna Speaker", "A. Speaker"]
    assert set(Source.objects.get(slug="planet-report").tags.names()) == {"summit", "diplomacy"}
    wire = Source.objects.get(slug="wire-report")
    assert [c.cited_source.slug for c in wire.citations.all()] == ["planet-report"]
    event = Event.objects.get(slug="ministry-briefing")
    assert [(p.person.slug, p.role) for p in event.participations.all()] == [
        ("ana-speaker", "spokeswoman")
    ]
    assert {s.slug for s in event.sources.all()} == {"planet-report", "wire-report"}
    assert Event.objects.get(slug="talks-mid-october").status == "draft"


def test_import_sanitises_rich_text(mini):
    run("import_dossier", str(mini))
    person = Person.objects.get()
    assert person.bio_html == "Speaks for <em>the ministry</em>.alert(1)"


def test_body_is_kept_exactly_as_published(mini):
    run("import_dossier", str(mini))
    expected = (mini / "sources" / "planet-report.txt").read_text(encoding="utf-8")
    assert Source.objects.get(slug="planet-report").body == expected


def test_reimport_changes_nothing_not_even_timestamps(mini):
    run("import_dossier", str(mini))
    before = dump()
    output = run("import_dossier", str(mini))
    assert dump() == before
    assert "No changes" in output
    assert "0 created, 0 updated, 2 unchanged" in output


def test_edited_fixture_updates_rows_in_place(mini):
    run("import_dossier", str(mini))
    outlet = Outlet.objects.get(slug="the-wire")
    untouched = Outlet.objects.get(slug="daily-planet").updated
    path = mini / "outlets.yaml"
    path.write_text(path.read_text().replace("reliability: C", "reliability: D"))
    path = mini / "quotes.yaml"
    path.write_text(path.read_text().replace("tags: [summit]", "tags: [summit, ceasefire]"))
    output = run("import_dossier", str(mini))
    assert "Outlets:    0 created, 1 updated, 1 unchanged" in output
    assert "Quotes:     0 created, 1 updated, 1 unchanged" in output
    changed = Outlet.objects.get(slug="the-wire")
    assert changed.pk == outlet.pk and changed.reliability == "D"
    assert changed.updated > outlet.updated
    assert Outlet.objects.get(slug="daily-planet").updated == untouched
    quote = Quote.objects.get(slug="speaker-agreed-planet")
    assert set(quote.tags.names()) == {"summit", "ceasefire"}


def respell(folder: Path, old: str, new: str) -> None:
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"[{old}", f"[{new}").replace(f", {old}]", f", {new}]"))


def test_a_tag_spelt_anew_is_renamed_not_duplicated(mini):
    """A tag is found by its slug, its page's address: a fixture that writes
    "Peace Talks" where it wrote "peace-talks" renames the stored tag, and
    its page, its items and its address stay as they were."""
    respell(mini, "diplomacy", "peace-talks")
    run("import_dossier", str(mini))
    tag = Tag.objects.get(slug="peace-talks")
    tagged = set(tag.taggit_taggeditem_items.values_list("object_id", "content_type"))
    respell(mini, "peace-talks", "Peace Talks")
    output = run("import_dossier", str(mini))
    assert "Tags:" in output and "1 renamed to the fixture's spelling" in output
    assert Tag.objects.filter(slug__startswith="peace-talks").count() == 1
    renamed = Tag.objects.get(slug="peace-talks")
    assert (renamed.pk, renamed.name) == (tag.pk, "Peace Talks")
    assert set(renamed.taggit_taggeditem_items.values_list("object_id", "content_type")) == tagged
    before = dump()
    again = run("import_dossier", str(mini))
    assert "No changes" in again and "renamed" not in again
    assert dump() == before


def test_a_tag_spelt_two_ways_in_one_fixture_is_one_tag(mini):
    path = mini / "quotes.yaml"
    path.write_text(path.read_text().replace("tags: [summit]", "tags: [Summit]", 1))
    run("import_dossier", str(mini))
    (summit,) = Tag.objects.filter(slug__startswith="summit")
    assert summit in Quote.objects.get(slug="speaker-agreed-planet").tags.all()
    assert summit in Source.objects.get(slug="planet-report").tags.all()
    assert "No changes" in run("import_dossier", str(mini))


def test_a_dry_run_that_would_rename_a_tag_says_so_and_keeps_it(mini):
    run("import_dossier", str(mini))
    respell(mini, "summit", "Summit")
    output = run("import_dossier", str(mini), "--dry-run")
    assert "1 renamed to the fixture's spelling" in output
    assert "nothing would change" not in output
    assert Tag.objects.get(slug="summit").name == "summit"


def test_items_missing_from_the_fixture_are_left_alone(mini):
    run("import_dossier", str(mini))
    path = mini / "events.yaml"
    path.write_text(path.read_text().split("\n\n- slug: talks-mid-october")[0] + "\n")
    output = run("import_dossier", str(mini))
    assert Event.objects.filter(slug="talks-mid-october").exists()
    assert "1 in the database but not in the fixture, left as they are" in output


def test_dry_run_reports_changes_and_writes_nothing(mini):
    before = dump()
    output = run("import_dossier", str(mini), "--dry-run")
    assert "Quotes:     2 created" in output
    assert "nothing was written" in output
    assert dump() == before


def test_dry_run_after_import_says_nothing_would_change(mini):
    run("import_dossier", str(mini))
    assert "nothing would change" in run("import_dossier", str(mini), "--dry-run")


def test_export_import_export_gives_identical_files(mini, tmp_path):
    run("import_dossier", str(mini))
    first = tmp_path / "first"
    run("export_dossier", str(first))
    wipe_dossier()
    run("import_dossier", str(first))
    second = tmp_path / "second"
    run("export_dossier", str(second))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert "No changes" in run("import_dossier", str(second))


def test_export_refuses_to_overwrite_without_being_asked(mini, tmp_path):
    run("import_dossier", str(mini))
    target = tmp_path / "out"
    run("export_dossier", str(target))
    with pytest.raises(CommandError, match="--overwrite"):
        run("export_dossier", str(target))
    run("export_dossier", str(target), "--overwrite")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "thesis.docx").write_text("mine")
    with pytest.raises(CommandError, match="thesis.docx"):
        run("export_dossier", str(tmp_path / "elsewhere"))


# -- bad input: every kind fails cleanly, naming where, changing nothing -----


def replace_in(file: str, old: str, new: str):
    def mutate(folder: Path):
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def write_bytes(file: str, data: bytes):
    def mutate(folder: Path):
        (folder / file).write_bytes(data)

    return mutate


def link(file: str, target: str):
    """Make `file` in the fixture a symbolic link to `target`."""

    def mutate(folder: Path) -> None:
        path = folder / file
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)

    return mutate


BAD_INPUTS = {
    "invalid YAML": (
        replace_in("people.yaml", "role: Spokeswoman", "role: [Spokeswoman"),
        ["people.yaml", "line", "not valid YAML"],
    ),
    "wrong type": (
        replace_in("outlets.yaml", "name: The Wire", "name: [The, Wire]"),
        ["outlets.yaml, line 11", "outlet 'the-wire'", "'name' should be text"],
    ),
    "missing required field": (
        replace_in("sources.yaml", "  title: No dates, says ministry\n", ""),
        ["sources.yaml, line 10", "source 'wire-report'", "'title' is required"],
    ),
    "unknown reference": (
        replace_in("quotes.yaml", "speaker: ana-speaker", "speaker: nobody"),
        [
            "quotes.yaml, line 1",
            "quote 'speaker-agreed-planet'",
            "speaker 'nobody' is not in people.yaml",
        ],
    ),
    "duplicate key in one item": (
        replace_in(
            "outlets.yaml", "  name: The Wire\n", "  name: The Wire\n  name: The Other Wire\n"
        ),
        ["outlets.yaml, line 12", "field 'name' is given twice"],
    ),
    "duplicate slug": (
        replace_in("outlets.yaml", "slug: the-wire", "slug: daily-planet"),
        [
            "outlets.yaml, line 10",
            "outlet 'daily-planet'",
            "duplicate slug; already used on line 1",
        ],
    ),
    "bad date": (
        replace_in("sources.yaml", "published_on: 2025-10-22", "published_on: 2025-13-45"),
        [
            "sources.yaml, line 13",
            "source 'wire-report'",
            "'published_on' '2025-13-45' is not a date",
        ],
    ),
    "date that is not a date at all": (
        replace_in("events.yaml", "date: 2025-10-21", "date: last Tuesday"),
        ["events.yaml, line 3", "event 'ministry-briefing'", "is not a date"],
    ),
    "unknown grade": (
        replace_in("outlets.yaml", "reliability: C", "reliability: G"),
        [
            "outlets.yaml, line 12",
            "outlet 'the-wire'",
            "'reliability' 'G' is not one of: A, B, C, D, E, F",
        ],
    ),
    "unknown credibility": (
        replace_in("quotes.yaml", "credibility: 3", "credibility: 7"),
        [
            "quotes.yaml",
            "quote 'speaker-finalised-wire'",
            "'credibility' '7' is not one of: 1, 2, 3, 4, 5, 6",
        ],
    ),
    "unknown field": (
        replace_in("quotes.yaml", "credibility: 3", "credibilty: 3"),
        ["quotes.yaml, line 27", "unknown field 'credibilty'", "'credibility' is required"],
    ),
    "quote not in its source": (
        replace_in("quotes.yaml", "has not been finalised", "has not been finally agreed upon"),
        [
            "quotes.yaml, line 20",
            "quote 'speaker-finalised-wire'",
            "not found verbatim in source 'wire-report'",
        ],
    ),
    "body that is not UTF-8": (
        write_bytes("sources/wire-report.txt", "Caf\xe9 line one\nline two".encode("latin-1")),
        ["sources/wire-report.txt", "line 1", "source 'wire-report'", "not valid UTF-8"],
    ),
    "YAML file that is not UTF-8": (
        write_bytes("people.yaml", "- slug: ana\n  name: Ana M\xfcller\n".encode("latin-1")),
        ["people.yaml, line 2", "not valid UTF-8"],
    ),
    "binary body": (
        write_bytes("sources/planet-report.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ["sources/planet-report.txt", "binary file"],
    ),
    "body outside the fixture folder": (
        replace_in("sources.yaml", "body: sources/wire-report.txt", "body: ../../../../etc/passwd"),
        ["sources.yaml, line 14", "source 'wire-report'", "points outside the fixture folder"],
    ),
    "body that is a link to a file outside the folder": (
        link("sources/wire-report.txt", "/etc/hostname"),
        ["sources.yaml, line 14", "source 'wire-report'", "points outside the fixture folder"],
    ),
    "body in a folder that links outside the folder": (
        lambda folder: (
            link("sources/elsewhere", "/etc")(folder),
            replace_in("sources.yaml", "sources/wire-report.txt", "sources/elsewhere/hostname")(
                folder
            ),
        ),
        ["sources.yaml, line 14", "source 'wire-report'", "points outside the fixture folder"],
    ),
    "missing body file": (
        replace_in("sources.yaml", "body: sources/wire-report.txt", "body: sources/gone.txt"),
        ["sources.yaml, line 14", "'body' file sources/gone.txt does not exist"],
    ),
    "second-hand quote without an outlet": (
        replace_in("quotes.yaml", "  relayed_from: daily-planet\n", ""),
        ["quotes.yaml, line 20", "needs 'relayed_from'"],
    ),
    "list where a mapping belongs": (
        write_bytes("story.yaml", b"- one\n- two\n"),
        ["story.yaml", "should hold one mapping of fields"],
    ),
    "YAML aliases": (
        write_bytes(
            "statements.yaml",
            b"- &a {slug: one, title: One}\n- *a\n",
        ),
        ["statements.yaml, line 1", "aliases"],
    ),
    "hop with an unknown way of passing it on": (
        replace_in("quotes.yaml", "how: citing", "how: whispered"),
        [
            "quotes.yaml, line 28",
            "quote 'speaker-finalised-wire'",
            "'chain' hop 3: 'how' should be one of",
        ],
    ),
    "hop that is both a person and an outlet": (
        replace_in(
            "quotes.yaml",
            "    - person: ana-speaker\n      how: said\n      context",
            "    - person: ana-speaker\n      outlet: the-wire\n      how: said\n      context",
        ),
        ["quotes.yaml, line 1", "'chain' hop 1 needs exactly one of: person, outlet, description"],
    ),
    "chain through an unknown outlet": (
        replace_in("quotes.yaml", "- outlet: the-wire", "- outlet: the-bugle"),
        ["quotes.yaml, line 20", "outlet in the chain 'the-bugle' is not in outlets.yaml"],
    ),
    "link to an unknown claim": (
        replace_in("claims.yaml", "claim: summit-dated", "claim: summit-cancelled"),
        [
            "claims.yaml, line 1",
            "claim 'no-dates-set'",
            "linked claim 'summit-cancelled' is not in claims.yaml",
        ],
    ),
    "link of an unknown kind": (
        replace_in("claims.yaml", "kind: contradicts", "kind: refutes"),
        [
            "claims.yaml",
            "link 1: 'kind' should be one of contradicts, qualifies, supports, supersedes",
        ],
    ),
    "claim linked to itself": (
        replace_in("claims.yaml", "claim: summit-dated", "claim: no-dates-set"),
        ["claims.yaml, line 1", "is linked to itself"],
    ),
    "misnamed file": (
        lambda folder: (folder / "people.yaml").rename(folder / "person.yaml"),
        ["person.yaml", "unknown file"],
    ),
    "tag with no letter or digit": (
        replace_in("quotes.yaml", "tags: [summit]", "tags: [summit, '—']"),
        ["quotes.yaml", "has a tag with no letter or digit ('—')"],
    ),
}


@pytest.mark.parametrize("mutate, expected", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_fixture_fails_cleanly_and_changes_nothing(mini, mutate, expected):
    run("import_dossier", str(mini))
    before = dump()
    mutate(mini)
    with pytest.raises(CommandError) as failure:
        run("import_dossier", str(mini))
    message = str(failure.value)
    for part in expected:
        assert part in message, message
    assert "nothing was imported" in message
    assert dump() == before


def test_missing_folder_is_named(tmp_path):
    with pytest.raises(CommandError, match="no such fixture folder"):
        run("import_dossier", str(tmp_path / "nowhere"))


def test_folder_without_a_dossier_is_refused(tmp_path):
    with pytest.raises(CommandError, match="holds none of"):
        run("import_dossier", str(tmp_path))


def test_unreadable_file_is_named(mini):
    import os

    if os.geteuid() == 0:
        # root reads anything; a folder where a file should be fails the same way
        (mini / "events.yaml").unlink()
        (mini / "events.yaml").mkdir()
        expected = "is a folder, not a file"
    else:
        (mini / "events.yaml").chmod(0)
        expected = "cannot be read"
    with pytest.raises(CommandError, match=expected):
        run("import_dossier", str(mini))


def test_huge_file_is_refused(mini, monkeypatch):
    from dossier.fixture import read

    monkeypatch.setattr(read, "MAX_BODY_BYTES", 64)
    with pytest.raises(CommandError, match="planet-report.txt.*too large"):
        run("import_dossier", str(mini))


def test_failure_while_writing_rolls_everything_back(mini, monkeypatch):
    run("import_dossier", str(mini))
    path = mini / "outlets.yaml"
    path.write_text(path.read_text().replace("reliability: C", "reliability: E"))
    path = mini / "events.yaml"
    path.write_text(path.read_text().replace("role: spokeswoman", "role: briefer"))
    before = dump()

    def explode(self, wanted, ids):
        raise DatabaseError("disk I/O error")

    # Outlets are written first; participants last, so the failure comes
    # after real writes and must undo them.
    monkeypatch.setattr(relations.ParticipantsRelation, "replace", explode)
    with pytest.raises(CommandError, match="the database refused the import.*disk I/O error"):
        run("import_dossier", str(mini))
    assert dump() == before


def test_many_problems_are_reported_together(mini):
    replace_in("outlets.yaml", "reliability: C", "reliability: Z")(mini)
    replace_in("quotes.yaml", "credibility: 3", "credibility: 9")(mini)
    with pytest.raises(CommandError) as failure:
        run("import_dossier", str(mini))
    assert "2 problems" in str(failure.value)
    assert "not in outlets.yaml" not in str(failure.value)


def test_chains_claims_and_links_are_imported(mini):
    from dossier.models import ClaimLink, describe_chain

    run("import_dossier", str(mini))
    quote = Quote.objects.get(slug="speaker-finalised-wire")
    assert describe_chain(quote.hops.all()) == (
        "Ana Speaker said it (on the record) → The Daily Planet reported it → "
        "The Wire, citing The Daily Planet"
    )
    claim = Claim.objects.get(slug="no-dates-set")
    assert [r.source.slug for r in claim.reports.all()] == ["planet-report", "wire-report"]
    assert claim.origin_counts() == (2, 1)  # the Wire only relays the Planet
    assert claim.event.slug == "ministry-briefing"
    link = ClaimLink.objects.get()
    assert (link.from_claim.slug, link.kind, link.to_claim.slug) == (
        "no-dates-set",
        "contradicts",
        "summit-dated",
    )
    assert [s.slug for s in link.sources.all()] == ["planet-report"]


def test_editing_a_chain_updates_only_that_quote(mini):
    run("import_dossier", str(mini))
    replace_in("quotes.yaml", "how: citing", "how: translated")(mini)
    output = run("import_dossier", str(mini))
    assert "Quotes:     0 created, 1 updated, 1 unchanged" in output
    hops = Quote.objects.get(slug="speaker-finalised-wire").hops.all()
    assert [hop.how for hop in hops] == ["said", "reported", "translated"]


def test_import_is_kept_in_history(mini):
    run("import_dossier", str(mini))
    record = Outlet.objects.get(slug="the-wire").history.get()
    assert record.history_type == "+"
    assert record.history_change_reason == f"Imported from {mini}"
    replace_in("outlets.yaml", "reliability: C", "reliability: D")(mini)
    run("import_dossier", str(mini))
    latest = Outlet.objects.get(slug="the-wire").history.latest()
    assert (latest.history_type, latest.reliability) == ("~", "D")
    assert latest.prev_record.reliability == "C"


def test_export_is_a_backup_wipe_and_restore_gives_everything_back(seed_fixture, tmp_path):
    from dossier.models import ClaimLink, Hop

    def snapshot():
        return {
            "outlets": sorted(Outlet.objects.values_list("slug", "reliability", "status")),
            "sources": sorted(Source.objects.values_list("slug", "reliability", "body")),
            "quotes": sorted(
                Quote.objects.values_list("slug", "credibility", "attribution", "statement__slug")
            ),
            "claims": sorted(Claim.objects.values_list("slug", "credibility", "verification")),
            "hops": Hop.objects.count(),
            "links": sorted(
                ClaimLink.objects.values_list("from_claim__slug", "kind", "to_claim__slug")
            ),
            "tags": sorted(Tag.objects.values_list("name", flat=True)),
        }

    run("import_dossier", str(seed_fixture))
    before = snapshot()
    run("export_dossier", str(tmp_path / "backup"))
    wipe_dossier()
    assert snapshot()["quotes"] == []
    run("import_dossier", str(tmp_path / "backup"))
    assert snapshot() == before


def test_import_leaves_the_connections_cache_settings_as_they_were(mini):
    """The importer shrinks SQLite's page cache and memory map for itself
    (it reads each row once) and puts the site's settings back after."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size=-12345")
        run("import_dossier", str(mini))
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == -12345


@pytest.fixture
def no_hang():
    """Fail instead of waiting forever on a read that blocks."""
    import signal

    def give_up(signum, frame):
        raise TimeoutError("the import blocked on a file")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize(
    "name", ["events.yaml", "sources/planet-report.txt"], ids=["yaml-file", "article-body"]
)
def test_named_pipe_in_the_fixture_is_refused_by_name_not_waited_on(mini, name, no_hang):
    import os

    (mini / name).unlink()
    os.mkfifo(mini / name)
    before = dump()
    with pytest.raises(CommandError, match=rf"{name}.*is a named pipe, not a regular file"):
        run("import_dossier", str(mini))
    assert dump() == before
