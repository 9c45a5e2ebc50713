"""Who reaches which portal page: another provider's people and regulators get 404, anonymous
visitors are sent to sign in, POST actions need the CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from credentials.models import Status
from registry.accounts.models import Membership
from tests.factories import MembershipFactory, ProviderFactory, UserFactory


def portal_urls(provider, draft, membership):
    """Every portal URL of `provider`, with the method that performs it."""
    code = draft.micro_credential.code
    slug = provider.slug
    return [
        ("get", reverse("portal:dashboard", args=[slug])),
        ("get", reverse("portal:create", args=[slug])),
        ("post", reverse("portal:create", args=[slug])),
        ("get", reverse("portal:micro_credential", args=[slug, code])),
        ("get", reverse("portal:edit", args=[slug, code])),
        ("post", reverse("portal:edit", args=[slug, code])),
        ("post", reverse("portal:submit", args=[slug, code])),
        ("get", reverse("portal:submit", args=[slug, code])),
        ("post", reverse("portal:withdraw", args=[slug, code])),
        ("post", reverse("portal:new_version", args=[slug, code])),
        ("get", reverse("portal:import", args=[slug])),
        ("post", reverse("portal:import", args=[slug])),
        ("get", reverse("portal:import_template", args=[slug, "csv"])),
        ("get", reverse("portal:import_template", args=[slug, "xlsx"])),
        ("get", reverse("portal:export", args=[slug])),
        ("get", reverse("portal:members", args=[slug])),
        ("post", reverse("portal:members", args=[slug])),
        ("post", reverse("portal:member_role", args=[slug, membership.pk])),
        ("post", reverse("portal:member_remove", args=[slug, membership.pk])),
        ("get", reverse("portal:audit", args=[slug])),
        ("get", reverse("portal:certificate_branding", args=[slug])),
        ("post", reverse("portal:certificate_branding", args=[slug])),
    ]


@pytest.fixture
def every_url(provider, draft, institution_staff):
    return portal_urls(provider, draft, institution_staff.memberships.get())


def test_another_providers_staff_get_404_everywhere(client, other_staff, every_url, draft):
    client.force_login(other_staff)

    for method, url in every_url:
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_another_providers_admin_gets_404_everywhere(client, other_provider, every_url):
    admin = MembershipFactory(provider=other_provider, role=Membership.Role.ADMIN).user
    client.force_login(admin)

    for method, url in every_url:
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_regulators_are_not_members_and_get_404(client, regulator, every_url):
    client.force_login(regulator)

    for method, url in every_url:
        assert getattr(client, method)(url).status_code == 404, (method, url)


def test_a_provider_that_does_not_exist_is_not_found(staff_client):
    assert (
        staff_client.get(reverse("portal:dashboard", args=["no-such-provider"])).status_code == 404
    )
    url = reverse("portal:micro_credential", args=["no-such-provider", "MC-AAAAAAAA"])
    assert staff_client.get(url).status_code == 404


def test_a_micro_credential_of_another_provider_is_not_found_under_yours(
    staff_client, provider, other_staff
):
    from tests.factories import MicroCredentialVersionFactory

    theirs = MicroCredentialVersionFactory(
        micro_credential__provider=other_staff.memberships.get().provider,
        micro_credential__created_by=other_staff,
    )
    url = reverse("portal:micro_credential", args=[provider.slug, theirs.micro_credential.code])

    assert staff_client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, every_url):
    login = reverse("login")
    for method, url in [*every_url, ("get", reverse("portal:home"))]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(f"{login}?next="), (method, url)


def test_post_actions_need_the_csrf_token(provider, draft, institution_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(institution_staff)
    url = reverse("portal:submit", args=[provider.slug, draft.micro_credential.code])

    assert client.post(url).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_home_goes_to_the_only_provider(staff_client, provider):
    response = staff_client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard", args=[provider.slug])


def test_home_lets_a_member_of_several_providers_choose(client, provider, other_provider):
    user = UserFactory()
    MembershipFactory(user=user, provider=provider)
    MembershipFactory(user=user, provider=other_provider)
    client.force_login(user)

    page = client.get(reverse("portal:home")).content.decode()

    assert "Choose the one you want to work on." in page
    assert reverse("portal:dashboard", args=[provider.slug]) in page
    assert reverse("portal:dashboard", args=[other_provider.slug]) in page


def test_home_explains_when_you_belong_to_no_provider(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("portal:home"))

    assert response.status_code == 200
    assert "not a member of any provider yet" in response.content.decode()


def test_the_dashboard_lists_the_latest_version_of_each(staff_client, provider, draft):
    ProviderFactory()  # another provider's nothing must not leak in
    page = staff_client.get(reverse("portal:dashboard", args=[provider.slug])).content.decode()

    assert draft.micro_credential.code in page
    assert draft.title in page
    assert "MU-NQF 6" in page
    assert ">Draft<" in page
    assert reverse("portal:create", args=[provider.slug]) in page
    assert reverse("portal:import", args=[provider.slug]) in page
    assert reverse("portal:audit", args=[provider.slug]) in page
