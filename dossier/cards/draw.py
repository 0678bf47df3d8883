"""Drawing a share card: a 1200×630 PNG from a `Card`, nothing else.

Knows fonts, boxes and pixels, not models: `content` turns a quote, claim or
person into a `Card`. The main text is set as large as fits its box; when
even the smallest size does not fit, it is shortened at a word and ends with
an ellipsis. Right-to-left text (Arabic, Hebrew) is shaped and ordered by
Pillow's raqm layout and set flush right.
"""

import functools
import io
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
FONTS = Path(__file__).parent / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
ELLIPSIS = "…"
# Without raqm (libraqm and fribidi) Pillow sets glyphs one by one in the
# order stored: Latin and Cyrillic still read right, Arabic is unjoined.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC

PAPER = (250, 248, 243)
INK = (28, 33, 40)
MUTED = (92, 99, 110)
BAND = (29, 42, 58)
FOOTER = (238, 235, 227)
ON_BAND = (255, 255, 255)
# Credibility 1–6 and reliability A–F share a scale of trust, best first.
GRADE_COLOURS = {
    1: (28, 120, 72),
    2: (70, 140, 60),
    3: (170, 130, 20),
    4: (200, 100, 30),
    5: (180, 50, 40),
    6: (110, 110, 120),
}


@dataclass(frozen=True)
class Card:
    """What a share card says. `words` is the large text (a quote's words, a
    claim's title, a person's name); `lines` sit under it, smaller."""

    kicker: str  # "Quote", "Claim", "Person"
    words: str
    lines: tuple[str, ...] = ()
    grade: str = ""  # "Credibility 2 — Probably true"
    grade_level: int = 6
    footer: str = "Dossier"
    quoted: bool = False  # set the words between quotation marks


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int

    def holds(self, other: "Box") -> bool:
        return (
            self.left <= other.left
            and self.top <= other.top
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


@dataclass(frozen=True)
class Placed:
    """One line of text as drawn, with the box it had to stay in."""

    text: str
    bounds: Box
    area: Box
    origin: tuple[int, int]
    anchor: str
    face: ImageFont.FreeTypeFont
    role: str = "text"  # "kicker" and "grade" are drawn on colour


KICKER_AREA = Box(MARGIN, 28, WIDTH - MARGIN, 84)
WORDS_AREA = Box(MARGIN, 132, WIDTH - MARGIN, 404)
LINES_AREA = Box(MARGIN, 420, WIDTH - MARGIN, 548)
FOOTER_AREA = Box(MARGIN, 560, WIDTH - MARGIN, 620)
WORD_SIZES = (64, 56, 50, 44, 40, 36, 32)
# Room above the first line and below the last for marks that rise over the
# ascender or fall under the descender (Arabic hamza, Vietnamese tones).
MARKS = 8


@functools.lru_cache(maxsize=32)
def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, layout_engine=LAYOUT)


def is_right_to_left(text: str) -> bool:
    """Whether the first letter with a direction reads right to left."""
    strong = (way for way in map(unicodedata.bidirectional, text) if way in {"L", "R", "AL"})
    return next(strong, "L") != "L"


def _split_long_word(word: str, face, width: int) -> list[str]:
    """A single word wider than the whole line (a long URL) is the one thing
    broken inside a word: there is no other way to show it."""
    pieces = [""]
    for char in word:
        if pieces[-1] and face.getlength(pieces[-1] + char) > width:
            pieces.append(char)
        else:
            pieces[-1] += char
    return pieces


