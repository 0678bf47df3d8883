"""WSGI entry point: `gunicorn dossier.wsgi`.

Python's cycle collector runs after every 700 net allocations of container
objects, and each full run walks every object alive. A page render
allocates thousands that reference counting frees at once, and the site's
own start-up (models, URL patterns, settings) lives as long as the worker.
So the start-up is frozen out of the collector's walks, and its youngest
generation waits for more allocations before it runs. Cycles are still
collected: later, and in smaller walks.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dossier.settings")

application = get_wsgi_application()

YOUNGEST_GENERATION_THRESHOLD = 5_000

gc.freeze()
gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, *gc.get_threshold()[1:])
