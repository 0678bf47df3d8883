"""Suggesting quotes from an article's text: the editors' desk's first pass.

`suggest(body, dossier)` finds the direct quotes in an article and proposes,
for each, the speaker, the attribution, the chain of who passed the words
on and the statement they may join. Everything here reads text and plain
data; `dossier.extract.index.DossierIndex.from_database()` is the one place
that reads the database, so the same code serves the admin's annotate page,
the `extract_quotes` command and the bench.

The contract (the annotate page and `extract_quotes` build on it):

    suggestions = suggest(body, index, cites=["financial-times"])
    for s in suggestions:
        body[s.start:s.end] == s.text   # the words, without their quote marks
"""

from .index import DossierIndex, OutletEntry, PersonEntry, QuoteEntry
from .pipeline import suggest
from .types import Hop, Suggestion, WordDiff

__all__ = [
    "DossierIndex",
    "Hop",
    "OutletEntry",
    "PersonEntry",
    "QuoteEntry",
    "Suggestion",
    "WordDiff",
    "suggest",
]
