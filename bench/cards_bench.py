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


def measure(cards: int) -> dict[str, float]:
    """Milliseconds: the first render of the process, then the median and
    90th percentile of `cards` different cards."""
    started = time.perf_counter()
    render(card(-1))
    first = (time.perf_counter() - started) * 1000
    times = []
    for number in range(cards):
        started = time.perf_counter()
        render(card(number))
        times.append((time.perf_counter() - started) * 1000)
    return {
        "first": first,
        "median": statistics.median(times),
        "p90": statistics.quantiles(times, n=10)[-1],
    }


def add_arguments(parser) -> None:
    parser.add_argument("--cards", type=int, default=60, help="share cards drawn (60)")


def section(args) -> list:
    """The figures as rows of bench/run.py's table."""
    from table import Row

    figures = measure(args.cards)
    return [
        Row(
            f"share card, cold render, median of {args.cards} ({LAYOUT.name} layout)",
            f"≤ {TARGET_MS} ms",
            f"{figures['median']:.1f} ms",
            figures["median"] <= TARGET_MS,
        ),
        Row(
            "share card, first render of a process (fonts loaded)", "", f"{figures['first']:.1f} ms"
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args()
    figures = measure(args.cards)
    print(f"layout engine: {LAYOUT.name}")
    print(f"first render (fonts loaded): {figures['first']:.1f} ms")
    print(
        f"cold render of one card, median of {args.cards}: {figures['median']:.1f} ms "
        f"(target ≤ {TARGET_MS})"
    )
    print(f"90th percentile: {figures['p90']:.1f} ms")
    return 0 if figures["median"] <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
