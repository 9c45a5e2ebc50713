from decimal import Decimal

import pytest

from frameworks.credits import CreditConversionError, convert_credits
from frameworks.models import CreditSystem


def test_south_african_credits_become_an_ects_range_because_ects_is_25_to_30_hours(
    reference_data,
):
    result = convert_credits(credits=Decimal("12"), from_system="ZA-NQF-CREDIT", to_system="ECTS")

    assert (result.low, result.high) == (Decimal("4.0"), Decimal("4.8"))
    assert result.is_range is True
    assert (result.hours_low, result.hours_high) == (Decimal("120.0"), Decimal("120.0"))
    assert result.provisional is False
    assert "1 decimal place, half up" in result.rounding


def test_malaysian_credits_count_forty_hours_each(reference_data):
    result = convert_credits(
        credits=Decimal("3"), from_system="MY-MQF-CREDIT", to_system="NZ-CREDIT"
    )

    assert result.hours_low == result.hours_high == Decimal("120.0")
    assert result.low == result.high == Decimal("12.0")
    assert result.is_range is False


def test_results_are_rounded_half_up_to_one_decimal(reference_data):
    # 2 ECTS = 50-60 hours = 1.25-1.5 Malaysian credits of 40 hours.
    result = convert_credits(credits=Decimal("2"), from_system="ECTS", to_system="MY-MQF-CREDIT")

    assert (result.low, result.high) == (Decimal("1.3"), Decimal("1.5"))


def test_converting_within_one_system_keeps_the_credits(reference_data):
    result = convert_credits(credits=Decimal("10"), from_system="ECTS", to_system="ECTS")

    assert result.low == result.high == Decimal("10.0")
    assert (result.hours_low, result.hours_high) == (Decimal("250.0"), Decimal("300.0"))


def test_a_provisional_system_makes_the_result_provisional(reference_data):
    result = convert_credits(
        credits=Decimal("15"),
        from_system=CreditSystem.objects.get(code="MU-HE-CREDIT"),
        to_system=CreditSystem.objects.get(code="ZA-NQF-CREDIT"),
    )

    assert result.low == Decimal("15.0")
    assert result.provisional is True


def test_an_unknown_system_is_refused(reference_data):
    with pytest.raises(CreditConversionError, match="NOPE") as error:
        convert_credits(credits=Decimal("1"), from_system="NOPE", to_system="ECTS")

    assert error.value.field == "from_system"


def test_negative_credits_are_refused(reference_data):
    with pytest.raises(CreditConversionError, match="negative") as error:
        convert_credits(credits=Decimal("-1"), from_system="ECTS", to_system="ZA-NQF-CREDIT")

    assert error.value.field == "credits"


def test_a_system_without_notional_hours_is_refused(reference_data):
    with pytest.raises(CreditConversionError, match="AU-AQF-VOL") as error:
        convert_credits(credits=Decimal("5"), from_system="ECTS", to_system="AU-AQF-VOL")

    assert error.value.field == "to_system"
    assert isinstance(error.value, ValueError)


def test_the_credit_systems_page_converts_credits(client, reference_data):
    response = client.get(
        "/frameworks/credit-systems/", {"credits": "12", "from": "ZA-NQF-CREDIT", "to": "ECTS"}
    )

    assert response.status_code == 200
    assert "12 ZA-NQF-CREDIT credits are 4.0\N{EN DASH}4.8 ECTS credits." in response.text
    assert "half up" in response.text


def test_the_credit_systems_page_shows_a_form_error_for_a_system_without_hours(
    client, reference_data
):
    response = client.get(
        "/frameworks/credit-systems/", {"credits": "12", "from": "AU-AQF-VOL", "to": "ECTS"}
    )

    assert response.status_code == 200
    assert "states no notional hours per credit" in response.text
    assert 'aria-invalid="true"' in response.text


def test_the_credit_systems_page_shows_form_errors_for_bad_input(client, reference_data):
    response = client.get(
        "/frameworks/credit-systems/", {"credits": "lots", "from": "NOPE", "to": "ECTS"}
    )

    assert response.status_code == 200
    assert "Enter a number." in response.text
    assert "Select a valid choice." in response.text
