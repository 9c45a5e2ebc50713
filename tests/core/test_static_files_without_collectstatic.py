"""A production-like process started without `collectstatic` (a fresh clone, the test servers)
still renders its pages when the manifest is not strict; a strict one refuses."""

import pytest

from registry.core.static_files import RegistryStaticFilesStorage


def storage(tmp_path, *, strict):
    uncollected = RegistryStaticFilesStorage(location=str(tmp_path), base_url="/static/")
    uncollected.manifest_strict = strict
    return uncollected


def test_an_uncollected_file_is_linked_by_its_plain_name_when_not_strict(tmp_path):
    assert storage(tmp_path, strict=False).url("css/registry.css") == "/static/css/registry.css"


def test_an_uncollected_file_is_an_error_when_strict(tmp_path):
    with pytest.raises(ValueError):
        storage(tmp_path, strict=True).url("css/registry.css")
