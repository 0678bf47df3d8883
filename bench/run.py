"""Run every benchmark and print one table: figure, target, measured, pass.

    .venv/bin/python bench/run.py [--scale 1] [--database sqlite|postgres|both]

Each section is a module with `section(args) -> list[Row]` (and optionally
`add_arguments(parser)`); add a module to SECTIONS to add its figures.
Exits non-zero when a figure misses its target.
"""

import argparse
import datetime
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cards_bench  # noqa: E402
import extract_bench  # noqa: E402
import import_bench  # noqa: E402
import render_bench  # noqa: E402
import search_bench  # noqa: E402
import throughput_bench  # noqa: E402
from table import render  # noqa: E402

SECTIONS = [import_bench, render_bench, search_bench, throughput_bench, cards_bench, extract_bench]


def machine() -> str:
    """The machine the figures were measured on, in one paragraph."""
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = f" ({line.split(':', 1)[1].strip()})"
                break
    except OSError:
        pass
    postgres = ""
    try:
        import psycopg

        admin = import_bench.POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, connect_timeout=3) as db:
            postgres = ", PostgreSQL " + db.execute("SHOW server_version").fetchone()[0]
    except Exception:
        postgres = ", no PostgreSQL"
    return (
        f"{os.cpu_count()} CPUs{model}{memory}; {platform.platform()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}{postgres}; "
        f"{datetime.date.today().isoformat()}"
    )


def cpu_check() -> float:
    """Milliseconds for a fixed pure-Python loop, the fastest of three: the
    machines are shared, and their speed moves by a quarter or more from
    one minute to the next. Taken before each section and after the last,
    printed beside the figures."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number * number % 7
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _name(module) -> str:
    return module.__name__.removesuffix("_bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="dossier scale (1)")
    parser.add_argument("--seed", type=int, default=2025, help="dossier seed (2025)")
    parser.add_argument(
        "--database", choices=("sqlite", "postgres", "both"), default="both", help="(both)"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown, for the README"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=[_name(module) for module in SECTIONS],
        help="run only this section (repeatable); all by default",
    )
    for module in SECTIONS:
        if hasattr(module, "add_arguments"):
            module.add_arguments(parser)
    args = parser.parse_args()
    load_before, checks = os.getloadavg(), []
    rows = []
    for module in SECTIONS:
        if not args.only or _name(module) in args.only:
            checks.append(cpu_check())
            rows += module.section(args)
    load_after = os.getloadavg()
    checks.append(cpu_check())
    print(f"Machine: {machine()}")
    # Others' work on the same machine slows wall times: say how busy it was.
    print(
        f"Load average (1 min) before / after the run: {load_before[0]:.2f} / {load_after[0]:.2f}"
    )
    print(
        "CPU check (a fixed Python loop before each section and after the last; lower is "
        f"faster): {' / '.join(f'{check:.0f}' for check in checks)} ms"
    )
    print(f"Dossier: scale {args.scale:g}, seed {args.seed}; medians of {args.repeat} runs\n")
    print(render(rows, markdown=args.markdown))
    return 1 if any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
