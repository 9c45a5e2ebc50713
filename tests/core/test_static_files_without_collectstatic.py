"""Processes started with DEBUG=0 from a fresh clone (tests, CI, the benchmarks) have run no
`collectstatic`: with STATIC_MANIFEST_STRICT=0 their pages link the plain file names and render;
with the production default a missing file is still an error."""

import pytest
from django.templatetags.static import static
from django.test import override_settings

from registry.core.static_files import ManifestStaticFilesStorage

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "registry.core.static_files.ManifestStaticFilesStorage"},
}


@pytest.fixture
def uncollected(tmp_path):
    """Production storage over an empty STATIC_ROOT: no manifest, no hashed files."""
    with override_settings(
        STORAGES=PRODUCTION_STORAGES,
        STATIC_ROOT=tmp_path / "staticfiles",
        WHITENOISE_MANIFEST_STRICT=False,
    ):
        yield


@pytest.mark.django_db
def test_pages_render_with_plain_static_urls_when_nothing_was_collected(client, uncollected):
    for path in ("/", "/search/?q=data", "/accounts/login/", "/providers/apply/"):
        response = client.get(path)

        assert response.status_code == 200, path
        assert 'href="/static/css/registry.css"' in response.content.decode(), path


def test_a_file_missing_from_an_existing_manifest_gets_its_plain_url(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        '{"version": "1.1", "paths": {"css/other.css": "css/other.0123456789ab.css"}}'
    )
    storage = ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    storage.manifest_strict = False

    assert storage.url("css/other.css") == "/static/css/other.0123456789ab.css"
    assert storage.url("css/registry.css") == "/static/css/registry.css"


def test_the_production_default_still_refuses_an_uncollected_file(tmp_path):
    with (
        override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=tmp_path),
        pytest.raises(ValueError, match="manifest entry"),
    ):
        static("css/registry.css")
