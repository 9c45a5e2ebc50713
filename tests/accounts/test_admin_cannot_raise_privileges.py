"""In the admin a regulator (staff, not superuser) edits people's names and addresses but never
their privileges: superuser, staff, regulator, groups and permissions are read-only for them, and
superusers are out of their reach. Memberships and review comments are read-only for everyone
there; providers' scope and status change on the regulator pages, through the services."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from credentials.models import ReviewComment
from registry.accounts.models import Membership, User
from registry.accounts.services import ensure_regulators_group
from registry.audit.models import AuditEvent
from tests.factories import MembershipFactory, RegulatorFactory, UserFactory

# The admin shows times to the second: a person who joined on a whole second is posted back as is.
WHOLE_SECOND = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
NO_INLINES = {
    "memberships-TOTAL_FORMS": "0",
    "memberships-INITIAL_FORMS": "0",
    "memberships-MIN_NUM_FORMS": "0",
    "memberships-MAX_NUM_FORMS": "0",
}
PRIVILEGES = ("is_superuser", "is_staff", "is_regulator", "groups", "user_permissions")


@pytest.fixture
def officer(db):
    user = RegulatorFactory(username="officer")
    user.groups.add(ensure_regulators_group())
    return user


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def change_form_data(page) -> dict:
    """The change form's current values, as the browser would post them back."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if isinstance(value, datetime):  # the admin's split date and time inputs
            data[f"{name}_0"], data[f"{name}_1"] = value.date(), value.time().replace(microsecond=0)
        else:
            data[name] = value
    return {**data, **NO_INLINES}


def test_a_regulator_sees_the_privileges_read_only_and_cannot_set_them(officer_client):
    person = UserFactory(first_name="Asha", date_joined=WHOLE_SECOND)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    page = officer_client.get(url)
    assert page.status_code == 200
    for name in PRIVILEGES:
        assert f'name="{name}"' not in page.text, name

    data = change_form_data(page)
    data.update(first_name="Asha-Marie", is_superuser="on", is_staff="on", is_regulator="on")
    response = officer_client.post(url, data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.first_name == "Asha-Marie"
    assert not (person.is_superuser or person.is_staff or person.is_regulator)
    event = AuditEvent.objects.get(action="admin.changed")
    assert (event.actor.username, event.object_id) == ("officer", str(person.pk))
    assert event.before == {"first_name": "Asha"}
    assert event.after == {"first_name": "Asha-Marie"}


def test_a_person_added_by_a_regulator_has_no_privileges(officer_client):
    response = officer_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "a-long-enough-password-2026",
            "password2": "a-long-enough-password-2026",
            "is_superuser": "on",
            "is_regulator": "on",
            **NO_INLINES,
        },
    )

    assert response.status_code == 302
    person = User.objects.get(username="newcomer")
    assert not (person.is_superuser or person.is_staff or person.is_regulator)
    event = AuditEvent.objects.get(action="admin.added")
    assert event.object_id == str(person.pk)
    assert "a-long-enough-password-2026" not in str(event.after)


def test_a_regulator_cannot_edit_a_superuser(officer_client, db):
    root = UserFactory(is_superuser=True, is_staff=True)

    page = officer_client.get(reverse("admin:accounts_user_change", args=[root.pk]))
    password = officer_client.get(reverse("admin:auth_user_password_change", args=[root.pk]))

    assert 'name="email"' not in page.text
    assert password.status_code == 403


def test_a_superuser_grants_privileges_and_it_is_audited(client, db):
    root = RegulatorFactory(is_superuser=True)
    person = UserFactory(date_joined=WHOLE_SECOND)
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = change_form_data(client.get(url))
    data["is_regulator"] = "on"

    client.post(url, data)

    person.refresh_from_db()
    assert person.is_regulator
    event = AuditEvent.objects.get(action="admin.changed")
    assert (event.before, event.after) == ({"is_regulator": False}, {"is_regulator": True})


