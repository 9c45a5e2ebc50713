"""The automatic checks of a micro-credential, by API: its provider's members and regulators read
them; everybody else gets 404 (anonymous callers 401)."""

import pytest

from credentials.checks import complete_report
from credentials.models import CheckReport, Status
from tests.credentials.api.conftest import PROBLEM


@pytest.fixture
def checked(workflow):
    """A micro-credential submitted twice (changes requested in between), both checks run."""
    version = workflow.version_in(Status.CHANGES_REQUESTED)
    workflow.submit(version)
    for report in CheckReport.objects.filter(version=version):
        complete_report(report.pk)
    return version


def url(version) -> str:
    micro_credential = version.micro_credential
    return (
        f"/api/v1/providers/{micro_credential.provider.slug}/micro-credentials/"
        f"{micro_credential.code}/verification-reports/"
    )


def test_a_member_reads_every_report_newest_first(staff_api, checked):
    response = staff_api.get(url(checked))

    assert response.status_code == 200
    reports = response.json()["results"]
    assert len(reports) == 2
    assert reports[0]["id"] > reports[1]["id"]
    report = reports[0]
    assert report["version"] == checked.pk and report["version_number"] == 1
    assert report["state"] == "complete"
    assert report["outcome"] in {"pass", "warn", "fail"}
    codes = {check["code"] for check in report["checks"]}
    assert {"provider_registered", "learning_outcomes", "duplicates"} <= codes
    assert all(check["status"] in {"pass", "warn", "fail"} for check in report["checks"])


def test_a_pending_report_shows_as_pending(staff_api, workflow):
    version = workflow.version_in(Status.SUBMITTED)

    report = staff_api.get(url(version)).json()["results"][0]

    assert report["state"] == "pending"
    assert report["checks"] == [] and report["completed_at"] is None


def test_a_regulator_reads_them_by_micro_credential_and_by_version(regulator_api, checked):
    by_record = regulator_api.get(url(checked))
    by_version = regulator_api.get(f"/api/v1/review/versions/{checked.pk}/verification-reports/")

    assert by_record.status_code == by_version.status_code == 200
    assert by_record.json()["results"] == by_version.json()["results"]


def test_another_providers_member_gets_404(outsider_api, checked):
    responses = [
        outsider_api.get(url(checked)),
        outsider_api.get(url(checked).replace("/uopl/", "/ocean/")),
        outsider_api.get(f"/api/v1/review/versions/{checked.pk}/verification-reports/"),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert all(r["Content-Type"] == PROBLEM for r in responses)


def test_members_cannot_use_the_regulators_route(staff_api, checked):
    response = staff_api.get(f"/api/v1/review/versions/{checked.pk}/verification-reports/")

    assert response.status_code == 404


def test_anonymous_callers_get_401(api, checked):
    assert api.get(url(checked)).status_code == 401
