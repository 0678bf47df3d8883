"""The synthetic dossier: deterministic, realistic enough to import cleanly,
and refusing nonsense."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from dossier.fixture import read_fixture, yamlio
from dossier.models import Claim, ClaimLink, Hop, Quote, Source, Statement

pytestmark = pytest.mark.django_db(transaction=False)

SMALL = "0.005"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic") / "small"
    run("generate_dossier", "--scale", SMALL, str(folder))
    return folder


def test_same_scale_and_seed_give_byte_identical_files(small, tmp_path):
    again = tmp_path / "again"
    run("generate_dossier", "--scale", SMALL, str(again))
    assert files(again) == files(small)


def test_a_different_seed_gives_different_files(small, tmp_path):
    other = tmp_path / "other"
    run("generate_dossier", "--scale", SMALL, "--seed", "7", str(other))
    assert files(other) != files(small)


def test_generated_dossier_imports_and_reimport_changes_nothing(small):
    output = run("import_dossier", str(small))
    assert f"Imported {small}" in output
    assert "No changes" in run("import_dossier", str(small))


def test_generated_dossier_is_shaped_like_a_real_one(small):
    run("import_dossier", str(small))
    assert Source.objects.count() == 50
    assert Quote.objects.count() >= 200
    assert Statement.objects.count() == 100
    assert not Quote.objects.filter(verbatim_found=False).exists()
    # Statements printed by several outlets, some words apart.
    assert Quote.objects.filter(statement__isnull=False).count() > Statement.objects.count()
    # Chains of one to four hops, some through another outlet.
    assert Hop.objects.filter(quote__isnull=False).exists()
    assert Quote.objects.filter(attribution="second_hand").exists()
    assert Claim.objects.filter(reports__isnull=False).exists()
    assert ClaimLink.objects.exists()
    assert Source.objects.filter(status="published").count() > Source.objects.count() // 2
    for source in Source.objects.all()[:10]:
        assert 1_500 <= len(source.body.encode()) <= 8_000, source.slug


def test_bodies_print_their_quotes_verbatim(small):
    # The reader checks every quote against its body; this fails loudly if not.
    fixture = read_fixture(small)
    assert len(fixture.items["quote"]) >= 200


def test_fast_yaml_reader_agrees_with_the_full_loader(small, seed_fixture, mini_fixture):
    """yamlio.iter_items builds items from parser events for speed; it must
    give exactly what yaml.load gives, line numbers included."""

    def same(a, b):
        assert type(a) is type(b)
        if isinstance(a, yamlio.LineDict):
            assert (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b))
            for key in a:
                same(a[key], b[key])
        elif isinstance(a, list):
            assert len(a) == len(b)
            for x, y in zip(a, b, strict=True):
                same(x, y)
        else:
            assert a == b

    for folder in (small, seed_fixture, mini_fixture):
        for path in sorted(folder.glob("*.yaml")):
            if path.name != "story.yaml":
                text = path.read_text(encoding="utf-8")
                same(list(yamlio.iter_items(text)), yamlio.load(text) or [])


@pytest.mark.parametrize("scale", ["0", "-1", "nan", "inf", "abc", "1e9", "0.00000001"])
def test_silly_scale_is_refused(scale, tmp_path):
    with pytest.raises(CommandError, match="--scale"):
        run("generate_dossier", "--scale", scale, str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_refuses_a_folder_that_is_not_a_dossier(tmp_path):
    (tmp_path / "thesis.docx").write_text("mine")
    with pytest.raises(CommandError, match="thesis.docx"):
        run("generate_dossier", "--scale", SMALL, str(tmp_path))


def test_overwrites_a_dossier_only_when_asked(small, tmp_path):
    target = tmp_path / "out"
    run("generate_dossier", "--scale", SMALL, str(target))
    with pytest.raises(CommandError, match="--overwrite"):
        run("generate_dossier", "--scale", SMALL, str(target))
    run("generate_dossier", "--scale", SMALL, "--seed", "7", "--overwrite", str(target))
    run("generate_dossier", "--scale", SMALL, "--overwrite", str(target))
    # No body left behind from the other seed's sources.
    assert files(target) == files(small)


def _as_read(fixture) -> dict:
    return {
        kind: [(item.slug, item.values, item.file, item.line) for item in items]
        for kind, items in fixture.items.items()
    }


def test_a_helper_process_reads_the_largest_file_to_the_same_result(small, monkeypatch):
    import multiprocessing

    from dossier.fixture import read

    monkeypatch.setattr(read, "PARALLEL_BYTES", 0)  # help with any file
    assert _as_read(read_fixture(small)) == _as_read(read_fixture(small, parallel=False))
    assert not multiprocessing.active_children()


def test_with_a_helper_problems_are_reported_as_without(small, tmp_path, monkeypatch):
    import shutil

    from dossier.fixture import FixtureErrors, read

    broken = tmp_path / "broken"
    shutil.copytree(small, broken)
    for name, old, new in (
        ("quotes.yaml", "credibility: 2", "credibility: 9"),
        ("events.yaml", "date_precision: month", "date_precision: week"),
    ):
        path = broken / name
        path.write_text(path.read_text().replace(old, new, 1))
    monkeypatch.setattr(read, "PARALLEL_BYTES", 0)
    messages = []
    for parallel in (True, False):
        with pytest.raises(FixtureErrors) as failure:
            read_fixture(broken, parallel=parallel)
        messages.append([str(error) for error in failure.value.errors])
    assert messages[0] == messages[1]
    assert any("quotes.yaml" in m for m in messages[0])


def test_a_large_insert_rebuilds_the_search_index_once(small, monkeypatch):
    """On SQLite the importer drops the triggers that feed the full-text
    index while it inserts many rows, then puts them back and rebuilds the
    index: the index must end up exactly as the triggers would have left it."""
    from django.db import connection

    from dossier.fixture import bulk

    if connection.vendor != "sqlite":
        pytest.skip("the full-text index is an SQLite one")

    def schema():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            return sorted(cursor.fetchall())

    triggers = schema()
    if not any(name.endswith("_fts_insert") for name, _sql in triggers):
        pytest.skip("no full-text index in this schema")
    monkeypatch.setattr(bulk, "REBUILD_FROM_ROWS", 1)
    run("import_dossier", str(small))
    assert schema() == triggers
    quote = Quote.objects.order_by("pk").first()
    word = max(quote.text.split(), key=len).strip(",.'")
    with connection.cursor() as cursor:
        for table in ("dossier_quote_fts", "dossier_source_fts", "dossier_person_fts"):
            # Raises if the index does not match its table.
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        cursor.execute(
            "SELECT rowid FROM dossier_quote_fts WHERE dossier_quote_fts MATCH %s", [f'"{word}"']
        )
        assert quote.pk in {row[0] for row in cursor.fetchall()}


def _import_as_a_large_one(folder, monkeypatch, *starts: str) -> list[str]:
    """Import `folder` as the importer imports a large dossier (every bulk
    shortcut on): the statements it ran that begin with one of `starts`."""
    from django.db import connection

    from dossier.fixture import bulk

    def watch(execute, sql, params, many, context):
        if sql.startswith(starts):
            ran.append(sql)
        return execute(sql, params, many, context)

    ran = []
    monkeypatch.setattr(bulk, "REBUILD_FROM_ROWS", 1)
    with connection.execute_wrapper(watch):
        run("import_dossier", str(folder))
    return ran


def test_indexes_made_after_a_large_insert_are_those_of_the_schema(small, monkeypatch):
    """Into empty SQLite tables the importer inserts many rows with their
    secondary indexes dropped and makes them again afterwards: the schema ends as it
    was, unique indexes included, and the rows are all there."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("indexes are made afterwards on SQLite only")

    def indexes():
        with connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
            return sorted(cursor.fetchall())

    before = indexes()
    dropped = _import_as_a_large_one(small, monkeypatch, "DROP INDEX")
    assert any("dossier_quote" in sql for sql in dropped)
    assert indexes() == before
    quotes = yamlio.load((small / "quotes.yaml").read_text(encoding="utf-8"))
    assert Quote.objects.count() == len(quotes)