def test_memberships_are_read_only_in_the_admin(officer_client, provider):
    membership = MembershipFactory(provider=provider, role=Membership.Role.STAFF)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])

    officer_client.post(url, {"user": membership.user_id, "provider": provider.pk, "role": "admin"})

    membership.refresh_from_db()
    assert membership.role == Membership.Role.STAFF
    assert officer_client.get(reverse("admin:accounts_membership_add")).status_code == 403


def test_providers_scope_and_status_are_read_only_and_details_are_audited(officer_client, provider):
    url = reverse("admin:providers_provider_change", args=[provider.pk])
    page = officer_client.get(url)
    for name in ("status", "scope_frameworks", "scope_highest_level", "slug"):
        assert f'name="{name}"' not in page.text, name
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value not in (None, "")
    }
    data.update(legal_name="University of Port Louis (renamed)", scope_highest_level="10")

    response = officer_client.post(url, data)

    assert response.status_code == 302
    provider.refresh_from_db()
    assert provider.legal_name == "University of Port Louis (renamed)"
    assert provider.scope_highest_level == 8
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.provider == provider
    assert event.after == {"legal_name": "University of Port Louis (renamed)"}
    assert officer_client.get(reverse("admin:providers_provider_add")).status_code == 403


def test_review_comments_are_read_only(officer_client, workflow):
    from credentials.models import Status

    version = workflow.version_in(Status.CHANGES_REQUESTED)
    comment = version.comments.get(kind=ReviewComment.Kind.CHANGES_REQUESTED)
    url = reverse("admin:credentials_reviewcomment_change", args=[comment.pk])

    officer_client.post(url, {"body": "Rewritten history."})

    comment.refresh_from_db()
    assert comment.body != "Rewritten history."
    assert 'name="body"' not in officer_client.get(url).text


def test_reference_data_edits_are_audited(officer_client, reference_data):
    from frameworks.models import CreditSystem

    system = CreditSystem.objects.get(code="ECTS")
    url = reverse("admin:frameworks_creditsystem_change", args=[system.pk])
    form = officer_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data["name"] = "European Credit Transfer and Accumulation System (edited)"

    assert officer_client.post(url, data).status_code == 302

    event = AuditEvent.objects.get(action="admin.changed")
    assert event.after == {"name": "European Credit Transfer and Accumulation System (edited)"}


def test_the_regulators_group_cannot_change_privileges_or_delete(db):
    codenames = set(ensure_regulators_group().permissions.values_list("codename", flat=True))

    assert {"change_user", "add_user", "change_provider", "change_level"} <= codenames
    assert not codenames & {
        "delete_user",
        "add_provider",
        "delete_provider",
        "change_membership",
        "add_membership",
        "change_reviewcomment",
        "change_group",
        "change_permission",
    }


def test_setting_a_password_in_the_admin_is_audited(officer_client, db):
    person = UserFactory()

    response = officer_client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {
            "usable_password": "true",
            "password1": "another-long-password-2026",
            "password2": "another-long-password-2026",
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="admin.password_set")
    assert (event.actor.username, event.object_id) == ("officer", str(person.pk))
    assert "another-long-password-2026" not in str(event.before) + str(event.after)


def test_the_admin_site_itself_requires_a_verified_second_factor(rf, officer):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = officer
    officer.is_verified = lambda: False
    assert not admin.site.has_permission(request)

    officer.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_deleting_reference_data_is_audited(officer_client, reference_data):
    from frameworks.models import Skill

    skill = Skill.objects.order_by("pk").first()
    changelist = reverse("admin:frameworks_skill_changelist")

    response = officer_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [skill.pk], "post": "yes"}
    )

    assert response.status_code == 302
    assert not Skill.objects.filter(pk=skill.pk).exists()
    event = AuditEvent.objects.get(action="admin.deleted")
    assert (event.object_id, event.before) == (str(skill.pk), {"object": str(skill)})
