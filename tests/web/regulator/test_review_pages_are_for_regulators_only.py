"""Everything under /review/ answers 404 to people who are not regulators, and asks anonymous
visitors to sign in."""

import pytest

from credentials.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_urls(workflow, provider):
    version = workflow.version_in(Status.PUBLISHED)
    code = version.micro_credential.code
    pages = [
        "/review/",
        f"/review/versions/{version.pk}/",
        "/review/providers/",
        "/review/providers/new/",
        f"/review/providers/{provider.slug}/",
        "/review/audit/",
    ]
    actions = [
        f"/review/versions/{version.pk}/start/",
        f"/review/versions/{version.pk}/decide/",
        f"/review/micro-credentials/{code}/suspend/",
        f"/review/micro-credentials/{code}/reinstate/",
        *(
            f"/review/providers/{provider.slug}/{action}/"
            for action in ("approve", "decline", "scope", "suspend", "deregister", "reinstate")
        ),
    ]
    return pages, actions


@pytest.mark.parametrize("persona", ["institution_admin", "institution_staff", "other_staff"])
def test_institution_people_get_404_everywhere_under_review(client, review_urls, persona, request):
    pages, actions = review_urls
    client.force_login(request.getfixturevalue(persona))

    for url in pages:
        assert client.get(url).status_code == 404, url
    for url in actions:
        assert client.post(url, {"reason": "x", "comment": "x"}).status_code == 404, url


def test_anonymous_visitors_are_sent_to_sign_in(client, review_urls):
    pages, _actions = review_urls

    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/accounts/login/?next=")


def test_regulators_see_every_page(client, regulator, review_urls):
    pages, _actions = review_urls
    client.force_login(regulator)

    for url in pages:
        assert client.get(url).status_code == 200, url
