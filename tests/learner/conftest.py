"""Fixtures for the learner's side: awards issued through the services, the e-mails learners get
and the link each one carries."""

import re

import pytest

from credentials.awards import services
from credentials.models import Status
from tests.awards.conftest import award_input

LINK = re.compile(r"https?://\S+?(/learner/[A-Za-z0-9_-]+/)")


@pytest.fixture
def published(workflow):
    """A published version of `provider`, whose awards are valid for 24 months."""
    return workflow.version_in(Status.PUBLISHED, validity_months=24)


@pytest.fixture
def issue(institution_staff):
    """issue(version, **changes) -> the new award, issued by the provider's staff."""

    def issue(version, actor=None, **changes):
        award, _created = services.issue_award(
            actor=actor or institution_staff,
            provider=version.micro_credential.provider,
            data=award_input(version, **changes),
        )
        return award

    return issue


def link_in(message) -> str:
    """The path of the learner's link in an e-mail (the token included)."""
    return LINK.search(message.body).group(1)


@pytest.fixture
def mail_to(sent_mail):
    """mail_to(address) -> the e-mails sent so far to `address`."""

    def mail_to(address):
        return [message for message in sent_mail() if address in message.to]

    return mail_to


@pytest.fixture
def learner_page(issue, published, mail_to):
    """The path of the learner's page, from the e-mail of an award just issued to them."""

    def learner_page(version=None, **changes):
        award = issue(version or published, **changes)
        return award, link_in(mail_to(award.learner_email)[-1])

    return learner_page
