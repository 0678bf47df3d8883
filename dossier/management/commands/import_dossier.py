import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dossier.cache import PageCacheUnavailable
from dossier.fixture import FixtureErrors, import_folder
from dossier.fixture.schema import KINDS


class Command(BaseCommand):
    help = (
        "Load a dossier from a fixture folder (see fixtures/README.md). Rows are matched on "
        "slug and updated in place; a second run of the same files changes nothing. Any "
        "problem leaves the database exactly as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="the fixture folder, e.g. fixtures/budapest-summit")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, write nothing"
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="import in this user's name, under the review workflow's rule: only a "
            "reviewer's import publishes, withdraws or changes a published item. Without it "
            "the import is the system's own, as trusted as the shell that runs it.",
        )

    def handle(self, folder, dry_run=False, as_user=None, **options):
        started = time.perf_counter()
        user = None
        if as_user is not None:
            user = get_user_model()._default_manager.filter(username=as_user).first()
            if user is None or not user.is_active:
                raise CommandError(f"--as {as_user}: there is no user '{as_user}' (or not active).")
        try:
            report = import_folder(folder, dry_run=dry_run, user=user)
        except FixtureErrors as exc:
            count = len(exc.errors)
            raise CommandError(
                f"{folder}: {count} problem{'s' if count != 1 else ''}, nothing was imported:\n"
                + "\n".join(f"  {error}" for error in exc.errors)
            ) from None
        except DatabaseError as exc:
            raise CommandError(
                f"{folder}: the database refused the import, nothing was imported: {exc}"
            ) from None
        except PageCacheUnavailable as exc:
            raise CommandError(f"{folder}: nothing was imported. {exc}") from None
        elapsed = time.perf_counter() - started

        names = {kind.name: kind.model._meta.verbose_name_plural.capitalize() for kind in KINDS}
        width = max(map(len, names.values()))
        for kind, name in names.items():
            counts = report.counts[kind]
            line = (
                f"{name + ':':<{width + 1}} {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged"
            )
            if counts.not_in_fixture:
                line += (
                    f" ({counts.not_in_fixture} in the database but not in the fixture,"
                    " left as they are)"
                )
            self.stdout.write(line)
        if report.tags_respelled:
            self.stdout.write(
                f"{'Tags:':<{width + 1}} {report.tags_respelled} renamed to the fixture's spelling"
            )
        if dry_run:
            summary = (
                f"Dry run: {folder} would be imported with the changes above; nothing was written."
                if report.changed
                else f"Dry run: nothing would change; the database already matches {folder}."
            )
        elif report.changed:
            summary = f"Imported {folder} in {elapsed:.2f} s."
        else:
            summary = (
                f"No changes: the database already matches {folder} (checked in {elapsed:.2f} s)."
            )
        self.stdout.write(self.style.SUCCESS(summary))
