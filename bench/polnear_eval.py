"""The extractor against a public attribution corpus (PolNeAR's train or dev
split; never its test split, which is what the desk is judged on).

    python bench/polnear_eval.py /path/to/PolNeAR/data/dev [--show N]

The folder holds `text/NAME.txt` and `attributions/NAME_ANNOTATOR.ann`
(brat standoff). Gold direct quotes are the words inside quotation marks
within an annotated Content span; quoted words outside any Content (scare
quotes, titles) are not quotes. A suggestion matches a gold quote when they
overlap by at least half of the longer one. The speaker is right when the
annotated Source names someone (a capitalised name, not a pronoun or a
description) and the suggestion's speaker shares its surname. For a Source
that is "he" or "she" (the corpus has no coreference), the suggestion is
compared with the last named Source before it: a rough check of pronouns. The corpus is
read from disk and never stored in the repository.
"""

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dossier.extract import suggest  # noqa: E402
from dossier.extract.names import fold  # noqa: E402
from dossier.extract.spans import _trim  # noqa: E402

_PAIR = re.compile(r"(?:[\u201c\"]|'')((?:[^\u201c\u201d\"']|'(?!'))+)(?:[\u201d\"]|'')")
_PRONOUN = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "his", "them"}


def read_annotations(path: Path) -> list[tuple[list[tuple[int, int]], tuple[int, int] | None]]:
    """[(content fragments, source span or None)] of one .ann file."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    relations = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, where = parts[1].partition(" ")
            fragments = [tuple(map(int, f.split())) for f in where.split(";")]
            spans[parts[0]] = (label, fragments)
        elif line.startswith("E") and len(parts) >= 2:
            relations.append(dict(arg.split(":") for arg in parts[1].split()))
    found = []
    for relation in relations:
        content = spans.get(relation.get("Content", ""))
        source = spans.get(relation.get("Source", ""))
        if content:
            found.append((content[1], source[1][0] if source else None))
    return found


def gold_quotes(text: str, annotations) -> list[tuple[int, int, str | None]]:
    gold = []
    for fragments, source in annotations:
        speaker = text[source[0] : source[1]] if source else None
        for a, b in fragments:
            for m in _PAIR.finditer(text, a, b):
                start, end = _trim(text, m.start(1), m.end(1))
                if end > start and any(ch.isalpha() for ch in text[start:end]):
                    gold.append((start, end, speaker))
    return gold


def named(speaker: str | None) -> bool:
    if not speaker:
        return False
    words = [w for w in re.findall(r"[\w’'.-]+", speaker)]
    caps = [w for w in words[1:] if w[:1].isupper()] + (
        [words[0]]
        if words and words[0][:1].isupper() and fold(words[0]) not in _PRONOUN | {"the", "a", "an"}
        else []
    )
    return bool(caps) and fold(words[0]) not in _PRONOUN


def speaker_right(gold: str, ours: str | None) -> bool:
    if not ours:
        return False
    gold_words = {
        fold(w).removesuffix("'s") for w in re.findall(r"[\w’'.-]+", gold) if w[:1].isupper()
    }
    our_words = {fold(w) for w in ours.split()}
    return bool(gold_words & our_words)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / max(a[1] - a[0], b[1] - b[0]) if shared > 0 else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("split", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many misses of each kind")
    args = parser.parse_args()
    by_text = defaultdict(list)
    for ann in sorted((args.split / "attributions").glob("*.ann")):
        by_text[ann.stem.rsplit("_", 1)[0]].append(ann)
    tp = fp = fn = exact = 0
    named_total = named_right = pronoun_total = pronoun_right = 0
    misses = {"fn": [], "fp": [], "speaker": []}
    for stem, anns in sorted(by_text.items()):
        text = (args.split / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        gold = gold_quotes(text, read_annotations(anns[0]))
        ours = suggest(text)
        used = set()
        last_named = None
        for g in sorted(gold, key=lambda g: g[0]):
            best = max(
                (
                    (overlap((g[0], g[1]), (s.start, s.end)), i)
                    for i, s in enumerate(ours)
                    if i not in used
                ),
                default=(0, -1),
            )
            if best[0] >= 0.5:
                used.add(best[1])
                tp += 1
                s = ours[best[1]]
                exact += (s.start, s.end) == (g[0], g[1])
                if g[2] and fold(g[2]) in ("he", "she") and last_named:
                    pronoun_total += 1
                    pronoun_right += speaker_right(last_named, s.speaker)
                if named(g[2]):
                    last_named = g[2]
                    named_total += 1
                    if speaker_right(g[2], s.speaker):
                        named_right += 1
                    else:
                        misses["speaker"].append(
                            (stem, text[g[0] : g[1]][:60], g[2], s.speaker, s.cue)
                        )
            else:
                fn += 1
                misses["fn"].append(
                    (stem, text[max(0, g[0] - 40) : g[1] + 5].replace("\n", " ")[-120:])
                )
        for i, s in enumerate(ours):
            if i not in used:
                fp += 1
                misses["fp"].append(
                    (stem, text[max(0, s.start - 50) : s.end + 30].replace("\n", " ")[:140])
                )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"articles {len(by_text)}  gold quotes {tp + fn}  suggested {tp + fp}")
    print(
        f"quote precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  "
        f"(exact offsets {exact}/{tp})"
    )
    print(
        f"speaker right {named_right}/{named_total} = {named_right / max(1, named_total):.3f} "
        "of quotes whose Source is a name"
    )
    print(
        f"'he'/'she' resolved to the last named Source {pronoun_right}/{pronoun_total} "
        f"= {pronoun_right / max(1, pronoun_total):.3f}"
    )
    for kind, rows in misses.items():
        for row in rows[: args.show]:
            print(kind, *row, sep=" | ")


if __name__ == "__main__":
    main()
