"""A regulator edits a provider's accreditation scope; the audit trail keeps before and after."""

import pytest

from frameworks.models import FieldOfStudy, QualificationsFramework
from registry.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_scope_form_offers_broad_and_narrow_fields_only(client, regulator, provider):
    client.force_login(regulator)

    page = client.get(f"/review/providers/{provider.slug}/").text

    assert 'for="id_scope-frameworks"' in page and 'for="id_scope-highest_level"' in page
    assert ">061 " in page or "061 Information" in page
    assert "0613 " not in page
    assert 'type="checkbox" name="scope-recognition_types"' in page


def test_editing_the_scope_records_before_and_after(client, regulator, provider):
    eqf = QualificationsFramework.objects.get(code="EQF")
    mu = QualificationsFramework.objects.get(code="MU-NQF")
    business = FieldOfStudy.objects.get(code="04")
    client.force_login(regulator)

    response = client.post(
        f"/review/providers/{provider.slug}/scope/",
        {
            "scope-frameworks": [mu.pk, eqf.pk],
            "scope-highest_level": "6",
            "scope-fields_of_study": [business.pk],
            "scope-recognition_types": ["accredited"],
        },
        follow=True,
    )

    assert "Scope saved." in response.text
    provider.refresh_from_db()
    assert provider.scope_highest_level == 6
    assert set(provider.scope_frameworks.values_list("code", flat=True)) == {"EQF", "MU-NQF"}
    assert list(provider.scope_fields.values_list("code", flat=True)) == ["04"]
    assert provider.scope_recognition_types == ["accredited"]
    event = AuditEvent.objects.for_object(provider).get(action="provider.scope_changed")
    assert event.actor == regulator
    assert event.before == {
        "frameworks": ["MU-NQF"],
        "highest_level": 8,
        "fields": ["04", "06"],
        "recognition_types": ["accredited", "endorsed", "self_attested"],
    }
    assert event.after == {
        "frameworks": ["EQF", "MU-NQF"],
        "highest_level": 6,
        "fields": ["04"],
        "recognition_types": ["accredited"],
    }
    assert "provider.scope_changed" in response.text


def test_a_detailed_field_or_a_bad_level_is_a_form_error(client, regulator, provider):
    detailed = FieldOfStudy.objects.get(code="0613")
    client.force_login(regulator)

    response = client.post(
        f"/review/providers/{provider.slug}/scope/",
        {"scope-highest_level": "0", "scope-fields_of_study": [detailed.pk]},
    )

    assert response.status_code == 400
    assert "Select a valid choice." in response.text
    assert "greater than or equal to 1" in response.text
    assert not AuditEvent.objects.filter(action="provider.scope_changed").exists()
