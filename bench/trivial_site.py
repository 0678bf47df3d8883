"""The site as deployed plus one trivial view, for the throughput bench to
compare the pages against: a fixed 20 KB page through the same middleware,
mounted under the admin's prefix so the page cache never holds it (it is
the floor a Django response costs here, not a cached page).

Both the settings module and the URLconf of the bench's gunicorn
(DJANGO_SETTINGS_MODULE=trivial_site, with bench/ on the Python path).
"""

from django.http import HttpResponse
from django.urls import include, path

from dossier.settings import *  # noqa: F403

ROOT_URLCONF = "trivial_site"
TRIVIAL_PATH = "/admin/trivial/"

PAGE = (b"<!doctype html><html lang=en><title>Trivial</title><p>" + b"x" * 20_480)[:20_480]


def trivial(request):
    return HttpResponse(PAGE)


urlpatterns = [
    path(TRIVIAL_PATH.strip("/") + "/", trivial),
    path("", include("dossier.urls")),
]
