"""GET /api/v1/search/: the shape of the answer, and problem details for bad parameters."""

import pytest

PROBLEM = "application/problem+json"


def test_the_answer_has_results_total_pages_facets_and_suggestion(publish, search_api):
    version = publish(title="Beekeeping", summary="Keep bees.")

    body = search_api(q="beekeeping", page_size=1)

    assert set(body) == {
        "q", "total", "total_approximate", "page", "pages", "page_size", "sort", "results",
        "facets", "suggestion",
    }  # fmt: skip
    assert (body["total"], body["page"], body["pages"], body["sort"]) == (1, 1, 1, "relevance")
    assert body["total_approximate"] is False
    hit = body["results"][0]
    assert hit["code"] == version.micro_credential.code
    assert hit["url"] == f"http://testserver/micro-credentials/{hit['code']}/"
    assert hit["provider"] == {
        "slug": "uopl",
        "name": "University of Port Louis",
        "status": "registered",
    }
    assert hit["level"] == {"framework": "MU-NQF", "code": "6", "title": hit["level"]["title"]}
    assert hit["credits"] == "12.00"
    assert hit["field_of_study"]["code"] == "0613"
    assert hit["status"] == "published"
    assert [facet["name"] for facet in body["facets"]] == [
        "level", "credits", "provider", "field", "recognition", "mode", "language", "skill",
    ]  # fmt: skip
    assert not any(facet["approximate"] for facet in body["facets"])  # exact for small matches


def test_pages(publish, search_api):
    for n in range(3):
        publish(title=f"Beekeeping {n}")

    first = search_api(q="beekeeping", page_size=2, sort="newest")
    second = search_api(q="beekeeping", page_size=2, page=2, sort="newest")

    assert (first["total"], first["pages"]) == (3, 2)
    assert [hit["title"] for hit in first["results"] + second["results"]] == [
        "Beekeeping 2",
        "Beekeeping 1",
        "Beekeeping 0",
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "title"}, "sort"),
        ({"page": "two"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"credits": "lots"}, "credits"),
        ({"level": "six"}, "level"),
        ({"field": "ICT"}, "field"),
        ({"mode": "telepathy"}, "mode"),
        ({"recognition": "famous"}, "recognition"),
        ({"language": "english"}, "language"),
        ({"include": "everything"}, "include"),
        ({"facets": "maybe"}, "facets"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_bad_parameters_answer_400_with_field_errors(client, params, field):
    response = client.get("/api/v1/search/", params)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert field in response.json()["errors"]


def test_a_page_beyond_the_last_answers_400(publish, client):
    publish(title="Beekeeping")

    response = client.get("/api/v1/search/", {"q": "beekeeping", "page": 2})

    assert response.status_code == 400
    assert "page" in response.json()["errors"]


def test_the_schema_describes_the_search(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    operation = response.json()["paths"]["/api/v1/search/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "level", "credits", "provider", "field", "skill", "sort", "page"} <= names
    assert {"200", "400", "503"} <= set(operation["responses"])
