"""Who said the quoted words: the cue verbs and the phrase each points at
(`phrases.py` reads who the phrase names, `coreference.py` what a pronoun or
a description stands for).

The cue is looked for in the reporter's own words of the quote's sentence
(the quotes themselves are masked out): first right after the closing mark
(`"…," said Dmitry Peskov` / `"…," Peskov said` / `"…," according to…`),
then before the opening one (`Peskov said: "…"` / `According to a senior
White House official, "…"`), then anywhere else in the sentence. A quote
with no cue of its own carries on the one before it (`"…," he said. "…"`)
or takes the introduction that ends the previous paragraph with a colon.
"""

import re

from .names import _ABBREVIATIONS, SENTENCE_ADVERB, fold, strip_titles, word_set
from .phrases import Context, Speaker, last_capital_run, speaker_for

# "Rep. Jim Clyburn", "Dr. Harold Varmus": a title's full stop does not end a name
_ABBREVIATED_NAME = rf"\b{_ABBREVIATIONS}\.|\b[A-Z]\.(?=\s?[A-Z])"
# A noun phrase up to the clause's punctuation (a title's full stop kept).
_NP = rf"(?:{_ABBREVIATED_NAME}|[^,.;:!?\u201c\u201d\"()]){{1,90}}"
_ACCORDING_NP = re.compile(rf"\s+({_NP})")
# A phrase before a cue verb opening with one of these says how or when:
# "then for some reason adds" (not "about", "of": "About four in 10 said").
_ADVERBIAL_STARTS = word_set("in on at to for by with from")
# Two to four capitalised words: a person's name as a sentence gives it.
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3}"
# A name alone before a sentence's first comma, then a description ("a …", "the …").
_NAME_BEFORE_DESCRIPTIONS = re.compile(rf"[\s,]*({_NAME}),\s+(?:a|an|the|[a-z]+)\s")
_APPOSED_NAME = re.compile(rf",\s*({_NAME}),")
# What a description of someone opens with: "the spokesman for …", "his
# aide", "Merkel’s spokesman".
_DESCRIPTION = re.compile(
    r"(?:(?i:the|a|an|another|his|her|its|their|one)|(?:[A-Z][\w.-]*\s)*[A-Z][\w.-]*[’']s?)\s"
)
_SUFFIX_COMMA = re.compile(r",(?=\s+(?:Inc|Ltd|LLC|Corp|Co|PLC|plc|GmbH|AG|Jr|Sr)\b)")
# "Brooke tearfully asked": how a named speaker spoke ("the family said" keeps its noun)
_MANNER = re.compile(r"(\b[A-Z][\w'\u2019-]*)\s+[a-z]{3,}ly$")
_WITH_DOER = re.compile(r"\bwith\s+([^,;:\u201c\u201d\"()]{1,40}?)\s+$")
_CITING = re.compile(r"\b(?:citing|quoting)\s+(?P<np>[^,.;:!?\u201c\u201d\"()]{1,90})")
_VERBS = """
reads notes claims reports said says say saying told tells telling added adds adding noted noting
stressed stresses stressing warned warns warning insisted insists insisting claimed claiming
argued argues arguing explained explains explaining posted posting tweeted tweets tweeting wrote
writes writing stated stating declared declares declaring announced announces asked asks asking
replied replies replying responded responds responding continued continues recalled recalls
recalling recounted recounts recounting acknowledged acknowledges admitted admits conceded
concedes suggested suggests
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
# When, not who: "Amazon, the online retailer, last year pledged …".
_WHEN = (
    r"(?:(?:last|this|next|earlier\s+this|later\s+this)\s+(?:year|month|week|weekend|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)|yesterday|today|tonight|"
    r"on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)"
)
# How and when after the speaker's name: "Peskov later", "Trump last week".
_ADVERB_TAIL = re.compile(rf"(?:\s+(?:{_ADVERBS}|{_WHEN}))+$")
CUE = re.compile(
    rf"\b(?:according\s+to|as\s+(?=\S+(?:\s\S+){{0,5}}\s+put\s+it)|(?:{_VERB}))\b", re.IGNORECASE
)
_AFTER_SUBJECT_VERB = re.compile(
    rf"^[\s,\u2014\u2013-]*(?P<np>(?:{_ABBREVIATED_NAME}|[^,.;:!?\u201c\u201d\u201e\u00ab\u00bb\"()]){{1,90}}?)"
    rf"(?:,\s*(?P<app>[^,;:\u201c\u201d\"]{{1,90}}),)?\s+(?:{_ADVERBS}\s+)*(?P<verb>{_VERB})\b"
)
_AFTER_VERB_SUBJECT = re.compile(
    rf"^[\s,\u2014\u2013-]*(?P<verb>{'|'.join(sorted(INVERTING, key=len, reverse=True))})\s+"
    rf"(?P<np>{_NP})"
)
_AFTER_DASH = re.compile(
    r"^[\s,]*(?P<verb>[\u2015\u2014\u2013]|--?)\s*(?P<np>[A-Z][^,.;:!?\u201c\u201d\"()\n]{1,60})"
)
_AFTER_ACCORDING = re.compile(
    rf"^[\s,\u2014\u2013-]*(?P<verb>according\s+to)\s+(?P<np>{_NP})", re.I
)
_NP_END = re.compile(
    r"\s+(?:who|which|that|in|on|at|to|during|after|before|when|while|of\s+(?=[a-z]+\s)|as|from|with(?!\s+the\s+(?:matter|situation|talks|plan|case|issue|discussions|negotiations|thinking|decision))|and\s+(?:added|said|told))\b.*$"
)
_BOUNDARY = re.compile(
    r"(?i:[,;:(\u2014\u2013\u201c\u201d\u201e\u00ab\u00bb\"]|\s-\s|\b(?:and|but|while|because|although|though|since|when|after|before|if|so|then|that|where|whereas|yet|as|what|how|why)\b)"
)
_DESCRIBED_SUBJECT = re.compile(
    r"\s*((?:[Tt]he|[Aa]n?|One|Two|Three|Several|Some|Many|Another|Other)\s+[^,.;:\u201c\u201d\"()]{1,60}?)\s+"
    r"(?:will|would|is|was|has|had|have|are|were|can|could|may|might|must|should|did|does|do|[a-z]+ed)\b"
)


# A phrase that ends in a lowercase -ing word (and a determiner) where the
# quotation begins says what its subject does: "says a report highlighting
# the “…”" is the report's.
_PARTICIPLE_TAIL = re.compile(
    r"(\S+\s+\S+.*?)\s+[a-z]+ing(?:\s+(?:the|a|an|that|this|his|her|its|their))?"
)


def _cue_text(masked: str, start: int, end: int) -> tuple[str, int, int]:
    word = masked[start:end]
    told = re.match(
        r"\s+(reporters|journalists|the\s+press|[A-Z][\w.]*(?:\s[A-Z][\w.]*)*)",
        masked[end : end + 40],
    )
    if fold(word) in ("told", "tells", "telling") and told:
        # "told Fox Business.": the sentence's full stop is not the outlet's
        whom = told.group(1).rstrip(".") if told.group(1).count(".") == 1 else told.group(1)
        return f"{word} {whom}", start, end + told.end()
    return re.sub(r"\s+", " ", word), start, end


# "Russia’s ambassador to the United States Anatoly Antonov": the "to" of a
# posting belongs to the title, and the name follows the place.
_POSTED = re.compile(
    r"\b(?:ambassador|envoy|emissary|representative|delegate|consul)s?\s+(?:to|at|in)\s+"
    r"(?:the\s+)?(?=[A-Z])"
)


# "the Financial Times quoted one official as (saying)": the speaker is the
# one quoted; the outlet is a relay, which the chain reads from the text.
_QUOTED_AS = re.compile(r"\bquot(?:ed|es)\s+(?P<np>.+?)\s+as$")


# "according to a Kremlin readout", "a statement from the Kremlin": a document
# speaks for whoever issued it.
_DOCUMENT = re.compile(
    r"(?i:a|an|the)\s+(?:(?P<issuer>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*?)(?:’s|'s)?\s+)?"
    r"(?:(?i:official|joint|written)\s+)?(?i:statement|readout|transcript|press\s+release|"
    r"memo|communiqu[eé])s?\b(?:\s+(?:from|by|of|issued\s+by)\s+(?:the\s+)?"
    r"(?P<by>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*))?"
)


def _clean_np(np: str) -> str:
    np = np.strip()
    document = _DOCUMENT.match(np)
    if document and (issuer := document.group("issuer") or document.group("by")):
        return issuer
    quoted = _QUOTED_AS.search(np)
    if quoted:
        np = quoted.group("np")
    posted = _POSTED.search(np)
    if posted:
        after = _clean_np(np[posted.end() :])
        name, place = strip_titles(after.split())
        if place and len(name) >= 2 and all(word[:1].isupper() for word in after.split()):
            return after
    np = _MANNER.sub(r"\1", _ADVERB_TAIL.sub("", _NP_END.sub("", np)))
    # "says a report highlighting the “…”": the speaker is the report.
    tail = _PARTICIPLE_TAIL.fullmatch(np)
    np = tail.group(1) if tail else np
    return np.strip(" ,\u2014\u2013-")


def _subject_before(masked: str, sentence_start: int, verb_start: int) -> tuple[str, int]:
    """The noun phrase just before a cue verb, and where it starts."""
    sentence_start = max(sentence_start, verb_start - CUE_REACH)
    left = _MANNER.sub(r"\1", _ADVERB_TAIL.sub("", masked[sentence_start:verb_start].rstrip()))
    # "Sarah Aubrey, who oversees programming at TNT, described": the clause
    # about the subject is not the subject; "Chi Onwurah, the Labour MP,
    # who is supporting the report, said" leaves a name and its apposition.
    clause = re.search(r",\s*(?:who|which)\s[^,]*,$", left)
    if clause:
        kept = left[: clause.start()]
        left = kept + ("," if "," in kept else "")
    # "The National Oceanic and Atmospheric Administration (NOAA) stated":
    # an aside in brackets is not where the subject starts (blanked, so
    # offsets stay those of the body).
    left = re.sub(r"\([^()]{0,60}\)", lambda aside: " " * len(aside.group(0)), left).rstrip()
    # "Steve Menet, Senior Vice President of Sales for Dräger, Inc., says": the
    # comma before a company's or a name's suffix opens no apposition.
    left = _SUFFIX_COMMA.sub(" ", left)
    if left.endswith(","):  # "Dmitry Peskov, the Kremlin spokesman, said"
        inner = left[:-1]
        comma = inner.rfind(",")
        if (
            comma >= 0
            and len(inner) - comma < 90
            and not re.search(r"[\u201c\u201d\"]", inner[comma:])
        ):
            appositive = inner[comma + 1 :]
            after_quote = max(inner.rfind(mark) for mark in '\u201d\u00bb"') + 1
            named = _NAME_BEFORE_DESCRIPTIONS.match(inner, after_quote)
            if named and re.match(r"\s*and\s", appositive):
                # "Dylan Nelson, a fellow at the Max Planck Institute in Munich,
                # Germany, and co-author of the study, said": descriptions joined
                # by "and" all describe the name before the first comma.
                return named.group(1), sentence_start + named.start(1)
            # "Ukraine's president, Volodymyr Zelenskyy, said": the name is the appositive
            if not last_capital_run(appositive.split()) or last_capital_run(inner[:comma].split()):
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
    # "billboards in which people say": the subject is after "which"
    within = re.search(r"\s(?:in|on|at|by|with|from|for|of|among)\s+(?:which|whom)\s", segment)
    who = re.search(r"\s(?:who|which)\s", segment)
    if within:
        cut, segment = cut + within.end(), segment[within.end() :]
    elif who:
        segment = segment[: who.start()]
    np = segment.strip(" ,\u2014\u2013-")
    words = np.split()
    if words and words[0].lower() in _ADVERBIAL_STARTS:
        # "then for some reason adds": how or when, not who; the verb's
        # subject is the sentence's.
        return "", -1
    if len(words) > 10:
        np = " ".join(words[-6:])
    return np, sentence_start + cut + (len(segment) - len(segment.lstrip()))


CUE_REACH = 600


def find_cue(ctx: Context, start: int, end: int, sentence: tuple[int, int]) -> Speaker | None:
    """The speaker the sentence names for a quote between `start` and `end`
    (offsets of its marks), or None when the sentence has no cue. An outlet
    "citing" someone passes on that someone's words: "the FT reported,
    citing three people familiar with the matter" and "the FT, citing three
    people familiar with the matter, reported" are the three people's, and
    "UNN, citing the FT, reported" is the FT's."""
    speaker = _find_cue(ctx, start, end, sentence)
    if speaker is not None and speaker.outlet is not None:
        citing = _CITING.search(ctx.masked, speaker.cue_end, sentence[1]) or _CITING.search(
            ctx.masked, sentence[0], speaker.cue_start
        )
        if citing:
            cited = speaker_for(
                ctx, _clean_np(citing.group("np")), speaker.cue, -1, -1, citing.start("np")
            )
            if cited is not None and cited.name and cited.outlet is not speaker.outlet:
                cited.cue_start, cited.cue_end = speaker.cue_start, speaker.cue_end
                if cited.outlet is not None:  # one outlet rewriting another's report
                    cited.cited_by = speaker.outlet
                return cited
    return speaker