def wrap(text: str, face, width: int) -> list[str]:
    """Lines of whole words, each at most `width` wide."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        if face.getlength(word) <= width:
            line = word
        else:
            *whole, line = _split_long_word(word, face, width)
            lines.extend(whole)
    if line:
        lines.append(line)
    return lines


def shorten(lines: list[str], keep: int, face, width: int, tail: str = "") -> list[str]:
    """The first `keep` lines, the last ending at a word with an ellipsis
    if any were left out."""
    if len(lines) <= keep:
        return lines
    kept = lines[:keep]
    words = kept[-1].split()
    while words:
        candidate = " ".join(words) + ELLIPSIS + tail
        if face.getlength(candidate) <= width:
            return [*kept[:-1], candidate]
        words.pop()
    return [*kept[:-1], ELLIPSIS + tail]


def fit(text: str, area: Box, tail: str = "") -> tuple[list[str], int]:
    """The lines and size that set `text` in `area`: the largest size at
    which all of it fits, else the smallest, shortened."""
    width, height = area.right - area.left, area.bottom - area.top - 2 * MARKS
    for size in WORD_SIZES:
        lines = wrap(text, font(REGULAR, size), width)
        if len(lines) * _leading(size) <= height:
            return lines, size
    size = WORD_SIZES[-1]
    room = max(1, height // _leading(size))
    face = font(REGULAR, size)
    return shorten(wrap(text, face, width), room, face, width, tail), size


def _leading(size: int) -> int:
    return round(size * 1.25)


def layout(card: Card) -> list[Placed]:
    """Every line of text of `card`, where it is drawn."""
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    placed: list[Placed] = []

    def put(text, x, y, face, area, right_to_left=False, role="text") -> None:
        anchor = "ra" if right_to_left else "la"
        left, top, right, bottom = draw.textbbox((x, y), text, font=face, anchor=anchor)
        bounds = Box(math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom))
        placed.append(Placed(text, bounds, area, (x, y), anchor, face, role))

    put(card.kicker.upper(), MARGIN, 40, font(BOLD, 26), KICKER_AREA, role="kicker")

    words = " ".join(card.words.split())
    words = f"“{words}”" if card.quoted else words
    rtl = is_right_to_left(card.words)
    # A shortened quotation still closes its quotation marks.
    lines, size = fit(words, WORDS_AREA, tail="”" if card.quoted else "")
    face = font(REGULAR, size)
    x = WORDS_AREA.right if rtl else WORDS_AREA.left
    for index, line in enumerate(lines):
        put(line, x, WORDS_AREA.top + MARKS + index * _leading(size), face, WORDS_AREA, rtl)

    y = LINES_AREA.top + MARKS
    width = LINES_AREA.right - LINES_AREA.left
    for index, text in enumerate(card.lines[:3]):
        face = font(BOLD, 30) if index == 0 else font(REGULAR, 26)
        (line,) = shorten(wrap(text, face, width) or [""], 1, face, width)
        rtl = is_right_to_left(line)
        put(line, LINES_AREA.right if rtl else LINES_AREA.left, y, face, LINES_AREA, rtl)
        y += _leading(face.size) + 4

    room = FOOTER_AREA.right - FOOTER_AREA.left
    if card.grade:
        # Inset so the coloured badge drawn around it stays on the card.
        grade_area = Box(WIDTH // 3, FOOTER_AREA.top, WIDTH - MARGIN, FOOTER_AREA.bottom)
        face = font(BOLD, 24)
        fits = grade_area.right - grade_area.left - 28
        (grade,) = shorten(wrap(card.grade, face, fits), 1, face, fits)
        put(grade, WIDTH - MARGIN - 14, 578, face, grade_area, True, "grade")
        room = placed[-1].bounds.left - 14 - 32 - MARGIN
    face = font(REGULAR, 24)
    (line,) = shorten(wrap(card.footer, face, room) or [""], 1, face, room)
    put(line, MARGIN, 578, face, Box(MARGIN, FOOTER_AREA.top, MARGIN + room, FOOTER_AREA.bottom))
    return placed


def render(card: Card) -> bytes:
    """The card as PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    colour = GRADE_COLOURS.get(card.grade_level, MUTED)
    draw.rectangle((0, 0, WIDTH, 108), fill=BAND)
    draw.rectangle((0, 552, WIDTH, HEIGHT), fill=FOOTER)
    draw.rectangle((0, 108, 12, 552), fill=colour)
    for line in layout(card):
        if line.role == "grade":
            box = line.bounds
            draw.rounded_rectangle(
                (box.left - 12, box.top - 10, box.right + 12, box.bottom + 10), 10, fill=colour
            )
        ink = INK if line.role == "text" else ON_BAND
        draw.text(line.origin, line.text, font=line.face, fill=ink, anchor=line.anchor)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()
