"""DESIGN.md §7, walked cell by cell: every page for every kind of person.

Another provider's objects answer 404 — never 403 — so their existence does not leak; review pages
answer 404 to anyone but a regulator; a member without the admin role gets 403 on admin-only pages.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from credentials import services
from credentials.bulk_import import EXAMPLE_ROW
from credentials.exports import IMPORT_COLUMNS, csv_bytes
from credentials.models import MicroCredentialVersion, Status
from registry.providers import services as provider_services
from tests.web.portal.conftest import form_data  # noqa: F401 - a fixture

PERSONAS = ("anonymous", "staff", "admin", "outsider", "regulator")
LOGIN = "login"


def expect(anonymous, staff, admin, outsider, regulator):
    return dict(zip(PERSONAS, (anonymous, staff, admin, outsider, regulator), strict=True))


MEMBERS_ONLY = expect(LOGIN, 200, 200, 404, 404)
ADMINS_ONLY = expect(LOGIN, 403, 200, 404, 404)
REGULATORS_ONLY = expect(LOGIN, 404, 404, 404, 200)
EVERYONE = expect(200, 200, 200, 200, 200)
NOBODY = expect(404, 404, 404, 404, 404)

PAGES = [
    ("portal:dashboard", "provider", MEMBERS_ONLY),
    ("portal:create", "provider", MEMBERS_ONLY),
    ("portal:micro_credential", "micro_credential", MEMBERS_ONLY),
    ("portal:edit", "micro_credential", MEMBERS_ONLY),
    ("portal:import", "provider", MEMBERS_ONLY),
    ("portal:export", "provider", MEMBERS_ONLY),
    ("portal:audit", "provider", MEMBERS_ONLY),
    ("portal:members", "provider", ADMINS_ONLY),
    ("regulator:queue", None, REGULATORS_ONLY),
    ("regulator:version", "version", REGULATORS_ONLY),
    ("regulator:providers", None, REGULATORS_ONLY),
    ("regulator:provider_new", None, REGULATORS_ONLY),
    ("regulator:provider", "provider", REGULATORS_ONLY),
    ("regulator:audit", None, REGULATORS_ONLY),
    ("regulator:api_keys", None, REGULATORS_ONLY),
    ("portal:awards", "provider", MEMBERS_ONLY),
    ("portal:award_issue", "provider", MEMBERS_ONLY),
    ("portal:award_bulk", "provider", MEMBERS_ONLY),
    ("portal:award", "award", MEMBERS_ONLY),
    ("portal:award_batch", "batch", MEMBERS_ONLY),
    ("public:verify", None, EVERYONE),
    ("public:verify_code", "code", EVERYONE),
    ("public:award_credential", "code", EVERYONE),
    ("public:did_document", "provider", EVERYONE),
    ("public:provider", "provider", EVERYONE),
    ("public:apply", None, EVERYONE),
    ("public:micro_credential", "micro_credential", NOBODY),  # a draft is never public
    ("frameworks:list", None, EVERYONE),
]


@pytest.fixture
def people(institution_staff, institution_admin, other_staff, regulator):
    return {
        "anonymous": None,
        "staff": institution_staff,
        "admin": institution_admin,
        "outsider": other_staff,
        "regulator": regulator,
    }


@pytest.fixture
def issued(draft, workflow, institution_staff):
    """An award of the draft's provider (for a published micro-credential), and a batch."""
    from django.utils import timezone

    from credentials.awards import services as award_services

    published = workflow.version_in(Status.PUBLISHED)
    award, _created = award_services.issue_award(
        actor=institution_staff,
        provider=published.micro_credential.provider,
        data=award_services.AwardInput(
            version=published,
            learner_name="Jean Li",
            learner_email="jean@example.org",
            issued_on=timezone.localdate(),
            external_id="PAGES-1",
        ),
    )
    batch = award_services.create_batch(
        actor=institution_staff, provider=award.provider, file_name="awards.csv", rows=[]
    )
    return award, batch


def url_for(name, target, draft, issued=None):
    award, batch = issued or (None, None)
    arguments = {
        None: [],
        "provider": [draft.micro_credential.provider.slug],
        "micro_credential": [draft.micro_credential.provider.slug, draft.micro_credential.code],
        "version": [draft.pk],
        "award": award and [award.provider.slug, award.verification_code],
        "code": award and [award.verification_code],
        "batch": batch and [batch.provider.slug, batch.pk],
    }[target]
    if name == "public:micro_credential":
        arguments = [draft.micro_credential.code]
    return reverse(name, args=arguments)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "target", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_answers_each_person_as_the_matrix_says(
    client, people, draft, issued, persona, name, target, expected
):
    if people[persona] is not None:
        client.force_login(people[persona])

    response = client.get(url_for(name, target, draft, issued))

    if expected[persona] == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "regulator"])
