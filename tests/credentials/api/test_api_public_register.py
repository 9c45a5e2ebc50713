from credentials.models import Status
from tests.credentials.api.conftest import PROBLEM
from tests.factories import ProviderFactory


def test_the_public_list_shows_published_micro_credentials_with_their_elements(api, workflow):
    published = workflow.version_in(Status.PUBLISHED, title="Cloud security")
    workflow.version_in(Status.DRAFT)

    response = api.get("/api/v1/micro-credentials/")

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["code"] == published.micro_credential.code
    assert item["title"] == "Cloud security"
    assert item["status"] == "published"
    assert item["provider"] == {"slug": "uopl", "name": "University of Port Louis"}
    assert item["level"] == {"framework": "MU-NQF", "code": "6", "title": published.level.title}
    assert item["credits"] == "12.00"
    assert item["credit_system"] == "MU-HE-CREDIT"
    assert item["field_of_study"] == "0613"
    assert item["languages"] == ["en"]
    assert item["skills"] == ["cloud security", "identity management"]
    assert item["url"].endswith(f"/micro-credentials/{published.micro_credential.code}/")


def test_the_public_list_takes_a_constant_number_of_queries(
    api, workflow, django_assert_max_num_queries
):
    workflow.version_in(Status.PUBLISHED)
    with django_assert_max_num_queries(2):
        assert api.get("/api/v1/micro-credentials/").status_code == 200
    for _ in range(4):
        workflow.version_in(Status.PUBLISHED)

    with django_assert_max_num_queries(2):
        response = api.get("/api/v1/micro-credentials/")

    assert len(response.json()["results"]) == 5


def test_the_public_list_is_paged_by_cursor_newest_first(api, workflow, settings):
    versions = [workflow.version_in(Status.PUBLISHED) for _ in range(22)]

    first = api.get("/api/v1/micro-credentials/").json()
    second = api.get(first["next"]).json()

    codes = [item["code"] for item in first["results"] + second["results"]]
    assert len(first["results"]) == 20
    assert codes == [v.micro_credential.code for v in reversed(versions)]
    assert second["next"] is None


def test_the_public_list_filters_by_provider_field_prefix_language_and_level(api, workflow):
    from frameworks.models import FieldOfStudy

    ict = workflow.version_in(Status.PUBLISHED, languages=["en", "fr"])
    business = workflow.version_in(
        Status.PUBLISHED, field_of_study=FieldOfStudy.objects.get(code="0413")
    )

    def codes(query):
        response = api.get(f"/api/v1/micro-credentials/?{query}")
        assert response.status_code == 200
        return {item["code"] for item in response.json()["results"]}

    both = {ict.micro_credential.code, business.micro_credential.code}
    assert codes("field=06") == {ict.micro_credential.code}
    assert codes("field=04") == {business.micro_credential.code}
    assert codes("language=fr") == {ict.micro_credential.code}
    assert codes("provider=uopl") == both
    assert codes("provider=ocean") == set()
    assert codes("framework=MU-NQF&level=6") == both
    assert codes("level=7") == set()
    assert codes("recognition_type=accredited") == both


def test_the_public_list_can_be_ordered_by_title(api, workflow):
    workflow.version_in(Status.PUBLISHED, title="B course")
    workflow.version_in(Status.PUBLISHED, title="A course")

    response = api.get("/api/v1/micro-credentials/?ordering=title")

    assert [item["title"] for item in response.json()["results"]] == ["A course", "B course"]


def test_the_public_detail_shows_the_published_version(api, workflow):
    published = workflow.version_in(Status.PUBLISHED)

    response = api.get(f"/api/v1/micro-credentials/{published.micro_credential.code}/")

    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert response.json()["title"] == published.title


def test_a_never_published_or_unknown_micro_credential_answers_a_404_problem(api, workflow):
    draft = workflow.version_in(Status.DRAFT)
    ProviderFactory()

    for code in (draft.micro_credential.code, "MC-NOSUCH00"):
        response = api.get(f"/api/v1/micro-credentials/{code}/")

        assert response.status_code == 404
        assert response["Content-Type"] == PROBLEM
        body = response.json()
        assert body["status"] == 404
        assert body["title"] == "Not found."
        assert set(body) == {"type", "title", "status", "detail"}
