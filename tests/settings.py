"""Settings for the test suite: production settings (DEBUG off) with a key
that never leaves the test process and plain HTTP for the test client."""

import os
import tempfile

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")

from dossier.settings import *  # noqa: E402,F403

# Hashing passwords properly is slow by design; tests log in a lot.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Pages link static files without a collectstatic step first; the
# production storage (hashed, compressed, served by whitenoise) is exercised by
# tests/test_static_files.py, which collects into a temporary folder.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Nothing is collected into STATIC_ROOT for tests: let whitenoise look files
# up per request instead of warning at start-up about the missing folder.
WHITENOISE_AUTOREFRESH = True

# The page cache is on, as deployed (dossier/cache.py); tests/conftest.py
# empties it before each test, and tests/test_page_cache.py proves its
# promises. Public edits reach readers at once here unless a test sets a
# freshness window: a test's own edits are then seen by its next request.
DOSSIER_PAGE_FRESHNESS = 0
# This run's own markers: another test run on the machine never moves them.
if "MARKERS_FOLDER" in CACHES["pages"].get("OPTIONS", {}):  # noqa: F405
    CACHES["pages"]["OPTIONS"]["MARKERS_FOLDER"] = tempfile.mkdtemp(prefix="dossier-test-pages-")  # noqa: F405
