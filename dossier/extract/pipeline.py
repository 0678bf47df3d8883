"""From an article's text to suggestions: find the quoted words, keep the
ones that are quotes (not scare quotes or titles), name their speakers,
suggest their chains and the statements they may join."""

import bisect
import re

from .chains import hops_for, outlets_named
from .coreference import resolve_description
from .index import DossierIndex
from .names import Directory, find_mentions, word_set
from .phrases import Context, Speaker
from .spans import (
    DOUBLE_CLOSERS,
    DOUBLE_OPENERS,
    EAST_ASIAN,
    SINGLE_OPENERS,
    Span,
    find_spans,
    mask_quotes,
    words_in,
)
from .speakers import CUE, CUE_REACH, find_cue, sentence_subject
from .statements import StatementFinder
from .types import Suggestion

# Characters of Chinese or Japanese in corner brackets that make a quote, not a term.
_EAST_ASIAN_SENTENCE = 10
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

_SENTENCE_END = re.compile(
    r"[.!?][\u201d\u2019\"')\]\u00bb]*\s+(?=[^\W_]|[\u201c\u2018\"'\u00ab\u201e(])|\n+"
)
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\bMr|\bMrs|\bMs|\bDr|\bSt|\bJr|\bSr|\bSen|\bRep|\bGov|\bGen|\bLt|\bCol|\bProf|\bRev|\bNo|"
    r"\bvs|\bInc|\bCorp|\bCo|\bJan|\bFeb|\bAug|\bSept?|\bOct|\bNov|\bDec|\bU\.S|\bU\.K|\bU\.N|\bD\.C)\.$"
)
# What kind of work the quoted words name ("drama “Marriage Story.”"), right
# before the opening mark: a sentence ending in "report." does not make the
# next paragraph's quotation a title.
_TITLE_NOUNS = re.compile(
    r"\b(?:book|books|film|movie|documentary|show|series|song|album|novel|play|titled|entitled|headlined|"
    r"headline|column|op-ed|editorial|essay|article|hashtag|slogan|motto|programme|program|podcast|poem|"
    r"magazine|newspaper|report|segment|episode|memoir|banner|drama|comedy|thriller|biopic|sitcom|"
    r"musical|sequel|remake|blockbuster|miniseries|adaptation)[ ,\u00a0(]*$",
    re.IGNORECASE,
)
# A term, not someone's words: "so-called “…”", "what’s called “feather duvet
# lung”", "is known as “…”"; not "Trump called “…”", which gives them to
# Trump, nor "has been called “…” by", which names who called it that.
_SO_CALLED = re.compile(
    r"(?:\bso[- ]called|\b(?:what[’']s|what\s+is|is|are|also|often|commonly|sometimes)"
    r"\s+(?:called|known\s+as|dubbed|termed|named))\s*$",
    re.IGNORECASE,
)
_NAMING = re.compile(
    r"\b(?:dubbed|nicknamed|named|code-?named|known\s+as|called|titled)[ ,\u00a0]*$", re.I
)
# Title Case words right after a possessive are the name of something the
# owner makes or runs (a show, a book, a slogan), not their words.
_POSSESSED = re.compile(r"\w[’']s[ \u00a0]*$")
# "(D-N.C.)", ", R-Wis.,": party and state, blanked so they do not cut a name off its verb
_PARTY = re.compile(
    r"\((?:[DRI]|[DRI]-[^()]{1,20}|[A-Z][a-z]{1,5}\.)\)|(?<=,) [DRI]-[A-Z][\w.]{1,10}(?=,)"
)
_NAMED_CUE = re.compile(
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:also\s+|[a-z]{3,}ly\s+)?(?:said|says|asked|asks|added|adds|wrote|writes|told|"
    r"tweeted|explained|continued|replied|responded|insisted|noted|declared|argued|recalled|"
    r"wondered|shouted|yelled|exclaimed)\b"
)
_LEAD = 600  # characters after the headline that count as the lead
_SMALL_WORDS = word_set("a an the of and or in on at to for with by from as is vs")
_RELAY = re.compile(
    r"\b(?:told|according|reported|reports|citing|cited|writes|wrote|notes|noted|quoted|"
    r"interview|interviewed)\b",
    re.I,
)
_OUTLET_WORDS = re.compile(
    r"\b(?:the|this)\s+(?:newspaper|paper|publication|agency|outlet|broadcaster|magazine)\b", re.I
)


