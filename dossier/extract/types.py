"""What a suggestion holds: plain data, so it can be shown, posted back as
a form and printed as JSON without touching the database."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Hop:
    """One link of a suggested attribution chain, first hop first.

    Exactly one of `person` (a Person slug), `outlet` (an Outlet slug) or
    `description` (an unnamed source in words) is set, as on the model.
    `how` is one of `dossier.models.Hop.How`'s values.
    """

    how: str
    person: str | None = None
    outlet: str | None = None
    description: str = ""
    context: str = ""
    on_record: bool = True


@dataclass(frozen=True)
class WordDiff:
    """A word the suggestion and the statement's rendering do not share."""

    word: str
    side: str  # "suggestion" (only in the new words) or "statement" (only in the old)


@dataclass(frozen=True)
class Suggestion:
    """One direct quote found in an article, with what the desk proposes.

    `start`/`end` are `str` offsets of the quoted words (without their
    quotation marks) in the body; a quote broken by "he said" and resumed is
    one suggestion per contiguous run of words, each with its own offsets.
    """

    start: int
    end: int
    text: str
    speaker: str | None  # the fullest name the article gives, or an unnamed source's description
    person: str | None  # slug of the matching Person, or None
    attribution: str  # a `Quote.Attribution` value
    cue: str | None  # the cue that named the speaker: "said", "told reporters", "according to"
    statement: str | None = None  # slug of the Statement these words would join
    statement_score: float | None = None
    diff: tuple[WordDiff, ...] = ()
    hops: tuple[Hop, ...] = ()
    speaker_is_new: bool = False  # a named speaker the dossier has no Person for
    reliability: str = ""  # the source's reliability, pre-filled for the editor

    def as_json(self, file: str | None = None) -> dict:
        """The `extract_quotes --format jsonl` record."""
        fields = ("start", "end", "text", "speaker", "person", "attribution", "cue", "statement")
        return {
            "file": file,
            **{name: getattr(self, name) for name in fields},
            "hops": [asdict(hop) for hop in self.hops],
        }
