"""Finding a quote verbatim in the article that prints it.

Outlets and editors differ in typography, not in words: curly or straight
quote marks, apostrophes, line breaks and doubled spaces.  Those are folded
before comparing; everything else (spelling, punctuation, case) must match.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

_FOLD = {
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033", '"'),  # “ ” „ ‟ « » ″
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),  # ‘ ’ ‚ ‛ ′
    "\u00a0": " ",  # no-break space
}


@dataclass(frozen=True)
class Match:
    """Where a quote stands in the original body: `body[start:end]`."""

    start: int
    end: int

    def line(self, body: str) -> int:
        return body.count("\n", 0, self.start) + 1


# The same as `str.isspace()`, which `str.split()` also splits on.
_LONG_SPACE_RUN = re.compile(r"\s{2,}")


def fold_typography(text: str) -> str:
    """`text` with its typography folded, one character for one: a place in
    it is the same place in `text` (the word diff relies on it)."""
    # One `replace` per folded character: each is a C-speed scan, several
    # times faster than `str.translate` with a mapping over a whole article.
    for char, plain in _FOLD.items():
        if char in text:
            text = text.replace(char, plain)
    return text


class _Folded:
    """A text with typography folded and white space collapsed, and the way
    back from a position in it to one in the original. The two drift apart
    only after the leading white space and after each run of two or more
    white-space characters: keeping those few drift points, not an offset
    per character, folds a whole article in a few C-level passes, not a
    Python loop.
    """

    def __init__(self, text: str):
        translated = fold_typography(text)
        self.text = " ".join(translated.split())
        stripped = translated.lstrip()
        self.lead = len(translated) - len(stripped)
        # Folded position of each long run's space, and the drift after it.
        self.run_at: list[int] = []
        self.drift: list[int] = [0]
        if len(self.text) == len(stripped.rstrip()):
            return  # no run of two or more: no drift past the leading run
        for run in _LONG_SPACE_RUN.finditer(translated, self.lead):
            self.run_at.append(run.start() - self.lead - self.drift[-1])
            self.drift.append(self.drift[-1] + len(run.group()) - 1)

    def original(self, position: int) -> int:
        """Where the character at `position` of the folded text came from."""
        runs_before = bisect_left(self.run_at, position)
        return position + self.lead + self.drift[runs_before]


def normalise(text: str) -> str:
    return " ".join(fold_typography(text).split())


def find_verbatim(quote: str, body: str) -> Match | None:
    """Return where `quote` stands in `body`, or None if it is not there."""
    return find_all([quote], body)[0]


def find_all(quotes: list[str], body: str) -> list[Match | None]:
    """`find_verbatim` for many quotes in one body, folding the body once."""
    haystack = _Folded(body)
    matches: list[Match | None] = []
    for quote in quotes:
        needle = normalise(quote)
        position = haystack.text.find(needle) if needle else -1
        if position < 0:
            matches.append(None)
        else:
            end = haystack.original(position + len(needle) - 1) + 1
            matches.append(Match(haystack.original(position), end))
    return matches
