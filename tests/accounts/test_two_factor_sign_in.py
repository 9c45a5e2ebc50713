"""Two-factor sign-in: after the password, regulators (required) and anyone with an
authenticator app give a code or a recovery code before reaching anything else; regulators
without one, and admins of a provider that requires it, set one up first."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from registry.accounts.models import Membership
from registry.accounts.services import create_api_key
from registry.audit.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory, UserFactory, current_code

VERIFY = reverse("account:verify")
SETUP = reverse("account:setup")


@pytest.fixture(autouse=True)
def no_waiting_after_a_wrong_code(settings):
    """django-otp makes a person wait longer after each wrong code; these tests try again at
    once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client, user, next_url="/review/"):
    """The password step, as the sign-in page does it; returns where it leads."""
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302, "the password was refused"
    return client.get(response["Location"])


def give_code(client, code, next_url="/review/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


def enrol(client, next_url="/review/"):
    """Set up an authenticator on the setup page; returns (device, recovery codes page)."""
    client.get(f"{SETUP}?next={next_url}")
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post(SETUP, {"device": device.pk, "code": current_code(device), "next": next_url})
    device.refresh_from_db()
    return device, page


def recovery_codes(page) -> list[str]:
    return list(page.context["codes"])


def test_a_regulator_cannot_reach_the_review_pages_before_the_second_step(client, regulator):
    landing = sign_in(client, regulator)

    assert landing.status_code == 302
    assert landing["Location"] == f"{VERIFY}?next=%2Freview%2F"
    for path in ("/review/", "/review/providers/", "/admin/", "/portal/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(VERIFY), path


def test_the_admin_site_needs_the_second_step_too(client, regulator):
    sign_in(client, regulator)

    assert client.get("/admin/").headers["Location"].startswith(VERIFY)
    assert client.get("/admin/login/").headers["Location"].startswith(reverse("login"))


def test_a_wrong_code_is_refused_and_the_right_one_lets_the_regulator_in(client, regulator):
    device = regulator.totpdevice_set.get()
    sign_in(client, regulator)

    wrong = give_code(client, "000000" if current_code(device) != "000000" else "111111")
    assert wrong.status_code == 200
    assert "That code is not right." in wrong.text
    assert client.get("/review/").status_code == 302

    right = give_code(client, current_code(device))
    assert right.status_code == 302
    assert right["Location"] == "/review/"
    assert client.get("/review/").status_code == 200


def test_a_code_is_used_once(client, regulator):
    device = regulator.totpdevice_set.get()
    code = current_code(device)
    sign_in(client, regulator)
    give_code(client, code)
    client.post(reverse("logout"))

    sign_in(client, regulator)
    again = give_code(client, code)

    assert "That code is not right." in again.text


def test_a_regulator_without_an_authenticator_sets_one_up_first(client, regulator):
    regulator.totpdevice_set.all().delete()

    landing = sign_in(client, regulator)
    assert landing["Location"] == f"{SETUP}?next=%2Freview%2F"
    setup_page = client.get(landing["Location"])
    assert "<svg" in setup_page.text
    assert "Your account needs a second factor" in setup_page.text
    assert client.get("/review/").status_code == 302

    device, codes_page = enrol(client)

    assert device.confirmed
    assert codes_page.status_code == 200
    assert "no-store" in codes_page["Cache-Control"]
    assert len(recovery_codes(codes_page)) == 10
    assert len(set(recovery_codes(codes_page))) == 10
    assert client.get("/review/").status_code == 200
    assert AuditEvent.objects.filter(action="two_factor.enabled", actor=regulator).exists()


def test_a_wrong_code_does_not_confirm_the_setup(client, regulator):
    regulator.totpdevice_set.all().delete()
    sign_in(client, regulator)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=regulator)

    wrong = client.post(SETUP, {"device": device.pk, "code": "12345x"})

    assert "That code is not right" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/review/").status_code == 302


def test_a_recovery_code_works_once(client, regulator):
    regulator.totpdevice_set.all().delete()
    sign_in(client, regulator)
    _device, page = enrol(client)
    code = recovery_codes(page)[0]
    client.post(reverse("logout"))

    sign_in(client, regulator)
    first = give_code(client, code.upper())
    assert first.status_code == 302
    assert client.get("/review/").status_code == 200
    client.post(reverse("logout"))

    sign_in(client, regulator)
    second = give_code(client, code)
    assert "That code is not right." in second.text
    assert client.get("/review/").status_code == 302
    used = AuditEvent.objects.get(action="two_factor.recovery_code_used")
    assert used.after == {"remaining": 9}


def test_new_recovery_codes_replace_the_old_ones(client, regulator):
    regulator.totpdevice_set.all().delete()
    sign_in(client, regulator)
    _device, page = enrol(client)
    old = recovery_codes(page)

    renewed = client.post(reverse("account:recovery_codes"))
    new = recovery_codes(renewed)
    client.post(reverse("logout"))
    sign_in(client, regulator)

    assert set(old).isdisjoint(new)
    assert "That code is not right." in give_code(client, old[0]).text
    assert give_code(client, new[0]).status_code == 302


def test_another_authenticator_cannot_be_set_up_without_passing_the_step(client, regulator):
    sign_in(client, regulator)

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(confirmed=False).exists()


def test_an_unverified_session_does_not_authenticate_api_calls(client, regulator):
    sign_in(client, regulator)

    assert client.get(reverse("audit-event-list")).status_code == 401


def test_api_keys_need_no_second_factor(regulator):
    _key, plaintext = create_api_key(actor=regulator, provider=None, name="ci", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    assert api.get(reverse("audit-event-list")).status_code == 200


def test_regulators_cannot_turn_it_off(client, regulator):
    client.force_login(regulator)

    response = client.post(reverse("account:turn_off"), follow=True)

    assert "Two-factor sign-in is required for your account" in response.text
    assert regulator.totpdevice_set.filter(confirmed=True).exists()


def test_an_institution_admin_may_enable_it_and_turn_it_off(client, institution_admin):
    landing = sign_in(client, institution_admin, next_url="/portal/")
    assert landing.status_code == 302  # no second step yet: the portal
    assert client.get("/portal/uopl/").status_code == 200
    security = client.get(reverse("portal:security", args=["uopl"]))
    assert reverse("account:security") in security.text

    client.get(f"{SETUP}?next=/portal/")
    device = TOTPDevice.objects.get(user=institution_admin)
    client.post(SETUP, {"device": device.pk, "code": current_code(device)})
    client.post(reverse("logout"))
    sign_in(client, institution_admin, next_url="/portal/")
    assert client.get("/portal/uopl/").headers["Location"].startswith(VERIFY)
    give_code(client, current_code(device), next_url="/portal/")

    client.post(reverse("account:turn_off"))

    assert not TOTPDevice.objects.filter(user=institution_admin).exists()
    assert AuditEvent.objects.filter(action="two_factor.disabled").exists()


def test_an_admin_whose_provider_requires_it_is_made_to_enrol(client, provider, institution_admin):
    other_admin = MembershipFactory(provider=provider, role=Membership.Role.ADMIN).user
    staff = MembershipFactory(provider=provider).user
    client.force_login(other_admin)
    client.post(reverse("portal:security", args=[provider.slug]), {"require_two_factor": "on"})
    provider.refresh_from_db()
    assert provider.require_two_factor
    event = AuditEvent.objects.get(action="provider.two_factor_requirement_changed")
    assert (event.actor, event.after) == (other_admin, {"require_two_factor": True})

    client.logout()
    sign_in(client, institution_admin, next_url="/portal/")
    response = client.get("/portal/uopl/")
    assert response["Location"].startswith(SETUP)
    enrol(client, next_url="/portal/")
    assert client.get("/portal/uopl/").status_code == 200
    assert "required for your account" in client.get(reverse("account:security")).text

    client.logout()
    sign_in(client, staff, next_url="/portal/")
    assert client.get("/portal/uopl/").status_code == 200  # staff are not required


def test_only_the_providers_admins_change_the_requirement(client, provider, institution_staff):
    client.force_login(institution_staff)

    response = client.post(
        reverse("portal:security", args=[provider.slug]), {"require_two_factor": "on"}
    )

    assert response.status_code == 403
    provider.refresh_from_db()
    assert not provider.require_two_factor


def test_people_without_a_second_factor_who_need_none_sign_in_as_before(client, db):
    person = UserFactory()

    landing = sign_in(client, person, next_url="/")

    assert landing.status_code == 200
