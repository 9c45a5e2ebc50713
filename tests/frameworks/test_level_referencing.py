from frameworks import selectors
from frameworks.models import FrameworkAlignment, Level, LevelReference


def _level(framework: str, code: str) -> Level:
    return Level.objects.get(framework__code=framework, code=code)


def test_new_zealand_level_7_is_compared_with_eqf_6(reference_data):
    [reference] = selectors.referenced_levels(_level("NZ-NZQCF", "7"))

    assert reference.to_framework.code == "EQF"
    assert reference.to_level.code == "6"
    assert reference.relation == "compared"
    assert "EU-NZ joint comparison" in reference.status


def test_new_zealand_level_8_is_left_unlevelled(reference_data):
    [reference] = selectors.referenced_levels(_level("NZ-NZQCF", "8"))

    assert reference.to_framework.code == "EQF"
    assert reference.to_level is None
    assert reference.relation == "unlevelled"


def test_malta_introductory_levels_sit_below_eqf_and_before_level_1(reference_data):
    [reference] = selectors.referenced_levels(_level("MT-MQF", "Introductory A"))
    codes = list(Level.objects.filter(framework__code="MT-MQF").values_list("code", flat=True))

    assert (reference.relation, reference.to_level) == ("not_referenced", None)
    assert codes[:3] == ["Introductory A", "Introductory B", "1"]


def test_mauritius_and_south_africa_have_no_invented_level_references(reference_data):
    invented = LevelReference.objects.filter(
        from_level__framework__code__in=["MU-NQF", "ZA-NQF"]
    ) | LevelReference.objects.filter(to_framework__code__in=["MU-NQF", "ZA-NQF", "SADCQF"])

    assert not invented.exists()
    assert selectors.referenced_levels(_level("MU-NQF", "7")) == []


def test_framework_wide_sadcqf_alignments_are_kept_as_notes(reference_data):
    alignment = FrameworkAlignment.objects.get(framework__code="MU-NQF")

    assert alignment.target.code == "SADCQF"
    assert (alignment.levels, alignment.target_levels) == ("1-10", "1-10")
    assert alignment.relation == "aligned"
    assert "level-by-level result not seen" in alignment.basis
    assert FrameworkAlignment.objects.filter(framework__code="AU-AQF", target__code="EQF").exists()


def test_eqf_6_lists_the_national_levels_referenced_to_it(reference_data):
    sources = {
        (reference.from_level.framework.code, reference.from_level.code)
        for reference in selectors.referencing_levels(_level("EQF", "6"))
    }

    assert sources == {("IE-NFQ", "7"), ("IE-NFQ", "8"), ("MT-MQF", "6"), ("NZ-NZQCF", "7")}
