"""Fixtures for the learner's side: awards issued through the services, the e-mails learners get
and the link each one carries."""

import re

import pytest
from django.utils import timezone

from credentials.models import Status
from tests.awards.test_bulk_issuance import batch_of

LINK = re.compile(r"https?://\S+?(/learner/[A-Za-z0-9_-]+/)")


@pytest.fixture
def published(workflow):
    """A published version of `provider`, whose awards are valid for 24 months."""
    return workflow.version_in(Status.PUBLISHED, validity_months=24)


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


def row(published, n, email, name, language="en"):
    return {
        "micro_credential": published.micro_credential.code,
        "learner_name": name,
        "learner_email": email,
        "learner_identifier": "",
        "result": "Pass",
        "evidence_url": "",
        "issued_on": timezone.localdate().isoformat(),
        "external_id": f"ROW-{n}",
        "language": language,
    }


@pytest.fixture
def batch(published, institution_staff):
    """A bulk issuance of five rows for three learners (Amélie's in three cases of address)."""
    rows = [
        row(published, 1, "amelie@example.org", "Amélie Dubois", "fr"),
        row(published, 2, "bruno@example.org", "Bruno Li"),
        row(published, 3, "Amelie@Example.org", "Amélie Dubois", "fr"),
        row(published, 4, "chloe@example.org", "Chloé Ng"),
        row(published, 5, "amelie@example.org", "Amélie Dubois", "fr"),
    ]
    return batch_of(published, institution_staff, rows)
