"""The quote extractor's accuracy on the five seed articles and its speed.

    python bench/extract_bench.py [--scale 1] [--seed 7]

Accuracy: the suggestions for each seed article against the seed dossier's
own quotes (fixtures/budapest-summit/quotes.yaml). A suggestion finds a
fixture quote when their offsets overlap by at least half of the longer
one (how many agree exactly is printed too); the speaker is right when the
suggested person is the quote's speaker, or, for an unnamed source, when
the suggestion is anonymous too (or names the outlet the fixture's
description names: "the Financial Times, describing the mood…"). Only the
seed's People and outlets are in the index (not its quotes, which would make statements trivial).

Speed: median milliseconds for one 1,000-word article (the five seed bodies
joined and cut to 1,000 words), and the seconds for every body of the
synthetic dossier at `--scale` (generated in memory, no database), matched
against that dossier's 3,000 people and 50,000 quotes.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from dossier.extract import DossierIndex, suggest  # noqa: E402

SEED = ROOT / "fixtures" / "budapest-summit"


def _django() -> None:
    """The fixture reader and the generator import the models; nothing here
    touches a database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossier.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def _yaml(name: str) -> list[dict]:
    _django()
    from dossier.fixture import yamlio

    return yamlio.load((SEED / f"{name}.yaml").read_text(encoding="utf-8")) or []


def seed_accuracy() -> dict:
    index = DossierIndex.from_fixture_items({"person": _yaml("people"), "outlet": _yaml("outlets")})
    quotes = _yaml("quotes")
    found = suggested = exact = speakers = chains = attributions = gold_total = 0
    for source in _yaml("sources"):
        body = (SEED / source["body"]).read_text(encoding="utf-8")
        ours = suggest(
            body,
            index,
            cites=[c["outlet"] for c in source.get("cites", [])],
            outlet=source["outlet"],
        )
        suggested += len(ours)
        used: set[int] = set()
        for quote in (q for q in quotes if q["source"] == source["slug"]):
            start = body.find(quote["text"])
            if start < 0:
                continue
            gold_total += 1
            span = (start, start + len(quote["text"]))
            best = max(
                (
                    (_overlap(span, (s.start, s.end)), i)
                    for i, s in enumerate(ours)
                    if i not in used
                ),
                default=(0.0, -1),
            )
            if best[0] < 0.5:
                continue
            used.add(best[1])
            found += 1
            ours_ = ours[best[1]]
            exact += (ours_.start, ours_.end) == span
            chains += _chain(ours_.hops) == [_hop_key(h) for h in quote.get("chain", [])]
            attributions += ours_.attribution == quote.get("attribution")
            if quote.get("speaker"):
                speakers += ours_.person == quote["speaker"]
            else:  # an unnamed source, or an outlet speaking for itself ("the Financial Times, …")
                description = quote.get("speaker_description") or ""
                unnamed = bool(ours_.hops) and not ours_.hops[0].on_record  # anonymous or relayed
                speakers += unnamed or bool(ours_.speaker) and ours_.speaker in description
    precision = found / suggested if suggested else 0.0
    recall = found / gold_total if gold_total else 0.0
    return {
        "quotes": gold_total,
        "suggested": suggested,
        "found": found,
        "exact": exact,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "speakers": speakers,
        "chains": chains,
        "attributions": attributions,
    }


def seed_statements() -> tuple[int, int, int]:
    """(joinable, joined right, joined wrong): each seed article read against
    an index of the other articles' quotes, as if it were the last added."""
    people, outlets, quotes = _yaml("people"), _yaml("outlets"), _yaml("quotes")
    joinable = right = wrong = 0
    for source in _yaml("sources"):
        others = [q for q in quotes if q["source"] != source["slug"]]
        index = DossierIndex.from_fixture_items(
            {"person": people, "outlet": outlets, "quote": others}
        )
        body = (SEED / source["body"]).read_text(encoding="utf-8")
        ours = suggest(body, index)
        for quote in (q for q in quotes if q["source"] == source["slug"]):
            start = body.find(quote["text"])
            match = [s for s in ours if s.start <= start < s.end]
            if not match:
                continue
            expected = quote.get("statement")
            if expected and any(o.get("statement") == expected for o in others):
                joinable += 1
            if match[0].statement:
                if match[0].statement == expected:
                    right += 1
                else:
                    wrong += 1
    return joinable, right, wrong


def _hop_key(hop: dict) -> tuple[str, str]:
    """A hop as who passed the words on and how; an unnamed source counts by
    kind, not by its wording."""
    who = hop.get("person") or hop.get("outlet") or ("(unnamed)" if hop.get("description") else "")
    return (who, hop["how"])


def _chain(hops) -> list[tuple[str, str]]:
    return [_hop_key({k: v for k, v in vars(h).items() if v}) for h in hops]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / max(a[1] - a[0], b[1] - b[0]) if shared > 0 else 0.0


def article_of(words: int) -> str:
    bodies = [(SEED / s["body"]).read_text(encoding="utf-8") for s in _yaml("sources")]
    text = "\n\n".join(bodies)
    while len(text.split()) < words:
        text += "\n\n" + text
    cut = 0
    for _ in range(words):
        cut = text.index(" ", cut + 1) if " " in text[cut + 1 :] else len(text)
    return text[:cut]