def _find_cue(ctx: Context, start: int, end: int, sentence: tuple[int, int]) -> Speaker | None:
    masked = ctx.masked
    after = masked[end : min(sentence[1], end + CUE_REACH)]
    dash = _AFTER_DASH.match(after)
    tail = masked[end + dash.end() : end + dash.end() + 3] if dash else ""
    if dash and (tail.strip(" .") in ("", "\n") or "\n" in tail[:2]):
        np = _clean_np(dash.group("np"))
        if np:  # "“…” ― Pamela Padilla": a byline under a quote
            verb_start, verb_end = end + dash.start("verb"), end + dash.end("verb")
            return speaker_for(ctx, np, None, verb_start, verb_end, end + dash.start("np"))
    for pattern in (_AFTER_ACCORDING, _AFTER_VERB_SUBJECT, _AFTER_SUBJECT_VERB):
        found = pattern.match(after)
        if found and after[found.end() :].lstrip(" \u00a0").startswith(":"):
            continue  # "“…?” Another said: “…”": the cue introduces the next quote
        if found and (pattern is not _AFTER_SUBJECT_VERB or len(found.group("np").split()) <= 12):
            np, np_at = _clean_np(found.group("np")), found.start("np")
            app, app_at = _apposed(after, found)
            if _DESCRIPTION.match(np) and not last_capital_run(np.split()) and app:
                # "the spokesman for Hungary’s government, Zoltán Kovács, said",
                # "said the ministry’s spokeswoman, Maria Zakharova."
                np, np_at = app, app_at
            if np and _looks_like_np(np):
                cue, cue_start, cue_end = _cue_text(
                    masked, end + found.start("verb"), end + found.end("verb")
                )
                return speaker_for(ctx, np, cue, cue_start, cue_end, end + np_at)
    # Cues are looked for within CUE_REACH of the quote: a "sentence" with no
    # full stop can be a whole page of scare quotes, read again for each one.
    before = list(CUE.finditer(masked, max(sentence[0], start - CUE_REACH), start))
    later = list(CUE.finditer(masked, end, min(sentence[1], end + CUE_REACH)))
    for match in [*reversed(before), *later]:  # the nearest cue before the quote first
        speaker = _from_cue(ctx, match, sentence)
        if speaker is not None:
            return speaker
    return None


