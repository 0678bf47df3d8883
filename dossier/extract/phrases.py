"""Who a phrase names: a person or an outlet by name (titles taken off,
matched to the dossier), a pronoun or a description resolved to someone the
article named before, or an unnamed source ("a senior White House
official", "three people familiar with the matter") kept as it is written."""

import re
from dataclasses import dataclass, field

from .coreference import PRONOUNS, is_source, resolve_description, resolve_pronoun
from .index import OutletEntry, PersonEntry
from .names import STOP_CAPS, Directory, Mention, by_last_word, fold, fullest_name, strip_titles

_ANONYMOUS_HEADS = re.compile(
    r"\b(?:sources?|officials?|people|person|persons|aides?|diplomats?|insiders?|advis[eo]rs?|allies|ally|"
    r"staffers?|individuals?|interlocutors?|members?|officers?|lawmakers?|figures?|representatives?|"
    r"associates?|confidants?|negotiators?|employees?|executives?|experts?|analysts?|spokes(?:man|woman|person)|"
    r"observers?|participants?|witnesses|residents?|voters?|supporters?|critics?)\b",
    re.IGNORECASE,
)
_INDEFINITE = re.compile(
    r"^(?:a|an|one|two|three|four|five|six|several|some|many|multiple|few|other|another|more|numerous|"
    r"sources?|officials?|people|aides?|diplomats?|insiders?|senior|top|former|unnamed|anonymous|current|"
    r"\d+)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(
    r"\b(?:should|would|could|will|had|has|have|was|were|is|are|be|been|did|does)\b"
)


@dataclass
class Speaker:
    """Who the cue names, as the desk proposes it."""

    name: str | None = None  # fullest name, or an unnamed source's description
    person: PersonEntry | None = None
    outlet: OutletEntry | None = None
    anonymous: bool = False
    cue: str | None = None
    cue_start: int = -1
    cue_end: int = -1
    np: str = ""  # the words that named the speaker
    cited_by: OutletEntry | None = None  # "UNN, citing the FT, reported": UNN


@dataclass
class Context:
    """One article as the speaker rules read it."""

    body: str
    masked: str  # the body with the quotes' words blanked: the reporter's own words
    mentions: list[Mention]
    directory: Directory
    anonymous_seen: list[tuple[int, str]] = field(default_factory=list)
    speakers_seen: list[tuple[int, str]] = field(default_factory=list)
    common: set[str] = field(default_factory=set)  # words the article writes in lower case
    genders: dict[str, str] | None = None  # surname -> "m"/"f", worked out when first needed
    names_by_last: dict[str, list[str]] | None = None  # `by_last_word`, made when first needed

    def fullest_name(self, name: str) -> str:
        if self.names_by_last is None:
            self.names_by_last = by_last_word(self.mentions)
        return fullest_name(name, self.names_by_last)


_DETERMINERS = frozenset(("a", "an", "the", "this", "that", "these", "those", "some", "any"))
_SUBJECT_PRONOUNS = frozenset(("he", "she", "they", "we"))


# "including a career Army officer who described": the officer.
_DANGLING = re.compile(r"^(?:including|like|such as)\s+|\s+(?:who|that|which)$")
# A name or a description starts with no quote mark and does not end on a
# preposition, a conjunction or an article: not "’s" (of "what’s called"),
# nor "no memory of events or of" (before "alleged", an adjective there),
# nor "There’s a" (before a term in quotation marks).
_UNFINISHED = re.compile(
    r"\s(?:of|or|and|to|in|for|with|by|at|from|on|but|nor|against|about|into|than|a|an|the)$"
)


_LEADING_NAME = re.compile(r"((?:[A-Z][\w.'’-]*\s?)+)")
_NAME_THEN_PLACE = re.compile(
    r"((?:[A-Z][\w.'’-]*\s)+)(?:in|at|on|during)\s+(?:the|a|an|his|her|their|its)\s[^A-Z]*$"
)


