"""One import in a process of its own, so its time and peak memory are its
own: prints a JSON line with what it cost (run by import_bench.py).

    python bench/import_child.py FOLDER   (DATABASE_URL picks the database)
"""

import io
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def table_counts() -> dict[str, int]:
    """Rows in every table the importer writes (not the tables a search
    index keeps for itself: they follow the others)."""
    from django.db import connection

    tables = [
        name
        for name in connection.introspection.table_names()
        if name.startswith(("dossier_", "taggit_")) and not _search_table(name)
    ]
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _search_table(name: str) -> bool:
    """An SQLite virtual table (full-text search) or one of its shadow tables."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
        virtual = [row[0] for row in cursor.fetchall()]
    return any(name == v or name.startswith(f"{v}_") for v in virtual)


def sqlite_changes() -> int | None:
    """Rows SQLite changed on this connection so far (None on PostgreSQL)."""
    from django.db import connection

    connection.ensure_connection()
    return getattr(connection.connection, "total_changes", None)


def cpu_seconds() -> float:
    """User and system time of this process and of the helpers it has
    waited for (the importer's reader joins its helper)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def server_cpu_seconds() -> float | None:
    """User and system time of the PostgreSQL server process serving this
    connection, when it runs on this machine (None otherwise, and on
    SQLite, which runs in the importer's own process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, the 14th and 15th fields, counted after the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossier.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    before = table_counts()
    changes_before = sqlite_changes()
    writes = {"statements": 0, "rows": 0}

    def count_writes(execute, sql, params, many, context):
        if sql.lstrip()[:7].upper().startswith(WRITES):
            writes["statements"] += 1
            writes["rows"] += len(params) if many else 1
        return execute(sql, params, many, context)

    out = io.StringIO()
    server_before = server_cpu_seconds()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    with connection.execute_wrapper(count_writes):
        call_command("import_dossier", folder, stdout=out)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    server_after = server_cpu_seconds()
    changes_after = sqlite_changes()
    after = table_counts()
    report = {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "server_cpu_seconds": None if server_after is None else server_after - server_before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "write_statements": writes["statements"],
        "written_rows": writes["rows"],
        "sqlite_changes": None if changes_before is None else changes_after - changes_before,
        "rows_before": sum(before.values()),
        "rows_after": sum(after.values()),
        "tables_changed": sorted(t for t in after if after[t] != before.get(t)),
        "summary": out.getvalue().strip().splitlines()[-1],
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1])
