from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dossier.fixture import write_fixture
from dossier.fixture.write import output_folder_problem


def write_folder(folder: str, overwrite: bool, write) -> str:
    """Write a dossier into `folder` with `write(path)`, which returns its
    counts by kind, and sum them up. Refuses to write over anything that is
    not a dossier, and over a dossier unless asked to."""
    problem = output_folder_problem(folder, overwrite)
    if problem:
        raise CommandError(problem)
    try:
        counts = write(Path(folder))
    except OSError as exc:
        raise CommandError(f"{folder}: cannot write: {exc.strerror or exc}") from None
    return ", ".join(f"{count} {kind}" for kind, count in counts.items())


class Command(BaseCommand):
    help = (
        "Write every outlet, source, person, statement, quote and event to a fixture folder "
        "in the format import_dossier reads. The output depends only on the database, so it "
        "is also a backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write; created if missing")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="replace the fixture files in a folder that already holds a dossier",
        )

    def handle(self, folder, overwrite=False, **options):
        summary = write_folder(folder, overwrite, write_fixture)
        self.stdout.write(self.style.SUCCESS(f"Exported to {folder}: {summary}."))
