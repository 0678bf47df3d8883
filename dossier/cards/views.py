"""Share cards as PNG: one per published quote, claim and person, and one
for the dossier as a whole (the default share image). Only published items
have one; anything else is a 404, as its page is."""

import functools

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from dossier import selectors
from dossier.cache import reads

from . import content
from .draw import Card, render

# A card whose URL names the version it shows never changes; one asked for
# under another version (an old share) is the current card, briefly cached.
FOREVER = "public, max-age=31536000, immutable"
BRIEFLY = "public, max-age=300"


@functools.lru_cache(maxsize=64)
def _png(card: Card) -> bytes:
    return render(card)


def _respond(request, card: Card) -> HttpResponse:
    response = HttpResponse(_png(card), content_type="image/png")
    asked = request.GET.get("v")
    response["Cache-Control"] = FOREVER if asked == content.version(card) else BRIEFLY
    return response


def _story():
    return selectors.overview().story


@reads("v")
@require_safe
def quote_card(request, slug):
    quote = get_object_or_404(selectors.public_quotes(), slug=slug)
    return _respond(request, content.quote_card(quote, _story()))


@reads("v")
@require_safe
def claim_card(request, slug):
    # As on the claim's page: only its published reports count.
    claim = selectors.claim_page(slug).claim
    return _respond(request, content.claim_card(claim, _story()))


@reads("v")
@require_safe
def person_card(request, slug):
    person = get_object_or_404(selectors.people_with_counts(), slug=slug)
    return _respond(request, content.person_card(person, _story()))


@reads("v")
@require_safe
def dossier_card(request):
    overview = selectors.overview()
    return _respond(request, content.dossier_card(overview.story, overview.figures))
