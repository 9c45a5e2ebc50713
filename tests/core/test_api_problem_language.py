"""API problem details speak the language the client asks for (Accept-Language), English by
default, so a French-speaking integrator reads the same errors as the pages show."""

import pytest

pytestmark = pytest.mark.django_db


def test_problem_details_are_in_english_by_default(client):
    response = client.get("/api/v1/no-such-resource/")

    assert response.status_code == 404
    assert response.json()["title"] == "Not found."
    assert response.json()["detail"] == "No API resource at /api/v1/no-such-resource/."


def test_problem_details_in_french_when_asked(client):
    response = client.get("/api/v1/no-such-resource/", headers={"accept-language": "fr"})

    assert response.status_code == 404
    assert response["Content-Language"] == "fr"
    assert response.json()["title"] == "Introuvable."
    assert response.json()["detail"] == (
        "Aucune ressource d'API à l'adresse /api/v1/no-such-resource/."
    )
