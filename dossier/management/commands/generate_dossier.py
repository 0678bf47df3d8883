import math
import time

from django.core.management.base import BaseCommand, CommandError

import dossier_synthetic as synthetic

from .export_dossier import write_folder

# Past this a dossier is tens of gigabytes of article text: a typo, not a test.
MAX_SCALE = 10.0
# Below this every kind is at its floor (a handful of items): smaller adds nothing.
MIN_SCALE = 0.0001


def _scale(value: str) -> float:
    try:
        scale = float(value)
    except ValueError:
        raise CommandError(f"--scale {value!r} is not a number") from None
    if not math.isfinite(scale) or scale <= 0:
        raise CommandError(f"--scale must be a number greater than 0, not {value}")
    if scale < MIN_SCALE or scale > MAX_SCALE:
        raise CommandError(
            f"--scale {value} is out of range: use {MIN_SCALE} to {MAX_SCALE:g} "
            f"(1 is 10,000 sources and 50,000 quotes)"
        )
    return scale


class Command(BaseCommand):
    help = (
        "Write a synthetic dossier for load tests in the fixture format import_dossier reads. "
        "At --scale 1: 10,000 sources from 200 outlets, 3,000 people, 50,000 quotes in 20,000 "
        "statements, 5,000 events, 500 tags and 1,000 claims. The same scale and seed always "
        "give the same files."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write; created if missing")
        parser.add_argument(
            "--scale",
            default="1",
            help="size relative to the scale-1 dossier, e.g. 0.01 for a hundredth (default 1)",
        )
        parser.add_argument("--seed", type=int, default=2025, help="random seed (default 2025)")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="replace the fixture files in a folder that already holds a dossier",
        )

    def handle(self, folder, scale="1", seed=2025, overwrite=False, **options):
        scale = _scale(str(scale))
        started = time.perf_counter()
        summary = write_folder(folder, overwrite, lambda path: synthetic.write(path, scale, seed))
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {folder} (scale {scale:g}, seed {seed}) in "
                f"{time.perf_counter() - started:.1f} s: {summary}."
            )
        )
