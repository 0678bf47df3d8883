"""The one place editor-typed HTML is made safe.

Rich fields (`notes`, `bio`) are stored twice: the raw text the editor typed
and the `*_html` copy produced here on save.  Templates only ever mark `*_html`
fields safe.  bleach is end-of-life; keeping it behind `sanitize()` makes a
switch to nh3 a change to this file alone.
"""

import bleach

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "br", "cite", "code", "em", "i", "q", "strong"}  # within a paragraph
    | {"blockquote", "li", "ol", "p", "ul"}  # paragraphs, quotations and lists
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "q": ["cite"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)


def sanitize(text: str) -> str:
    """Return `text` as HTML safe to render: allowlisted tags only, links to
    http, https and mailto only, everything else escaped or dropped."""
    if not text:
        return ""
    return _cleaner.clean(text)