_TRAILING_NAME = re.compile(rf",\s*({_NAME})(?<!\b[A-Z])\s*(?=[,;:!?]|\.(?:\s|$)|$)")


def _apposed(after: str, found: re.Match) -> tuple[str, int]:
    """The name set off by commas beside a subject found after a quote, and
    where it starts: between the subject and its verb, or after the subject
    of an inverted cue; ("", -1) if there is none."""
    between = found.groupdict().get("app")
    if between:
        app = between.strip()
        at = found.start("app") + len(between) - len(between.lstrip())
    else:
        trailing = _TRAILING_NAME.match(after, found.end())
        app, at = (trailing.group(1), trailing.start(1)) if trailing else ("", -1)
        if app.endswith(".") and not re.search(r"\b(?:[A-Z]|Jr|Sr)\.$", app):
            app = app[:-1]  # the sentence's full stop
    return (app, at) if re.fullmatch(_NAME, app) else ("", -1)


_NP_OPENERS = word_set("the a an one another two three he she they")


def _looks_like_np(np: str) -> bool:
    words = np.split()
    if not words:
        return False
    first = words[0]
    return (
        first[:1].isupper()
        # "says veteran industry analyst Ken Doctor": a description ending in a name
        or (len(words) <= 6 and len(last_capital_run(words)) >= 2)
        or first[:1].isdigit()
        or fold(first) in _NP_OPENERS
    )


