"""Finding a quote verbatim in the article that prints it.

Outlets and editors differ in typography, not in words: curly or straight
quote marks, apostrophes, line breaks and doubled spaces.  Those are folded
before comparing; everything else (spelling, punctuation, case) must match.
"""

from dataclasses import dataclass

_FOLD = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00a0": " ",
    }
)


@dataclass(frozen=True)
class Match:
    """Where a quote stands in the original body: `body[start:end]`."""

    start: int
    end: int

    def line(self, body: str) -> int:
        return body.count("\n", 0, self.start) + 1


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold typography and collapse white space, remembering for each
    character of the folded text where it came from in `text`."""
    folded: list[str] = []
    offsets: list[int] = []
    in_space = False
    for index, char in enumerate(text.translate(_FOLD)):
        if char.isspace():
            if not in_space and folded:
                folded.append(" ")
                offsets.append(index)
            in_space = True
            continue
        in_space = False
        folded.append(char)
        offsets.append(index)
    if folded and folded[-1] == " ":
        folded.pop()
        offsets.pop()
    return "".join(folded), offsets


def normalise(text: str) -> str:
    return _fold_with_offsets(text)[0]


def find_verbatim(quote: str, body: str) -> Match | None:
    """Return where `quote` stands in `body`, or None if it is not there."""
    return find_all([quote], body)[0]


def find_all(quotes: list[str], body: str) -> list[Match | None]:
    """`find_verbatim` for many quotes in one body, folding the body once."""
    haystack, offsets = _fold_with_offsets(body)
    matches: list[Match | None] = []
    for quote in quotes:
        needle = normalise(quote)
        position = haystack.find(needle) if needle else -1
        if position < 0:
            matches.append(None)
        else:
            matches.append(Match(offsets[position], offsets[position + len(needle) - 1] + 1))
    return matches
