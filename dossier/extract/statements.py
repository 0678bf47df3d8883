"""Which statement new words would join: the dossier's quotes that say the
same thing in another outlet's rendering (word order, translation and
punctuation may differ).

Quotes are looked up by their rarer words first (an inverted index over
the dossier's quotes), so only a handful are scored with rapidfuzz even
when the dossier holds 50,000 quotes.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .index import DossierIndex, QuoteEntry
from .names import word_set
from .types import WordDiff

_WORD = re.compile(r"[\w'’]+")
MIN_WORDS = 3  # shorter words ("productive") match too much to propose a statement
THRESHOLD = 78.0
CANDIDATES = 40
_COMMON = word_set(
    """
    the a an and or but of to in on at for with by from that this is are was were be been it
    its we they he she i you not no as have has had will would can could there their our his
    her
    """
)


def words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@dataclass
class StatementMatch:
    statement: str
    score: float
    diff: tuple[WordDiff, ...]


class StatementFinder:
    """Built once per index (the desk keeps it on the index)."""

    def __init__(self, quotes: list[QuoteEntry]):
        grouped = [q for q in quotes if q.statement]
        # a phrase too short to score ("productive", "root causes") joins only
        # a statement that already holds exactly those words, and only one
        self.phrases: dict[str, set[str]] = defaultdict(set)
        self.phrase_quote: dict[str, QuoteEntry] = {}
        for quote in grouped:
            normal = " ".join(words(quote.text))
            if 0 < len(normal.split()) < MIN_WORDS:
                self.phrases[normal].add(quote.statement)
                self.phrase_quote[normal] = quote
        self.quotes = [q for q in grouped if len(words(q.text)) >= MIN_WORDS]
        self.normal = [" ".join(words(q.text)) for q in self.quotes]
        self.rare_limit = max(1000, len(self.quotes) // 50)
        self.postings: dict[str, set[int]] = defaultdict(set)
        for number, text in enumerate(self.normal):
            for word in set(text.split()) - _COMMON:
                self.postings[word].add(number)

    @classmethod
    def of(cls, index: DossierIndex) -> "StatementFinder":
        cached = getattr(index, "_statements", None)
        if cached is None or cached[0] != len(index.quotes):
            cached = (len(index.quotes), cls(index.quotes))
            index._statements = cached
        return cached[1]

    def match(self, text: str) -> StatementMatch | None:
        mine = words(text)
        query = " ".join(mine)
        if len(mine) < MIN_WORDS:
            if len(self.phrases.get(query, ())) != 1:
                return None
            quote = self.phrase_quote[query]
            return StatementMatch(quote.statement, 100.0, ())
        if not self.quotes:
            return None
        # rarest first; words as rare as each other in their own order, not the
        # set's, which changes from one process to the next
        keys = sorted(set(mine) - _COMMON, key=lambda w: (len(self.postings.get(w, ())), w))
        keys = [k for k in keys if k in self.postings]
        if not keys:
            return None
        # quotes with any of the three rarest words (another rendering may lack
        # one of them), narrowed by the next-rarest words while any remain
        rare = [
            self.postings[word] for word in keys[:3] if len(self.postings[word]) <= self.rare_limit
        ]
        if not rare:
            return None  # only everyday words: too weak a sign to propose a statement
        candidates = set().union(*rare)
        for word in keys[3:8]:
            if len(candidates) <= CANDIDATES:
                break
            narrower = candidates & self.postings[word]
            if narrower:
                candidates = narrower
        if len(candidates) > 5 * CANDIDATES:
            return None  # nothing distinctive enough to propose a statement
        choices = {number: self.normal[number] for number in candidates}
        best = None
        for _, _, number in process.extract(query, choices, scorer=fuzz.token_set_ratio, limit=3):
            score = max(
                fuzz.token_sort_ratio(query, self.normal[number]),
                fuzz.ratio(query, self.normal[number]),
                _translation_score(query, self.normal[number]),
            )
            if score >= THRESHOLD and (best is None or score > best[0]):
                best = (score, number)
        if best is None:
            return None
        quote = self.quotes[best[1]]
        return StatementMatch(
            quote.statement, round(best[0], 1), word_diff(mine, words(quote.text))
        )


def _translation_score(mine: str, theirs: str) -> float:
    """Two translations of one sentence share most content words in order
    but not their length: score the shorter against the longer's best part,
    discounted so a short phrase inside a long quote does not win outright."""
    short, long_ = sorted((mine, theirs), key=len)
    size = len(short.split())
    if size < 6:
        return 0.0
    shared = fuzz.token_set_ratio(short, long_)
    if size >= 15 and len(long_.split()) >= 15:
        return shared  # two long renderings sharing this much are one utterance
    if size >= 8:  # a clause quoted from a longer rendering
        return shared * (0.8 + 0.2 * len(short) / len(long_))
    return shared * min(1.0, 0.55 + len(short) / (2 * len(long_)))


def word_diff(mine: list[str], theirs: list[str]) -> tuple[WordDiff, ...]:
    """The words only one side has, in reading order."""
    diff: list[WordDiff] = []
    matcher = difflib.SequenceMatcher(a=mine, b=theirs, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        diff.extend(WordDiff(w, "suggestion") for w in mine[a1:a2])
        diff.extend(WordDiff(w, "statement") for w in theirs[b1:b2])
    return tuple(diff)
