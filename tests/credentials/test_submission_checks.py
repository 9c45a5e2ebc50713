"""The automatic checks on a submission, one by one, against the registry's real reference data."""

from decimal import Decimal

import pytest

from credentials import services
from credentials.checks import complete_report, run_checks
from credentials.models import CheckReport, Kind, MicroCredentialVersion, Status
from frameworks.models import (
    CreditSystem,
    FieldOfStudy,
    FrameworkRule,
    Level,
    QualificationsFramework,
)
from registry.providers.models import Provider, RecognitionType

pytestmark = pytest.mark.django_db


def checks_of(version) -> dict:
    """The checks as the task would run them, on a freshly loaded version: {code: check}."""
    version = MicroCredentialVersion.objects.with_related().get(pk=version.pk)
    return {check.code: check for check in run_checks(version)}


def size_rules_of(version) -> list:
    return [check for code, check in checks_of(version).items() if code.startswith("size_rule_")]


def level(framework: str, code: str) -> Level:
    return Level.objects.get(framework__code=framework, code=code)


def system(code: str) -> CreditSystem:
    return CreditSystem.objects.get(code=code)


def field(code: str) -> FieldOfStudy:
    return FieldOfStudy.objects.get(code=code)


def test_a_complete_draft_in_scope_passes_every_check(draft):
    checks = checks_of(draft)

    assert {code: check.status for code, check in checks.items()} == {
        "provider_registered": "pass",
        "scope_level": "pass",
        "scope_field": "pass",
        "scope_recognition": "pass",
        "credits_hours": "pass",
        "learning_outcomes": "pass",
        "duplicates": "pass",
    }
    assert all(check.message.endswith(".") for check in checks.values())


# --- Provider and scope ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [Provider.Status.SUSPENDED, Provider.Status.APPLIED])
def test_a_provider_that_is_not_registered_fails(draft, provider, status):
    provider.status = status
    provider.save(update_fields=["status"])

    check = checks_of(draft)["provider_registered"]

    assert check.status == "fail"
    assert check.message == (
        f"University of Port Louis is not registered (status: {status.label.lower()})."
    )


def test_a_level_above_the_highest_in_scope_fails(draft, provider):
    provider.scope_highest_level = 6
    provider.save(update_fields=["scope_highest_level"])
    draft.level = level("MU-NQF", "7")
    draft.save(update_fields=["level"])

    check = checks_of(draft)["scope_level"]

    assert check.status == "fail"
    assert "Level 7 is above the highest level the provider is accredited for (6)" in check.message


def test_the_highest_level_in_scope_itself_passes(draft, provider):
    provider.scope_highest_level = 6
    provider.save(update_fields=["scope_highest_level"])

    assert checks_of(draft)["scope_level"].status == "pass"


def test_a_framework_outside_the_scope_fails(draft):
    draft.level = level("ZA-NQF", "5")
    draft.save(update_fields=["level"])

    check = checks_of(draft)["scope_level"]

    assert check.status == "fail"
    assert check.message == "The provider is not accredited for the ZA-NQF framework."


def test_adding_the_framework_to_the_scope_makes_it_pass(draft, provider):
    draft.level = level("ZA-NQF", "5")
    draft.save(update_fields=["level"])
    provider.scope_frameworks.add(QualificationsFramework.objects.get(code="ZA-NQF"))

    assert checks_of(draft)["scope_level"].status == "pass"


def test_a_field_outside_the_scope_fails(draft):
    draft.field_of_study = field("0713")
    draft.save(update_fields=["field_of_study"])

    check = checks_of(draft)["scope_field"]

    assert check.status == "fail"
    assert (
        check.message
        == "Field 0713 Electricity and energy is outside the provider's accredited fields."
    )


@pytest.mark.parametrize(
    ("scope", "detailed", "status"),
    [
        ("06", "0613", "pass"),  # broad field covers its detailed fields
        ("061", "0613", "pass"),  # narrow field too
        ("0613", "0613", "pass"),
        ("0612", "0613", "fail"),  # a sibling does not
        ("07", "0613", "fail"),
        ("0613", "061", "fail"),  # a detailed scope does not cover its broader parent
    ],
)
def test_scope_field_codes_are_prefixes(draft, provider, scope, detailed, status):
    provider.scope_fields.set([field(scope)])
    draft.field_of_study = field(detailed)
    draft.save(update_fields=["field_of_study"])

    assert checks_of(draft)["scope_field"].status == status


def test_a_provider_without_fields_in_scope_fails_every_field(draft, provider):
    provider.scope_fields.clear()

    assert checks_of(draft)["scope_field"].status == "fail"


def test_a_recognition_type_the_provider_may_not_award_fails(draft, provider):
    provider.scope_recognition_types = [RecognitionType.SELF_ATTESTED]
    provider.save(update_fields=["scope_recognition_types"])

    check = checks_of(draft)["scope_recognition"]

    assert check.status == "fail"
    assert check.message == (
        "The provider may not award “Accredited by a statutory body” micro-credentials."
    )