def _from_cue(ctx: Context, match: re.Match, sentence: tuple[int, int]) -> Speaker | None:
    masked = ctx.masked
    word = fold(match.group(0))
    if word.startswith("according"):
        found = _ACCORDING_NP.match(masked, match.end(), sentence[1])
        if not found:
            return None
        np = _clean_np(found.group(1))
        if not np:
            return None
        # "According to his aunt, Jane Starner, “…”": the name the description gives
        named = _APPOSED_NAME.match(masked, found.end(1), sentence[1])
        if named and not last_capital_run(np.split()):
            np, at = named.group(1), named.start(1)
        else:
            at = match.end() + found.start(1)
        return speaker_for(ctx, np, "according to", match.start(), match.end(), at)
    if word.startswith("as "):
        np = masked[match.end() : sentence[1]].split(" put it")[0].strip()
        return speaker_for(ctx, np, "put it", match.start(), match.end(), match.end())
    if re.search(
        r"\b(?:the|his|her|their|its|our|my|your|these|those|some|such|of|in|on)\s+$",
        masked[max(0, match.start() - 25) : match.start()],
        re.I,
    ) and word.endswith("s"):
        return None  # "the notes", "his claims": a noun, not a verb
    cue, cue_start, cue_end = _cue_text(masked, match.start(), match.end())
    if word in PARTICIPLES:
        # "…, with forecasters warning that pollution will reach “severe”"
        doer = _WITH_DOER.search(masked, sentence[0], match.start())
        if doer:
            return speaker_for(ctx, doer.group(1), cue, cue_start, cue_end, doer.start(1))
        return _main_subject(ctx, sentence, match.start(), cue, cue_start, cue_end)
    np, np_start = _subject_before(masked, sentence[0], match.start())
    if np_start == -1:
        return _main_subject(ctx, sentence, match.start(), cue, cue_start, cue_end)
    if not np or "x" * 4 in np:
        if word in INVERTING:
            found = _AFTER_VERB_SUBJECT.match(masked[match.start() : sentence[1]])
            subject = _clean_np(found.group("np")) if found else ""
            if _looks_like_np(subject):
                at = match.start() + found.start("np")
                return speaker_for(ctx, subject, cue, cue_start, cue_end, at)
        return None
    return speaker_for(ctx, np, cue, cue_start, cue_end, np_start)


