"""Tags for what the dossier tells other sites: link previews and the
overview's description of the dossier as a whole."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from dossier import jsonld, previews

register = template.Library()


@register.simple_tag(takes_context=True)
def link_preview(context) -> SafeString:
    """The page's OpenGraph and Twitter card tags and its canonical link."""
    template = getattr(context, "template", None)
    # An error page is not a page to share, nor the URL it answers canonical.
    if "request" not in context or getattr(template, "name", "") in ("404.html", "500.html"):
        return SafeString("")
    return render_to_string("dossier/_preview.html", {"preview": previews.for_page(context)})


@register.simple_tag(takes_context=True)
def dossier_json_ld(context, overview) -> SafeString:
    """The site (with its search) and the story, as schema.org JSON-LD."""
    absolute = context["request"].build_absolute_uri
    return jsonld.script(jsonld.dossier(overview.story, overview.figures, absolute))
