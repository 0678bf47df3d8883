"""The chain of who passed the words on, first hop first.

From the article's own words around the quote ("told Reuters", "the FT
reported, citing…", "according to the Telegraph", "…, reports the
Financial Times, writes UNN") and from the source's `cites` (the outlets it
says it rewrites): speaker -> the outlet that heard it -> the outlets that
relayed it -> the source's own outlet.
"""

import re

from .index import OutletEntry
from .names import Mention
from .speakers import Speaker
from .types import Hop

_REPORTING = re.compile(
    r"\b(?:reported|reports|reporting|wrote|writes|writing|notes|noted|said|says|according\s+to|citing|cited|"
    r"told|quoted|quoting|learned|has\s+learned|cites|published|carried|revealed|claims|claimed)\b",
    re.IGNORECASE,
)


def outlets_named(
    text: str, offset: int, mentions: list[Mention], start: int, end: int
) -> list[OutletEntry]:
    """Outlets the reporter names between `start` and `end` next to a
    reporting word ("the FT reported", "told Reuters", "according to the
    Telegraph"), in the order they appear."""
    found: list[OutletEntry] = []
    for mention in mentions:
        if mention.outlet is None or not (start <= mention.start < end):
            continue
        near = text[max(start, mention.start - 30) : min(end, mention.end + 30)]
        if _REPORTING.search(near) and mention.outlet not in found:
            found.append(mention.outlet)
    return found


def hops_for(
    speaker: Speaker,
    named_outlets: list[OutletEntry],
    cites: list[str],
    own_outlet: str | None,
    description_outlets: list[OutletEntry],
) -> tuple[Hop, ...]:
    """The suggested chain: who spoke, which outlet reported it, which
    outlets carried it on, ending with the source's own outlet."""
    hops: list[Hop] = []
    if speaker.person is not None:
        hops.append(Hop(how="said", person=speaker.person.slug))
    elif speaker.anonymous and speaker.name:
        hops.append(Hop(how="told", description=speaker.name, on_record=False))
    elif speaker.outlet is not None:
        pass  # the outlet's own words: its hop follows
    elif speaker.name:
        hops.append(Hop(how="said", description=speaker.name))
    seen: list[str] = []
    for outlet in [speaker.outlet] if speaker.outlet is not None else []:
        seen.append(outlet.slug)
    for outlet in [*named_outlets, *description_outlets]:
        if outlet.slug not in seen and outlet.slug != own_outlet:
            seen.append(outlet.slug)
    for slug in cites:
        if slug not in seen and slug != own_outlet:
            seen.append(slug)
    for slug in seen:
        hops.append(Hop(how="reported", outlet=slug))
    if own_outlet:
        hops.append(Hop(how="citing" if len(seen) else "reported", outlet=own_outlet))
    return tuple(hops)
