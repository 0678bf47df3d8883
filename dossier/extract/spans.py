"""Finding the quoted words in a text: where each quotation opens and closes.

Rules the desk relies on (the seed fixture's own convention):

- A span's offsets exclude its quotation marks, and `body[start:end]` is
  the span's text, always.
- Double marks of every common style pair up: "straight", “curly”,
  «guillemets», „low-high“, 「corner brackets」 (Chinese and Japanese) and
  ''two apostrophes'' (newspaper archives write them so). Single marks (‘…’ and '…') count as quotes
  when they open after a space and close before one; an apostrophe inside a
  word (don’t, Russia’s) never opens or closes anything.
- A quote inside a quote stays part of the outer one. It is also a span of
  its own (with `inside` set to the outer span), and the pipeline decides
  whether it is a suggestion: only when the outer words report someone
  else's speech ("saying he was 'fed up'") and names who that is.
- A quote that runs over paragraphs reopens its mark at each new paragraph
  without closing the previous one; every paragraph gives its own span,
  and `continues` links a span to the one before it.
- Words are trimmed: spaces, a trailing comma, semicolon or colon, and a
  fragment's closing full stop ("…progress can be made." ends a sentence
  that is not the speaker's) are dropped; a full sentence keeps its stop.
"""

import re
from dataclasses import dataclass

DOUBLE_OPENERS = "\u201c\u201e\u00ab\u300c"  # “ „ « 「
DOUBLE_CLOSERS = "\u201d\u00bb\u300d"  # ” » 」
SINGLE_OPENERS = "\u2018\u201a"  # ‘ ‚

_PARAGRAPH = re.compile(r"[^\n]+")
# two apostrophes stand for a double mark in some newsrooms' archives (''Yes,'' he said)
_DOUBLE_MARK = re.compile("''(?=[^']|$)|[\"\u201c\u201d\u201e\u00ab\u00bb\u300c\u300d]")
_SINGLE_OPEN = re.compile("['\u2018\u201a]")
_SINGLE_CLOSE = re.compile("['\u2019]")
_ELISIONS = re.compile(r"(?:em|til|tis|twas|n|cause|bout|round|\d\d?s?)\b", re.IGNORECASE)
_TRAILING = ",;:\u2013\u2014- \t\u00a0"
# Chinese and Japanese put no spaces between words: each of their characters
# counts as a word, as word processors count them.
EAST_ASIAN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def words_in(text: str) -> int:
    """How many words `text` holds, a Chinese or Japanese character counted
    as one."""
    return sum(len(EAST_ASIAN.findall(word)) or 1 for word in text.split())


@dataclass
class Span:
    """One run of quoted words. `mark_start`/`mark_end` include the marks
    (`mark_end` is the paragraph's end when the quote runs on)."""

    start: int
    end: int
    mark_start: int
    mark_end: int
    single: bool = False
    closed: bool = True
    open_width: int = 1  # '' is two characters wide
    close_width: int = 1
    continues: "Span | None" = None  # the span of the previous paragraph this one carries on
    inside: "Span | None" = None  # the outer quote this one sits in

    def text(self, body: str) -> str:
        return body[self.start : self.end]


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    """The words inside a pair of marks, without what the fixture leaves out."""
    while start < end and body[start].isspace():
        start += 1
    while True:
        before = end
        while end > start and body[end - 1] in _TRAILING:
            end -= 1
        # A fragment's full stop is the reporter's, not the speaker's.
        if (
            end > start
            and body[end - 1] == "."
            and body[end - 2 : end] != ".."
            and next((ch for ch in body[start:end] if ch.isalnum()), "").islower()
        ):
            end -= 1
        if end == before:
            return start, end


def _double_spans(body: str, first: int, last: int) -> list[tuple[int, int, int, int, bool]]:
    """(open mark, its width, close mark or paragraph end, its width, closed?)
    for one paragraph."""
    found = []
    open_at = None
    open_char = ""
    open_width = 1
    for mark in _DOUBLE_MARK.finditer(body, first, last):
        i, width = mark.start(), mark.end() - mark.start()
        ch = '"' if width == 2 else body[i]
        before = body[i - 1] if i > first else ""
        after = body[i + width] if i + width < last else ""
        if open_at is None:
            if ch in DOUBLE_CLOSERS:
                continue  # a stray closer: the end of a quote that began elsewhere
            if (
                ch == '"'
                and not _is_space(before)
                and _is_space(after)
                and before not in "([{\u2014\u2013-/"
            ):
                continue  # a closing straight mark with nothing open (or an inch mark)
            open_at, open_char, open_width = i, ch, width
            continue
        closes = (
            ch in DOUBLE_CLOSERS
            or ch == '"'
            or (
                ch == "\u201c"
                and (open_char == "\u201e" or (not _is_space(before) and not after.isalnum()))
            )
        )
        if closes:
            found.append((open_at, open_width, i, width, True))
            open_at = None
        else:  # the earlier opener never closed: start again here
            open_at, open_char, open_width = i, ch, width
    if open_at is not None:
        found.append((open_at, open_width, last, 0, False))
    return found


