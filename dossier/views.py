"""Public pages.  Each view reads its parameters (ignoring any it cannot use:
a bad page number or filter gives a normal page, never an error), asks
`dossier.selectors` for the data and renders one template."""

import re

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from dossier import json_export, selectors
from dossier.cache import reads
from dossier.highlight import highlight_quotes
from dossier.models import Claim, Credibility, Quote

PER_PAGE = {
    "timeline": 40,
    "people": 40,
    "quotes": 20,
    "sources": 20,
    "claims": 20,
    "tags": 100,
    "search": 20,
}
# Deeper than this, a list asks the reader to narrow it with a filter: the
# rows before a deep page would otherwise be walked on every request.
MAX_PAGES = 50
SEARCH_PREVIEW = 5
# The all-kinds results page counts each kind up to here ("more than 100
# quotes"); a kind's own pages go on to selectors.SEARCH_COUNT_CAP.
SEARCH_PREVIEW_CAP = 100
SEARCH_KINDS = {
    "people": "People",
    "quotes": "Quotes",
    "events": "Events",
    "sources": "Sources",
    "claims": "Claims",
}
_SLUG = re.compile(r"[-\w]{1,200}")


def _slug(request, name: str) -> str:
    """A slug parameter, or "" if it is missing or could not be a slug."""
    value = request.GET.get(name, "")
    return value if _SLUG.fullmatch(value) else ""


