"""Import figures: the scale-N dossier into an empty database, a re-import
that must change nothing, and a raw `sqlite3` `executemany` of the same rows
so the importer's overhead is visible.

Each import runs in a process of its own (bench/import_child.py), so its
time and peak memory are not mixed with the bench's own.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from table import Row, median

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
# The settings refuse to start without a key; this one never serves a page.
BENCH_KEY = "bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/dossier_bench"
)

# Issue 16's targets at scale 1, stricter than issue 14's (20 s, re-import 10 s).
IMPORT_SECONDS = {"sqlite": 15.0, "postgres": 20.0}
IMPORT_MB = 400.0
REIMPORT_SECONDS = 8.0


def add_arguments(parser) -> None:
    parser.add_argument(
        "--repeat", type=int, default=3, help="imports per database; medians are shown (3)"
    )


# -- the dossier -----------------------------------------------------------------


def dossier(scale: float, seed: int) -> Path:
    """The synthetic dossier, generated once per scale and seed."""
    folder = OUT / f"scale-{scale:g}-seed-{seed}"
    if (folder / "claims.yaml").exists():  # written last
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    print(f"  generating {folder.name} …", file=sys.stderr, flush=True)
    manage("generate_dossier", "--scale", str(scale), "--seed", str(seed), str(partial))
    partial.rename(folder)
    return folder


# -- databases -------------------------------------------------------------------


def environment(database_url: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url)
    env.setdefault("DJANGO_SECRET_KEY", BENCH_KEY)
    return env


def manage(*args: str, database_url: str | None = None) -> str:
    env = environment(database_url or f"sqlite:///{OUT / 'scratch.sqlite3'}")
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def fresh_sqlite() -> tuple[str, Path]:
    path = OUT / "bench.sqlite3"
    for leftover in OUT.glob("bench.sqlite3*"):
        leftover.unlink()
    url = f"sqlite:///{path}"
    manage("migrate", "-v0", database_url=url)
    return url, path


def fresh_postgres() -> tuple[str, None]:
    import psycopg

    name = POSTGRES_URL.rsplit("/", 1)[1]
    admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "-v0", database_url=POSTGRES_URL)
    return POSTGRES_URL, None


def drop_postgres() -> None:
    import psycopg

    name = POSTGRES_URL.rsplit("/", 1)[1]
    admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_answers() -> bool:
    try:
        import psycopg

        admin = POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
        psycopg.connect(admin.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
        return True
    except Exception:
        return False


def import_once(folder: Path, database_url: str) -> dict:
    """Run one import in a child process; its report, with the peak memory
    of the child and any helper process it starts, polled from /proc."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(
            [PYTHON, str(ROOT / "bench" / "import_child.py"), str(folder)],
            cwd=ROOT,
            env=environment(database_url),
            stdout=out,
            stderr=err,
            text=True,
        )
        peak = {"rss": 0.0, "pss": 0.0}
        while child.poll() is None:
            for key, value in tree_memory_mb(child.pid).items():
                peak[key] = max(peak[key], value)
            time.sleep(POLL_SECONDS)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"import of {folder} failed:\n{err.read()[-3000:]}")
        report = json.loads(out.read().strip().splitlines()[-1])
    report["tree_rss_mb"], report["tree_pss_mb"] = peak["rss"], peak["pss"]
    return report


POLL_SECONDS = 0.02


