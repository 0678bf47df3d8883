"""Template tags of the public site: grade badges, the word diff between
renderings of one statement, attribution chains, JSON-LD and the legend's
vocabularies.

Everything that writes HTML builds it with `format_html()`/`escape()`; nothing
here marks an editor's text safe.
"""

import difflib
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dossier import jsonld
from dossier.models import Claim, Credibility, Quote, Reliability, describe_chain
from dossier.selectors import public_chain
from dossier.verbatim import normalise

register = template.Library()


@register.inclusion_tag("dossier/_badge.html")
def reliability_badge(grade: str, rationale: str = "", compact: bool = False):
    """An outlet's or article's reliability: the letter and what it means."""
    grade = Reliability(grade) if grade in Reliability.values else Reliability.F
    return {
        "scale": "reliability",
        "scale_label": "Reliability",
        "code": grade.value,
        "meaning": grade.meaning,
        "rationale": rationale,
        "compact": compact,
    }


@register.inclusion_tag("dossier/_badge.html")
def credibility_badge(value, rationale: str = "", compact: bool = False):
    """A quote's credibility: the number and what it means."""
    try:
        grade = Credibility(int(value))
    except (TypeError, ValueError):
        grade = Credibility.CANNOT_JUDGE
    return {
        "scale": "credibility",
        "scale_label": "Credibility",
        "code": grade.value,
        "meaning": grade.meaning,
        "rationale": rationale,
        "compact": compact,
    }


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
        "NewsMediaOrganization": jsonld.news_media_organization,
    }[kind]
    return jsonld.script(build(obj, request.build_absolute_uri))
