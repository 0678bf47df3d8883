"""An article's full text as HTML, each quote it prints highlighted in place.

The body is whatever the outlet published and is never trusted: every run of
its text goes through `escape()`, and the only markup is what this module
writes itself (paragraphs, line breaks, and a `<mark>` linking each quote to
its page).  Only the quotes handed in are marked, so a caller passing
published quotes cannot highlight a draft.
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from dossier.models import Quote
from dossier.verbatim import find_all

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# A paragraph's text without the white space around it.
_TRIMMED = re.compile(r"\S(?:.*\S)?", re.S)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    quote: Quote


def quote_spans(body: str, quotes: Iterable[Quote]) -> list[Span]:
    """Where each quote stands in `body`, in reading order; one found nowhere,
    or overlapping an earlier one, is left out."""
    quotes = list(quotes)
    found = [
        Span(match.start, match.end, quote)
        for match, quote in zip(find_all([q.text for q in quotes], body), quotes, strict=True)
        if match is not None
    ]
    return first_of_overlapping(found)


def first_of_overlapping(spans: Iterable) -> list:
    """`spans` (anything with `start` and `end`) in reading order, each one
    overlapping an earlier (or a longer one starting with it) left out: a
    passage can only be marked once."""
    kept = []
    for span in sorted(spans, key=lambda span: (span.start, -span.end)):
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def paragraph_bounds(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of text between blank lines."""
    bounds = []
    position = 0
    for gap in _PARAGRAPH_BREAK.finditer(body):
        bounds.append((position, gap.start()))
        position = gap.end()
    bounds.append((position, len(body)))
    trimmed = (_TRIMMED.search(body, start, end) for start, end in bounds)
    return [text.span() for text in trimmed if text]


def text_html(text: str) -> str:
    return "<br>\n".join(escape(line.rstrip("\r")) for line in text.split("\n"))


def marked_paragraphs(
    body: str, spans: list, mark: Callable[[str, Any, bool], str]
) -> Iterator[tuple[int, str]]:
    """(start, inner HTML) of each paragraph of `body`: its escaped text with
    `mark(text, span, first)` around each part of the non-overlapping,
    ordered `spans` it holds (`first` is false for the later parts of a span
    running over a paragraph break)."""
    for start, end in paragraph_bounds(body):
        parts = []
        position = start
        for span in spans:
            if span.end <= start or span.start >= end:
                continue
            mark_start, mark_end = max(span.start, start), min(span.end, end)
            if mark_start > position:
                parts.append(text_html(body[position:mark_start]))
            parts.append(mark(body[mark_start:mark_end], span, span.start >= start))
            position = mark_end
        if position < end:
            parts.append(text_html(body[position:end]))
        yield start, "".join(parts)


def _mark(text: str, span: Span, first: bool) -> str:
    # A quote running over a paragraph break is marked in each paragraph;
    # only its first part carries the anchor the quote list links to.
    quote = span.quote
    return format_html(
        '<mark class="quote-mark"{}><a href="{}">{}</a></mark>',
        format_html(' id="quote-{}"', quote.slug) if first else "",
        quote.get_absolute_url(),
        mark_safe(text_html(text)),  # escaped by text_html
    )


def highlight_quotes(body: str, quotes: Iterable[Quote]) -> SafeString:
    """`body` as paragraphs of escaped text, `quotes` marked where they stand."""
    paragraphs = marked_paragraphs(body, quote_spans(body, quotes), _mark)
    # built only from escaped text and our own tags
    return mark_safe("\n".join(f"<p>{inner}</p>" for _, inner in paragraphs))
