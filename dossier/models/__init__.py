"""The dossier's data model: one module per kind of thing editors keep."""

from .base import (
    DossierItem,
    EditConflict,
    PublicationRefused,
    Status,
    publication_refusal,
)
from .chain import Hop, describe_chain, origin_counts, origin_key
from .claim import Claim, ClaimLink, ClaimReport
from .event import Event, Participation, describe_date
from .fixture_import import FixtureImport
from .grades import Credibility, Reliability
from .outlet import Outlet
from .person import Person, split_aliases
from .quote import Quote, Statement
from .source import Citation, Source
from .story import Story

__all__ = [
    "Citation",
    "Claim",
    "ClaimLink",
    "ClaimReport",
    "Credibility",
    "DossierItem",
    "EditConflict",
    "Event",
    "FixtureImport",
    "Hop",
    "Outlet",
    "Participation",
    "Person",
    "PublicationRefused",
    "Quote",
    "Reliability",
    "Source",
    "Statement",
    "Status",
    "Story",
    "describe_chain",
    "describe_date",
    "origin_counts",
    "origin_key",
    "publication_refusal",
    "split_aliases",
]
