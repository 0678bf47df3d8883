"""Template tags of the public site: grade badges, the word diff between
renderings of one statement, attribution chains, JSON-LD and the legend's
vocabularies.

Everything that writes HTML builds it with `format_html()`/`escape()`; nothing
here marks an editor's text safe.
"""

import difflib
import functools
import re

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from dossier import jsonld, wording
from dossier.models import Claim, Credibility, Quote, Reliability, describe_chain
from dossier.models.base import detail_url
from dossier.selectors import public_chain
from dossier.verbatim import normalise

register = template.Library()


# Badges, tag lists and filter options are built in Python rather than
# included templates: a list page prints hundreds of them, and an included
# template costs a context and a render each (a third of the timeline's time).


@functools.cache
def _legend_url(script_prefix: str, term: str) -> str:
    return f"{reverse('dossier:overview')}#legend-{term}"


def legend_url(term: str) -> str:
    """Where the legend explains `term` (a badge's scale, "origins", "contested")."""
    return _legend_url(get_script_prefix(), term)


def _badge(scale: str, scale_label: str, code, meaning: str, rationale: str, compact: bool):
    # Every badge says what it is on hover (the title) and leads to the
    # legend's entry for its scale, so a reader meeting "C" knows what it grades.
    title = f"{scale_label} {code}: {meaning}" + (
        f". {wording.curly(rationale)}" if rationale else ""
    )
    if compact:
        return format_html(
            '<a class="badge badge--{0} badge--{0}-{1} badge--compact" href="{5}" title="{2}">'
            '<span class="badge__code">{1}</span>'
            '<span class="visually-hidden">, {3}</span></a>',
            scale,
            code,
            title,
            meaning.lower(),
            None,
            legend_url(scale),
        )
    return format_html(
        '<a class="badge badge--{0} badge--{0}-{1}" href="{5}" title="{2}">'
        '<span class="visually-hidden">{3} </span><span class="badge__code">{1}</span>'
        '<span class="badge__meaning">{4}</span></a>',
        scale,
        code,
        title,
        scale_label,
        meaning,
        legend_url(scale),
    )


@register.simple_tag
def reliability_badge(grade: str, rationale: str = "", compact: bool = False) -> SafeString:
    """An outlet's or article's reliability: the letter and what it means."""
    grade = Reliability(grade) if grade in Reliability.values else Reliability.F
    return _badge("reliability", "Reliability", grade.value, grade.meaning, rationale, compact)


@register.simple_tag
def credibility_badge(value, rationale: str = "", compact: bool = False) -> SafeString:
    """A quote's credibility: the number and what it means."""
    try:
        grade = Credibility(int(value))
    except (TypeError, ValueError):
        grade = Credibility.CANNOT_JUDGE
    return _badge("credibility", "Credibility", grade.value, grade.meaning, rationale, compact)


@register.simple_tag
def tag_list(tags) -> SafeString:
    """Tags as links to their pages, in a reader's alphabetical order ("NATO"
    among the n's). A tag whose name has no letter or digit has an empty
    slug, so no page: it shows as text."""
    items = [
        format_html(
            '<li><a class="tag" href="{}">{}</a></li>',
            detail_url("dossier:tag", tag.slug),
            wording.tag_label(tag.name),
        )
        if tag.slug
        else format_html('<li><span class="tag">{}</span></li>', wording.tag_label(tag.name))
        for tag in sorted(tags, key=lambda tag: tag.name.lower())
    ]
    if not items:
        return SafeString("")
    return format_html('<ul class="tag-list" aria-label="Tags">{}</ul>', SafeString("".join(items)))


_KIND_NOUNS = (
    ("event", "event", "events"),
    ("person", "person", "people"),
    ("quote", "quote", "quotes"),
    ("source", "source", "sources"),
    ("claim", "claim", "claims"),
)


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@register.filter
def kind_counts(tag) -> str:
    """What a tag gathers, as the tag index prints it:
    "12 items · 3 events · 9 quotes" (kinds it gathers none of left out)."""
    parts = [_counted(tag.item_count, "item", "items")]
    for kind, one, many in _KIND_NOUNS:
        n = getattr(tag, f"{kind}_count", 0)
        if n:
            parts.append(_counted(n, one, many))
    return " · ".join(parts)


@register.simple_tag
def filter_select(name: str, label: str, choices, selected, blank: str) -> SafeString:
    """A list filter's label and drop-down; `name` is its query parameter."""
    return format_html(
        '<label for="filter-{0}">{1}</label><select id="filter-{0}" name="{0}">{2}</select>',
        name,
        label,
        _filter_options(choices, selected, blank),
    )


@register.simple_tag
def filter_actions(list_url_name: str, filtered: bool) -> SafeString:
    """A filter form's button, and once filtered the way back to the whole list."""
    clear = format_html(' <a href="{}">Clear filters</a>', reverse(list_url_name))
    return format_html(
        '<div class="filters__actions"><button type="submit">Filter</button>{}</div>',
        clear if filtered else "",
    )


def _filter_options(choices, selected, blank: str) -> SafeString:
    """A filter drop-down's options: `blank` (no filter), then `choices`
    (tags and people by slug and name, or (value, label) pairs), the
    `selected` one marked."""
    selected = "" if selected is None else str(selected)
    # escape() and a join rather than format_html() per option: a filter
    # lists up to 500 tags, and format_html() cost a tenth of the timeline.
    options = [f'<option value="">{escape(blank)}</option>']
    for choice in choices:
        value, label = (
            (choice.slug, wording.tag_label(choice.name)) if hasattr(choice, "slug") else choice
        )
        value = str(value)
        mark = " selected" if selected and value == selected else ""
        options.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return SafeString("".join(options))  # every value and label went through escape()


