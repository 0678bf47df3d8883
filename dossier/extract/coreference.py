"""What a pronoun or a description stands for: "he" is the last person who
spoke or opened a sentence, "the spokesman" the last person titled so, "the
US leader" the person whose titles, role or affiliation say so, "the
newspaper" the last outlet named, "the source" the last unnamed source.
Failing all that, a description goes to the story's protagonist (the person
named most often so far)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .names import Mention, fold, word_set

if TYPE_CHECKING:
    from .phrases import Context, Speaker

PRONOUNS = (
    dict.fromkeys(("he", "she", "him", "her"), "person")
    | dict.fromkeys(("they", "it", "we"), "group")
    | dict.fromkeys(("i", "you"), "self")
)


_OUTLET_NOUNS = re.compile(
    r"\b(?:newspaper|paper|publication|agency|outlet|broadcaster|network|magazine|daily|channel|website|site|report)\b",
    re.I,
)


_ROLE_NOUNS = re.compile(
    r"\b(?:leader|president|minister|spokes(?:man|woman|person)|secretary|chancellor|premier|senator|"
    r"governor|mayor|candidate|nominee|chief|head|envoy|ambassador|official|diplomat|general|adviser|"
    r"advisor|billionaire|businessman|businesswoman|congressman|congresswoman|lawmaker|democrat|republican|"
    r"king|queen|pope|prince|judge|lawyer|attorney|director|ceo|founder|actor|star|host|former)\b",
    re.I,
)


_SOURCE_WORDS = re.compile(
    r"\b(?:source|sources|official|officials|person|people|aide|diplomat|insider|interlocutor)\b",
    re.I,
)


def is_source(np: str) -> bool:
    return bool(_SOURCE_WORDS.search(np))


def resolve_pronoun(ctx: Context, speaker: Speaker, pronoun: str, at: int) -> Speaker:
    kind = PRONOUNS[pronoun]
    if kind == "person":
        wanted = "f" if pronoun in ("she", "her") else "m"
        genders = _genders(ctx)

        def fits(m: Mention) -> bool:
            return m.is_person and genders.get(_surname(m.name), wanted) == wanted

        # the last person who spoke or was a sentence's subject; else the last named
        spoke = {_surname(name) for _, name in ctx.speakers_seen if name}
        recent = [
            name
            for pos, name in ctx.speakers_seen
            if name and at - pos < 800 and genders.get(_surname(name), wanted) == wanted
        ]
        if recent:
            last = _surname(recent[-1])
            latest = _last(ctx, at, fits)
            if latest is None or _surname(latest.name) == last or not latest.subject:
                mention = _last(ctx, at, lambda m: _surname(m.name) == last)
                if mention is not None:
                    return _named(ctx, speaker, mention)
        mention = _last(ctx, at, lambda m: fits(m) and (m.subject or _surname(m.name) in spoke))
        if mention is None or at - mention.start > 1500:
            mention = _last(ctx, at, fits)
        if mention is not None:
            return _named(ctx, speaker, mention)
    elif kind == "group":
        if ctx.anonymous_seen and 0 < at - ctx.anonymous_seen[-1][0] < 600:
            speaker.name, speaker.anonymous = ctx.anonymous_seen[-1][1], True
            return speaker
        mention = _last(ctx, at, lambda m: not m.is_person)
        if mention is not None and at - mention.start < 400:
            return _named(ctx, speaker, mention)
    speaker.name = None
    return speaker


def resolve_description(ctx: Context, speaker: Speaker, np: str, at: int) -> Speaker:
    """ "the spokesman", "the Kremlin leader", "the newspaper", "the source"."""
    if _OUTLET_NOUNS.search(np) and not _ROLE_NOUNS.search(np):
        mention = _last(ctx, at, lambda m: m.outlet is not None)
        if mention is not None:
            return _named(ctx, speaker, mention)
    if is_source(np):  # "the source": the last unnamed source, if any
        speaker.name = ctx.anonymous_seen[-1][1] if ctx.anonymous_seen else np
        speaker.anonymous = True
        return speaker
    role = _ROLE_NOUNS.search(np)
    if role:
        head = fold(role.group(0))
        # "US" is written "US" in one role and "United States" in another
        qualifiers = [
            {fold(w), _COUNTRY.get(fold(w), fold(w))} for w in np.split()[1:] if w[:1].isupper()
        ]

        def described(m: Mention) -> str:
            known = f"{m.person.role} {m.person.affiliation}" if m.person is not None else ""
            return fold(" ".join(_title_word(t) for t in m.titles) + " " + known)

        def fits_role(m: Mention) -> bool:
            return m.is_person and head in described(m)

        def fits_qualifier(m: Mention) -> bool:
            words = f" {described(m)} "  # whole words: "us" is not in "russian"
            return (
                m.is_person
                and bool(qualifiers)
                and all(any(f" {form} " in words for form in forms) for forms in qualifiers)
            )

        mention = (
            _last(ctx, at, lambda m: fits_role(m) and fits_qualifier(m))
            or (_last(ctx, at, fits_qualifier) if qualifiers else None)
            or _last(ctx, at, fits_role)
            or _protagonist(ctx, at)
        )
        if mention is not None:
            return _named(ctx, speaker, mention)
    speaker.name = np[4:] if np.lower().startswith("the ") and np[4:5].isupper() else np
    return speaker


def _last(ctx: Context, at: int, fits) -> Mention | None:
    return next((m for m in reversed(ctx.mentions) if m.start < at and fits(m)), None)


def _named(ctx: Context, speaker: Speaker, mention: Mention) -> Speaker:
    if mention.outlet is not None:
        speaker.name, speaker.outlet = mention.outlet.name, mention.outlet
        return speaker
    speaker.name = ctx.fullest_name(mention.name)
    speaker.person = mention.person or ctx.directory.person(speaker.name)
    return speaker


# "the US leader", "the Russian president": the qualifier as a role or affiliation spells it
_COUNTRY = {
    "us": "united states",
    "u.s.": "united states",
    "american": "united states",
    "russian": "russia",
    "ukrainian": "ukraine",
    "british": "britain",
    "uk": "united kingdom",
    "french": "france",
    "german": "germany",
    "chinese": "china",
    "israeli": "israel",
    "iranian": "iran",
    "hungarian": "hungary",
    "turkish": "turkey",
    "polish": "poland",
    "european": "europe",
    "eu": "european union",
}
_ABBREVIATED = {
    "sen": "senator",
    "rep": "representative congressman congresswoman",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "dr": "doctor",
    "pres": "president",
}


def _title_word(title: str) -> str:
    word = fold(title).rstrip(".")
    return _ABBREVIATED.get(word.removesuffix("s"), word)


def _protagonist(ctx: Context, at: int) -> Mention | None:
    """The person the article names most often before `at`: "the New York
    businessman" in a story about Trump is Trump, not the last name read."""
    counts: dict[str, int] = {}
    last: dict[str, Mention] = {}
    for mention in ctx.mentions:
        if mention.start >= at:
            break
        if mention.is_person:
            key = fold(mention.name.split()[-1])
            counts[key] = counts.get(key, 0) + 1
            last[key] = mention
    if not counts:
        return None
    return last[max(counts, key=lambda k: (counts[k], last[k].start))]


