"""The dossier's provenance rules: what a grade or a grouping must rest on.

Two rules hold for every claim and statement, whether it comes in through
the admin (the models' `clean()`) or a fixture (the importer's checks):

* A claim graded *corroborated*, or credibility 1 ("confirmed by other
  sources"), needs reports from at least two independent origins.  An origin
  is the outlet where a report's words first entered print (see
  `models.chain.origin_key`): UNN rewriting the FT and a site rewriting the
  same FT story are one origin, the FT.
* A statement says its quotes are one utterance.  When their wording or
  their occasion does not match, the editors must say why they are one all
  the same (the statement's `grouping_rationale`): "translation variants of
  the same answer".

The functions here take plain values, so the models and the importer share
them without this module knowing either.
"""

import datetime
from dataclasses import dataclass

from rapidfuzz import fuzz

CORROBORATED = "corroborated"
CONFIRMED = 1
MIN_ORIGINS = 2
# rapidfuzz's token-set ratio (0–100) of two renderings of one utterance.
# Fragments of one sentence ("no plans" within "there are no plans for
# President Trump…") score 100; two translations of Peskov's answer score
# above 80; two different remarks on one subject score well below this.
MIN_WORDING_RATIO = 60


def chain_origin(chain: list[dict], printed_by: str) -> str:
    """A fixture report's origin: the first outlet in its chain, else the
    outlet that printed it (as `models.chain.origin_key` for stored hops)."""
    return next((hop["outlet"] for hop in chain if hop.get("outlet")), printed_by)


def corroboration_problem(verification: str, credibility: int | None, origins: int) -> str | None:
    """Why a claim may not carry its grade, or None if it may."""
    graded = []
    if verification == CORROBORATED:
        graded.append("corroborated")
    if credibility == CONFIRMED:
        graded.append("credibility 1 (confirmed by other sources)")
    if not graded or origins >= MIN_ORIGINS:
        return None
    found = "no report" if origins == 0 else "one independent origin"
    return (
        f"a claim graded {' and '.join(graded)} needs reports from at least "
        f"{MIN_ORIGINS} independent origins (outlets where the words first entered print); "
        f"its reports have {found}. Grade it lower, or add a report from another origin."
    )


@dataclass(frozen=True)
class Rendering:
    """One quote of a statement, as the grouping rule sees it."""

    label: str
    text: str
    said_on: datetime.date | None


def grouping_problems(renderings: list[Rendering]) -> list[str]:
    """Why these quotes do not plainly read as one utterance (empty if they do).

    They match when every one was said on the same day (an undated quote does
    not match a dated one) and each one's wording matches another's.
    """
    if len(renderings) < 2:
        return []
    problems = []
    days = {rendering.said_on for rendering in renderings}
    if len(days) > 1:
        shown = ", ".join(
            f"{r.label} ({r.said_on.isoformat() if r.said_on else 'undated'})" for r in renderings
        )
        problems.append(f"its quotes were not said on the same day: {shown}")
    for index, rendering in enumerate(renderings):
        others = [r.text for i, r in enumerate(renderings) if i != index]
        if not any(fuzz.token_set_ratio(rendering.text, o) >= MIN_WORDING_RATIO for o in others):
            problems.append(f"the wording of {rendering.label} matches none of the others")
    return problems


def grouping_message(problems: list[str]) -> str:
    return (
        "; ".join(problems)
        + ". Give the statement a grouping rationale saying why these are one utterance, "
        "or take the quote out of the statement."
    )


def background_problem(url: str, title: str) -> str | None:
    """A background reference is a link and its title: both, or neither."""
    if bool(url.strip()) == bool(title.strip()):
        return None
    missing = "title" if url.strip() else "URL"
    return f"a background reference needs both a URL and a title; the {missing} is missing"