# --- Credits and notional hours -------------------------------------------------------------


@pytest.mark.parametrize(
    ("system_code", "credits", "hours", "status"),
    [
        ("MU-HE-CREDIT", "12", 120, "pass"),  # 10 h per credit (provisional)
        ("MU-HE-CREDIT", "12", 135, "warn"),  # within 20 % of 120 h
        ("MU-HE-CREDIT", "12", 100, "warn"),
        ("MU-HE-CREDIT", "12", 144, "warn"),  # the edge of the tolerance
        ("MU-HE-CREDIT", "12", 145, "fail"),
        ("MU-HE-CREDIT", "12", 60, "fail"),
        ("MU-HE-CREDIT", "1.5", 15, "pass"),
        ("ECTS", "5", 125, "pass"),  # 25-30 h per credit
        ("ECTS", "5", 150, "pass"),
        ("ECTS", "5", 170, "warn"),
        ("ECTS", "5", 300, "fail"),
    ],
)
def test_credits_are_checked_against_notional_hours(draft, system_code, credits, hours, status):
    draft.credit_system = system(system_code)
    draft.credits = Decimal(credits)
    draft.notional_hours = hours
    draft.save(update_fields=["credit_system", "credits", "notional_hours"])

    assert checks_of(draft)["credits_hours"].status == status


def test_the_credit_message_states_the_expected_hours(draft):
    draft.credit_system = system("ECTS")
    draft.credits = Decimal("5")
    draft.notional_hours = 300
    draft.save(update_fields=["credit_system", "credits", "notional_hours"])

    assert checks_of(draft)["credits_hours"].message == (
        "300 hours does not match 5 ECTS credits, which means 125–150 hours."
    )


def test_a_credit_system_without_notional_hours_warns(draft):
    draft.credit_system = system("AU-AQF-VOL")
    draft.save(update_fields=["credit_system"])

    check = checks_of(draft)["credits_hours"]

    assert check.status == "warn"
    assert "defines no notional hours per credit" in check.message


# --- Framework size rules (data, not code) --------------------------------------------------


@pytest.fixture
def skills_programme(draft):
    """A South African skills programme at ZA-NQF level 4, 10 h per credit."""
    draft.kind = Kind.SKILLS_PROGRAMME
    draft.level = level("ZA-NQF", "4")
    draft.credit_system = system("ZA-NQF-CREDIT")
    draft.credits = Decimal("6")
    draft.notional_hours = 60
    draft.save(update_fields=["kind", "level", "credit_system", "credits", "notional_hours"])
    return draft


def test_a_skills_programme_of_6_credits_fails_the_8_credit_minimum(skills_programme):
    [rule] = size_rules_of(skills_programme)

    assert rule.status == "fail"
    assert "6 credits is below the minimum of 8" in rule.message
    assert "skills programme minimum size" in rule.message


def test_a_skills_programme_of_8_credits_passes(skills_programme):
    skills_programme.credits = Decimal("8")
    skills_programme.notional_hours = 80
    skills_programme.save(update_fields=["credits", "notional_hours"])

    [rule] = size_rules_of(skills_programme)

    assert rule.status == "pass"
    assert rule.message == "Meets the rule: ZA skills programme minimum size: 8 credits."


def test_size_rules_for_another_type_do_not_apply(skills_programme):
    """The ZA part-qualification rule (30 credits) is not applied to a skills programme, and
    neither ZA rule to a plain micro-credential."""
    assert len(size_rules_of(skills_programme)) == 1

    skills_programme.kind = Kind.MICRO_CREDENTIAL
    skills_programme.save(update_fields=["kind"])

    assert size_rules_of(skills_programme) == []


def test_a_new_zealand_micro_credential_of_45_credits_fails(draft):
    draft.level = level("NZ-NZQCF", "5")
    draft.credit_system = system("NZ-CREDIT")
    draft.credits = Decimal("45")
    draft.notional_hours = 450
    draft.save(update_fields=["level", "credit_system", "credits", "notional_hours"])

    rules = size_rules_of(draft)

    assert rules and {rule.status for rule in rules} == {"fail"}
    assert any("45 credits is above the maximum of 40" in rule.message for rule in rules)


def test_a_new_zealand_micro_credential_of_40_credits_passes(draft):
    draft.level = level("NZ-NZQCF", "5")
    draft.credit_system = system("NZ-CREDIT")
    draft.credits = Decimal("40")
    draft.notional_hours = 400
    draft.save(update_fields=["level", "credit_system", "credits", "notional_hours"])

    rules = size_rules_of(draft)

    assert rules and {rule.status for rule in rules} == {"pass"}


