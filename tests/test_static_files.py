"""Static files as production serves them: collected with hashed names,
compressed, and sent by whitenoise with a year-long cache lifetime.

The rest of the suite renders pages with plain storage (no collect step);
here the real storage runs once, into a temporary STATIC_ROOT, and every page
type must render with it (a template naming a file that does not exist fails
under the manifest's strict lookup).
"""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.test_public_pages import page_urls


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_pages_link_hashed_static_files_that_whitenoise_serves_compressed_for_a_year(
    collected, world
):
    client = Client()  # a new handler: whitenoise reads the collected files as it starts
    html = client.get("/").content.decode()
    (stylesheet,) = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert re.fullmatch(r"/static/css/dossier\.[0-9a-f]{12}\.css", stylesheet)
    assert (collected / stylesheet.removeprefix("/static/")).with_suffix(".css.gz").exists()

    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]


def test_every_page_type_renders_with_the_manifest(collected, world):
    client = Client()
    for url in page_urls(world) + ["/people/nobody/"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert "/static/css/dossier." in response.content.decode(), url
