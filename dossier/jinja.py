"""The Jinja2 environment of the public pages (`dossier/jinja2/`, named in
settings.TEMPLATES; the admin keeps Django's engine and `templates/`).

What a page needs beyond Jinja's own: Django's URLs, static files and date
and number formats, the dossier's words for its codes (`dossier.wording`),
the grades behind its badges, its JSON-LD and link previews. Badges, tag
lists and other repeated pieces are macros (`dossier/jinja2/dossier/_*.html`).
Jinja autoescapes; only `*_html` fields and HTML that Python escaped as it
built it (the word diff, highlighted articles, search passages, JSON-LD)
reach a page as they are.
"""

import datetime
import functools
import itertools
import operator
import re
from typing import Any, NamedTuple

from django.template import defaultfilters, defaulttags
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from jinja2 import Environment, pass_context
from markupsafe import Markup, escape

from dossier import jsonld, previews, wording
from dossier.diff import word_diff
from dossier.models import (
    Claim,
    Credibility,
    Event,
    Quote,
    Reliability,
    describe_chain,
    describe_date,
)
from dossier.models.base import detail_url, detail_urls, route, routes
from dossier.selectors import public_chain


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(
        url=url,
        section_urls=section_urls,
        detail_url=detail_url,
        detail_urls=detail_urls,
        static=static,
        querystring=querystring,
        legend_url=legend_url,
        verification=verification,
        reliability_grades=list(Reliability),
        credibility_grades=list(Credibility),
        public_chain=public_chain,
        describe_chain=describe_chain,
        word_diff=word_diff,
        json_ld=json_ld,
        dossier_json_ld=dossier_json_ld,
        page_preview=page_preview,
        filter_options=filter_options,
    )
    env.filters.update(
        # Django's own, for dates, plurals and numbers as the admin prints them.
        date=defaultfilters.date,
        long_date=long_date,
        pluralize=defaultfilters.pluralize,
        truncatewords=defaultfilters.truncatewords,
        truncatechars=defaultfilters.truncatechars,
        capfirst=defaultfilters.capfirst,
        floatformat=defaultfilters.floatformat,
        regroup=regroup,
        by_month=by_month,
        # The dossier's words for codes and shorthand.
        curly=wording.curly,
        curly_html=curly_html,
        tag_label=wording.tag_label,
        language_name=wording.language_name,
        context_clause=context_clause,
        attribution_phrase=attribution_phrase,
        origins=origins,
        kind_counts=kind_counts,
        # Badges are filters, not globals: Jinja checks each call of a
        # global for what it is passed, and a list page draws a badge a row.
        reliability_badge=functools.partial(badge, "reliability"),
        credibility_badge=functools.partial(badge, "credibility"),
    )
    return env


# --- Django's URLs and request


def url(name: str, *args) -> str:
    """Django's `{% url %}`; a route without arguments resolved once
    (`models.base.route`)."""
    return reverse(name, args=args) if args else route(name)


def section_urls(*sections: str) -> dict[str, str]:
    """The addresses of the site's `sections` ("timeline" for
    `dossier:timeline`), looked up together (`models.base.routes`)."""
    found = routes(*(f"dossier:{section}" for section in sections))
    return {section: found[f"dossier:{section}"] for section in sections}


@pass_context
def querystring(context, **changes) -> str:
    """Django's `{% querystring %}`: the request's query string with
    `changes` made (None removes a parameter)."""
    return defaulttags.querystring(None, context["request"].GET, **changes)


@functools.cache
def _legend_url(script_prefix: str, term: str) -> str:
    return f"{reverse('dossier:overview')}#legend-{term}"


def legend_url(term: str) -> str:
    """Where the legend explains `term` (a badge's scale, "origins", "contested")."""
    return _legend_url(get_script_prefix(), term)


_NEEDS_ESCAPING = re.compile(r"[&<>\"']")


def _text(value: str) -> str:
    """`value` escaped as Jinja escapes it, without making a Markup of the
    many that have nothing to escape."""
    return escape(value) if _NEEDS_ESCAPING.search(value) else value


def filter_options(choices, selected: str) -> Markup:
    """The options of a list filter's drop-down (`_filters.html`): tags and
    people (by slug, the name written as a tag reads), or (value, label)
    pairs, the `selected` value marked. Written here, not as a template
    loop: a drop-down may hold hundreds of tags."""
    options = []
    for choice in choices:
        if hasattr(choice, "slug"):
            value, text = choice.slug, wording.tag_label(choice.name)
        else:
            value, text = str(choice[0]), str(choice[1])
        mark = " selected" if selected and value == selected else ""
        options.append(f'<option value="{_text(value)}"{mark}>{_text(text)}</option>')
    return Markup("".join(options))


def long_date(day: datetime.date) -> str:
    """ "21 October 2025", as an event's exact date reads (`describe_date`),
    without Django's date filter looking up its format for each date."""
    return describe_date(day, Event.Precision.DAY)


class Group(NamedTuple):
    grouper: Any
    list: list


def regroup(items, attribute: str) -> list[Group]:
    """Django's `{% regroup %}`: runs of neighbouring items with the same
    `attribute`, in the order given (Jinja's `groupby` sorts them first)."""
    return [
        Group(grouper, list(run))
        for grouper, run in itertools.groupby(items, key=operator.attrgetter(attribute))
    ]


def by_month(events) -> list[Group]:
    """Runs of neighbouring events (in date order) in one month, each headed
    by its month as `Event.date_display` writes one ("October 2025"),
    written once per month rather than for every event."""
    return [
        Group(datetime.date(year, month, 1).strftime("%B %Y"), list(run))
        for (year, month), run in itertools.groupby(
            events, key=lambda event: (event.date.year, event.date.month)
        )
    ]