def test_editing_the_rule_in_the_database_changes_the_outcome(skills_programme):
    rule = FrameworkRule.objects.get(jurisdiction="ZA", applies_to_kind=Kind.SKILLS_PROGRAMME)
    assert size_rules_of(skills_programme)[0].status == "fail"

    rule.minimum = Decimal("5")
    rule.value = "5"
    rule.save(update_fields=["minimum", "value"])
    assert size_rules_of(skills_programme)[0].status == "pass"

    rule.minimum = Decimal("12")
    rule.save(update_fields=["minimum"])
    assert "below the minimum of 12" in size_rules_of(skills_programme)[0].message

    rule.checked_on_submission = False
    rule.save(update_fields=["checked_on_submission"])
    assert size_rules_of(skills_programme) == []


def test_a_rule_added_in_the_database_is_applied(draft):
    FrameworkRule.objects.create(
        jurisdiction="MU",
        framework=QualificationsFramework.objects.get(code="MU-NQF"),
        instrument="Test instrument",
        rule="maximum size",
        maximum=Decimal("10"),
        unit="credits",
        value="10",
        checked_on_submission=True,
    )

    [rule] = size_rules_of(draft)

    assert rule.status == "fail"
    assert "12 credits is above the maximum of 10" in rule.message


# --- Learning outcomes ------------------------------------------------------------------------


@pytest.mark.parametrize("outcomes", [[], ["", "   "]])
def test_no_learning_outcomes_fails(draft, outcomes):
    draft.learning_outcomes = outcomes
    draft.save(update_fields=["learning_outcomes"])

    check = checks_of(draft)["learning_outcomes"]

    assert check.status == "fail"
    assert check.message == "No learning outcome is stated."


def test_learning_outcomes_are_counted(draft):
    check = checks_of(draft)["learning_outcomes"]

    assert (check.status, check.message) == ("pass", "2 learning outcome(s) stated.")


# --- Likely duplicates ------------------------------------------------------------------------


def test_a_similar_title_at_the_same_provider_warns_naming_the_other_code(workflow):
    existing = workflow.version_in(Status.PUBLISHED, title="Cloud Security Fundamentals")
    version = workflow.new_draft(title="Cloud security fundamental")

    check = checks_of(version)["duplicates"]

    assert check.status == "warn"
    assert existing.micro_credential.code in check.message
    assert "“Cloud Security Fundamentals”" in check.message


def test_a_similar_title_at_another_provider_is_not_a_duplicate(workflow, other_provider):
    from tests.factories import MicroCredentialVersionFactory

    MicroCredentialVersionFactory(micro_credential__provider=other_provider, title="Cloud security")
    version = workflow.new_draft(title="Cloud security")

    assert checks_of(version)["duplicates"].status == "pass"


def test_rejected_and_withdrawn_titles_are_not_duplicates(workflow):
    workflow.version_in(Status.REJECTED, title="Cloud security")
    workflow.version_in(Status.WITHDRAWN, title="Cloud security")
    version = workflow.new_draft(title="Cloud security")

    assert checks_of(version)["duplicates"].status == "pass"


def test_an_earlier_version_of_the_same_micro_credential_is_not_a_duplicate(workflow):
    v1 = workflow.version_in(Status.PUBLISHED, title="Cloud security")
    v2 = services.start_new_version(actor=workflow.member, micro_credential=v1.micro_credential)

    assert checks_of(v2)["duplicates"].status == "pass"


def test_different_titles_are_not_duplicates(workflow):
    workflow.version_in(Status.PUBLISHED, title="Introduction to bookkeeping")
    version = workflow.new_draft(title="Cloud security")

    assert checks_of(version)["duplicates"].status == "pass"


# --- The report -------------------------------------------------------------------------------


def complete(workflow, version) -> CheckReport:
    report = workflow.submit(version)
    complete_report(report.pk)
    report.refresh_from_db()
    return report


def test_a_report_with_only_passes_passes(workflow):
    report = complete(workflow, workflow.new_draft())

    assert report.state == CheckReport.State.COMPLETE
    assert report.outcome == CheckReport.Outcome.PASS
    assert report.completed_at is not None
    assert [check["code"] for check in report.checks] == [
        "provider_registered",
        "scope_level",
        "scope_field",
        "scope_recognition",
        "credits_hours",
        "learning_outcomes",
        "duplicates",
    ]
    assert set(report.checks[0]) == {"code", "name", "status", "message"}


def test_a_warning_without_failures_warns(workflow):
    report = complete(workflow, workflow.new_draft(notional_hours=130))

    assert report.outcome == CheckReport.Outcome.WARN


def test_any_failure_fails_even_with_warnings(workflow):
    report = complete(workflow, workflow.new_draft(notional_hours=130, learning_outcomes=[]))

    assert report.outcome == CheckReport.Outcome.FAIL
    assert {c["code"]: c["status"] for c in report.checks}["learning_outcomes"] == "fail"


def test_failures_do_not_block_the_submission(workflow):
    version = workflow.new_draft(learning_outcomes=[], field_of_study=field("0913"))

    complete(workflow, version)

    version.refresh_from_db()
    assert version.status == Status.SUBMITTED
