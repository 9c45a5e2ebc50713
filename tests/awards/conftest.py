"""Fixtures for awards: a published micro-credential of the provider, what an award is issued
with (`award_input`) and an award (issued with the `issue` fixture of tests/conftest.py)."""

import pytest
from django.utils import timezone

from credentials.awards.services import AwardInput
from credentials.models import Status


@pytest.fixture
def published(workflow):
    """A published version of `provider` (approved today)."""
    return workflow.version_in(Status.PUBLISHED, validity_months=None)


def award_input(version, **changes) -> AwardInput:
    data = {
        "version": version,
        "learner_name": "Aisha Ramdin",
        "learner_email": "Aisha.Ramdin@example.org",
        "issued_on": timezone.localdate(),
        "external_id": "2026-CLOUD-0001",
        "learner_identifier": "R1234567",
        "result": "Distinction",
        "evidence_url": "https://lms.example.ac.mu/portfolios/1234",
    }
    data.update(changes)
    return AwardInput(**data)


@pytest.fixture
def award(issue, published):
    return issue(published)


@pytest.fixture
def certificate_folder(settings, tmp_path):
    """The certificate storage in a fresh folder: what is stored there, by relative name."""
    folder = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "certificates": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "allow_overwrite": True},
        },
    }
    return folder


def stored_files(folder) -> list[str]:
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def sent_tasks(monkeypatch):
    """The task messages sent to the broker by awards' certificates code, as (task name, args),
    instead of sending them (a test runs them itself, as a worker would)."""
    from credentials.awards import certificates

    sent: list[tuple[str, tuple]] = []

    def record(task, *args):
        sent.append((task.name, args))
        return True

    monkeypatch.setattr(certificates, "enqueue", record)
    return sent


@pytest.fixture
def in_french():
    """Headers asking for French pages; afterwards the thread's language is the default again
    (the locale middleware leaves the request's language active)."""
    from django.utils import translation

    yield {"HTTP_ACCEPT_LANGUAGE": "fr"}
    translation.deactivate()
