import shutil
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from frameworks.loader import REFERENCE_DATA_DIR, ReferenceDataError, load_reference_data
from frameworks.models import (
    CreditSystem,
    DescriptionElement,
    FieldOfStudy,
    FrameworkAlignment,
    FrameworkRule,
    Level,
    LevelReference,
    QualificationsFramework,
    Skill,
)

SOURCE_FRAMEWORKS = ["AU-AQF", "EQF", "MU-NQF", "MY-MQF", "NZ-NZQCF", "ZA-NQF"]


def _row_counts() -> dict[str, int]:
    models = [
        CreditSystem,
        QualificationsFramework,
        Level,
        LevelReference,
        FrameworkAlignment,
        FieldOfStudy,
        FrameworkRule,
        DescriptionElement,
        Skill,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_loading_seeds_frameworks_with_their_levels(reference_data):
    codes = set(QualificationsFramework.objects.values_list("code", flat=True))

    assert set(SOURCE_FRAMEWORKS) <= codes
    assert {"IE-NFQ", "MT-MQF", "SADCQF"} <= codes
    assert Level.objects.filter(framework__code__in=SOURCE_FRAMEWORKS).count() == 56
    assert Level.objects.filter(framework__code="EQF").count() == 8
    assert Level.objects.filter(framework__code="MT-MQF").count() == 10
    assert Level.objects.get(framework__code="ZA-NQF", code="5").typical_credits == (
        "120 (Higher Certificate)"
    )


def test_mauritius_credit_system_is_provisional_at_ten_hours_per_credit(reference_data):
    mauritius = CreditSystem.objects.get(code="MU-HE-CREDIT")

    assert mauritius.is_provisional is True
    assert mauritius.hours_per_credit_min == mauritius.hours_per_credit_max == Decimal("10")
    assert "SADC" in mauritius.provisional_basis
    assert QualificationsFramework.objects.get(code="MU-NQF").credit_system == mauritius


def test_other_credit_systems_keep_their_stated_hours(reference_data):
    ects = CreditSystem.objects.get(code="ECTS")
    australia = CreditSystem.objects.get(code="AU-AQF-VOL")

    assert (ects.hours_per_credit_min, ects.hours_per_credit_max) == (25, 30)
    assert ects.credits_per_full_time_year == 60
    assert not ects.is_provisional
    assert australia.hours_per_credit_min is None
    assert not australia.has_notional_hours


def test_only_eqf_levels_get_descriptors_from_the_registry(reference_data):
    eqf_6 = Level.objects.get(framework__code="EQF", code="6")

    assert eqf_6.knowledge and eqf_6.skills and eqf_6.autonomy
    assert "32017H0615" in eqf_6.descriptor_source_url
    assert not Level.objects.exclude(framework__code="EQF").filter(knowledge__gt="").exists()


def test_running_twice_creates_no_duplicates_and_changes_nothing(reference_data):
    before = _row_counts()

    second = load_reference_data()

    assert _row_counts() == before
    assert second.changed is False
    assert all(counts.created == counts.updated == 0 for counts in second.counts.values())


def test_an_edited_descriptor_and_credit_value_survive_a_reload(reference_data):
    Level.objects.filter(framework__code="EQF", code="6").update(
        knowledge="Corrected by the regulator."
    )
    CreditSystem.objects.filter(code="MU-HE-CREDIT").update(
        hours_per_credit_min=Decimal("15"), hours_per_credit_max=Decimal("15")
    )

    load_reference_data()

    assert Level.objects.get(framework__code="EQF", code="6").knowledge == (
        "Corrected by the regulator."
    )
    assert CreditSystem.objects.get(code="MU-HE-CREDIT").hours_per_credit_min == 15


def test_a_field_left_empty_is_filled_again_by_a_reload(reference_data):
    Level.objects.filter(framework__code="NZ-NZQCF", code="7").update(title="")

    report = load_reference_data()

    assert Level.objects.get(framework__code="NZ-NZQCF", code="7").title == (
        "Bachelor and graduate awards"
    )
    assert report.counts["levels"].updated == 1


def test_size_rules_are_loaded_with_numeric_bounds(reference_data):
    nz = FrameworkRule.objects.get(jurisdiction="NZ", rule="credit size", value="5-40")
    skills_programme = FrameworkRule.objects.get(rule="skills programme minimum size")
    part_qualification = FrameworkRule.objects.get(rule="part-qualification minimum size")
    transfer_cap = FrameworkRule.objects.get(rule="max credit transfer into a programme")

    assert (nz.minimum, nz.maximum, nz.unit) == (5, 40, "credits")
    assert nz.framework.code == "NZ-NZQCF"
    assert (skills_programme.minimum, skills_programme.maximum) == (8, None)
    assert skills_programme.framework.code == "ZA-NQF"
    assert (part_qualification.minimum, part_qualification.maximum) == (30, None)
    assert (transfer_cap.minimum, transfer_cap.maximum) == (None, 70)


def test_rules_without_a_number_keep_only_their_text(reference_data):
    rule = FrameworkRule.objects.get(jurisdiction="MY", rule="credit rule")

    assert (rule.minimum, rule.maximum) == (None, None)
    assert rule.value.startswith("first 40 h = 1 credit")


def test_fields_of_study_form_the_isced_hierarchy(reference_data):
    detailed = FieldOfStudy.objects.select_related("parent__parent").get(code="0613")

    assert FieldOfStudy.objects.count() == 220
    assert FieldOfStudy.objects.filter(level="broad").count() == 12
    assert detailed.level == "detailed"
    assert detailed.parent.code == "061"
    assert detailed.parent.parent.code == "06"


def test_skills_keep_every_esco_collection_they_belong_to(reference_data):
    assert Skill.objects.in_collection("transversal").count() == 95
    assert Skill.objects.in_collection("digcomp").count() == 25
    assert Skill.objects.filter(collections__len__gt=1).exists()
    assert Skill.objects.values("concept_uri").distinct().count() == Skill.objects.count()


def test_eu_description_elements_are_eleven_mandatory_and_five_optional(reference_data):
    assert DescriptionElement.objects.filter(status="mandatory").count() == 11
    assert DescriptionElement.objects.filter(status="optional").count() == 5


@pytest.mark.django_db
def test_a_file_naming_an_unknown_framework_writes_nothing(tmp_path, no_reference_data):
    directory = tmp_path / "reference_data"
    shutil.copytree(REFERENCE_DATA_DIR, directory)
    with (directory / "level_mappings.csv").open("a") as mappings:
        mappings.write("XX-NQF,1,EQF,1,referenced,made up,,,low\n")

    with pytest.raises(ReferenceDataError, match="unknown framework XX-NQF"):
        load_reference_data(directory)

    assert set(_row_counts().values()) == {0}


def test_the_management_command_prints_what_it_loaded(no_reference_data):
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert "qualifications frameworks: 9 created" in out.getvalue()
    assert "Reference data loaded." in out.getvalue()
