"""The article on the Annotate page: escaped text in paragraphs that know
where they start in the body (so a selection can be turned back into
offsets), its quotes and the suggestions marked in place."""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from dossier.highlight import paragraph_bounds, text_html


@dataclass(frozen=True)
class Marked:
    start: int
    end: int
    css: str  # "quote" (already in the dossier) or "suggestion"
    anchor: str  # the id of the card or row it stands for
    label: str
    number: str = ""  # shown beside the mark (by the style sheet, outside the text)


def _non_overlapping(spans: list[Marked]) -> list[Marked]:
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    kept: list[Marked] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def annotated_text(body: str, spans: list[Marked]) -> SafeString:
    """`body` as `<p data-start>` paragraphs whose text is exactly the body's
    (a line break is kept as itself beside its `<br>`), `spans` marked."""
    spans = _non_overlapping(spans)
    html = []
    for start, end in paragraph_bounds(body):
        parts, position = [], start
        for span in spans:
            if span.end <= start or span.start >= end:
                continue
            mark_start, mark_end = max(span.start, start), min(span.end, end)
            if mark_start > position:
                parts.append(text_html(body[position:mark_start]))
            parts.append(
                format_html(
                    '<mark class="desk-{}" data-anchor="{}" data-n="{}" title="{}">{}</mark>',
                    span.css,
                    span.anchor,
                    span.number,
                    span.label,
                    mark_safe(text_html(body[mark_start:mark_end])),  # escaped by text_html
                )
            )
            position = mark_end
        if position < end:
            parts.append(text_html(body[position:end]))
        html.append(format_html('<p data-start="{}">{}</p>', start, mark_safe("".join(parts))))
    return mark_safe("\n".join(html))  # built from escaped text and our own tags
