"""The site's URLs plus the trivial view: a fixed 20 KB page through the
same middleware, mounted under the admin's prefix so the page cache never
holds it (it is the floor a Django response costs here, not a cached
page)."""

from django.http import HttpResponse
from django.urls import include, path

PAGE = (b"<!doctype html><html lang=en><title>Trivial</title><p>" + b"x" * 20_480)[:20_480]


def trivial(request):
    return HttpResponse(PAGE)


urlpatterns = [
    path("admin/trivial/", trivial),
    path("", include("dossier.urls")),
]
