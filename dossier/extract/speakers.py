"""Who said the quoted words: cue verbs, their subjects, and what a pronoun
or a description ("he", "the spokesman", "the newspaper") stands for.

The cue is looked for in the reporter's own words of the quote's sentence
(the quotes themselves are masked out): first right after the closing mark
(`"…," said Dmitry Peskov` / `"…," Peskov said` / `"…," according to…`),
then before the opening one (`Peskov said: "…"` / `According to a senior
White House official, "…"`), then anywhere else in the sentence. A quote
with no cue of its own carries on the one before it (`"…," he said. "…"`)
or takes the introduction that ends the previous paragraph with a colon.
"""

import re
from dataclasses import dataclass, field

from .coreference import PRONOUNS, is_source, resolve_description, resolve_pronoun
from .index import OutletEntry, PersonEntry
from .names import (
    _ABBREVIATIONS,
    STOP_CAPS,
    Directory,
    Mention,
    fold,
    fullest_name,
    strip_titles,
    word_set,
)

# "Rep. Jim Clyburn", "Dr. Harold Varmus": a title's full stop does not end a name
_ABBREVIATED_NAME = rf"\b{_ABBREVIATIONS}\.|\b[A-Z]\.(?=\s?[A-Z])"
_ACCORDING_NP = re.compile(rf"\s+((?:{_ABBREVIATED_NAME}|[^,.;:!?\u201c\u201d\"()]){{1,90}})")
_PREPOSITIONS = frozenset(("in", "on", "at", "to", "for", "by", "with", "about", "of", "from"))
_CLAUSE = re.compile(
    r"\b(?:should|would|could|will|had|has|have|was|were|is|are|be|been|did|does)\b"
)
_CITING = re.compile(r"\b(?:citing|quoting)\s+(?P<np>[^,.;:!?\u201c\u201d\"()]{1,90})")
_VERBS = """
reads notes claims reports said says say saying told tells telling added adds adding noted noting
stressed stresses stressing warned warns warning insisted insists insisting claimed claiming
argued argues arguing explained explains explaining posted posting tweeted tweets tweeting wrote
writes writing stated stating declared declares declaring announced announces asked asks asking
replied replies replying responded responds responding continued continues recalled recalls
recalling acknowledged acknowledges admitted admits conceded concedes suggested suggests
suggesting predicted predicts promised vowed pledged urged urges urging emphasized emphasised
emphasizes emphasises emphasizing emphasising reiterated reiterates observed observes remarked
commented quipped joked complained complains lamented laments boasted boasts countered contended
contends maintained maintains asserted asserts confirmed confirms denied denies called calls
calling described describes describing dubbed labeled labelled branded termed shouted yelled
exclaimed cautioned cautions clarified clarifies agreed agrees hinted indicated indicates
affirmed alleged assured assures advised answered testified texted emailed accused accuses
accusing reported explained mused added. wondered wonders tweeted. announced. put blasted
slammed praised thanked told. acknowledged. concluded concludes summed
"""
CUE_VERBS = frozenset(v.rstrip(".") for v in _VERBS.split())
PARTICIPLES = frozenset(v for v in CUE_VERBS if v.endswith("ing"))
INVERTING = word_set(
    """
    said says added adds wrote writes asked asks continued continues explained noted notes
    recalled insisted replied warned declared tweeted posted countered concluded reads
    """
)
_VERB = "|".join(sorted(CUE_VERBS, key=len, reverse=True))
_ADVERBS = (
    r"(?:also|later|then|has|had|have|previously|once|again|further|repeatedly|would|will|recently|"
    r"publicly|privately|earlier|reportedly|separately|subsequently|simply|only|flatly|bluntly|"
    r"angrily|quickly|first|finally|has\s+also|had\s+also|has\s+since|told\s+reporters\s+and)"
)
CUE = re.compile(
    rf"\b(?:according\s+to|as\s+(?=\S+(?:\s\S+){{0,5}}\s+put\s+it)|(?:{_VERB}))\b", re.IGNORECASE
)
_AFTER_SUBJECT_VERB = re.compile(
    rf"^[\s,\u2014\u2013-]*(?P<np>(?:{_ABBREVIATED_NAME}|[^,.;:!?\u201c\u201d\u201e\u00ab\u00bb\"()]){{1,90}}?)"
    rf"(?:,\s*(?P<app>[^,;:\u201c\u201d\"]{{1,90}}),)?\s+(?:{_ADVERBS}\s+)*(?P<verb>{_VERB})\b"
)
_AFTER_VERB_SUBJECT = re.compile(
    rf"^[\s,\u2014\u2013-]*(?P<verb>{'|'.join(sorted(INVERTING, key=len, reverse=True))})\s+"
    rf"(?P<np>(?:{_ABBREVIATED_NAME}|[^,.;:!?\u201c\u201d\"()]){{1,90}})"
)
_AFTER_DASH = re.compile(
    r"^[\s,]*(?P<verb>[\u2015\u2014\u2013]|--?)\s*(?P<np>[A-Z][^,.;:!?\u201c\u201d\"()\n]{1,60})"
)
_AFTER_ACCORDING = re.compile(
    rf"^[\s,\u2014\u2013-]*(?P<verb>according\s+to)\s+(?P<np>(?:{_ABBREVIATED_NAME}|[^,.;:!?\u201c\u201d\"()]){{1,90}})",
    re.I,
)
_NP_END = re.compile(
    r"\s+(?:who|which|that|in|on|at|to|during|after|before|when|while|of\s+(?=[a-z]+\s)|as|from|with(?!\s+the\s+(?:matter|situation|talks|plan|case|issue|discussions|negotiations|thinking|decision))|and\s+(?:added|said|told))\b.*$"
)
_BOUNDARY = re.compile(
    r"(?i:[,;:(\u2014\u2013\u201c\u201d\u201e\u00ab\u00bb\"]|\s-\s|\b(?:and|but|while|because|although|though|since|when|after|before|if|so|then|that|where|whereas|yet|as|what|how|why)\b)"
)
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
_DESCRIBED_SUBJECT = re.compile(
    r"\s*((?:[Tt]he|[Aa]n?|One|Two|Three|Several|Some|Many|Another|Other)\s+[^,.;:\u201c\u201d\"()]{1,60}?)\s+"
    r"(?:will|would|is|was|has|had|have|are|were|can|could|may|might|must|should|did|does|do|[a-z]+ed)\b"
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


def _cue_text(masked: str, verb: re.Match | tuple[int, int]) -> tuple[str, int, int]:
    start, end = (verb.start("verb"), verb.end("verb")) if isinstance(verb, re.Match) else verb
    word = masked[start:end]
    told = re.match(
        r"\s+(reporters|journalists|the\s+press|[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)",
        masked[end : end + 40],
    )
    if fold(word) in ("told", "tells", "telling") and told:
        return f"{word} {told.group(1)}", start, end + told.end()
    return re.sub(r"\s+", " ", word), start, end


def _clean_np(np: str) -> str:
    np = _NP_END.sub("", np.strip())
    np = re.sub(rf"(?:\s+{_ADVERBS})+$", "", np)
    return np.strip(" ,\u2014\u2013-")


def _subject_before(masked: str, sentence_start: int, verb_start: int) -> tuple[str, int]:
    """The noun phrase just before a cue verb, and where it starts."""
    left = masked[sentence_start:verb_start]
    left = re.sub(rf"(?:\s+{_ADVERBS})+\s*$", "", left.rstrip()).rstrip()
    if left.endswith(","):  # "Dmitry Peskov, the Kremlin spokesman, said"
        inner = left[:-1]
        comma = inner.rfind(",")
        if (
            comma >= 0
            and len(inner) - comma < 90
            and not re.search(r"[\u201c\u201d\"]", inner[comma:])
        ):
            appositive = inner[comma + 1 :]
            # "Ukraine's president, Volodymyr Zelenskyy, said": the name is the appositive
            if not _last_capital_run(appositive.split()) or _last_capital_run(
                inner[:comma].split()
            ):
                left = inner[:comma]
            else:
                return appositive.strip(), sentence_start + comma + 1 + (
                    len(appositive) - len(appositive.lstrip())
                )
    cut = 0
    for boundary in _BOUNDARY.finditer(left):
        cut = boundary.end()
    if not left[cut:].strip() and re.search(r"\b(?:and|but)\s*$", left):
        return "", -1  # "… but cautioned": the verb shares the sentence's subject
    segment = left[cut:]
    who = re.search(r"\s(?:who|which)\s", segment)
    if who:
        segment = segment[: who.start()]
    np = segment.strip(" ,\u2014\u2013-")
    words = np.split()
    if len(words) > 10:
        np = " ".join(words[-6:])
    return np, sentence_start + cut + (len(segment) - len(segment.lstrip()))


def find_cue(ctx: Context, start: int, end: int, sentence: tuple[int, int]) -> Speaker | None:
    """The speaker the sentence names for a quote between `start` and `end`
    (offsets of its marks), or None when the sentence has no cue. An outlet
    "citing" someone passes on that someone's words: "the FT reported,
    citing three people familiar with the matter" is the three people's."""
    speaker = _find_cue(ctx, start, end, sentence)
    if speaker is not None and speaker.outlet is not None:
        citing = _CITING.search(ctx.masked, speaker.cue_end, sentence[1])
        if citing:
            cited = _speaker(
                ctx, _clean_np(citing.group("np")), speaker.cue, -1, -1, citing.start("np")
            )
            if cited is not None and cited.name and cited.outlet is None:
                cited.cue_start, cited.cue_end = speaker.cue_start, speaker.cue_end
                return cited
    return speaker


def _find_cue(ctx: Context, start: int, end: int, sentence: tuple[int, int]) -> Speaker | None:
    masked = ctx.masked
    after = masked[end : sentence[1]]
    dash = _AFTER_DASH.match(after)
    if (
        dash
        and ctx.masked[end + dash.end() : end + dash.end() + 3].strip(" .") in ("", "\n")
        or (dash and "\n" in ctx.masked[end + dash.end() : end + dash.end() + 2])
    ):
        np = _clean_np(dash.group("np"))
        if np:  # "“…” ― Pamela Padilla": a byline under a quote
            return _speaker(
                ctx,
                np,
                None,
                end + dash.start("verb"),
                end + dash.end("verb"),
                end + dash.start("np"),
            )
    for pattern in (_AFTER_ACCORDING, _AFTER_VERB_SUBJECT, _AFTER_SUBJECT_VERB):
        found = pattern.match(after)
        if found and (pattern is not _AFTER_SUBJECT_VERB or len(found.group("np").split()) <= 12):
            np = _clean_np(found.group("np"))
            if np and _looks_like_np(np):
                cue, cue_start, cue_end = _cue_text(
                    masked, (end + found.start("verb"), end + found.end("verb"))
                )
                return _speaker(ctx, np, cue, cue_start, cue_end, end + found.start("np"))
    before = list(CUE.finditer(masked, sentence[0], start))
    later = list(CUE.finditer(masked, end, sentence[1]))
    for match in reversed(before):
        speaker = _from_cue(ctx, match, sentence)
        if speaker is not None:
            return speaker
    for match in later:
        speaker = _from_cue(ctx, match, sentence)
        if speaker is not None:
            return speaker
    return None


def _looks_like_np(np: str) -> bool:
    if not np.split():
        return False
    first = np.split()[0]
    return (
        first[:1].isupper()
        or first[:1].isdigit()
        or fold(first)
        in (
            "the",
            "a",
            "an",
            "one",
            "another",
            "two",
            "three",
            "he",
            "she",
            "they",
        )
    )


def _from_cue(ctx: Context, match: re.Match, sentence: tuple[int, int]) -> Speaker | None:
    masked = ctx.masked
    word = fold(match.group(0))
    if word.startswith("according"):
        found = _ACCORDING_NP.match(masked, match.end(), sentence[1])
        if not found:
            return None
        np = _clean_np(found.group(1))
        return (
            _speaker(
                ctx, np, "according to", match.start(), match.end(), match.end() + found.start(1)
            )
            if np
            else None
        )
    if word.startswith("as "):
        np = masked[match.end() : sentence[1]].split(" put it")[0].strip()
        return _speaker(ctx, np, "put it", match.start(), match.end(), match.end())
    if re.search(
        r"\b(?:the|his|her|their|its|our|my|your|these|those|some|such|of|in|on)\s+$",
        masked[max(0, match.start() - 25) : match.start()],
        re.I,
    ) and word.endswith("s"):
        return None  # "the notes", "his claims": a noun, not a verb
    cue, cue_start, cue_end = _cue_text(masked, (match.start(), match.end()))
    if word in PARTICIPLES:
        return _main_subject(ctx, sentence, match.start(), cue, cue_start, cue_end)
    np, np_start = _subject_before(masked, sentence[0], match.start())
    if np_start == -1:
        return _main_subject(ctx, sentence, match.start(), cue, cue_start, cue_end)
    if not np or "x" * 4 in np:
        if word in INVERTING:
            found = _AFTER_VERB_SUBJECT.match(masked[match.start() : sentence[1]])
            if found and _looks_like_np(_clean_np(found.group("np"))):
                return _speaker(
                    ctx,
                    _clean_np(found.group("np")),
                    cue,
                    cue_start,
                    cue_end,
                    match.start() + found.start("np"),
                )
        return None
    return _speaker(ctx, np, cue, cue_start, cue_end, np_start)


def sentence_subject(ctx: Context, sentence: tuple[int, int], before: int) -> Speaker | None:
    """With no cue at all ("Trump is promising lower taxes and “jobs, jobs,
    jobs”"), the quote most likely belongs to whoever the sentence is about."""
    if not ctx.masked[sentence[0] : before].strip():
        return None
    return _main_subject(ctx, sentence, before, None, -1, -1)


def _main_subject(
    ctx: Context,
    sentence: tuple[int, int],
    before: int,
    cue: str | None,
    cue_start: int,
    cue_end: int,
) -> Speaker | None:
    """For "…, saying …": the sentence's subject, its first name or pronoun."""
    head = ctx.masked[sentence[0] : before]
    opening = re.match(
        r"\s*(?:After|Before|When|While|As|Although|Though|If|Since|Despite|Following|In|On|At|During|Speaking|Asked|Earlier|Later)\b[^,]*,",
        head,
    )
    first = sentence[0] + (opening.end() if opening else 0)
    for mention in ctx.mentions:
        if (
            first <= mention.start < before
            and not ctx.masked.startswith(("'s", "’s"), mention.end)
            and not mention.name.isupper()
            and not re.search(
                r"\b(?:in|of|from|at|to|for|across|near)\s+(?:the\s+)?$",
                ctx.masked[max(0, mention.start - 12) : mention.start],
            )
        ):
            return _speaker(ctx, mention.name, cue, cue_start, cue_end, mention.start)
    described = _DESCRIBED_SUBJECT.match(ctx.masked, first, before)
    if described:  # "The US president will not meet…", "A senior official described…"
        speaker = _speaker(
            ctx, described.group(1), cue, cue_start, cue_end, first + described.start(1) - first
        )
        if speaker is not None and speaker.name:
            return speaker
    pronoun = re.match(r"\s*(He|She|They|It|We)\b", head)
    if pronoun:
        return _speaker(ctx, pronoun.group(1), cue, cue_start, cue_end, sentence[0])
    np, np_start = _subject_before(
        ctx.masked, sentence[0], sentence[0] + len(head.split(",")[0].rsplit(" ", 1)[0])
    )
    return _speaker(ctx, np, cue, cue_start, cue_end, np_start) if np else None


def _speaker(
    ctx: Context, np: str, cue: str, cue_start: int, cue_end: int, at: int
) -> Speaker | None:
    np = re.sub(r"\s+", " ", np).strip()
    if not np or "xxxx" in np:
        return None
    speaker = Speaker(cue=cue, cue_start=cue_start, cue_end=cue_end, np=np)
    lowered = fold(np)
    if not lowered.split():
        return None  # nothing but marks that fold away
    if lowered.split()[-1] in PRONOUNS and len(lowered.split()) <= 3:
        lowered = lowered.split()[-1]  # "Recently she", "Later he"
    elif _CLAUSE.search(np):  # "he had decimated": a clause, not a noun phrase
        first = lowered.split()[0]
        if first not in PRONOUNS:
            head = re.match(r"((?:[A-Z][\w.'’-]*\s?)+)", np)  # "Trump has repeatedly said"
            if head and head.group(1).strip() != np and not _CLAUSE.search(head.group(1)):
                return _speaker(ctx, head.group(1), cue, cue_start, cue_end, at)
            return speaker
        lowered = first
    if lowered in PRONOUNS:
        return resolve_pronoun(ctx, speaker, lowered, at)
    tokens = np.split()
    capital_run = _last_capital_run(tokens)
    while capital_run and fold(capital_run[0]) in (ctx.common or ()):
        capital_run = capital_run[1:]  # "Both Bolton", "Amid": not part of a name
    indefinite = _INDEFINITE.match(np) and not _is_proper(np)
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
            speaker.name, speaker.outlet = _outlet_name(np, name), outlet
            return speaker
        bare, _ = strip_titles(capital_run)
        if bare and fold(bare[-1]) not in STOP_CAPS:
            full = fullest_name(" ".join(bare), ctx.mentions)
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


def _last_capital_run(tokens: list[str]) -> list[str]:
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


def _outlet_name(np: str, name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def _anonymous(ctx: Context, speaker: Speaker, np: str, at: int) -> Speaker:
    speaker.name, speaker.anonymous = np, True
    ctx.anonymous_seen.append((at, np))
    return speaker
