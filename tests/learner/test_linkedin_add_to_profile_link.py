"""The learner's page links each award to LinkedIn's "add a certification" form, filled in:
name, organisation, issue and expiry month, the address that proves it (the public page when
visible, else the verification page) and the code, every value URL-encoded."""

from urllib.parse import parse_qs, urlsplit

import pytest

from credentials.awards.models import Award
from credentials.models import Status

pytestmark = pytest.mark.django_db


def linkedin_link(page) -> str:
    import re

    match = re.search(r'<a href="(https://www\.linkedin\.com/profile/add\?[^"]+)"', page.text)
    return match.group(1).replace("&amp;", "&")


@pytest.fixture
def hard_title(workflow):
    return workflow.version_in(
        Status.PUBLISHED, validity_months=24, title="Data & AI: l'éthique + the law / 2026?"
    )


def test_the_link_carries_every_field(client, settings, learner_page, hard_title):
    settings.REGISTRY_BASE_URL = "https://registry.example.mu"
    award, path = learner_page(version=hard_title)

    link = linkedin_link(client.get(path))

    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    params = {name: values[0] for name, values in parse_qs(parts.query).items()}
    expires = award.valid_until.date()
    assert params == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Data & AI: l'éthique + the law / 2026?",
        "organizationName": "University of Port Louis",
        "issueYear": str(award.issued_on.year),
        "issueMonth": str(award.issued_on.month),
        "expirationYear": str(expires.year),
        "expirationMonth": str(expires.month),
        "certUrl": f"https://registry.example.mu/verify/{award.verification_code}",
        "certId": award.verification_code,
    }
    assert " " not in link and "+" not in parts.query
    assert "%26" in parts.query and "%C3%A9" in parts.query and "%2F" in parts.query


def test_the_link_points_at_the_public_page_once_visible(client, settings, learner_page):
    settings.REGISTRY_BASE_URL = "https://registry.example.mu"
    award, path = learner_page()
    Award.objects.filter(pk=award.pk).update(public_page_visible=True)

    params = parse_qs(urlsplit(linkedin_link(client.get(path))).query)

    assert params["certUrl"] == [f"https://registry.example.mu/awards/{award.verification_code}/"]


def test_no_expiry_without_a_validity(client, learner_page, workflow):
    version = workflow.version_in(Status.PUBLISHED, validity_months=None)
    _award, path = learner_page(version=version)

    params = parse_qs(urlsplit(linkedin_link(client.get(path))).query)

    assert "expirationYear" not in params and "expirationMonth" not in params