_VERIFICATION_TITLES = {
    Claim.Verification.CORROBORATED: (
        "Two or more independent origins make this claim and the editors find it borne out"
    ),
    Claim.Verification.DISPUTED: (
        "Another claim contradicts it; the editors have not settled which stands"
    ),
    Claim.Verification.FALSE: "The editors have settled against it",
    # Not "by two origins": a claim every origin of which passes on one
    # party's own account stays unverified beside "2 independent origins".
    Claim.Verification.UNVERIFIED: (
        "Not yet borne out: one origin, or origins that all pass on one party’s own account"
    ),
}


@register.inclusion_tag("dossier/_verification.html")
def verification_badge(value: str):
    """A claim's verification, in words; the colour only repeats them."""
    if value not in Claim.Verification.values:
        value = Claim.Verification.UNVERIFIED
    verification = Claim.Verification(value)
    return {
        "code": value,
        "label": verification.label,
        "title": f"{verification.label}: {_VERIFICATION_TITLES[verification]}",
        "legend": legend_url("verification"),
    }


def origins_phrase(counts) -> str:
    reports, independent = counts
    return (
        f"{reports} report{'s' if reports != 1 else ''}, "
        f"{independent} independent origin{'s' if independent != 1 else ''}"
    )


@register.filter
def origins(counts) -> str:
    """(reports, independent origins) as "4 reports, 1 independent origin"."""
    return origins_phrase(counts)


@register.simple_tag
def origins_badge(counts) -> SafeString:
    """The origin count as a link to what an origin is: copies of one
    outlet's story are one origin, however many outlets repeat it."""
    return format_html(
        '<a class="origins-link" href="{}" title="{}">{}</a>',
        legend_url("origins"),
        "Reports whose chains start at the same outlet count as one origin",
        origins_phrase(counts),
    )


@register.simple_tag
def contested_mark(claim) -> SafeString:
    """A claim another claim contradicts, the contradiction still open.
    Worded so it reads beside "Corroborated": corroboration counts who makes
    a claim; this says someone else's claim says otherwise."""
    return format_html(
        '<a class="contested-mark" href="{}#links-heading" title="{}">'
        'Contested<span class="visually-hidden"> by another claim</span></a>'
        ' <a class="legend-hint" href="{}">what this means</a>',
        claim.get_absolute_url(),
        "Another claim contradicts this one; the editors have not settled which stands",
        legend_url("contested"),
    )


@register.inclusion_tag("dossier/_chain.html")
def attribution_chain(hops, label: str = "How it reached the page"):
    """A chain (prefetched hops) as a sentence and as a diagram of hops,
    naming only people and outlets the dossier has published."""
    chain = public_chain(hops)
    sentence = describe_chain(chain)
    return {
        "chain": chain,
        "sentence": sentence[:1].upper() + sentence[1:],
        "label": label,
    }


@register.simple_tag
def reliability_grades():
    return list(Reliability)


@register.simple_tag
def credibility_grades():
    return list(Credibility)


@register.filter
def attribution_phrase(quote: Quote) -> str:
    """The attribution as running text: "on the record", "second-hand"."""
    return {
        Quote.Attribution.ON_RECORD: "on the record",
        Quote.Attribution.BACKGROUND: "on background, named by role",
        Quote.Attribution.ANONYMOUS: "anonymously",
        Quote.Attribution.SECOND_HAND: "second-hand",
    }.get(quote.attribution, quote.get_attribution_display().lower())


# --- Words for codes and shorthand (dossier.wording)


@register.filter
def language_name(code: str) -> str:
    """ "en" → "English"; "" for a code no one would read."""
    return wording.language_name(code)


@register.filter
def context_clause(quote: Quote) -> str:
    """A quote's context as the clause after its speaker's name."""
    speaker = quote.speaker.name if quote.speaker else quote.speaker_description
    return wording.context_clause(quote.context, speaker)


@register.filter
def curly_html(html: str) -> SafeString:
    """Sanitised HTML (a `*_html` field) with typographic quotation marks
    in its text; its tags and attributes untouched."""
    return mark_safe(wording.curly_html(html))  # only text between tags changes


@register.filter
def tag_label(name: str) -> str:
    """A tag's name without a slug's hyphens."""
    return wording.tag_label(name)


@register.filter
def curly(text: str) -> str:
    """An editor's running text with typographic quotation marks (autoescaped after)."""
    return wording.curly(text)


# --- Word diff between renderings of one statement

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
    mine = [normalise(token.group()) for token in _tokens(text)]
    if not others:
        return set()
    shared: set[int] = set()
    for other in others:
        theirs = [normalise(token.group()) for token in _tokens(other)]
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        for block in matcher.get_matching_blocks():
            shared.update(range(block.a, block.a + block.size))
    return set(range(len(mine))) - shared


@register.simple_tag
def word_diff(text: str, renderings) -> SafeString:
    """`text` escaped, with the words no other of the `renderings` shares
    in `<mark class="diff">`."""
    tokens = _tokens(text)
    differ = differing_tokens(text, [other for other in renderings if other != text])
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


@register.simple_tag(takes_context=True)
def json_ld(context, kind: str, obj) -> SafeString:
    """`<script type="application/ld+json">` describing `obj` as schema.org `kind`."""
    request = context["request"]
    build = {
        "NewsArticle": jsonld.news_article,
        "Person": jsonld.person,
        "Event": jsonld.event,
        "Quotation": jsonld.quotation,
        "Claim": jsonld.claim,
        "ClaimReview": jsonld.claim_review,
        "NewsMediaOrganization": jsonld.news_media_organization,
    }[kind]
    return jsonld.script(build(obj, request.build_absolute_uri))
