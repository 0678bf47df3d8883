"""An editor at work while readers read: one public change a second (a
published quote's wording edited and saved through the model, as the admin
saves it), until killed. Run by throughput_bench.py with the site's
environment."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossier.settings")

import django  # noqa: E402

django.setup()

from dossier.models import Quote  # noqa: E402

quotes = list(Quote.objects.published().order_by("pk").values_list("pk", flat=True)[:200])
n = 0
while True:
    quote = Quote.objects.get(pk=quotes[n % len(quotes)])
    quote.notes = f"Checked again ({n})."
    quote.save()
    n += 1
    print(n, flush=True)
    time.sleep(1)
