"""Institution admins manage their provider's members; staff cannot."""

import re

import pytest
from django.http import HttpRequest
from django.urls import reverse

from registry.accounts.models import Membership, User
from registry.audit.models import AuditEvent
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def members_url(provider):
    return reverse("portal:members", args=[provider.slug])


def add(client, url, django_capture_on_commit_callbacks, **overrides):
    data = {"full_name": "Priya Ramdin", "email": "priya@uopl.example.org", "role": "staff"}
    data.update(overrides)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data, follow=True)


def test_admin_sees_the_members(portal_admin_client, members_url, institution_staff):
    page = portal_admin_client.get(members_url).content.decode()

    assert institution_staff.email in page
    assert '<label for="id_full_name">' in page
    assert '<label for="id_email">' in page
    assert '<label for="id_role">' in page


def test_adding_a_member_emails_a_set_password_link(
    portal_admin_client,
    members_url,
    provider,
    sent_mail,
    django_capture_on_commit_callbacks,
    client,
):
    response = add(portal_admin_client, members_url, django_capture_on_commit_callbacks)

    assert (
        "We have sent an invitation to priya@uopl.example.org to join as Institution staff."
        in response.content.decode()
    )
    user = User.objects.get(email="priya@uopl.example.org")
    assert not user.has_usable_password()
    assert user.get_full_name() == "Priya Ramdin"
    assert Membership.objects.get(user=user).provider == provider
    event = AuditEvent.objects.get(action="membership.added")
    assert event.provider == provider
    assert event.actor.username == "admin"
    assert event.after == {"user": "priya@uopl.example.org", "role": "staff"}

    assert len(sent_mail()) == 1
    message = sent_mail()[0]
    assert message.to == ["priya@uopl.example.org"]
    assert "University of Port Louis" in message.subject
    link = re.search(r"https?://\S+/accounts/reset/\S+/", message.body).group(0)

    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert "Choose your password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a-long-new-passphrase-42", "new_password2": "a-long-new-passphrase-42"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-new-passphrase-42")
    assert client.login(
        request=HttpRequest(), username=user.username, password="a-long-new-passphrase-42"
    )
    assert client.get(reverse("portal:home")).url == reverse(
        "portal:dashboard", args=[provider.slug]
    )


def test_adding_an_existing_member_is_a_form_error(
    portal_admin_client,
    members_url,
    institution_staff,
    sent_mail,
    django_capture_on_commit_callbacks,
):
    response = add(
        portal_admin_client,
        members_url,
        django_capture_on_commit_callbacks,
        email=institution_staff.email,
    )

    assert f"{institution_staff.email} is already a member." in response.content.decode()
    assert sent_mail() == []
    assert not AuditEvent.objects.filter(action="membership.added").exists()


def test_a_person_with_an_account_is_added_with_the_same_answer_and_a_notice(
    portal_admin_client, members_url, provider, sent_mail, django_capture_on_commit_callbacks
):
    person = UserFactory(email="priya@uopl.example.org", first_name="Priya")

    response = add(portal_admin_client, members_url, django_capture_on_commit_callbacks)

    assert (
        "We have sent an invitation to priya@uopl.example.org to join as Institution staff."
        in response.text
    )
    assert Membership.objects.get(user=person).provider == provider
    (notice,) = sent_mail()
    assert notice.to == ["priya@uopl.example.org"]
    assert "/accounts/login/" in notice.body
    assert "/accounts/reset/" not in notice.body


def test_a_regulators_address_gets_the_same_answer_and_becomes_no_member(
    portal_admin_client,
    members_url,
    provider,
    regulator,
    sent_mail,
    django_capture_on_commit_callbacks,
):
    unknown = add(portal_admin_client, members_url, django_capture_on_commit_callbacks)
    sent_mail().clear()

    response = add(
        portal_admin_client,
        members_url,
        django_capture_on_commit_callbacks,
        email=regulator.email,
    )

    told = [message for message in unknown.context["messages"]]
    assert [str(m) for m in response.context["messages"]] == [
        str(told[0]).replace("priya@uopl.example.org", regulator.email)
    ]
    assert "Regulator" not in response.text.split("<main")[1].split("<table")[0]
    assert not Membership.objects.filter(user=regulator).exists()
    assert not AuditEvent.objects.filter(action="membership.added", after__user=regulator.email)
    (notice,) = sent_mail()
    assert notice.to == [regulator.email]
    assert "Regulator officers cannot be members of a provider" in notice.body


