"""The record page states the credits in every other credit system, through notional hours, and
the levels of other frameworks that the data references; it never invents a reference."""

from decimal import Decimal

import pytest

from frameworks.models import CreditSystem, Level

pytestmark = pytest.mark.django_db


def _page(client, micro_credential) -> str:
    response = client.get(f"/micro-credentials/{micro_credential.code}/")
    assert response.status_code == 200
    return response.text


def test_credits_are_shown_with_their_equivalents(client, provider, publish):
    # 12 Mauritian credits of 10 (provisional) hours = 120 hours; ECTS is 25-30 hours a credit.
    record = publish(provider, credits=Decimal("12"))

    page = _page(client, record)

    assert "12 credits (MU-HE-CREDIT)" in page
    assert '≈ <span class="nowrap">4–4.8 ECTS</span>' in page
    assert '≈ <span class="nowrap">12 ZA-NQF-CREDIT</span>' in page
    assert '≈ <span class="nowrap">3 MY-MQF-CREDIT</span>' in page
    assert "Converted through notional hours: 120 hours." in page
    assert "The hours per credit of MU-HE-CREDIT are provisional" in page


def test_a_credit_system_without_notional_hours_gets_no_equivalents(client, provider, publish):
    record = publish(provider, credit_system=CreditSystem.objects.get(code="AU-AQF-VOL"))

    page = _page(client, record)

    assert "AU-AQF-VOL states no notional hours per credit" in page
    assert "ECTS</span>" not in page


def test_a_referenced_level_is_shown_and_linked(client, provider, publish):
    record = publish(
        provider,
        level=Level.objects.get(framework__code="MT-MQF", code="4"),
        credit_system=CreditSystem.objects.get(code="MT-ECTS"),
        credits=Decimal("6"),
    )

    page = _page(client, record)

    assert 'href="/frameworks/MT-MQF/levels/4/"' in page
    assert 'href="/frameworks/EQF/levels/4/">EQF 4</a>, referenced' in page
    assert '≈ <span class="nowrap">6 ECTS</span>' not in page  # MT-ECTS is 25 h, ECTS 25-30 h
    assert "5–6 ECTS" in page


def test_no_eqf_level_is_invented_where_the_data_has_none(client, provider, publish):
    # MU-NQF is aligned to SADCQF framework-wide only; no level of it is referenced to the EQF.
    record = publish(provider)

    page = _page(client, record)

    assert "/frameworks/EQF/levels/" not in page
    assert "No reference of NQF (Mauritius) 6 to a level of another framework" in page
    assert "Level-by-level results not published:" in page


def test_the_level_descriptor_is_shown(client, provider, publish):
    level = Level.objects.get(framework__code="EQF", code="5")
    assert level.knowledge, "the EQF reference data has descriptors"
    record = publish(provider, level=level)

    page = _page(client, record)

    assert "The level: EQF 5" in page
    assert level.knowledge in page
