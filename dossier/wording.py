"""Reader-facing wording: what the pages print in place of a stored code or
an editor's shorthand (issue 14, "Words, not data").

Pure functions of strings, so the template filters that call them, the
share cards and the tests all read the same phrase.
"""

import re

from babel import Locale, UnknownLocaleError


def language_name(code: str) -> str:
    """A language code as its English name: "en" → "English", "pt-BR" →
    "Portuguese (Brazil)". A code Babel does not know gives "" rather than
    the code: a reader is better served by no line than by "xx"."""
    code = (code or "").strip().replace("-", "_")
    if not code:
        return ""
    try:
        name = Locale.parse(code).get_display_name("en")
    except (UnknownLocaleError, ValueError, TypeError):
        return ""
    return name or ""


# An editor's context note ends, at times, with what the article does not
# say ("; occasion not given", "; UNN gives no date"): true, but a note to
# the desk, not a phrase a reader follows.
_NOT_GIVEN = re.compile(
    r"[;,]\s*(?:[^;,]*\b(?:not given|gives no date|no date given|does not (?:date|give|say))\b.*)$",
    re.IGNORECASE,
)

# Words that open a context note and read in lower case once the note
# follows the speaker's name: "On the memorandum" → "Lavrov, on the memorandum".
_LOWER_OPENERS = {
    "a", "about", "accusing", "after", "an", "announcing", "as", "asked", "at", "before",
    "by", "describing", "during", "for", "framing", "from", "in", "of", "on", "publicly",
    "replying", "speaking",
    "the", "to", "under", "when", "while", "with",
}  # fmt: skip


def context_clause(context: str, speaker: str = "") -> str:
    """A quote's context as the clause that follows the speaker's name:
    "To reporters in Moscow" → "to reporters in Moscow", without the desk's
    notes on what the article leaves out, nor the speaker named twice
    ("Donald Trump, Trump on the maps" → "Donald Trump, on the maps")."""
    clause = (context or "").strip()
    clause = _NOT_GIVEN.sub("", clause).strip().rstrip(".;,")
    speaker = speaker.strip()
    for name in (speaker, speaker.rsplit(" ", 1)[-1]) if speaker else ():
        if len(name) > 2 and clause.lower().startswith(name.lower() + " "):
            clause = clause[len(name) :].lstrip(" ,")
            break
        if len(name) > 2 and clause.lower().startswith(name.lower() + ","):
            clause = clause[len(name) + 1 :].lstrip()
            break
    if not clause:
        return ""
    first = re.match(r"[A-Za-z]*", clause).group()
    if first.lower() in _LOWER_OPENERS and not (len(first) > 1 and first.isupper()):
        clause = clause[0].lower() + clause[1:]
    return curly(clause)


def counted(n: int, one: str, many: str) -> str:
    """A counted noun: "1 quote", "3 quotes"."""
    return f"{n} {one if n == 1 else many}"


def origins(reports: int, independent: int) -> str:
    """A claim's or statement's backing: "4 reports, 1 independent origin"."""
    return (
        f"{counted(reports, 'report', 'reports')}, "
        f"{counted(independent, 'independent origin', 'independent origins')}"
    )


def tag_label(name: str) -> str:
    """A tag as a reader reads it: a name entered as a slug
    ("coalition-of-the-willing") loses its hyphens; a written name stays."""
    if name and " " not in name and "-" in name and name == name.lower():
        return name.replace("-", " ")
    return name


# --- Typography

_MARK = re.compile("[\"']")
# A mark opens after one of these (or a space, or at the start), when a
# letter, a digit or one of `_OPENS_BEFORE` follows it.
_OPENS_AFTER = frozenset("([{—–“‘-")
_OPENS_BEFORE = frozenset("‘“(<[…")
_CURLY = {('"', True): "“", ('"', False): "”", ("'", True): "‘", ("'", False): "’"}


def curly(text: str) -> str:
    """Straight quotation marks and apostrophes as typographic ones:
    "summit" → “summit”, Ukraine's → Ukraine’s. For running text an editor
    writes (summaries, notes, generated phrases); a verbatim quote keeps
    the marks its outlet printed."""
    if not text or ('"' not in text and "'" not in text):
        return text

    def typographic(mark: re.Match) -> str:
        index = mark.start()
        before, after = text[index - 1 : index], text[index + 1 : index + 2]
        # Opens after a space or bracket, unless a space or punctuation
        # follows it (a mark closing text that ended in a tag: `<em>x</em>"`).
        opening = (not before or before.isspace() or before in _OPENS_AFTER) and bool(
            after and (after.isalnum() or after in _OPENS_BEFORE)
        )
        return _CURLY[mark.group(), opening]

    return _MARK.sub(typographic, text)


_TEXT_NODE = re.compile(r"(?<=>)[^<]+|^[^<]+")


def curly_html(html: str) -> str:
    """`curly()` for the text of sanitised HTML (an editor's notes): only
    what lies between tags changes, never an attribute's quotes."""

    def text(match: re.Match) -> str:
        segment = match.group().replace("&quot;", '"').replace("&#x27;", "'").replace("&#39;", "'")
        return curly(segment)

    return _TEXT_NODE.sub(text, html)
