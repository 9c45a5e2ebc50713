"""The `certificates.render` task renders through a content provider and stores the PDF once,
under a name fixed by the verification code; running it again keeps the one file."""

import time

import pytest

from credentials.certificates import tasks
from credentials.certificates.extraction import extract_credential
from credentials.certificates.storage import certificate_storage
from tests.certificates.certificate_files import CREDENTIAL, RECORDED

PROVIDER = "tests.certificates.certificate_files.content_for"
RECORDER = "tests.certificates.certificate_files.record"


@pytest.fixture
def storage_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "allow_overwrite": True},
        },
    }
    settings.CERTIFICATE_CONTENT_PROVIDERS = [PROVIDER, RECORDER]
    RECORDED.clear()
    return tmp_path


def stored_files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_rendering_twice_keeps_one_file_with_the_same_bytes(storage_in_tmp):
    first = tasks.render_certificate(PROVIDER, 7, RECORDER)
    before = (storage_in_tmp / first).read_bytes()
    second = tasks.render_certificate(PROVIDER, 7, RECORDER)
    replaced = tasks.render_certificate(PROVIDER, 7, None, True)

    assert first == second == replaced == "certificates/CODE-7.pdf"
    assert stored_files(storage_in_tmp) == ["certificates/CODE-7.pdf"]
    assert (storage_in_tmp / first).read_bytes() == before
    with certificate_storage().open(first) as stored:
        assert extract_credential(stored.read()) == CREDENTIAL
    assert list(RECORDED) == [(7, first), (7, first)]


def test_an_object_that_is_gone_stores_nothing(storage_in_tmp):
    assert tasks.render_certificate(PROVIDER, 404) is None
    assert stored_files(storage_in_tmp) == []


def test_a_task_cannot_name_a_callable_the_settings_do_not_allow(storage_in_tmp):
    with pytest.raises(tasks.UnknownCallable):
        tasks.render_certificate("os.system", "echo hello")
    with pytest.raises(tasks.UnknownCallable):
        tasks.render_certificate(PROVIDER, 1, "shutil.rmtree")


def test_the_task_goes_to_the_certificates_queue(settings):
    assert settings.CELERY_TASK_ROUTES["certificates.render"] == {"queue": "certificates"}
    assert tasks.render_certificate.acks_late


def test_a_real_worker_renders_from_the_certificates_queue(storage_in_tmp, celery_worker):
    tasks.render_certificate.apply_async((PROVIDER, 11), queue="certificates")

    deadline = time.monotonic() + 120  # a bound on waiting, not a speed check
    while not stored_files(storage_in_tmp) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert stored_files(storage_in_tmp) == ["certificates/CODE-11.pdf"]
    assert list(RECORDED) == []