def test_only_members_can_submit_their_providers_draft(client, people, draft, persona):
    if people[persona] is not None:
        client.force_login(people[persona])

    response = client.post(
        reverse(
            "portal:submit",
            args=[draft.micro_credential.provider.slug, draft.micro_credential.code],
        )
    )

    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("persona", ["staff", "admin", "outsider"])
def test_only_regulators_can_decide(
    client, people, draft, persona, institution_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        services.submit(actor=institution_staff, version=draft)
    client.force_login(people[persona])

    response = client.post(
        reverse("regulator:decide", args=[draft.pk]),
        {"decision": "approve", "comment": "Looks fine to me."},
    )

    assert response.status_code == 404
    assert MicroCredentialVersion.objects.get(pk=draft.pk).status == Status.SUBMITTED


@pytest.mark.parametrize("persona", ["staff", "admin", "outsider"])
def test_the_whole_audit_trail_is_for_regulators_only(client, people, persona):
    client.force_login(people[persona])

    assert client.get(reverse("regulator:audit")).status_code == 404


def test_members_see_only_their_own_providers_audit_events(
    client, draft, other_staff, institution_staff
):
    client.force_login(other_staff)
    own_slug = other_staff.memberships.get().provider.slug

    response = client.get(reverse("portal:audit", args=[own_slug]))

    assert response.status_code == 200
    assert draft.micro_credential.code not in response.content.decode()


@pytest.mark.parametrize("persona", ["staff", "admin"])
def test_a_suspended_providers_members_read_but_cannot_draft_import_or_submit(
    client,
    people,
    draft,
    issued,
    regulator,
    persona,
    form_data,  # noqa: F811 - the portal's fixture, imported above
    django_capture_on_commit_callbacks,
):
    provider = draft.micro_credential.provider
    with django_capture_on_commit_callbacks(execute=False):
        provider_services.suspend_provider(actor=regulator, provider=provider, reason="Audit.")
    client.force_login(people[persona])
    versions = MicroCredentialVersion.objects.filter(micro_credential__provider=provider)
    before = versions.count()

    for name, target, expected in PAGES:
        if expected in (MEMBERS_ONLY, ADMINS_ONLY):
            response = client.get(url_for(name, target, draft, issued))
            assert response.status_code == expected[persona], name
    created = client.post(reverse("portal:create", args=[provider.slug]), form_data())
    imported = client.post(
        reverse("portal:import", args=[provider.slug]),
        {"file": SimpleUploadedFile("rows.csv", csv_bytes(IMPORT_COLUMNS, [EXAMPLE_ROW]))},
    )
    submitted = client.post(
        reverse("portal:submit", args=[provider.slug, draft.micro_credential.code]), follow=True
    )

    refusal = "cannot draft, import or submit micro-credentials while it is not registered"
    assert created.status_code == 200 and refusal in created.text
    assert imported.status_code == 200 and refusal in imported.text
    assert refusal in submitted.text
    assert versions.count() == before
    assert MicroCredentialVersion.objects.get(pk=draft.pk).status == Status.DRAFT


@pytest.mark.parametrize("persona", ["staff", "admin"])
def test_a_suspended_provider_cannot_issue_awards_from_the_portal(
    client, people, issued, regulator, persona, django_capture_on_commit_callbacks
):
    award, _batch = issued
    provider = award.provider
    with django_capture_on_commit_callbacks(execute=False):
        provider_services.suspend_provider(actor=regulator, provider=provider, reason="Audit.")
    client.force_login(people[persona])
    row = {
        "micro_credential": award.version.micro_credential.code,
        "learner_name": "Ana Lee",
        "learner_email": "ana@example.org",
        "issued_on": award.issued_on.isoformat(),
        "external_id": "SUSPENDED-1",
    }

    issued_one = client.post(reverse("portal:award_issue", args=[provider.slug]), row)
    issued_many = client.post(
        reverse("portal:award_bulk", args=[provider.slug]),
        {"file": SimpleUploadedFile("awards.csv", csv_bytes(list(row), [row]))},
    )

    refusal = "cannot issue awards while it is not registered"
    assert issued_one.status_code == 200 and refusal in issued_one.text
    assert issued_many.status_code == 200 and refusal in issued_many.text
    assert not provider.awards.filter(external_id="SUSPENDED-1").exists()


@pytest.mark.parametrize(("persona", "status"), [("staff", 403), ("outsider", 404)])
def test_only_the_providers_admins_revoke_awards(client, people, issued, persona, status):
    award, _batch = issued
    client.force_login(people[persona])

    response = client.post(
        reverse("portal:award_revoke", args=[award.provider.slug, award.verification_code]),
        {"reason": "Issued in error."},
    )

    assert response.status_code == status
    award.refresh_from_db()
    assert award.revoked_at is None