def suggest(
    body: str,
    index: DossierIndex | None = None,
    *,
    cites: tuple[str, ...] | list[str] = (),
    reliability: str = "",
    outlet: str | None = None,
    language: str = "",
) -> list[Suggestion]:
    """The direct quotes in `body`, in reading order, with what the desk
    proposes for each. `cites` are the Outlet slugs the source itself cites,
    first-hand first ("UNN, citing the FT": ["financial-times"]); `outlet`
    is the source's own outlet, the chain's last hop; `language` the
    article's ("en", "pt-BR"; empty when unknown)."""
    declared = language.lower().replace("_", "-").split("-")[0]
    english = (not declared or declared in ENGLISH) and reads_as_english(body)
    index = index if index is not None else DossierIndex()
    directory = Directory.of(index)
    spans = find_spans(body)
    masked = _PARTY.sub(lambda m: " " * len(m.group(0)), mask_quotes(body, spans))
    mentions = find_mentions(masked, directory)
    ctx = Context(body, masked, mentions, directory)
    sentences = _sentences(masked)
    starts = [s[0] for s in sentences]
    _mark_mentions(ctx, sentences, starts)
    statements = StatementFinder.of(index)

    found, own_cue = _find_speakers(ctx, spans, sentences, starts)

    headline = _headline_end(body)
    # a rewrite names what it rewrites in its lead ("…, reports the Financial
    # Times, writes UNN"; "According to Reuters, …"); a copy never does
    lead = [
        o.slug for o in outlets_named(masked, mentions, 0, headline + _LEAD) if o.slug != outlet
    ]
    relays = list(cites) or lead
    rewrite = bool(set(lead) & set(relays))
    doubles = sum(1 for s in spans if s.inside is None and not s.single)
    singles = sum(1 for s in spans if s.inside is None and s.single)
    suggestions = []
    for span in spans:
        if span.start < headline:
            continue  # a headline's quote is the desk's shorthand; the body carries the words
        if span.single and span.inside is None and doubles > singles:
            continue  # single marks in a double-mark article: a headline style or a nickname
        if span.inside is not None:
            speaker = _nested_speaker(ctx, span)
            if speaker is None:
                continue
            sentence = (span.inside.start, span.inside.end)
        else:
            speaker = found.get(id(span))
            sentence = sentences[bisect.bisect_right(starts, span.mark_start) - 1]
            if not _is_quote(body, masked, span, own_cue[id(span)]):
                continue
        if speaker is None or _guessed_without_cue(speaker, span.text(body), english):
            speaker = Speaker()
        # the outlets and the relay are looked for near the quote, as its cue is
        sentence = (
            max(sentence[0], span.mark_start - CUE_REACH),
            min(sentence[1], span.mark_end + CUE_REACH),
        )
        named = outlets_named(masked, mentions, sentence[0], sentence[1])
        described = _described_outlets(ctx, sentence)
        # through another outlet than the article's own, named as hearing or
        # reporting the words ("told the FT", "the FT reported")
        relayed = bool([o for o in named if o.slug != outlet] or described) and bool(
            _RELAY.search(masked[sentence[0] : sentence[1]])
        )
        if span.inside is not None:  # words inside an outlet's quoted report: relayed by it
            around = found.get(id(span.inside))
            relayed = relayed or (around is not None and around.outlet is not None)
        hops = hops_for(speaker, named + described, relays, outlet, rewrite)
        match = statements.match(span.text(body))
        suggestions.append(
            Suggestion(
                start=span.start,
                end=span.end,
                text=span.text(body),
                speaker=speaker.name,
                person=speaker.person.slug if speaker.person else None,
                attribution=_attribution(
                    speaker, relayed, rewrite, any(hop.outlet not in (None, outlet) for hop in hops)
                ),
                cue=speaker.cue,
                statement=match.statement if match else None,
                statement_score=match.score if match else None,
                diff=match.diff if match else (),
                hops=hops,
                speaker_is_new=bool(speaker.name)
                and speaker.person is None
                and speaker.outlet is None
                and not speaker.anonymous,
                reliability=reliability,
            )
        )
    return suggestions


