"""Issuing is refused, saying why: a version that is not published, a provider that is not
registered or is out of scope, an issue date before approval (or in the future), a stranger."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from credentials.awards import services
from credentials.awards.models import Award
from credentials.models import Status
from registry.core.errors import InvalidTransition, NotAllowed
from registry.providers.services import deregister_provider, suspend_provider
from tests.awards.conftest import award_input

pytestmark = pytest.mark.django_db


def issue(actor, version, **changes):
    return services.issue_award(
        actor=actor,
        provider=version.micro_credential.provider,
        data=award_input(version, **changes),
    )


@pytest.mark.parametrize("status", [Status.DRAFT, Status.WITHDRAWN, Status.SUSPENDED])
def test_a_version_that_is_not_published_is_refused(workflow, institution_staff, status):
    version = workflow.version_in(status)
    with pytest.raises(InvalidTransition, match="only a published version is awarded"):
        issue(institution_staff, version)
    assert not Award.objects.exists()


@pytest.mark.parametrize("move", [suspend_provider, deregister_provider])
def test_a_provider_that_is_not_registered_is_refused(
    published, institution_staff, regulator, provider, move
):
    move(actor=regulator, provider=provider, reason="Quality assurance review.")
    provider.refresh_from_db()
    published.micro_credential.provider = provider
    with pytest.raises(InvalidTransition, match="cannot issue awards while it is not registered"):
        issue(institution_staff, published)


def test_a_provider_out_of_scope_is_refused(published, institution_staff, provider):
    provider.scope_highest_level = 4
    provider.save()
    with pytest.raises(InvalidTransition, match="not accredited to award"):
        issue(institution_staff, published)


def test_an_issue_date_before_approval_is_refused(published, institution_staff):
    with pytest.raises(ValidationError) as error:
        issue(institution_staff, published, issued_on=timezone.localdate() - timedelta(days=1))
    assert "before the micro-credential was approved" in str(error.value)


def test_an_issue_date_in_the_future_is_refused(published, institution_staff):
    with pytest.raises(ValidationError, match="future"):
        issue(institution_staff, published, issued_on=timezone.localdate() + timedelta(days=1))


def test_another_providers_member_cannot_issue(published, other_staff):
    with pytest.raises(NotAllowed):
        issue(other_staff, published)
