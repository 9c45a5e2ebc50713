import pytest
from django.urls import reverse

from frameworks.models import Level, QualificationsFramework

MODELS = [
    "creditsystem",
    "qualificationsframework",
    "level",
    "levelreference",
    "frameworkalignment",
    "fieldofstudy",
    "frameworkrule",
    "descriptionelement",
    "skill",
]


@pytest.mark.parametrize("model", MODELS)
def test_a_regulator_can_list_and_search_every_kind_of_reference_data(
    admin_client, reference_data, model
):
    url = reverse(f"admin:frameworks_{model}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "EQF"}).status_code == 200


def test_a_framework_is_edited_with_its_levels_inline(admin_client, reference_data):
    framework = QualificationsFramework.objects.get(code="NZ-NZQCF")

    response = admin_client.get(
        reverse("admin:frameworks_qualificationsframework_change", args=[framework.pk])
    )

    assert response.status_code == 200
    assert "Honours and postgraduate awards" in response.text


def test_a_level_is_edited_with_its_descriptors_and_references(admin_client, reference_data):
    level = Level.objects.get(framework__code="NZ-NZQCF", code="7")

    response = admin_client.get(reverse("admin:frameworks_level_change", args=[level.pk]))

    assert response.status_code == 200
    assert "Responsibility and autonomy" in response.text
    assert "EU-NZ joint comparison" in response.text