ENGLISH = ("en", "eng", "english")
# The commonest words of English prose: 27–40 % of the English pages tried,
# at most 15 % of German or French ones ("in", "was", "an" are theirs too).
_ENGLISH_WORDS = word_set(
    """
    the of and to a in is that for it on with as was he said by at be this are have from or
    an they not his but we their has had will would been were who which its
    """
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def reads_as_english(body: str) -> bool:
    """Does the text read as English? A page's declared language is often
    missing or wrong (a Swiss page in German declared "en"); a short text
    is taken as English."""
    words = _WORD.findall(body[:20_000])
    if len(words) < 40:
        return True
    common = sum(1 for word in words if word.lower() in _ENGLISH_WORDS)
    return common >= 0.2 * len(words)


def _guessed_without_cue(speaker: Speaker, text: str, english: bool) -> bool:
    """Speakers are found by English cues: without one, in an article in
    another language or a quote in a script other than Latin, the
    sentence's first words are no name ("Quando você fala…", "Она снималась
    у многих…", "報道官は"), unless they are someone the dossier knows."""
    return (
        speaker.cue is None
        and speaker.person is None
        and speaker.outlet is None
        and not (english and _LATIN.search(text))
    )


def _headline_end(body: str) -> int:
    """Where a short first line standing above the article ends, or 0."""
    first = body.lstrip("\n")
    end = first.find("\n")
    if (
        end < 0
        or len(first[:end].split()) > 25
        or not first[end:].startswith("\n\n")
        or first.count("\n\n") < 2
    ):
        return 0
    return len(body) - len(first) + end


def _mark_mentions(ctx: Context, sentences: list[tuple[int, int]], starts: list[int]) -> None:
    """What the article itself says about each name: a place ("in Iowa"), a
    sentence's subject, a surname it gives in full elsewhere; and a first
    word it also writes in lower case ("Indeed", "Both Bolton") is dropped."""
    masked, mentions = ctx.masked, ctx.mentions
    ctx.common = common = set(re.findall(r"(?<![.!?]\s)\b[a-z]{2,}\b", masked))
    places = {
        m.group(1)
        for m in re.finditer(
            r"\b(?:in|from|across|near|outside|throughout)\s+([A-Z][\w.]*(?: [A-Z][\w.]*)*)", masked
        )
    }
    kept = []
    for mention in mentions:
        sentence_start = sentences[bisect.bisect_right(starts, mention.start) - 1][0]
        mention.place = mention.name in places and mention.person is None
        opening = masked[sentence_start : mention.start].strip(" \u201c\u201d\"'")
        first = mention.name.split()[0]
        if not opening and first.lower() in common and mention.person is None:
            # "Indeed", "Both Bolton": a capitalised first word also written in lower case
            rest = mention.name[len(first) :].lstrip()
            if not rest:
                continue
            mention.start += len(mention.name) - len(rest)
            mention.name = rest
        lead = masked[sentence_start : mention.start].rsplit(",", 1)[-1].split()
        mention.subject = (
            all(w[:1].isupper() or w.lower() in ("the", "of") for w in lead) and len(lead) <= 5
        )
        kept.append(mention)
    mentions[:] = kept
    subjects = {m.name for m in mentions if m.subject}  # "confidence in Trump" is no place
    for mention in mentions:
        mention.place = mention.place and mention.name not in subjects
    surnames = {m.name.split()[-1] for m in mentions if len(m.name.split()) >= 2 and m.is_person}
    for mention in mentions:
        mention.surname = mention.name in surnames


def _find_speakers(ctx: Context, spans: list[Span], sentences, starts) -> tuple[dict, dict]:
    """Each top-level quote's speaker (by id of its span), and whether its
    own sentence named them."""
    found: dict[int, Speaker | None] = {}
    own_cue: dict[int, bool] = {}
    previous: Span | None = None  # the top-level quote before this one
    for span in spans:
        if span.inside is not None:
            continue
        sentence = sentences[bisect.bisect_right(starts, span.mark_start) - 1]
        speaker = find_cue(ctx, span.mark_start, span.mark_end, sentence)
        own_cue[id(span)] = speaker is not None
        speaker = (
            speaker
            or _carried(ctx, span, previous, found, sentences, starts)
            or sentence_subject(ctx, sentence, span.mark_start)
        )
        found[id(span)] = speaker
        previous = span
        if speaker is not None and speaker.name and not speaker.anonymous:
            ctx.speakers_seen.append((span.mark_start, speaker.name))
    _share_across_paragraphs(spans, found)
    return found, own_cue


def _attribution(speaker: Speaker, relayed: bool, rewrite: bool, through: bool) -> str:
    """As the seed dossier's editors grade: words that reached the article
    through another outlet are second-hand, and so are an unnamed source's
    in an article rewritten from another outlet's (UNN's of the FT's): only
    that outlet heard them. Only with that outlet in the chain (`through`),
    which a second-hand quote must name."""
    if through and (speaker.outlet is not None or relayed or (speaker.anonymous and rewrite)):
        return "second_hand"
    if speaker.anonymous:
        return "anonymous"
    return "on_record"


def _sentences(masked: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for end in _SENTENCE_END.finditer(masked):
        if end.end() < len(masked) and masked[end.end()].islower() and "\n" not in end.group(0):
            continue  # "approx. five": a sentence opens with a capital, or in a script without case
        if end.group(0)[0] == "." and _ABBREVIATION.search(
            masked, max(0, end.start() - 5), end.start() + 1
        ):
            continue
        if end.group(0)[0] in "?!" and _NAMED_CUE.match(masked, end.end()):
            continue  # "“Why?” Lichtman said": the quote's own mark, not the sentence's end
        bounds.append((start, end.start() + 1))
        start = end.end()
    bounds.append((start, len(masked)))
    return bounds


def _carried(ctx, span: Span, previous: Span | None, found, sentences, starts) -> Speaker | None:
    """The speaker of a quote whose sentence has no cue: the quote it
    continues, the one before it (`previous`) in the paragraph or just
    before it, or the colon introduction that ends the previous paragraph."""
    body = ctx.body
    if span.continues is not None and found.get(id(span.continues)):
        return found[id(span.continues)]
    paragraph_start = body.rfind("\n", 0, span.mark_start) + 1
    if previous is not None and previous.mark_start >= paragraph_start and found[id(previous)]:
        return found[id(previous)]
    before = body[paragraph_start : span.mark_start]
    here = bisect.bisect_right(starts, span.mark_start) - 1
    if here > 0 and not ctx.masked[sentences[here][0] : span.mark_start].strip():
        # "Sam Lau said in a statement. “…”": the sentence before introduces it
        prior = sentences[here - 1]
        if prior[0] >= paragraph_start and not re.search(
            r"[\u201c\u201d\"]", body[prior[0] : prior[1]]
        ):
            speaker = find_cue(ctx, prior[1], prior[1], prior)
            if speaker is not None and speaker.name:
                return speaker
    if paragraph_start > 0 and not before.strip():
        above = body[: paragraph_start - 1]
        last_line_end = len(above.rstrip("\n"))
        if above.rstrip().endswith(":"):
            sentence = sentences[bisect.bisect_right(starts, max(0, last_line_end - 1)) - 1]
            speaker = find_cue(ctx, last_line_end, last_line_end, sentence)
            if speaker is not None:
                return speaker
        if (
            previous is not None
            and previous.mark_start >= body.rfind("\n", 0, last_line_end)
            and found[id(previous)]
        ):
            return found[id(previous)]
    return None


def _share_across_paragraphs(spans: list[Span], found: dict) -> None:
    """A quote over several paragraphs has one speaker, wherever its cue is."""
    for span in reversed(spans):
        if span.continues is not None and found.get(id(span)) and not found.get(id(span.continues)):
            found[id(span.continues)] = found[id(span)]


def _nested_speaker(ctx: Context, span: Span) -> Speaker | None:
    """A quote inside a quote is its own suggestion only when the outer words
    report someone's speech just before it ("saying he was 'fed up'")."""
    outer = span.inside
    lead = ctx.body[max(outer.start, span.mark_start - 60) : span.mark_start]
    if CUE.search(lead) is None:
        return None
    inner_masked = (
        ctx.body[: span.mark_start + 1]
        + "x" * (span.mark_end - span.mark_start - 2)
        + ctx.body[span.mark_end - 1 :]
    )
    inner_mentions = [
        m
        for m in find_mentions(inner_masked, ctx.directory)
        if outer.start <= m.start < span.mark_start
    ]
    inner = Context(
        ctx.body,
        inner_masked,
        sorted([*ctx.mentions, *inner_mentions], key=lambda m: m.start),
        ctx.directory,
        ctx.anonymous_seen,
        ctx.speakers_seen,
        ctx.common,
    )
    # Only the cue before it: in "I said, ‘I want more.’ They said, ‘…’" the
    # "They said" after the first inner quote introduces the next one.
    speaker = find_cue(inner, span.mark_start, span.mark_end, (outer.start, span.mark_end))
    if speaker is None or not (speaker.person or speaker.outlet or _names_someone(speaker.np)):
        return None  # "Part of my job is to say: 'Hey…'": the speaker quoting themself
    return speaker


# Marks that never sit inside a name (the closing single mark is O’Brien's apostrophe).
_OPENING_MARKS = DOUBLE_OPENERS + DOUBLE_CLOSERS + SINGLE_OPENERS + '"'


def _names_someone(np: str) -> bool:
    """Does the noun phrase before a quote-within-a-quote's cue name someone
    other than the speaker? "I said, ‘I want more.’" is the speaker quoting
    themself; a phrase holding quote marks ran back over earlier words."""
    words = np.split()
    if (
        not words
        or words[-1] in ("I", "We", "we", "You", "you")
        or any(m in np for m in _OPENING_MARKS)
    ):
        return False
    return words[-1][:1].isupper() or words[-1].lower() in ("he", "she", "they")


def _is_quote(body: str, masked: str, span: Span, has_cue: bool) -> bool:
    """Not a scare-quoted word, a title or a so-called phrase."""
    text = span.text(body)
    words = text.split()
    if not any(ch.isalpha() for ch in text):
        return False
    if EAST_ASIAN.search(text):
        # No capitals and no spaces tell a term from a sentence: a short run
        # in corner brackets is a term (「脱獄」), a sentence ends its own.
        return words_in(text) >= _EAST_ASIAN_SENTENCE or text.endswith(("。", "！", "？"))
    lead = masked[max(0, span.mark_start - 40) : span.mark_start]
    if _SO_CALLED.search(lead) or _TITLE_NOUNS.search(lead):
        return False
    # "Really?" she asked: words with their own punctuation inside the marks
    spoken = bool(re.search(r"[,.!?]\W*$", body[span.start : span.mark_end]))
    if len(words) == 1:
        return has_cue and (not words[0][:1].isupper() or spoken)
    capitalised = [w for w in words if w.lower() not in _SMALL_WORDS]
    title_case = all(w[:1].isupper() or not w[:1].isalpha() for w in capitalised)
    # malware "dubbed “Agent Smith,”" is a name; NBC’s “Meet the Press.” a show
    if title_case and (_NAMING.search(lead) or _POSSESSED.search(lead)):
        return False
    # a Title In Capitals is a title, unless a cue gives it to someone ("Nusra is Al Qaeda,")
    said = (has_cue and spoken) or re.search(r"[.!?,]$", text)
    return not (len(words) <= 8 and title_case and not said)


def _described_outlets(ctx: Context, sentence: tuple[int, int]) -> list:
    """Outlets the sentence names by description: "the newspaper writes"."""
    masked, found = ctx.masked, []
    for described in _OUTLET_WORDS.finditer(masked, sentence[0], sentence[1]):
        near = masked[described.start() : described.end() + 30]
        if _RELAY.search(near):
            speaker = resolve_description(ctx, Speaker(), described.group(0), described.start())
            if speaker.outlet is not None and speaker.outlet not in found:
                found.append(speaker.outlet)
    return found
