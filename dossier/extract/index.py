"""What the extractor knows of the dossier: its people (names and aliases),
its outlets (names and domains) and its quotes (to find the statement new
words would join). Plain data, built once per request or command."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonEntry:
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class OutletEntry:
    slug: str
    name: str
    homepage: str = ""


@dataclass(frozen=True)
class QuoteEntry:
    text: str
    statement: str | None  # the statement's slug, or None for an ungrouped quote
    quote: str  # the quote's slug
    speaker: str | None = None  # the speaker's Person slug


@dataclass
class DossierIndex:
    people: list[PersonEntry] = field(default_factory=list)
    outlets: list[OutletEntry] = field(default_factory=list)
    quotes: list[QuoteEntry] = field(default_factory=list)

    @classmethod
    def from_database(cls) -> "DossierIndex":
        """Every person, outlet and quote the desk may match against, drafts
        included: the desk works for editors, not readers."""
        from dossier.models import Outlet, Person, Quote

        people = [
            PersonEntry(p.slug, p.name, tuple(p.alias_list), p.role, p.affiliation)
            for p in Person.objects.only("slug", "name", "aliases", "role", "affiliation")
        ]
        outlets = [
            OutletEntry(o.slug, o.name, o.homepage)
            for o in Outlet.objects.only("slug", "name", "homepage")
        ]
        quotes = [
            QuoteEntry(*row)  # text, statement, quote, speaker
            for row in Quote.objects.values_list("text", "statement__slug", "slug", "speaker__slug")
        ]
        return cls(people, outlets, quotes)

    @classmethod
    def from_fixture_items(cls, items: dict[str, list[dict]]) -> "DossierIndex":
        """The same index from a fixture's items (kind -> list of dicts, as
        `dossier_synthetic.generate` or the fixture's YAML give them): for
        the bench and tests, without a database."""
        people = [
            PersonEntry(
                p["slug"],
                p["name"],
                tuple(p.get("aliases") or ()),
                p.get("role", ""),
                p.get("affiliation", ""),
            )
            for p in items.get("person", [])
        ]
        outlets = [
            OutletEntry(o["slug"], o["name"], o.get("homepage", ""))
            for o in items.get("outlet", [])
        ]
        quotes = [
            QuoteEntry(q["text"], q.get("statement"), q["slug"], q.get("speaker"))
            for q in items.get("quote", [])
        ]
        return cls(people, outlets, quotes)