def _single_spans(
    body: str, first: int, last: int, busy: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(open mark, close mark) of single-mark quotes in body[first:last]."""
    found = []
    i = first
    while True:
        opener = _SINGLE_OPEN.search(body, i, last)
        if opener is None:
            return found
        i = opener.start()
        ch = body[i]
        before = body[i - 1] if i > first else " "
        after = body[i + 1] if i + 1 < last else ""
        opens = (
            (_is_space(before) or before in '([{\u2014\u2013\u201c\u201e\u00ab"/')
            and (after.isalnum() or after in "\u2026.")
            and not (ch == "'" and _ELISIONS.match(body, i + 1, last))
        )
        if opens and not any(a <= i < b for a, b in busy):
            close = _single_close(body, i + 1, last)
            if close is not None:
                found.append((i, close))
                i = close + 1
                continue
        i += 1


def _single_close(body: str, first: int, last: int) -> int | None:
    possessive = None
    for closer in _SINGLE_CLOSE.finditer(body, first, last):
        j = closer.start()
        after = body[j + 1] if j + 1 < last else ""
        if after.isalnum() or j == first:
            continue  # an apostrophe inside a word
        if (
            body[j - 1] == "s"
            and after == " "
            and body[j + 2 : j + 3].isalpha()
            and body[j + 2 : j + 3].islower()
        ):
            possessive = possessive if possessive is not None else j  # the Ukrainians’ position
            continue
        return j
    return possessive


def find_spans(body: str) -> list[Span]:
    """Every quoted run of words in `body`, in reading order."""
    spans: list[Span] = []
    running: Span | None = None  # a quote still open at the end of the last paragraph
    for paragraph in _PARAGRAPH.finditer(body):
        first, last = paragraph.start(), paragraph.end()
        lead = last - len(body[first:last].lstrip())
        carried = (
            running
            if running is not None and lead < last and body[lead] in DOUBLE_OPENERS + '"'
            else None
        )
        if running is not None and carried is None and not running.closed:
            running.closed = True  # never reopened: take it to its paragraph's end
        running = None
        doubles = _double_spans(body, first, last)
        outer: list[Span] = []
        for open_mark, open_width, close_mark, close_width, closed in doubles:
            start, end = _trim(body, open_mark + open_width, close_mark)
            span = Span(start, end, open_mark, close_mark + close_width, closed=closed)
            span.open_width, span.close_width = open_width, close_width
            if carried is not None and open_mark == lead:
                span.continues = carried
            if end > start:
                outer.append(span)
            if not closed:
                running = span
        busy = [(s.mark_start, s.mark_end) for s in outer]
        # single marks inside each double-mark quote, then outside them all
        regions = [(s, s.start, s.end, []) for s in outer] + [(None, first, last, busy)]
        singles = []
        for inside, region_start, region_end, taken in regions:
            for open_mark, close_mark in _single_spans(body, region_start, region_end, taken):
                start, end = _trim(body, open_mark + 1, close_mark)
                if end > start:
                    singles.append(
                        Span(start, end, open_mark, close_mark + 1, single=True, inside=inside)
                    )
        spans.extend(sorted(outer + singles, key=lambda s: (s.start, -s.end)))
    return spans


def mask_quotes(body: str, spans: list[Span]) -> str:
    """`body` with every top-level quote's words blanked out (same length),
    so cue verbs and names are only looked for in the reporter's words. A
    quote's final . ! or ? is kept: it still ends a sentence."""
    chars = list(body)
    for span in spans:
        if span.inside is not None:
            continue
        inner_end = span.mark_end - (span.close_width if span.closed else 0)
        for i in range(span.mark_start + span.open_width, min(inner_end, len(chars))):
            if chars[i] != "\n":
                chars[i] = "x"
        last_inner = inner_end - 1
        if 0 <= last_inner < len(body) and body[last_inner] in ".!?":
            chars[last_inner] = body[last_inner]
    return "".join(chars)
