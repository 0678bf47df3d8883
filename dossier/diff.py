"""Word diff between renderings of one statement: what the statement and
quote pages and the admin's statement page mark in each rendering."""

import difflib
import re
from itertools import groupby

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dossier.verbatim import fold_typography

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def _words(text: str) -> list[str]:
    """The tokens of `text` as compared: their typography folded.
    Folding turns each character into one, so a token's place in the
    folded text is its place in `text`."""
    folded = fold_typography(text)
    return [folded[token.start() : token.end()] for token in _TOKEN.finditer(text)]


def differing_tokens(text: str, others: list[str]) -> set[int]:
    """Indexes of the tokens of `text` that no other rendering shares.

    Each other rendering is aligned with `text` word by word (difflib); a
    token is shared when some alignment matches it.  With two renderings this
    marks exactly what differs between them; with more, a rendering that
    prints only part of the statement does not mark the rest of the others.
    Typography (curly or straight quote marks) is not a difference; spelling,
    case and punctuation are.
    """
    if not others:
        return set()
    mine = _words(text)
    shared: set[int] = set()
    for other in others:
        matcher = difflib.SequenceMatcher(None, mine, _words(other), autojunk=False)
        for block in matcher.get_matching_blocks():
            shared.update(range(block.a, block.a + block.size))
    return set(range(len(mine))) - shared


def _runs(indexes: set[int]):
    """(first, last) of each run of consecutive numbers in `indexes`."""
    for _, run in groupby(enumerate(sorted(indexes)), lambda pair: pair[1] - pair[0]):
        run = list(run)
        yield run[0][1], run[-1][1]


def word_diff(text: str, renderings) -> SafeString:
    """`text` escaped, with the words no other of the `renderings` shares
    in `<mark class="diff">`: one mark for each run of them."""
    differ = differing_tokens(text, [other for other in renderings if other != text])
    if not differ:
        return escape(text)
    tokens = list(_TOKEN.finditer(text))
    out: list[str] = []
    position = 0
    for first, last in _runs(differ):
        start, end = tokens[first].start(), tokens[last].end()
        out += [escape(text[position:start]), '<mark class="diff">', escape(text[start:end])]
        out.append("</mark>")
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # every piece of text above went through escape()
