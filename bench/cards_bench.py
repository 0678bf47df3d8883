"""How long one share card takes to draw when no copy of it is cached.

    .venv/bin/python bench/cards_bench.py [--cards 60]

Draws `--cards` different quote cards (English, Arabic and Russian words of
several lengths, so some are set large and some shortened) and prints the
median and 90th percentile time of one render, and separately the very
first render of the process (which also loads the fonts). Exits non-zero
if the median is over the 100 ms target.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dossier.cards.draw import LAYOUT, Card, render  # noqa: E402

TARGET_MS = 100
WORDS = {
    "en": "We cannot postpone what has not been agreed, and no dates were ever set for it",
    "ar": "لا يمكننا تأجيل ما لم يتم الاتفاق عليه ولم يتم تحديد أي مواعيد له",
    "ru": "Нельзя отложить то, о чём не договорились, и никаких дат не назначали",
}


def card(number: int) -> Card:
    language = list(WORDS)[number % len(WORDS)]
    words = " ".join([WORDS[language]] * (1 + number % 6)) + f" ({number})"
    return Card(
        kicker="Quote",
        words=words,
        lines=("Dmitry Peskov", "to reporters in Moscow, 21 October 2025", "Printed by UNN"),
        grade="Credibility 2 — Probably true",
        grade_level=2,
        footer="Dossier · The Trump–Putin Budapest summit that never happened",
        quoted=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=60)
    args = parser.parse_args()
    started = time.perf_counter()
    render(card(-1))
    first = (time.perf_counter() - started) * 1000
    times = []
    for number in range(args.cards):
        started = time.perf_counter()
        render(card(number))
        times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    p90 = statistics.quantiles(times, n=10)[-1]
    print(f"layout engine: {LAYOUT.name}")
    print(f"first render (fonts loaded): {first:.1f} ms")
    print(
        f"cold render of one card, median of {args.cards}: {median:.1f} ms (target ≤ {TARGET_MS})"
    )
    print(f"90th percentile: {p90:.1f} ms")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