def speaker_for(
    ctx: Context, np: str, cue: str | None, cue_start: int, cue_end: int, at: int
) -> Speaker | None:
    """Who the words `np` (at `at`) name: a person or an outlet by name, a
    pronoun or a description resolved, or an unnamed source."""
    np = _DANGLING.sub("", re.sub(r"\s+", " ", np).strip())
    if not np or "xxxx" in np:
        return None
    speaker = Speaker(cue=cue, cue_start=cue_start, cue_end=cue_end, np=np)
    if np.startswith(("'", "’", "‘", '"', "“", "”")) or _UNFINISHED.search(np):
        head = _LEADING_NAME.match(np)  # "Pence went on to (say)"; not "His claims of"
        if head and head.group(1).strip() != np and fold(head.group(1).split()[0]) not in STOP_CAPS:
            return speaker_for(ctx, head.group(1), cue, cue_start, cue_end, at)
        return speaker  # a cue, and no one it names
    placed = _NAME_THEN_PLACE.match(np)  # "Obama in the call (had confirmed)"
    if placed and fold(placed.group(1).split()[0]) not in STOP_CAPS:
        return speaker_for(ctx, placed.group(1), cue, cue_start, cue_end, at)
    lowered = fold(np)
    words = lowered.split()
    if not words:
        return None  # nothing but marks that fold away
    if lowered in _DETERMINERS:
        return None  # "A further 69,000 staff were on “…”": no one
    if words[-1] in PRONOUNS and (len(words) <= 3 or words[-1] in _SUBJECT_PRONOUNS):
        lowered = words[-1]  # "Recently she", "Speaking through an interpreter he"
    elif _CLAUSE.search(np):  # "he had decimated": a clause, not a noun phrase
        first = words[0]
        if first not in PRONOUNS:
            head = _LEADING_NAME.match(np)  # "Trump has repeatedly said"
            if head and head.group(1).strip() != np and not _CLAUSE.search(head.group(1)):
                return speaker_for(ctx, head.group(1), cue, cue_start, cue_end, at)
            return speaker
        lowered = first
    if lowered in PRONOUNS:
        return resolve_pronoun(ctx, speaker, lowered, at)
    tokens = np.split()
    capital_run = last_capital_run(tokens)
    while capital_run and fold(capital_run[0]) in (ctx.common or ()):
        capital_run = capital_run[1:]  # "Both Bolton", "Amid": not part of a name
    indefinite = (
        _INDEFINITE.match(np)
        and not _is_proper(np)
        # "former Obama adviser David Axelrod" is named; "a former official" is not
        and not (words[0] in ("former", "senior", "top", "current") and len(capital_run) >= 2)
    )
    if indefinite or (
        lowered.startswith("the ")
        and _ANONYMOUS_HEADS.search(np)
        and not capital_run
        and is_source(np)
    ):
        return _anonymous(ctx, speaker, np, at)
    if capital_run:
        name = " ".join(capital_run)
        outlet = ctx.directory.outlet(name) or ctx.directory.outlet(np)
        if outlet is not None:
            speaker.name = name[4:] if name.lower().startswith("the ") else name
            speaker.outlet = outlet
            return speaker
        bare, _ = strip_titles(capital_run)
        if bare and fold(bare[-1]) not in STOP_CAPS:
            full = ctx.fullest_name(" ".join(bare))
            speaker.name = full
            speaker.person = ctx.directory.person(full) or ctx.directory.person(" ".join(bare))
            return speaker
    if lowered.startswith(("the ", "this ", "that ")) or not capital_run:
        return resolve_description(ctx, speaker, np, at)
    speaker.name = np
    return speaker


def _is_proper(np: str) -> bool:
    words = np.split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words[1:])
        and not _ANONYMOUS_HEADS.search(np)
    )


def last_capital_run(tokens: list[str]) -> list[str]:
    run: list[str] = []
    for token in reversed(tokens):
        if token[:1].isupper() or (
            run and fold(token) in ("de", "van", "von", "al", "bin", "da", "of", "the", "for")
        ):
            run.insert(0, token)
        elif run:
            break
        else:
            return []  # the phrase ends in a common noun: a description, not a name
    while run and (fold(run[0]) in STOP_CAPS or not run[0][:1].isupper()):
        run.pop(0)
    if len(run) == 1 and run[0].endswith(("ing", "ly")):
        return []  # "Speaking to reporters, …": a capitalised first word, not a name
    return run


# "Another", "Others" standing alone for the unnamed source just described.
_LONE_OTHER = re.compile(r"another|others|one|some", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:a|an|one|another|some|the)\s+", re.IGNORECASE)


def _anonymous(ctx: Context, speaker: Speaker, np: str, at: int) -> Speaker:
    lone = _LONE_OTHER.fullmatch(np)
    if lone and ctx.anonymous_seen and at - ctx.anonymous_seen[-1][0] < 600:
        # "One user on Weibo posted: … Another said: …": another user on Weibo
        noun = _DETERMINER.sub("", ctx.anonymous_seen[-1][1], count=1)
        if noun != ctx.anonymous_seen[-1][1]:
            np = f"{lone.group(0).lower()} {noun}"
    speaker.name, speaker.anonymous = np, True
    ctx.anonymous_seen.append((at, np))
    return speaker