def test_admin_changes_a_role_and_it_is_audited(portal_admin_client, provider, institution_staff):
    membership = institution_staff.memberships.get()
    url = reverse("portal:member_role", args=[provider.slug, membership.pk])

    response = portal_admin_client.post(url, {f"m{membership.pk}-role": "admin"}, follow=True)

    membership.refresh_from_db()
    assert membership.role == "admin"
    assert "is now Institution admin." in response.content.decode()
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert (event.before["role"], event.after["role"]) == ("staff", "admin")
    assert event.provider == provider


def test_admin_removes_a_member_and_it_is_audited(portal_admin_client, provider, institution_staff):
    membership = institution_staff.memberships.get()
    url = reverse("portal:member_remove", args=[provider.slug, membership.pk])

    response = portal_admin_client.post(url, follow=True)

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=institution_staff.pk).exists()
    assert "is no longer a member of University of Port Louis." in response.content.decode()
    event = AuditEvent.objects.get(action="membership.removed")
    assert event.before == {"user": institution_staff.email, "role": "staff"}


def test_the_last_admin_can_neither_leave_nor_step_down(
    portal_admin_client, provider, institution_admin
):
    membership = institution_admin.memberships.get()

    removed = portal_admin_client.post(
        reverse("portal:member_remove", args=[provider.slug, membership.pk]), follow=True
    )
    demoted = portal_admin_client.post(
        reverse("portal:member_role", args=[provider.slug, membership.pk]),
        {f"m{membership.pk}-role": "staff"},
        follow=True,
    )

    message = "University of Port Louis must keep at least one institution admin."
    assert message in removed.content.decode()
    assert message in demoted.content.decode()
    membership.refresh_from_db()
    assert membership.role == "admin"
    assert not AuditEvent.objects.filter(action__startswith="membership.").exists()


def test_an_admin_may_leave_when_another_admin_remains(
    portal_admin_client, provider, institution_admin
):
    MembershipFactory(provider=provider, role="admin")
    membership = institution_admin.memberships.get()

    response = portal_admin_client.post(
        reverse("portal:member_remove", args=[provider.slug, membership.pk])
    )

    assert response.url == reverse("portal:home")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_staff_cannot_manage_members(
    staff_client, provider, institution_admin, members_url, django_capture_on_commit_callbacks
):
    membership = institution_admin.memberships.get()

    page = staff_client.get(members_url)
    assert page.status_code == 403
    assert "Only institution admins may manage the members." in page.content.decode()
    assert add(staff_client, members_url, django_capture_on_commit_callbacks).status_code == 403
    for name in ("member_role", "member_remove"):
        url = reverse(f"portal:{name}", args=[provider.slug, membership.pk])
        assert staff_client.post(url, {f"m{membership.pk}-role": "staff"}).status_code == 403
    assert not User.objects.filter(email="priya@uopl.example.org").exists()
    assert Membership.objects.filter(pk=membership.pk, role="admin").exists()
    assert not AuditEvent.objects.exists()


def test_the_dashboard_links_members_for_admins(portal_admin_client, provider):
    url = reverse("portal:dashboard", args=[provider.slug])
    members = reverse("portal:members", args=[provider.slug])

    assert members in portal_admin_client.get(url).content.decode()


def test_staff_dashboard_has_no_members_link(staff_client, provider):
    page = staff_client.get(reverse("portal:dashboard", args=[provider.slug])).content.decode()

    assert reverse("portal:members", args=[provider.slug]) not in page


def test_another_providers_membership_is_not_found(portal_admin_client, provider, other_staff):
    membership = other_staff.memberships.get()

    url = reverse("portal:member_remove", args=[provider.slug, membership.pk])

    assert portal_admin_client.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
