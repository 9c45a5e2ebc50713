import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.frameworks.factories import LevelFactory, LevelReferenceFactory

PROBLEM = "application/problem+json"


def test_the_framework_list_gives_each_framework_its_credit_system_and_levels(
    client, reference_data
):
    response = client.get("/api/v1/frameworks/")

    frameworks = {item["code"]: item for item in response.json()}
    assert response.status_code == 200
    assert len(frameworks) == 9
    assert frameworks["MU-NQF"]["credit_system"]["is_provisional"] is True
    assert frameworks["MU-NQF"]["credit_system"]["hours_per_credit_min"] == "10.00"
    assert [level["code"] for level in frameworks["EQF"]["levels"]] == list("12345678")
    assert frameworks["SADCQF"]["credit_system"] is None
    assert frameworks["ZA-NQF"]["alignments"][0]["target"] == "SADCQF"


def test_the_framework_list_takes_a_constant_number_of_queries(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert client.get("/api/v1/frameworks/").status_code == 200
    for _ in range(5):
        LevelReferenceFactory(from_level=LevelFactory())

    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/frameworks/")

    assert len(response.json()) == 9 + 10


def test_a_framework_is_found_by_its_hyphenated_code(client, reference_data):
    response = client.get("/api/v1/frameworks/NZ-NZQCF/")

    body = response.json()
    assert response.status_code == 200
    assert body["short_name"] == "NZQCF"
    assert body["credit_system"]["code"] == "NZ-CREDIT"
    assert len(body["levels"]) == 10


def test_a_level_answers_with_its_referenced_levels(client, reference_data):
    response = client.get("/api/v1/frameworks/NZ-NZQCF/levels/7/")

    body = response.json()
    assert response.status_code == 200
    assert body["framework"] == "NZ-NZQCF"
    assert body["title"] == "Bachelor and graduate awards"
    assert body["referenced_levels"] == [
        {
            "framework": "EQF",
            "level": "6",
            "relation": "compared",
            "status": "EU-NZ joint comparison",
            "basis": "",
            "source_url": "https://www2.nzqa.govt.nz/international/recognition-arrangements/ireland-nz",
            "confidence": "high",
        }
    ]


def test_an_eqf_level_answers_with_the_levels_referenced_to_it(client, reference_data):
    response = client.get("/api/v1/frameworks/EQF/levels/1/")

    referenced_by = {
        (item["framework"], item["level"]) for item in response.json()["referenced_by"]
    }
    assert referenced_by == {("IE-NFQ", "1"), ("IE-NFQ", "2"), ("MT-MQF", "1")}


def test_an_unlevelled_reference_has_no_level(client, reference_data):
    response = client.get("/api/v1/frameworks/MT-MQF/levels/Introductory%20B/")

    [reference] = response.json()["referenced_levels"]
    assert response.status_code == 200
    assert (reference["level"], reference["relation"]) == (None, "not_referenced")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/frameworks/XX-NQF/",
        "/api/v1/frameworks/XX-NQF/levels/1/",
        "/api/v1/frameworks/EQF/levels/9/",
        "/api/v1/credit-systems/NOPE/",
    ],
)
def test_unknown_frameworks_levels_and_systems_answer_a_404_problem(client, reference_data, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 404
    assert response.json()["title"] == "Not found."


def test_credit_systems_are_listed_and_found_by_code(client, reference_data):
    listing = client.get("/api/v1/credit-systems/")
    ects = client.get("/api/v1/credit-systems/ECTS/")

    assert len(listing.json()) == 7
    assert ects.json()["hours_per_credit_min"] == "25.00"
    assert ects.json()["hours_per_credit_max"] == "30.00"


def test_convert_answers_the_conversion(client, reference_data):
    response = client.get(
        "/api/v1/credit-systems/convert/",
        {"from": "ZA-NQF-CREDIT", "to": "ECTS", "credits": "12"},
    )

    body = response.json()
    assert response.status_code == 200
    assert (body["low"], body["high"], body["is_range"]) == ("4.0", "4.8", True)
    assert (body["hours_low"], body["hours_high"]) == ("120.0", "120.0")
    assert body["provisional"] is False
    assert "half up" in body["rounding"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "ECTS", "credits": "12"}, "from"),
        ({"from": "NOPE", "to": "ECTS", "credits": "12"}, "from"),
        ({"from": "ECTS", "to": "AU-AQF-VOL", "credits": "12"}, "to"),
        ({"from": "ECTS", "to": "ZA-NQF-CREDIT", "credits": "-1"}, "credits"),
        ({"from": "ECTS", "to": "ZA-NQF-CREDIT", "credits": "twelve"}, "credits"),
    ],
)
def test_convert_answers_400_with_field_errors_for_bad_input(client, reference_data, params, field):
    response = client.get("/api/v1/credit-systems/convert/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert list(response.json()["errors"]) == [field]


def test_fields_of_study_filter_by_level_and_parent(client, reference_data):
    broad = client.get("/api/v1/fields-of-study/", {"level": "broad"}).json()
    ict = client.get("/api/v1/fields-of-study/", {"parent": "061"}).json()

    assert len(broad) == 12
    assert {item["code"] for item in ict} == {"0610", "0611", "0612", "0613", "0619"}
    assert all(item["parent"] == "061" for item in ict)


def test_the_openapi_schema_documents_the_convert_parameters(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)

    operation = schema["paths"]["/api/v1/credit-systems/convert/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"from", "to", "credits"}
    assert "/api/v1/frameworks/{code}/levels/{level_code}/" in schema["paths"]
