"""From an article's text to suggestions. (First cut: quoted spans only;
speakers, chains and statements come with dossier/extract's modules.)"""

import re

from .index import DossierIndex
from .types import Suggestion

_QUOTED = re.compile(r'["\u201c\u00ab\u201e]([^"\u201d\u00bb\u201c\n]{2,}?)["\u201d\u00bb\u201c]')


def suggest(
    body: str,
    index: DossierIndex | None = None,
    *,
    cites: tuple[str, ...] | list[str] = (),
    reliability: str = "",
) -> list[Suggestion]:
    """The direct quotes in `body`, in reading order, with what the desk
    proposes for each. `cites` are the Outlet slugs the source itself cites,
    first-hand first ("UNN, citing the FT": ["financial-times"])."""
    return [
        Suggestion(
            start=m.start(1),
            end=m.end(1),
            text=m.group(1),
            speaker=None,
            person=None,
            attribution="on_record",
            cue=None,
            reliability=reliability,
        )
        for m in _QUOTED.finditer(body)
    ]
