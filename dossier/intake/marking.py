"""The article on the Annotate page: escaped text in paragraphs that know
where they start in the body (so a selection can be turned back into
offsets), its quotes and the suggestions marked in place."""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from dossier.highlight import first_of_overlapping, marked_paragraphs, text_html


@dataclass(frozen=True)
class Marked:
    start: int
    end: int
    css: str  # "quote" (already in the dossier) or "suggestion"
    anchor: str  # the id of the card or row it stands for
    label: str
    number: str = ""  # shown beside the mark (by the style sheet, outside the text)


def _mark(text: str, span: Marked, first: bool) -> str:
    return format_html(
        '<mark class="desk-{}" data-anchor="{}" data-n="{}" title="{}">{}</mark>',
        span.css,
        span.anchor,
        span.number,
        span.label,
        mark_safe(text_html(text)),  # escaped by text_html
    )


def annotated_text(body: str, spans: list[Marked]) -> SafeString:
    """`body` as `<p data-start>` paragraphs whose text is exactly the body's
    (a line break is kept as itself beside its `<br>`), `spans` marked."""
    paragraphs = marked_paragraphs(body, first_of_overlapping(spans), _mark)
    html = [
        format_html('<p data-start="{}">{}</p>', start, mark_safe(inner))
        for start, inner in paragraphs
    ]
    return mark_safe("\n".join(html))  # built from escaped text and our own tags
