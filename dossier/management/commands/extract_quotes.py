import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dossier.extract import DossierIndex, suggest


def read_text(path: str) -> str:
    """The file's text as `open(path, encoding="utf-8").read()` gives it (so
    offsets agree), or a CommandError that names the file."""
    file = Path(path)
    if not file.exists():
        raise CommandError(f"{path}: no such file")
    if file.is_dir():
        raise CommandError(f"{path}: is a folder, not a text file")
    raw = file.read_bytes()
    if b"\x00" in raw:
        raise CommandError(f"{path}: looks like a binary file (it holds NUL bytes), not text")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8"
        ) from None
    return file.read_text(encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Suggest the direct quotes in text files: the words (as offsets), the speaker, the "
        "attribution, the chain and the statement they would join, matched against the "
        "dossier's people, outlets and quotes."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files")
        parser.add_argument(
            "--format",
            choices=("table", "jsonl"),
            default="table",
            help="jsonl: one JSON object per quote per line; table (default): for reading",
        )
        parser.add_argument(
            "--language",
            default="",
            help='the articles\' language ("en", "pt"): outside English, a quote with no '
            "speech verb gets no guessed speaker",
        )

    def handle(self, files, format="table", language="", **options):
        texts = {path: read_text(path) for path in files}  # every file checked before any output
        index = DossierIndex.from_database()
        for path, text in texts.items():
            suggestions = suggest(text, index, language=language)
            if format == "jsonl":
                for suggestion in suggestions:
                    self.stdout.write(json.dumps(suggestion.as_json(file=path), ensure_ascii=False))
                continue
            self.stdout.write(self.style.MIGRATE_HEADING(f"{path}: {len(suggestions)} quotes"))
            for s in suggestions:
                words = s.text if len(s.text) <= 70 else s.text[:67] + "..."
                who = s.speaker or "?"
                if s.person:
                    who += f" [{s.person}]"
                elif s.speaker_is_new:
                    who += " [new]"
                extra = f"  -> {s.statement}" if s.statement else ""
                self.stdout.write(
                    f"  {s.start:>6}-{s.end:<6} {who:<40} {s.attribution:<12} “{words}”{extra}"
                )
