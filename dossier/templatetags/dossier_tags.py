"""Template tags of the public site: grade badges, the word diff between
renderings of one statement, attribution chains, JSON-LD and the legend's
vocabularies.

Everything that writes HTML builds it with `format_html()`/`escape()`; nothing
here marks an editor's text safe.
"""

import difflib
import re

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from dossier import jsonld
from dossier.models import Claim, Credibility, Quote, Reliability, describe_chain
from dossier.models.base import detail_url
from dossier.selectors import public_chain
from dossier.verbatim import normalise

register = template.Library()


# Badges, tag lists and filter options are built in Python rather than
# included templates: a list page prints hundreds of them, and an included
# template costs a context and a render each (a third of the timeline's time).


def _badge(scale: str, scale_label: str, code, meaning: str, rationale: str, compact: bool):
    title = format_html(' title="{}"', rationale) if rationale else ""
    if compact:
        return format_html(
            '<span class="badge badge--{0} badge--{0}-{1} badge--compact"{2}>'
            '<span class="badge__code">{1}</span>'
            '<span class="visually-hidden">, {3}</span></span>',
            scale,
            code,
            title,
            meaning.lower(),
        )
    return format_html(
        '<span class="badge badge--{0} badge--{0}-{1}"{2}>'
        '<span class="visually-hidden">{3} </span><span class="badge__code">{1}</span>'
        '<span class="badge__meaning">{4}</span></span>',
        scale,
        code,
        title,
        scale_label,
        meaning,
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
    """Tags as links to their pages. A tag whose name has no letter or digit
    has an empty slug, so no page: it shows as text."""
    items = [
        format_html(
            '<li><a class="tag" href="{}">{}</a></li>',
            detail_url("dossier:tag", tag.slug),
            tag.name,
        )
        if tag.slug
        else format_html('<li><span class="tag">{}</span></li>', tag.name)
        for tag in tags
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
        value, label = (choice.slug, choice.name) if hasattr(choice, "slug") else choice
        value = str(value)
        mark = " selected" if selected and value == selected else ""
        options.append(f'<option value="{escape(value)}"{mark}>{escape(label)}</option>')
    return SafeString("".join(options))  # every value and label went through escape()


@register.inclusion_tag("dossier/_verification.html")
def verification_badge(value: str):
    """A claim's verification, in words; the colour only repeats them."""
    if value not in Claim.Verification.values:
        value = Claim.Verification.UNVERIFIED
    return {"code": value, "label": Claim.Verification(value).label}


@register.filter
def origins(counts) -> str:
    """(reports, independent origins) as "4 reports, 1 independent origin"."""
    reports, independent = counts
    return (
        f"{reports} report{'s' if reports != 1 else ''}, "
        f"{independent} independent origin{'s' if independent != 1 else ''}"
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
