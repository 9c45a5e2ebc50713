"""Every page offers English and French; the choice, a cookie set by Django's `set_language`,
sticks across pages and keeps the visitor on the page they were reading."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.text).group(1)


def switch_language(client, language, next_url):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_pages_are_in_english_by_default(client):
    response = client.get("/")

    assert html_lang(response) == "en"
    assert "Sign in" in response.text


def test_the_switcher_is_a_form_that_works_without_javascript(client):
    response = client.get("/frameworks/")

    form = re.search(r'<form[^>]*class="language-switcher".*?</form>', response.text, re.S).group(0)
    assert f'action="{reverse("set_language")}"' in form
    assert 'method="post"' in form
    assert 'aria-label="Language"' in form
    assert 'name="next" value="/frameworks/"' in form
    assert re.search(r'name="language" value="fr" lang="fr"[^>]*>Français</button>', form)
    assert re.search(r'name="language" value="en" lang="en"[^>]*aria-pressed="true"', form)


def test_switching_to_french_keeps_the_page_and_translates_it(client):
    response = switch_language(client, "fr", "/frameworks/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/frameworks/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"

    page = client.get("/frameworks/")
    assert html_lang(page) == "fr"
    assert "Se connecter" in page.text
    assert "Demander l'enregistrement" in page.text
    assert "Sign in" not in page.text
    assert re.search(r'value="fr" lang="fr"[^>]*aria-pressed="true"', page.text)


def test_the_home_page_in_french(client):
    switch_language(client, "fr", "/")

    page = client.get("/")

    assert html_lang(page) == "fr"
    assert "Registre national des microcertifications" in page.text


def test_the_institution_portal_in_french(client, provider, institution_staff, draft):
    client.force_login(institution_staff)
    dashboard = reverse("portal:dashboard", args=[provider.slug])
    switch_language(client, "fr", dashboard)

    page = client.get(dashboard)

    assert html_lang(page) == "fr"
    assert "Nouvelle microcertification" in page.text
    assert "Brouillon" in page.text  # the draft's status, a model choice
    assert "New micro-credential" not in page.text


def test_french_form_errors(client, provider, institution_staff):
    client.force_login(institution_staff)
    switch_language(client, "fr", "/")

    response = client.post(
        reverse("portal:create", args=[provider.slug]), {"title": "Cyber hygiene", "credits": "0"}
    )

    assert response.status_code == 200
    assert "Nouvelle microcertification" in response.text
    assert "Le nombre de crédits doit être supérieur à zéro." in response.text
    assert "Ce champ est obligatoire." in response.text  # Django's own catalogue


def test_switching_back_to_english(client):
    switch_language(client, "fr", "/")
    switch_language(client, "en", "/")

    page = client.get("/")

    assert html_lang(page) == "en"
    assert "Sign in" in page.text


def test_a_browser_asking_for_french_gets_french(client):
    page = client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})

    assert html_lang(page) == "fr"
    assert "Se connecter" in page.text


def test_an_unknown_language_is_ignored(client):
    response = switch_language(client, "xx", "/")

    assert response.status_code == 302
    assert html_lang(client.get("/")) == "en"


def test_the_next_page_cannot_leave_the_registry(client):
    response = switch_language(client, "fr", "https://evil.example/")

    assert response.status_code == 302
    assert not response.headers["Location"].startswith("https://evil.example")