def _postgresql_schema() -> list[tuple]:
    """Every constraint and index of the dossier's tables, as PostgreSQL
    itself would write them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE conrelid::regclass::text ~ '^(dossier|taggit)_' "
            "UNION ALL SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE tablename ~ '^(dossier|taggit)_'"
        )
        return sorted(cursor.fetchall())


def test_postgresql_keys_and_indexes_made_after_a_large_load_are_those_of_the_schema(
    small, monkeypatch
):
    """Into empty PostgreSQL tables the importer loads many rows with their
    foreign keys among themselves and their secondary indexes dropped, then
    makes them again: the schema ends exactly as it was, and the rows are
    all there and found through the full-text index."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("keys and indexes are made afterwards this way on PostgreSQL only")

    before = _postgresql_schema()
    dropped = _import_as_a_large_one(small, monkeypatch, "DROP INDEX", "ALTER TABLE")
    assert any("DROP INDEX" in sql and "dossier_quote" in sql for sql in dropped)
    assert any("DROP CONSTRAINT" in sql and "dossier_hop" in sql for sql in dropped)
    assert _postgresql_schema() == before
    quotes = yamlio.load((small / "quotes.yaml").read_text(encoding="utf-8"))
    assert Quote.objects.count() == len(quotes)
    quote = Quote.objects.order_by("pk").first()
    word = max(quote.text.split(), key=len).strip(",.'\"")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM dossier_quote WHERE search_document @@ plainto_tsquery('simple', %s)",
            [word],
        )
        assert quote.pk in {row[0] for row in cursor.fetchall()}


def test_a_failed_large_load_leaves_the_postgresql_schema_and_tables_as_they_were(
    small, monkeypatch
):
    """An import that fails half way, after keys and indexes were dropped,
    takes nothing with it: the transaction rolls the schema back too."""
    from django.db import connection

    from dossier.fixture import bulk, load

    if connection.vendor != "postgresql":
        pytest.skip("keys and indexes are made afterwards this way on PostgreSQL only")
    before = _postgresql_schema()
    monkeypatch.setattr(bulk, "REBUILD_FROM_ROWS", 1)
    loading = load._KindLoader.load

    def fail_at_events(self, items, ids, digest):
        if self.kind.name == "event":
            raise RuntimeError("the disk is full")
        return loading(self, items, ids, digest)

    monkeypatch.setattr(load._KindLoader, "load", fail_at_events)
    with pytest.raises(RuntimeError, match="disk is full"):
        run("import_dossier", str(small))
    assert _postgresql_schema() == before
    assert not Quote.objects.exists() and not Source.objects.exists()
