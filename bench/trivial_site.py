"""The site as deployed plus one trivial view (`trivial_urls.py`), for the
throughput bench to compare the pages against. The settings module of the
bench's gunicorn (DJANGO_SETTINGS_MODULE=trivial_site, bench/ on the
Python path)."""

from dossier.settings import *  # noqa: F403

ROOT_URLCONF = "trivial_urls"
