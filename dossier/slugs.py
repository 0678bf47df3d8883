"""Slugs made from titles and names, so nobody has to type one.

A slug is the address of a page and the key the fixture importer matches
on: plain ASCII, lower case, words joined by hyphens. Names in Cyrillic are
transliterated (Ukrainian by the national system of 2010, Russian letters
the way English-language newsrooms spell them: Зеленський → zelenskyi,
Песков → peskov); Latin letters lose their accents; every dash and
punctuation mark between words becomes one hyphen (Trump–Putin →
trump-putin).
"""

import re
import unicodedata

from django.db import models

MAX_LENGTH = 80

# Lower-case letters; capitals are lowered before lookup.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ʼ": "",
    # Letters Ukrainian does not use, spelt as Russian names usually are in English.
    "ё": "e", "ы": "y", "э": "e", "ъ": "",
}  # fmt: skip
# Where Russian and Ukrainian read one letter differently, a letter or an
# ending only Ukrainian has decides: г is h in Ukrainian (Сергій → serhii)
# but g in Russian (Сергей → sergey); a text with none is read as Russian.
_UKRAINIAN = re.compile(r"[ґєії]|[сц]ьк")
_RUSSIAN = {"г": "g", "и": "i", "й": "y", "е": "e", "ю": "yu", "я": "ya", "х": "kh"}
# Letters NFKD does not take apart into a base letter and an accent.
_LATIN = {"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "þ": "th", "ı": "i"}

# Each letter as the text's language spells it (see `_UKRAINIAN`).
_AS_UKRAINIAN = str.maketrans({**_CYRILLIC, **_LATIN})
_AS_RUSSIAN = str.maketrans({**_CYRILLIC, **_RUSSIAN, **_LATIN})

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def transliterate(text: str) -> str:
    """`text` in lower-case ASCII letters, digits and everything else as it was."""
    text = text.lower()
    table = _AS_UKRAINIAN if _UKRAINIAN.search(text) else _AS_RUSSIAN
    decomposed = unicodedata.normalize("NFKD", text.translate(table))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def slugify(text: str) -> str:
    """ "Trump–Putin summit" → "trump-putin-summit"; cut at a word, never mid-word."""
    # Dashes and other marks part words before transliteration drops them;
    # an apostrophe does not (Trump's → trumps, Мар’яна → mariana).
    text = re.sub(r"['’ʼ]", "", text)
    spaced = "".join(c if unicodedata.category(c)[0] in "LN" else " " for c in text)
    slug = _NOT_WORD.sub("-", transliterate(spaced)).strip("-")
    if len(slug) > MAX_LENGTH:
        cut = slug[: MAX_LENGTH + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:MAX_LENGTH]
    return slug.strip("-")


def unique_slug(model: type[models.Model], text: str, exclude_pk=None) -> str:
    """A slug for `text` that no other row of `model` has: `peskov`,
    then `peskov-2`, `peskov-3`… An empty text falls back to the kind's name."""
    base = slugify(text) or slugify(model._meta.verbose_name)
    taken = set(
        model._base_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