def tree_memory_mb(pid: int) -> dict[str, float]:
    """Resident memory of a process and its descendants: RSS summed (pages
    shared after a fork counted in each) and PSS summed (shared pages split
    between their sharers: the memory the tree really holds)."""
    rss = pss = 0
    for member in _tree(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except (OSError, ValueError):
            continue  # it just ended
    return {"rss": rss / 1024, "pss": pss / 1024}


def _tree(pid: int) -> list[int]:
    members, queue = [], [pid]
    while queue:
        member = queue.pop()
        members.append(member)
        try:
            children = Path(f"/proc/{member}/task/{member}/children").read_text().split()
        except OSError:
            continue
        queue += [int(child) for child in children]
    return members


# -- the raw baseline --------------------------------------------------------------


def raw_sqlite_rows_per_second(imported: Path) -> tuple[int, float]:
    """Insert every row the importer wrote, as read back from its database,
    into an empty copy of the same schema with plain sqlite3 executemany, in
    one transaction, with the connection set up as Django sets up its own.
    Returns (rows, seconds)."""
    source = sqlite3.connect(imported)
    virtual = [
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]

    def ordinary(name: str) -> bool:
        # Not a full-text index or its shadow tables: triggers fill those.
        return not any(name == v or name.startswith(f"{v}_") for v in virtual)

    tables = [
        name
        for (name,) in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        if name.startswith(("dossier_", "taggit_")) and ordinary(name)
    ]
    scratch = OUT / "raw.sqlite3"
    for leftover in OUT.glob("raw.sqlite3*"):
        leftover.unlink()
    target = sqlite3.connect(scratch, isolation_level=None)
    # The same schema: tables (a virtual table makes its own shadow tables),
    # then indexes and triggers.
    for kind, name, ddl in source.execute(
        "SELECT type, name, sql FROM sqlite_master "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type != 'table', rowid"
    ):
        # Shadow tables come with their virtual table; the triggers that
        # keep a search index in step (named after it) run for these rows too.
        if kind != "table" or ordinary(name) or name in virtual:
            target.execute(ddl)
    # What the measured rows point at (content types, for tags), untimed.
    for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        if name not in tables and not name.startswith("sqlite_") and ordinary(name):
            rows = source.execute(f'SELECT * FROM "{name}"').fetchall()
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    data = {name: source.execute(f'SELECT * FROM "{name}"').fetchall() for name in tables}
    source.close()
    for pragma in ("journal_mode = WAL", "synchronous = NORMAL", "foreign_keys = ON"):
        target.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    target.execute("BEGIN IMMEDIATE")
    for name, rows in data.items():
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
    target.execute("COMMIT")
    seconds = time.perf_counter() - started
    target.close()
    for leftover in OUT.glob("raw.sqlite3*"):
        leftover.unlink()
    return sum(len(rows) for rows in data.values()), seconds


# -- the section ---------------------------------------------------------------------


def measure(database: str, folder: Path, repeat: int) -> dict:
    imports, reimports, imported_file = [], [], None
    for attempt in range(1, repeat + 1):
        url, imported_file = fresh_sqlite() if database == "sqlite" else fresh_postgres()
        print(f"  {database}: import {attempt}/{repeat} …", file=sys.stderr, flush=True)
        imports.append(import_once(folder, url))
        print(f"  {database}: re-import {attempt}/{repeat} …", file=sys.stderr, flush=True)
        reimports.append(import_once(folder, url))
    result = {"imports": imports, "reimports": reimports}
    if database == "sqlite":
        result["raw"] = raw_sqlite_rows_per_second(imported_file)
    else:
        drop_postgres()
    return result


def rows_for(database: str, result: dict, scale: float) -> list[Row]:
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[database]
    imports, reimports = result["imports"], result["reimports"]
    seconds = median([run["seconds"] for run in imports])
    memory = median([run["tree_pss_mb"] for run in imports])
    memory_rss = median([max(run["tree_rss_mb"], run["peak_rss_mb"]) for run in imports])
    again = median([run["seconds"] for run in reimports])
    cpu = median([run["cpu_seconds"] for run in imports])
    cpu_again = median([run["cpu_seconds"] for run in reimports])
    rows = imports[-1]["rows_after"] - imports[-1]["rows_before"]
    target = IMPORT_SECONDS[database]
    writes = max(run["write_statements"] for run in reimports)
    changed_rows = max(
        [abs(run["rows_after"] - run["rows_before"]) for run in reimports]
        + [run["sqlite_changes"] or 0 for run in reimports]
    )
    quiet = all("No changes" in run["summary"] for run in reimports)
    n = f"N={scale:g}"
    table = [
        Row(
            f"{label}: import {n} into an empty database (s)",
            f"≤ {target:g}",
            f"{seconds:.1f}",
            seconds <= target,
        ),
        Row(
            f"{label}: import peak memory (MB, PSS of importer + helper)",
            f"≤ {IMPORT_MB:g}",
            f"{memory:.0f} (RSS summed: {memory_rss:.0f})",
            memory <= IMPORT_MB,
        ),
        Row(
            f"{label}: re-import, no changes (s)",
            f"≤ {REIMPORT_SECONDS:g}",
            f"{again:.1f}",
            again <= REIMPORT_SECONDS,
        ),
        Row(
            f"{label}: re-import writes (statements / rows changed)",
            "0 / 0",
            f"{writes} / {changed_rows}" + ("" if quiet else " (did not say No changes)"),
            writes == 0 and changed_rows == 0 and quiet,
        ),
        Row(
            f"{label}: CPU time of import / re-import (s, user+sys, importer + helper)",
            "",
            f"{cpu:.1f} / {cpu_again:.1f}",
        ),
        *server_cpu_rows(label, imports, reimports),
        Row(f"{label}: importer throughput (rows/s, {rows:,} rows)", "", f"{rows / seconds:,.0f}"),
    ]
    if "raw" in result:
        raw_rows, raw_seconds = result["raw"]
        table += [
            Row(
                "SQLite: raw sqlite3 executemany of the same rows (rows/s)",
                "",
                f"{raw_rows / raw_seconds:,.0f} ({raw_seconds:.1f} s)",
            ),
            Row(
                "SQLite: importer time / raw executemany time",
                "",
                f"{seconds / raw_seconds:.1f}×",
            ),
        ]
    return table


def server_cpu_rows(label: str, imports: list, reimports: list) -> list[Row]:
    """The PostgreSQL server's own CPU time for the import's connection,
    when the child could read it (a server on this machine)."""
    figures = [
        median([run["server_cpu_seconds"] for run in runs])
        for runs in (imports, reimports)
        if all(run.get("server_cpu_seconds") is not None for run in runs)
    ]
    if len(figures) != 2:
        return []
    return [
        Row(
            f"{label}: server CPU time of import / re-import (s, its connection's process)",
            "",
            f"{figures[0]:.1f} / {figures[1]:.1f}",
        )
    ]


def section(args) -> list[Row]:
    OUT.mkdir(parents=True, exist_ok=True)
    folder = dossier(args.scale, args.seed)
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    rows: list[Row] = []
    for database in databases:
        if database == "postgres" and not postgres_answers():
            rows.append(Row("PostgreSQL: no server at " + POSTGRES_URL, "", "skipped"))
            continue
        rows += rows_for(database, measure(database, folder, args.repeat), args.scale)
    return rows