def _surname(name: str) -> str:
    return fold(name.split()[-1]) if name.split() else ""


# First names and honorifics that tell "he" from "she" (names either way are left out)
_WOMEN = word_set(
    """hillary nancy elizabeth sarah michelle kellyanne carly debbie megyn ivanka melania huma
    donna kamala jill susan condoleezza madeleine ruth sonia elena amy kirsten tammy claire
    dianne barbara maxine nikki jeanne jennifer jessica karen lisa mary patricia linda laura anna
    maria angela theresa marine ursula kaja giorgia christine ann anne janet loretta samantha
    sheryl rachel heather emily julia natalie katie kate catherine margaret helen sandra deborah
    stephanie rebecca sharon cynthia kathleen amanda melissa michele joni shelley hope sally
    jane judy betsy carla diane gina kristen kristi marsha martha mia liz ilhan alexandria
    yulia maria olena iryna oksana tulsi kayleigh karine jen dana"""
)
_MEN = word_set(
    """donald bernie barack joe mike ted marco john jeb ben chris paul bill george vladimir
    volodymyr sergei sergey dmitry viktor keir emmanuel olaf boris rishi tim tom jim james
    robert richard michael david william mark steven steve kevin mitch chuck harry newt rudy
    rick scott reince corey rand lindsey jared eric jeff bob martin andrew anthony peter matt
    ryan sean jason jonathan rex hunter beau dick jimmy ronald gerald franklin antony lloyd
    jens charles henry frank gary larry dennis jerry roger brian ken adam josh nick dan daniel
    thomas joseph charles alexei alexander andriy oleksandr dmytro mykhailo benjamin recep
    xi narendra justin friedrich pete jake karl hakeem"""
)


def _genders(ctx: Context) -> dict[str, str]:
    """Surname -> "m"/"f" from the article's own first names and honorifics."""
    if ctx.genders is not None:
        return ctx.genders
    genders: dict[str, str] = {}
    for mention in ctx.mentions:
        words = mention.name.split()
        honorific = {fold(t).rstrip(".") for t in mention.titles}
        if honorific & {"mrs", "ms", "miss", "madam", "lady", "dame", "queen"}:
            gender = "f"
        elif honorific & {"mr", "sir", "lord", "king"}:
            gender = "m"
        elif len(words) >= 2 and fold(words[0]) in _WOMEN:
            gender = "f"
        elif len(words) >= 2 and fold(words[0]) in _MEN:
            gender = "m"
        else:
            continue
        surname = _surname(mention.name)
        if genders.get(surname, gender) != gender:
            gender = "?"  # Bill and Hillary Clinton: the surname tells nothing
        genders[surname] = gender
    ctx.genders = {k: v for k, v in genders.items() if v != "?"}
    return ctx.genders
