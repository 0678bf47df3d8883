"""The chain of who passed the words on, first hop first, from the
article's own words around the quote ("…, reports the Financial Times,
writes UNN") and the source's `cites` (the outlets it says it rewrites)."""

import bisect
import itertools
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


def outlets_named(text: str, mentions: list[Mention], start: int, end: int) -> list[OutletEntry]:
    """Outlets the reporter names between `start` and `end` next to a
    reporting word ("the FT reported", "told Reuters", "according to the
    Telegraph"), in the order they appear."""
    found: list[OutletEntry] = []
    first = bisect.bisect_left(mentions, start, key=lambda mention: mention.start)  # in text order
    for mention in itertools.takewhile(
        lambda mention: mention.start < end, itertools.islice(mentions, first, None)
    ):
        if mention.outlet is None:
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
    rewrite: bool,
) -> tuple[Hop, ...]:
    """The suggested chain: who spoke; the outlets the quote's sentence names
    as hearing or reporting it ("told Reuters", "the FT reported"); the
    outlet the source relays (its first cite, "reported") and the ones it
    came through after that ("carried"); last the source's own outlet,
    "citing" when it rewrites what it names in its lead, "carried" when it
    copies a report it never names, "reported" when it relays nobody."""
    hops: list[Hop] = []
    if speaker.person is not None:
        hops.append(Hop(how="said", person=speaker.person.slug))
    elif speaker.anonymous and speaker.name:
        hops.append(Hop(how="told", description=speaker.name, on_record=False))
    elif speaker.name and speaker.outlet is None:
        hops.append(Hop(how="said", description=speaker.name))
    reporting: list[str] = [speaker.outlet.slug] if speaker.outlet is not None else []
    for outlet in named_outlets:
        if outlet.slug not in reporting and outlet.slug != own_outlet:
            reporting.append(outlet.slug)
    carrying: list[str] = []
    for number, slug in enumerate(cites):
        if slug in reporting or slug == own_outlet:
            continue
        (reporting if number == 0 and not reporting else carrying).append(slug)
    citing = speaker.cited_by.slug if speaker.cited_by is not None else None
    hops += [Hop(how="citing" if slug == citing else "reported", outlet=slug) for slug in reporting]
    hops += [Hop(how="carried", outlet=slug) for slug in carrying]
    if own_outlet:
        relays = reporting or carrying
        how = "reported" if not relays else "citing" if rewrite else "carried"
        hops.append(Hop(how=how, outlet=own_outlet))
    return tuple(hops)