# --- Grades: the member of the scale a badge shows, whatever is stored


def scale_grade(scale: str, value) -> Reliability | Credibility:
    """`value` on the "reliability" or "credibility" scale; what is not a
    grade of it reads as the scale's "cannot be judged"."""
    try:
        return Reliability(value) if scale == "reliability" else Credibility(int(value))
    except (TypeError, ValueError):
        return Reliability.F if scale == "reliability" else Credibility.CANNOT_JUDGE


def badge(
    scale: str, value, rationale: str = "", compact: bool = False, legend: str = ""
) -> Markup:
    """An outlet's or article's reliability (a letter), or a quote's or
    claim's credibility (a number), as a badge: `scale` is "reliability" or
    "credibility". It says what it is on hover (its title) and leads to the
    legend's entry for its scale (`legend`, else `legend_url(scale)`), so a
    reader meeting "C" knows what it grades. Only the rationale differs
    between two badges of one grade: the rest is written once per grade
    (`_badge`).

    A list of many badges reads the legend's address once and passes it:
    the address depends on Django's script prefix, slow to read per badge."""
    start, end = _badge(legend or legend_url(scale), scale, value, compact)
    if not rationale:
        return Markup(f"{start}{end}")
    return Markup(f"{start}{escape('. ' + wording.curly(rationale))}{end}")


@functools.lru_cache(maxsize=256)
def _badge(legend: str, scale: str, value, compact: bool):
    """A badge's HTML before and after its rationale (the end of its title),
    for the value as stored: its grade is looked up here, once."""
    grade = scale_grade(scale, value)
    code, meaning, name = grade.value, grade.meaning, scale.capitalize()
    if compact:
        inside = (
            f'<span class="badge__code">{escape(code)}</span>'
            f'<span class="visually-hidden">, {escape(meaning.lower())}</span>'
        )
    else:
        inside = (
            f'<span class="visually-hidden">{escape(name)} </span>'
            f'<span class="badge__code">{escape(code)}</span>'
            f'<span class="badge__meaning">{escape(meaning)}</span>'
        )
    classes = f"badge badge--{scale} badge--{scale}-{code}" + (" badge--compact" if compact else "")
    start = (
        f'<a class="{escape(classes)}" href="{escape(legend)}"'
        f' title="{escape(f"{name} {code}: {meaning}")}'
    )
    return start, f'">{inside}</a>'


def verification(value: str) -> Claim.Verification:
    try:
        return Claim.Verification(value)
    except ValueError:
        return Claim.Verification.UNVERIFIED


# --- Words for codes and shorthand (dossier.wording)


def curly_html(html: str) -> Markup:
    """Sanitised HTML (a `*_html` field) with typographic quotation marks
    in its text; its tags and attributes untouched."""
    return Markup(wording.curly_html(html))  # only text between tags changes


def context_clause(quote: Quote) -> str:
    """A quote's context as the clause after its speaker's name."""
    speaker = quote.speaker.name if quote.speaker else quote.speaker_description
    return wording.context_clause(quote.context, speaker)


def attribution_phrase(quote: Quote) -> str:
    """The attribution as running text: "on the record", "second-hand"."""
    return {
        Quote.Attribution.ON_RECORD: "on the record",
        Quote.Attribution.BACKGROUND: "on background, named by role",
        Quote.Attribution.ANONYMOUS: "anonymously",
        Quote.Attribution.SECOND_HAND: "second-hand",
    }.get(quote.attribution, quote.get_attribution_display().lower())


def origins(counts: tuple[int, int]) -> str:
    """(reports, independent origins) as "4 reports, 1 independent origin"."""
    return wording.origins(*counts)


# Each kind a tag gathers (its `<kind>_count`), and the kind's plural.
_PLURALS = dict(event="events", person="people", quote="quotes", source="sources", claim="claims")


def kind_counts(tag) -> str:
    """What a tag gathers, as the tag index prints it:
    "12 items · 3 events · 9 quotes" (kinds it gathers none of left out)."""
    parts = [wording.counted(tag.item_count, "item", "items")]
    for one, many in _PLURALS.items():
        n = getattr(tag, f"{one}_count", 0)
        if n:
            parts.append(wording.counted(n, one, many))
    return " · ".join(parts)


# --- What the page tells other sites: JSON-LD and link previews

_JSON_LD = {
    "NewsArticle": jsonld.news_article,
    "Person": jsonld.person,
    "Event": jsonld.event,
    "Quotation": jsonld.quotation,
    "Claim": jsonld.claim,
    "ClaimReview": jsonld.claim_review,
    "NewsMediaOrganization": jsonld.news_media_organization,
}


@pass_context
def json_ld(context, kind: str, obj) -> Markup:
    """`<script type="application/ld+json">` describing `obj` as schema.org `kind`."""
    return Markup(jsonld.script(_JSON_LD[kind](obj, context["request"].build_absolute_uri)))


@pass_context
def dossier_json_ld(context, overview) -> Markup:
    """The site (with its search) and the story, as schema.org JSON-LD."""
    absolute = context["request"].build_absolute_uri
    return Markup(jsonld.script(jsonld.dossier(overview.story, overview.figures, absolute)))


@pass_context
def page_preview(context) -> previews.Preview | None:
    """The page's link preview (`dossier/_preview.html`); none for an error
    page, which is not a page to share, nor the URL it answers canonical."""
    if "request" not in context or context.name in ("404.html", "500.html"):
        return None
    return previews.for_page(context)