def _choice(request, name: str, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in choices else ""


def _tag(request) -> tuple[str, str | int]:
    """The tag a list is filtered by: the slug asked for, and what to
    filter by (`selectors.tag_key`)."""
    slug = _slug(request, "tag")
    return slug, selectors.tag_key(slug) if slug else ""


def _page(request, queryset, kind: str, rows=None):
    """A page of a long list, among its first MAX_PAGES (`page.more` says
    there are more: a filter narrows them), found by its sort keys alone
    before its rows are read (`selectors.paginate_capped`)."""
    per_page = PER_PAGE[kind]
    return selectors.paginate_capped(
        queryset, request.GET.get("page"), per_page, per_page * MAX_PAGES, rows=rows
    )


def _detail(template: str, section: str, read):
    """The view of a detail page: the dataclass `read(slug)` gives, each of
    its fields a name in the template `dossier/<template>.html`."""

    @require_safe
    def detail(request, slug):
        return render(request, f"dossier/{template}.html", {"section": section, **vars(read(slug))})

    return detail


@require_safe
def overview(request):
    return render(
        request, "dossier/overview.html", {"section": "overview", "overview": selectors.overview()}
    )


@require_safe
@reads("page", "tag", "person")
def timeline(request):
    (tag, tagged), person = _tag(request), _slug(request, "person")
    page = _page(
        request, selectors.timeline(tagged, person), "timeline", rows=selectors.timeline_rows()
    )
    page.object_list = selectors.timeline_cards(page.object_list)
    tags = selectors.tags_in(page.object_list, tag)
    people = selectors.people_in(
        taking_part.person
        for event in page.object_list
        for taking_part in event.public_participations
    )
    return render(
        request,
        "dossier/timeline.html",
        {
            "section": "timeline",
            "page": page,
            "tags": tags,
            "people": people,
            "selected_tag": next((t for t in tags if t.slug == tag), None),
            "selected_person": next((p for p in people if p.slug == person), None),
            "filtered": bool(tag or person),
        },
    )


event_detail = _detail("event_detail", "timeline", selectors.event_page)


@require_safe
@reads("page", "tag")
def people(request):
    tag, tagged = _tag(request)
    page = _page(request, selectors.people(tagged), "people")
    return render(request, "dossier/people.html", {"section": "people", "page": page, "tag": tag})


person_detail = _detail("person_detail", "people", selectors.person_page)


@require_safe
@reads("page", "speaker", "tag", "attribution", "credibility")
def quotes(request):
    speaker, (tag, tagged) = _slug(request, "speaker"), _tag(request)
    attribution = _choice(request, "attribution", Quote.Attribution.values)
    credibility = _choice(request, "credibility", [str(v) for v in Credibility.values])
    queryset = selectors.quotes(
        speaker, tagged, attribution, int(credibility) if credibility else None
    )
    page = _page(request, queryset, "quotes", rows=selectors.quote_rows())
    page.object_list = selectors.quote_cards(page.object_list)
    return render(
        request,
        "dossier/quotes.html",
        {
            "section": "quotes",
            "page": page,
            "speakers": selectors.people_in(quote.speaker for quote in page.object_list),
            "tags": selectors.tags_in(page.object_list, tag),
            "attributions": Quote.Attribution.choices,
            "credibilities": Credibility.choices,
            "selected": {
                "speaker": speaker,
                "tag": tag,
                "attribution": attribution,
                "credibility": credibility,
            },
            "filtered": bool(speaker or tag or attribution or credibility),
        },
    )


quote_detail = _detail("quote_detail", "quotes", selectors.quote_page)


statement_detail = _detail("statement_detail", "quotes", selectors.statement_page)


@require_safe
@reads("page", "tag")
def sources(request):
    tag, tagged = _tag(request)
    page = selectors.outlets_page(tagged, request.GET.get("page"), PER_PAGE["sources"])
    return render(request, "dossier/sources.html", {"section": "sources", "page": page, "tag": tag})


@require_safe
def source_detail(request, slug):
    data = selectors.source_page(slug)
    return render(
        request,
        "dossier/source_detail.html",
        {
            "section": "sources",
            **vars(data),
            "body_html": highlight_quotes(data.source.body, data.quotes),
        },
    )


@require_safe
@reads("page")
def outlet_detail(request, slug):
    return render(
        request,
        "dossier/outlet_detail.html",
        {"section": "sources", **vars(selectors.outlet_page(slug, request.GET.get("page")))},
    )


@require_safe
@reads("page", "verification", "tag")
def claims(request):
    verification = _choice(request, "verification", Claim.Verification.values)
    tag, tagged = _tag(request)
    page = _page(
        request, selectors.claims(verification, tagged), "claims", rows=selectors.claim_rows()
    )
    selectors.with_tags(page.object_list)
    return render(
        request,
        "dossier/claims.html",
        {
            "section": "claims",
            "page": page,
            "tags": selectors.tags_in(page.object_list, tag),
            # The few contested claims of the whole dossier, marked on the
            # page's claims: as an annotation, PostgreSQL took long to plan it.
            "contested": selectors.contested_claims(),
            "verifications": Claim.Verification.choices,
            "selected": {"verification": verification, "tag": tag},
            "filtered": bool(verification or tag),
        },
    )


claim_detail = _detail("claim_detail", "claims", selectors.claim_page)


@require_safe
@reads("page")
def contested(request):
    return render(
        request,
        "dossier/contested.html",
        {"section": "contested", "page": selectors.contested(request.GET.get("page"))},
    )


@require_safe
@reads("page")
def tags(request):
    page = selectors.tags_index(request.GET.get("page"), PER_PAGE["tags"])
    return render(request, "dossier/tags.html", {"section": "tags", "page": page})


@require_safe
def tag_detail(request, slug):
    if not _SLUG.fullmatch(slug):  # the route takes any text, to allow non-Latin tags
        raise Http404("No such tag")
    return render(
        request, "dossier/tag_detail.html", {"section": "tags", **vars(selectors.tag_page(slug))}
    )


@require_safe
@reads("q", "kind", "page")
def search(request):
    query = selectors.clean_query(request.GET.get("q", ""))
    words = selectors.search_words(query)
    kind = _choice(request, "kind", SEARCH_KINDS)
    context = {"section": "search", "query": query, "kind": kind, "kinds": SEARCH_KINDS}
    if words:
        found = selectors.search(words)
        if kind:
            context["page"] = selectors.search_page(
                found, kind, request.GET.get("page"), PER_PAGE["search"]
            )
            context["kind_label"] = SEARCH_KINDS[kind]
        else:
            groups = selectors.search_groups(
                found, SEARCH_KINDS, SEARCH_PREVIEW, SEARCH_PREVIEW_CAP
            )
            context["groups"] = groups
            context["total"] = sum(group["count"] for group in groups)
            context["more"] = any(group["more"] for group in groups)
    return render(request, "dossier/search.html", context)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('dossier:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def dossier_json(request):
    return JsonResponse(
        json_export.published_dossier(request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
