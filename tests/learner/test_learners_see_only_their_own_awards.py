"""A learner's link opens their own awards of the provider that sent it, and nothing else:
another learner's token cannot see, download or switch someone else's award (404), and the same
address's awards of another provider are not on it."""

import pytest

from credentials.awards import services
from credentials.awards.models import Award
from credentials.models import Status
from tests.awards.conftest import award_input
from tests.learner.conftest import link_in
from tests.workflow import Workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_learners(learner_page):
    aisha, aisha_path = learner_page()
    bruno, bruno_path = learner_page(
        learner_name="Bruno Li", learner_email="bruno@example.org", external_id="B-1"
    )
    return aisha, aisha_path, bruno, bruno_path


def test_a_learner_sees_only_their_awards(client, two_learners):
    aisha, _aisha_path, bruno, bruno_path = two_learners

    page = client.get(bruno_path)

    assert bruno.verification_code in page.text
    assert aisha.verification_code not in page.text
    assert "Aisha" not in page.text


def test_another_learners_token_cannot_reach_an_award(client, two_learners):
    aisha, _aisha_path, _bruno, bruno_path = two_learners
    code = aisha.verification_code

    for path in (f"awards/{code}/credential.json", f"awards/{code}/certificate.pdf"):
        answer = client.get(f"{bruno_path}{path}")
        assert answer.status_code == 404
        assert "This award is not one of your awards" in answer.text
    switch = client.post(f"{bruno_path}awards/{code}/public-page/", {"visible": "1"})

    assert switch.status_code == 404
    aisha.refresh_from_db()
    assert aisha.public_page_visible is False
    assert client.get(f"/awards/{code}/").status_code == 404


def test_the_same_address_at_another_provider_is_another_page(
    client, learner_page, other_provider, other_staff, regulator, mail_to
):
    mine, path = learner_page()
    elsewhere = Workflow(provider=other_provider, member=other_staff, regulator=regulator)
    version = elsewhere.version_in(Status.PUBLISHED, validity_months=None)
    theirs, _created = services.issue_award(
        actor=other_staff, provider=other_provider, data=award_input(version)
    )

    assert Award.objects.filter(learner_email="Aisha.Ramdin@example.org").count() == 2
    page = client.get(path)
    assert mine.verification_code in page.text
    assert theirs.verification_code not in page.text
    other_page = client.get(link_in(mail_to("Aisha.Ramdin@example.org")[-1]))
    assert theirs.verification_code in other_page.text
    assert mine.verification_code not in other_page.text
