"""Repeated wrong passwords lock sign-in for that username from that address (django-axes) on the
registry's sign-in page, the only way in (the admin's sign-in form sends people there); a
regulator can lift the lock in the admin."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry.accounts.services import create_regulator
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_PAGE = "/accounts/login/"


def sign_in(client, page, username, password, address="198.51.100.7"):
    return client.post(page, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return client.get("/portal/").wsgi_request.user != AnonymousUser()


def test_after_five_wrong_passwords_even_the_right_one_is_refused_with_a_lock_page(client):
    user = UserFactory(username="asha", is_staff=True)
    answers = [
        sign_in(client, LOGIN_PAGE, user.username, "wrong-guess").status_code for _ in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]

    locked = sign_in(client, LOGIN_PAGE, user.username, PASSWORD)

    assert locked.status_code == 429
    assert "Too many failed attempts to sign in to this account" in locked.text
    assert "Try again in 15 minutes." in locked.text
    assert int(locked["Retry-After"]) == 15 * 60
    assert not signed_in(client)


def test_the_admin_sign_in_form_is_no_way_around_the_lock(client):
    user = UserFactory(username="asha", is_staff=True)
    for _ in range(5):
        sign_in(client, LOGIN_PAGE, user.username, "wrong-guess")

    through_the_admin = sign_in(client, "/admin/login/", user.username, PASSWORD)

    assert through_the_admin.status_code == 302
    assert through_the_admin["Location"].startswith("/accounts/login/")
    assert not signed_in(client)


def test_the_lock_holds_for_that_address_only(client):
    user = UserFactory(username="asha")
    for _ in range(5):
        sign_in(client, LOGIN_PAGE, user.username, "wrong-guess")

    elsewhere = sign_in(Client(), LOGIN_PAGE, user.username, PASSWORD, "198.51.100.8")

    assert elsewhere.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(client):
    user = UserFactory(username="asha")
    for _ in range(4):
        sign_in(client, LOGIN_PAGE, user.username, "wrong-guess")
    assert sign_in(client, LOGIN_PAGE, user.username, PASSWORD).status_code == 302
    client.logout()

    for _ in range(4):
        sign_in(client, LOGIN_PAGE, user.username, "wrong-guess")

    assert sign_in(client, LOGIN_PAGE, user.username, PASSWORD).status_code == 302


def test_a_regulator_lifts_the_lock_in_the_admin(client):
    user = UserFactory(username="asha")
    for _ in range(5):
        sign_in(client, LOGIN_PAGE, user.username, "wrong-guess")
    officer = create_regulator(
        username="officer", email="officer@regulator.example.org", password=PASSWORD
    )
    TOTPDevice.objects.create(user=officer, name="authenticator app", confirmed=True)
    admin = Client()
    admin.force_login(officer)
    attempt = AccessAttempt.objects.get(username="asha")

    listed = admin.get("/admin/axes/accessattempt/")
    lifted = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert listed.status_code == 200
    assert "asha" in listed.text
    assert lifted.status_code == 302
    assert sign_in(client, LOGIN_PAGE, user.username, PASSWORD).status_code == 302


def test_the_lock_page_speaks_french(client):
    user = UserFactory(username="asha")
    for _ in range(5):
        sign_in(client, LOGIN_PAGE, user.username, "wrong-guess")

    locked = client.post(
        "/accounts/login/",
        {"username": "asha", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert locked.status_code == 429
    assert "Connexion verrouillée" in locked.text