def measure_speed(scale: float, seed: int, repeat: int) -> dict:
    _django()
    from dossier_synthetic import generate

    started = time.perf_counter()
    items, bodies = generate(scale, seed)
    generated = time.perf_counter() - started
    index = DossierIndex.from_fixture_items(items)

    article = article_of(1000)
    suggest(article, index)  # builds the index's lookups once, as a long-lived desk would
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        suggest(article, index)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)

    started, started_cpu = time.perf_counter(), time.process_time()
    count = sum(len(suggest(body, index)) for body in bodies.values())
    return {
        "article_ms": statistics.median(times),
        "article_cpu_ms": statistics.median(cpu),
        "people": len(index.people),
        "quotes": len(index.quotes),
        "bodies": len(bodies),
        "bodies_s": time.perf_counter() - started,
        "bodies_cpu_s": time.process_time() - started_cpu,
        "suggestions": count,
        "generated_s": generated,
        "load": os.getloadavg()[0],
    }


# Long texts of one shape repeated: a run-on paragraph of scare quotes with no
# cue, and named speakers sentence after sentence (a transcript).
LONG_TEXTS = {
    "scare quotes, one paragraph": "They called it “a” and ",
    "named speakers": "“No dates,” Peskov said. Lavrov nodded. ",
}


def long_texts(sizes=(1000, 4000)) -> dict[str, list[tuple[int, float]]]:
    """CPU seconds per text of each shape at each number of quotes: four
    times the quotes should take about four times as long, not sixteen."""
    _django()
    return {
        shape: [(n, _cpu_seconds(lambda text=unit * n: suggest(text))) for n in sizes]
        for shape, unit in LONG_TEXTS.items()
    }


def _cpu_seconds(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def section(args) -> list:
    """The figures for bench/run.py's table."""
    from table import Row

    print("  extractor …", file=sys.stderr, flush=True)
    accuracy = seed_accuracy()
    speed = measure_speed(args.scale, args.seed, 30)
    return [
        Row(
            "extract: seed quotes F1 (recall / precision)",
            "",
            f"{accuracy['f1']:.3f} ({accuracy['recall']:.3f} / {accuracy['precision']:.3f})",
        ),
        Row("extract: seed speakers right", "", f"{accuracy['speakers']}/{accuracy['found']}"),
        Row(
            "extract: seed chains as the fixture's", "", f"{accuracy['chains']}/{accuracy['found']}"
        ),
        Row(
            "extract: 1,000-word article p50",
            "≤ 50 ms",
            f"{speed['article_ms']:.1f} ms",
            speed["article_ms"] <= 50,
        ),
        Row(
            f"extract: {speed['bodies']} synthetic bodies",
            "≤ 60 s" if args.scale == 1 else "",
            f"{speed['bodies_s']:.1f} s ({speed['bodies_cpu_s']:.1f} s CPU)",
            speed["bodies_s"] <= 60 if args.scale == 1 else None,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    accuracy = seed_accuracy()
    print(
        f"seed articles: {accuracy['quotes']} fixture quotes, {accuracy['suggested']} suggested, "
        f"{accuracy['found']} found ({accuracy['exact']} with exactly the fixture's offsets)"
    )
    print(
        f"  recall {accuracy['recall']:.3f}  precision {accuracy['precision']:.3f}  "
        f"F1 {accuracy['f1']:.3f}  speaker right {accuracy['speakers']}/{accuracy['found']} "
        f"= {accuracy['speakers'] / max(1, accuracy['found']):.3f}  "
        f"chains exactly the fixture's {accuracy['chains']}/{accuracy['found']}  "
        f"attribution the fixture's {accuracy['attributions']}/{accuracy['found']}"
    )
    joinable, right, wrong = seed_statements()
    print(
        f"  statements: {right} of {joinable} joinable quotes join the right statement, "
        f"{wrong} a wrong one"
    )
    speed = measure_speed(args.scale, args.seed, args.repeat)
    print(
        f"1,000-word article: median {speed['article_ms']:.1f} ms wall, "
        f"{speed['article_cpu_ms']:.1f} ms CPU "
        f"over {args.repeat} runs (index of {speed['people']} people, {speed['quotes']} quotes)"
    )
    print(
        f"synthetic dossier at scale {args.scale:g}: {speed['bodies']} bodies in "
        f"{speed['bodies_s']:.1f} s wall, {speed['bodies_cpu_s']:.1f} s CPU "
        f"({speed['suggestions']} suggestions; generating them took {speed['generated_s']:.1f} s)"
    )
    for shape, runs in long_texts().items():
        (small, small_s), (big, big_s) = runs
        print(
            f"long text, {shape}: {small:,} quotes {small_s:.2f} s CPU, {big:,} quotes "
            f"{big_s:.2f} s ({big_s / small_s:.1f}× the time for {big / small:.0f}× the quotes)"
        )
    print(
        f"load average while measuring: {speed['load']:.1f} on {os.cpu_count()} CPUs "
        "(wall time on a shared machine is CPU time stretched by the others' work)"
    )


if __name__ == "__main__":
    main()
