"""Word diff between renderings of one statement: what the statement and
quote pages and the admin's statement page mark in each rendering."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dossier.verbatim import normalise

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def _tokens(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


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
    mine = [normalise(token.group()) for token in _tokens(text)]
    shared: set[int] = set()
    for other in others:
        theirs = [normalise(token.group()) for token in _tokens(other)]
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        for block in matcher.get_matching_blocks():
            shared.update(range(block.a, block.a + block.size))
    return set(range(len(mine))) - shared


def word_diff(text: str, renderings) -> SafeString:
    """`text` escaped, with the words no other of the `renderings` shares
    in `<mark class="diff">`."""
    differ = differing_tokens(text, [other for other in renderings if other != text])
    if not differ:
        return escape(text)
    tokens = _tokens(text)
    out: list[str] = []
    position = 0
    in_mark = False
    for index, token in enumerate(tokens):
        gap = escape(text[position : token.start()])
        if index in differ and not in_mark:
            out += [gap, '<mark class="diff">']
            in_mark = True
        elif index not in differ and in_mark:
            out += ["</mark>", gap]
            in_mark = False
        else:
            out.append(gap)
        out.append(escape(token.group()))
        position = token.end()
    if in_mark:
        out.append("</mark>")
    out.append(escape(text[position:]))
    return mark_safe("".join(out))  # every piece of text above went through escape()
