"""Share cards as PNG: one per published quote, claim and person, and one
for the dossier as a whole (the default share image). Only published items
have one; anything else is a 404, as its page is."""

import functools

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from dossier import selectors
from dossier.cache import reads
from dossier.models import Person

from . import content
from .draw import Card, render

# A card whose URL names the version it shows never changes; one asked for
# under another version (an old share) is the current card, briefly cached.
FOREVER = "public, max-age=31536000, immutable"
BRIEFLY = "public, max-age=300"

_png = functools.lru_cache(maxsize=64)(render)


def _respond(request, card: Card) -> HttpResponse:
    response = HttpResponse(_png(card), content_type="image/png")
    asked = request.GET.get("v")
    response["Cache-Control"] = FOREVER if asked == content.version(card) else BRIEFLY
    return response


def _card_view(items, make_card):
    """The view of the card `make_card` draws of the published item of
    `items()` with the slug, the dossier's story on its footer."""

    @reads("v")
    @require_safe
    def view(request, slug):
        item = get_object_or_404(items(), slug=slug)
        return _respond(request, make_card(item, selectors.latest_story()))

    return view


quote_card = _card_view(selectors.public_quotes, content.quote_card)
# As on the claim's page, only published reports count: the claims list's
# rows read those for their origin counts, and nothing else the card skips.
claim_card = _card_view(selectors.claims, content.claim_card)
person_card = _card_view(Person.objects.published, content.person_card)


@reads("v")
@require_safe
def dossier_card(request):
    card = content.dossier_card(selectors.latest_story(), selectors.dossier_figures())
    return _respond(request, card)
