"""A production-like process started without `collectstatic` (a fresh clone, the test servers)
still renders its pages when the manifest is not strict, linking and serving the plain file
names; a strict one refuses."""

import pytest
from django.test import override_settings

from registry.core.static_files import RegistryStaticFilesStorage

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "registry.core.static_files.RegistryStaticFilesStorage"},
}


def storage(tmp_path, *, strict):
    uncollected = RegistryStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    uncollected.manifest_strict = strict
    return uncollected


def test_an_uncollected_file_is_linked_by_its_plain_name_when_not_strict(tmp_path):
    assert storage(tmp_path, strict=False).url("css/registry.css") == "/static/css/registry.css"


def test_an_uncollected_file_is_an_error_when_strict(tmp_path):
    with pytest.raises(ValueError):
        storage(tmp_path, strict=True).url("css/registry.css")


def test_a_file_missing_from_an_existing_manifest_gets_its_plain_url(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        '{"version": "1.1", "paths": {"css/other.css": "css/other.0123456789ab.css"}}'
    )
    partial = storage(tmp_path, strict=False)

    assert partial.url("css/other.css") == "/static/css/other.0123456789ab.css"
    assert partial.url("css/registry.css") == "/static/css/registry.css"


@pytest.mark.django_db
def test_pages_render_with_plain_static_urls_when_nothing_was_collected(client, tmp_path):
    with override_settings(
        STORAGES=PRODUCTION_STORAGES,
        STATIC_ROOT=tmp_path / "staticfiles",
        WHITENOISE_MANIFEST_STRICT=False,
    ):
        for path in ("/", "/search/?q=data", "/accounts/login/", "/providers/apply/"):
            response = client.get(path)

            assert response.status_code == 200, path
            assert 'href="/static/css/registry.css"' in response.content.decode(), path