def sentence_subject(ctx: Context, sentence: tuple[int, int], before: int) -> Speaker | None:
    """With no cue at all ("Trump is promising lower taxes and “jobs, jobs,
    jobs”"), the quote most likely belongs to whoever the sentence is about."""
    if not ctx.masked[sentence[0] : before].strip():
        return None
    return _main_subject(ctx, sentence, before, None, -1, -1)


# What opens a sentence before its subject: a clause up to its comma ("After
# the call, Lavrov said", "Last week, he dismissed") or a sentence adverb
# ("Critically, however, it pointed out").
_OPENING = re.compile(
    r"\s*(?:(?:After|Before|When|While|As|Although|Though|If|Since|Despite|Following|In|On|At"
    r"|During|Speaking|Asked|Earlier|Later|Amid|Amidst|Against|Throughout|Until|Under|Without"
    r"|Once|Because|Unless|Last|Next|This\s+(?:week|month|year|weekend|morning|evening))\b[^,]*"
    r"|However|Meanwhile|Moreover|Instead|Indeed|Nevertheless|Nonetheless"
    rf"|{SENTENCE_ADVERB.pattern}),"
)


def _main_subject(
    ctx: Context,
    sentence: tuple[int, int],
    before: int,
    cue: str | None,
    cue_start: int,
    cue_end: int,
) -> Speaker | None:
    """For "…, saying …": the sentence's subject, its first name or pronoun."""
    sentence = (max(sentence[0], before - CUE_REACH), sentence[1])
    head = ctx.masked[sentence[0] : before]
    opening = _OPENING.match(head)
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
            return speaker_for(ctx, mention.name, cue, cue_start, cue_end, mention.start)
    described = _DESCRIBED_SUBJECT.match(ctx.masked, first, before)
    if described:  # "The US president will not meet…", "A senior official described…"
        speaker = speaker_for(ctx, described.group(1), cue, cue_start, cue_end, described.start(1))
        if speaker is not None and speaker.name:
            return speaker
    pronoun = re.match(r"\s*(?:however,\s*)?(He|She|They|It|We)\b", ctx.masked[first:before], re.I)
    if pronoun:
        return speaker_for(ctx, pronoun.group(1).capitalize(), cue, cue_start, cue_end, first)
    np, np_start = _subject_before(
        ctx.masked, sentence[0], sentence[0] + len(head.split(",")[0].rsplit(" ", 1)[0])
    )
    if not np or (cue is None and not re.match(r"[A-Z]|(?:the|a|an|he|she|they)\b", np)):
        return None  # with no cue, "you get too paranoid about your" is no one
    return speaker_for(ctx, np, cue, cue_start, cue_end, np_start)
