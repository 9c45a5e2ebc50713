"""`seed_demo`: idempotent, every workflow state present, every demo login works."""

import pytest
from django.http import HttpRequest

from credentials import services as credential_services
from credentials.awards.models import LearnerLink
from credentials.models import (
    CheckReport,
    MicroCredential,
    MicroCredentialVersion,
    ReviewComment,
    Status,
)
from demo.seed import DEMO_PASSWORD, catalogue, seed_demo
from frameworks.models import Skill
from registry.accounts.models import Membership, User
from registry.audit.models import AuditEvent
from registry.providers.models import Provider

pytestmark = pytest.mark.django_db

COUNTED = [
    User,
    Provider,
    Membership,
    MicroCredential,
    MicroCredentialVersion,
    CheckReport,
    ReviewComment,
    AuditEvent,
]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def seeded(reference_data):
    return seed_demo()


def test_seeding_twice_gives_the_same_records(seeded):
    first = counts()

    seed_demo()

    assert counts() == first
    assert first["Provider"] == 3
    in_catalogue = sum(len(p["micro_credentials"]) for p in catalogue()["providers"])
    assert first["MicroCredential"] == in_catalogue >= 20


def test_every_workflow_status_is_present(seeded):
    statuses = set(MicroCredentialVersion.objects.values_list("status", flat=True))

    assert statuses == set(Status.values)


def test_a_published_micro_credential_has_a_newer_draft(seeded):
    drafts_of_published = MicroCredentialVersion.objects.filter(
        status=Status.DRAFT,
        number__gt=1,
        micro_credential__published_version__status=Status.PUBLISHED,
    )

    assert drafts_of_published.exists()


def test_submitted_versions_have_completed_reports(seeded):
    for version in MicroCredentialVersion.objects.exclude(status=Status.DRAFT):
        report = version.check_reports.get()
        assert report.state == CheckReport.State.COMPLETE, version
        assert report.checks


def test_reports_read_as_a_reviewer_would_expect(seeded):
    """The scopes and the catalogue agree: what was approved passes; the rejected nursing course
    is outside the college's fields; the procurement course's hours are a little high."""
    outcomes = {
        version.title: version.check_reports.get().outcome
        for version in MicroCredentialVersion.objects.exclude(status=Status.DRAFT)
    }
    for version in MicroCredentialVersion.objects.filter(status__in=[Status.PUBLISHED]):
        assert outcomes[version.title] == "pass", version.title
    assert outcomes["Introduction to Nursing Care Assistance"] == "fail"
    assert outcomes["Sustainable Procurement for SMEs"] == "warn"


def test_changes_requested_carries_the_reviewers_comment(seeded):
    for version in MicroCredentialVersion.objects.filter(status=Status.CHANGES_REQUESTED):
        comment = version.comments.get(kind=ReviewComment.Kind.CHANGES_REQUESTED)
        assert comment.author.is_regulator
        assert len(comment.body) > 40


def test_the_records_have_an_audit_trail_and_realistic_content(seeded):
    known_skills = set(Skill.objects.values_list("label", flat=True))
    levels = set()
    for version in MicroCredentialVersion.objects.select_related("level", "credit_system"):
        assert AuditEvent.objects.for_object(version).exists()
        assert 3 <= len(version.learning_outcomes) <= 5
        assert set(version.skills) <= known_skills, version.skills
        assert set(version.languages) <= {"en", "fr"}
        levels.add(int(version.level.code))
    assert levels == {4, 5, 6, 7, 8, 9}
    systems = set(MicroCredentialVersion.objects.values_list("credit_system__code", flat=True))
    assert systems == {"MU-HE-CREDIT", "ECTS"}


def test_each_provider_has_a_scope(seeded):
    for provider in Provider.objects.all():
        assert list(provider.scope_frameworks.values_list("code", flat=True)) == ["MU-NQF"]
        assert provider.scope_fields.exists()
        assert provider.scope_recognition_types
    assert Provider.objects.get(registration_number="PB-007").scope_highest_level == 8


def test_a_scope_changed_in_the_registry_is_kept(seeded):
    provider = Provider.objects.get(slug="ocean-business-college")
    provider.scope_highest_level = 5
    provider.save(update_fields=["scope_highest_level"])

    seed_demo()

    provider.refresh_from_db()
    assert provider.scope_highest_level == 5


def test_every_demo_login_can_sign_in(client, seeded):
    assert {login.username for login in seeded} == {
        "regulator",
        "uopl-admin",
        "uopl-staff",
        "ocean-admin",
        "ocean-staff",
        "ipem-admin",
    }
    for login in seeded:
        assert client.login(
            request=HttpRequest(), username=login.username, password=DEMO_PASSWORD
        ), login.username
        client.logout()


def test_without_reference_data_only_people_and_providers_are_seeded(no_reference_data):
    seed_demo()

    assert Provider.objects.count() == 3
    assert not MicroCredential.objects.exists()


def test_the_side_effects_at_commit_run_cleanly(
    reference_data, django_capture_on_commit_callbacks, monkeypatch, sent_mail
):
    queued = []
    monkeypatch.setattr(
        credential_services, "enqueue_on_commit", lambda task, *args: queued.append(args)
    )

    with django_capture_on_commit_callbacks(execute=True):
        seed_demo()

    assert len(queued) == CheckReport.objects.count()
    assert not CheckReport.objects.filter(state=CheckReport.State.PENDING).exists()
    assert sent_mail(), "review decisions are notified by email"
    decisions = ReviewComment.objects.exclude(
        kind__in=[ReviewComment.Kind.RESPONSE, ReviewComment.Kind.SUSPENSION]
    ).count()
    assert LearnerLink.objects.exists(), "learners are e-mailed a link to their awards"
    assert len(sent_mail()) == decisions + LearnerLink.objects.count()


def test_the_demo_regulator_passes_the_second_step_with_the_published_key(client, seeded):
    from base64 import b32decode

    from django_otp.oath import totp

    from demo.seed import DEMO_TOTP_SECRET

    client.post("/accounts/login/", {"username": "regulator", "password": DEMO_PASSWORD})
    assert client.get("/review/").status_code == 302
    code = f"{totp(b32decode(DEMO_TOTP_SECRET)):06d}"

    client.post("/accounts/two-factor/", {"code": code, "next": "/review/"})

    assert client.get("/review/").status_code == 200
