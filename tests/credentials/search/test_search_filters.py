"""Every filter narrows the results; several values of one filter widen it again (OR)."""

from decimal import Decimal

import pytest

from frameworks.models import FieldOfStudy, Level
from tests.credentials.search.conftest import titles


@pytest.fixture
def register(publish):
    publish(
        title="Course A",
        credits=Decimal("3"),
        participation_mode="on_site",
        recognition_type="endorsed",
        languages=["fr"],
        skills=["weld metal"],
        field_of_study=FieldOfStudy.objects.get(code="0715"),
        level=Level.objects.get(framework__code="MU-NQF", code="4"),
    )
    publish(title="Course B", credits=Decimal("25"))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "MU-NQF:4"}, ["Course A"]),
        ({"level": ["MU-NQF:4", "MU-NQF:6"]}, ["Course A", "Course B"]),
        ({"framework": "MU-NQF"}, ["Course A", "Course B"]),
        ({"framework": "EQF"}, []),
        ({"credits": "under-5"}, ["Course A"]),
        ({"credits": "20-39"}, ["Course B"]),
        ({"provider": "uopl"}, ["Course A", "Course B"]),
        ({"provider": "nobody"}, []),
        ({"field": "07"}, ["Course A"]),
        ({"field": "0613"}, ["Course B"]),
        ({"recognition": "endorsed"}, ["Course A"]),
        ({"mode": "online"}, ["Course B"]),
        ({"language": "fr"}, ["Course A"]),
        ({"skill": "weld metal"}, ["Course A"]),
        ({"skill": ["cloud security", "identity management"]}, ["Course B"]),
        ({"credits": "under-5", "mode": "online"}, []),
    ],
)
def test_filter(register, search_api, params, expected):
    assert sorted(titles(search_api(q="course", **params))) == expected


def test_filters_work_without_words(register, search_api):
    assert titles(search_api(credits="20-39")) == ["Course B"]


def test_browsing_without_words_counts_the_register_and_follows_changes(
    register, publish, search_api
):
    body = search_api(sort="credits_desc")
    assert (body["total"], titles(body)) == (2, ["Course B", "Course A"])
    assert sum(option["count"] for option in body["facets"][0]["options"]) == 2

    publish(title="Course C")

    assert search_api()["total"] == 3
