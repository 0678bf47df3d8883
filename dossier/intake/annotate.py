"""Turning an article's suggested quotes, or any passage an editor selects,
into draft quotes: the services behind the admin's Annotate page.

Everything an editor can fix on the page arrives here as plain text (a
speaker's name, a chain one hop a line, a statement's slug) and is resolved
against the dossier: a name is a Person by name, alias or slug, or a new
draft Person; a chain's "who" is an outlet, a person or an unnamed source
in words. `plan_quote` checks all of it without writing; `save_quotes`
writes a list of plans in one transaction.
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from dossier.extract import DossierIndex, Suggestion, suggest
from dossier.extract import Hop as SuggestedHop
from dossier.extract.names import names_an_organisation
from dossier.models import Hop, Outlet, Person, Quote, Source, Statement, Status
from dossier.slugs import slugify
from dossier.verbatim import find_all, find_verbatim, normalise

from .outlets import match_outlet

logger = logging.getLogger(__name__)

# What a quote is attributed to until the editor names its speaker: the
# model wants a speaker or a description, and a draft must say it is unchecked.
UNIDENTIFIED = "speaker not identified yet"
ACCEPTED = "Accepted from suggestions"
SELECTED = "Made from a passage selected on the annotate page"


class AnnotateError(ValueError):
    """A field of a quote the editor is making is wrong; the message says how."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class HopPlan(SuggestedHop):
    """A hop of the chain typed on the page, its person and outlet the dossier's rows."""

    person: Person | None = None
    outlet: Outlet | None = None


@dataclass
class QuotePlan:
    """A quote checked and resolved, ready to be written."""

    text: str
    attribution: str
    speaker: Person | None = None
    new_speaker: str = ""  # a name the dossier has no Person for
    speaker_description: str = ""
    statement: Statement | None = None
    relayed_from: Outlet | None = None
    hops: list[HopPlan] = field(default_factory=list)


def source_cites(source: Source) -> list[str]:
    """The outlets `source` cites, first cited first, as slugs."""
    citations = source.citations.select_related("cited_outlet", "cited_source__outlet")
    return [(c.cited_outlet or c.cited_source.outlet).slug for c in citations]


def pending_suggestions(
    source: Source, rejected: set[tuple[int, int]] = frozenset()
) -> list[Suggestion] | None:
    """What the extractor suggests for `source`, less the passages it
    already has quotes for and those the editor rejected; None when the
    extractor failed on this text (the editor can still select passages)."""
    try:
        suggestions = suggest(
            source.body,
            DossierIndex.from_database(),
            cites=source_cites(source),
            reliability=source.effective_reliability,
            outlet=source.outlet.slug,
            language=source.language,
        )
    except Exception:
        logger.exception("The quote extractor failed on source %s", source.pk)
        return None
    taken = quoted_spans(source)
    return [
        s
        for s in suggestions
        if (s.start, s.end) not in rejected
        and not any(s.start < end and start < s.end for start, end in taken)
    ]


def quoted_spans(source: Source) -> list[tuple[int, int]]:
    texts = list(source.quotes.values_list("text", flat=True))
    return [(m.start, m.end) for m in find_all(texts, source.body) if m is not None]


# --- from the page's text fields to the dossier's rows -------------------------


def find_person(name: str) -> Person | None:
    """The Person called `name` by name, alias or slug, whatever the case."""
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        return None
    candidates = Person.objects.filter(
        Q(name__iexact=wanted) | Q(slug=slugify(wanted)) | Q(aliases__icontains=wanted)
    )
    for person in candidates:
        names = {person.name.casefold(), person.slug, *(a.casefold() for a in person.alias_list)}
        if wanted in names or slugify(wanted) == person.slug:
            return person
    return None


def hops_as_text(hops, people: dict[str, str], outlets: dict[str, str]) -> str:
    """A suggested chain as the page shows it: one hop a line,
    "who | how | context | off the record"."""
    lines = []
    for hop in hops:
        who = people.get(hop.person or "") or outlets.get(hop.outlet or "") or hop.description
        who = who or hop.person or hop.outlet or ""
        parts = [who, hop.how, hop.context, "" if hop.on_record else "off the record"]
        while not parts[-1]:
            parts.pop()
        lines.append(" | ".join(parts).replace("|  |", "| |"))
    return "\n".join(lines)


def parse_chain(text: str) -> list[HopPlan]:
    """The chain typed on the page, one hop a line: "who | how | context |
    off the record". The who is an outlet, a person or an unnamed source."""
    hops = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        who, how = parts[0], (parts[1] if len(parts) > 1 else "").lower()
        if how not in Hop.How.values:
            choices = ", ".join(Hop.How.values)
            raise AnnotateError(
                "chain",
                f"Chain, line {number} (“{line.strip()}”): say how this link passed it on, "
                f"after a bar: one of {choices}.",
            )
        if not who:
            raise AnnotateError("chain", f"Chain, line {number}: name who passed it on.")
        outlet = match_outlet(site_name=who)
        person = find_person(who) if outlet is None else None
        hops.append(
            HopPlan(
                how=how,
                person=person,
                outlet=outlet,
                description=who if outlet is None and person is None else "",
                context=parts[2] if len(parts) > 2 else "",
                on_record=not (len(parts) > 3 and "off" in parts[3].lower()),
            )
        )
    return hops


def plan_quote(
    source: Source,
    *,
    text: str,
    start: int | None,
    end: int | None,
    speaker: str,
    unnamed: bool,
    attribution: str,
    chain: str,
    statement: str,
) -> QuotePlan:
    """Check one quote the editor is making and resolve its names, or raise
    AnnotateError naming the field that is wrong. Writes nothing."""
    body = source.body
    if start is None or end is None:
        match = find_verbatim(text, body) if text.strip() else None
        if match is None:
            raise AnnotateError(
                "text", "These words are not in the article verbatim: copy them from its text."
            )
        start, end = match.start, match.end
    if not (0 <= start < end <= len(body)):
        raise AnnotateError(
            "text",
            f"The passage {start}–{end} is outside the article's text (0–{len(body)}): "
            "reload the page and select it again.",
        )
    if normalise(body[start:end]) != normalise(text):
        raise AnnotateError(
            "text",
            f"The article's text at {start}–{end} is “{body[start:end][:80]}”, not these words: "
            "the article may have changed; reload the page.",
        )
    if attribution not in Quote.Attribution.values:
        raise AnnotateError("attribution", f"“{attribution}” is not a kind of attribution.")
    plan = QuotePlan(body[start:end], attribution, hops=parse_chain(chain))
    _resolve_speaker(plan, " ".join(speaker.split()), unnamed)
    if wanted := statement.strip():
        plan.statement = Statement.objects.filter(Q(slug=wanted) | Q(title=wanted)).first()
        if plan.statement is None:
            raise AnnotateError("statement", f"The dossier has no statement “{statement}”.")
    if attribution == Quote.Attribution.SECOND_HAND:
        plan.relayed_from = _relayed_from(source, plan.hops)
        if plan.relayed_from is None:
            raise AnnotateError(
                "chain",
                "A second-hand quote names the outlet it was relayed from: add that outlet to "
                "the chain (“Financial Times | reported”).",
            )
    return plan


def _resolve_speaker(plan: QuotePlan, speaker: str, unnamed: bool) -> None:
    if not speaker:
        plan.speaker_description = UNIDENTIFIED
    elif unnamed:
        plan.speaker_description = speaker
    else:
        plan.speaker = find_person(speaker)
        if plan.speaker is None:
            plan.new_speaker = speaker


def _relayed_from(source: Source, hops: list[HopPlan]) -> Outlet | None:
    # The last outlet before this article's own: "FT reported → UNN citing".
    for hop in reversed(hops):
        if hop.outlet is not None and hop.outlet.pk != source.outlet_id:
            return hop.outlet
    cited = source_cites(source)
    return Outlet.objects.filter(slug=cited[0]).first() if cited else None


def save_quotes(source: Source, plans: list[QuotePlan], user, reason: str) -> list[Quote]:
    """Write `plans` as draft quotes of `source`, each with its chain, in one
    transaction; a passage the source already has a quote for is skipped.
    New speakers become draft People, one per name however often named."""
    created: list[Quote] = []
    new_people: dict[str, Person] = {}
    with transaction.atomic():
        existing = {normalise(t) for t in source.quotes.values_list("text", flat=True)}
        for plan in plans:
            if normalise(plan.text) in existing:
                continue
            existing.add(normalise(plan.text))
            speaker = plan.speaker or (
                _new_person(plan.new_speaker, new_people, user) if plan.new_speaker else None
            )
            quote = Quote(
                source=source,
                text=plan.text,
                speaker=speaker,
                speaker_description=plan.speaker_description,
                attribution=plan.attribution,
                relayed_from=plan.relayed_from,
                statement=plan.statement,
                status=Status.DRAFT,
            )
            quote._history_user = user
            quote._change_reason = reason
            quote.save()
            for position, hop in enumerate(plan.hops):
                # The new speaker named again in the chain is that same new person.
                is_speaker = bool(plan.new_speaker) and (
                    hop.description.casefold() == plan.new_speaker.casefold()
                )
                Hop.objects.create(
                    quote=quote,
                    position=position,
                    person=speaker if is_speaker else hop.person,
                    outlet=hop.outlet,
                    description="" if is_speaker else hop.description,
                    how=hop.how,
                    context=hop.context,
                    on_record=hop.on_record,
                )
            created.append(quote)
    return created


def _new_person(name: str, made: dict[str, Person], user) -> Person:
    key = name.casefold()
    if key not in made:
        kind = Person.Kind.ORGANISATION if names_an_organisation(name) else Person.Kind.PERSON
        person = Person(name=name, kind=kind, status=Status.DRAFT)
        person._history_user = user
        person._change_reason = "New speaker named on the annotate page"
        person.save()
        made[key] = person
    return made[key]


def suggestion_fields(suggestion: Suggestion, people: dict[str, str], outlets: dict[str, str]):
    """The page's editable fields for a suggestion, filled with what it proposes."""
    person_name = people.get(suggestion.person or "")
    unnamed = bool(suggestion.speaker) and not suggestion.person and not suggestion.speaker_is_new
    return {
        "start": suggestion.start,
        "end": suggestion.end,
        "text": suggestion.text,
        "speaker": person_name or suggestion.speaker or "",
        "unnamed": unnamed,
        "attribution": suggestion.attribution or Quote.Attribution.ON_RECORD,
        "chain": hops_as_text(suggestion.hops, people, outlets),
        "statement": suggestion.statement or "",
    }
