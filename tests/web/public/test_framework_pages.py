import pytest


def test_the_framework_list_shows_each_framework_with_its_credit_system(client, reference_data):
    response = client.get("/frameworks/")

    page = response.text
    assert response.status_code == 200
    assert "New Zealand Qualifications and Credentials Framework" in page
    assert "Mauritius National Qualifications Framework" in page
    assert "Mauritius higher education credit" in page
    assert "25\N{EN DASH}30 notional hours per credit" in page
    assert "no notional hours per credit" in page
    assert page.count('class="badge badge-warn">provisional<') == 1
    assert "<td>10</td>" in page and "<td>8</td>" in page


def test_the_list_says_so_when_no_framework_is_loaded(client, no_reference_data):
    response = client.get("/frameworks/")

    assert response.status_code == 200
    assert "No frameworks have been loaded yet." in response.text


def test_a_framework_page_lists_levels_with_their_referenced_levels(client, reference_data):
    response = client.get("/frameworks/NZ-NZQCF/")

    page = response.text
    assert response.status_code == 200
    assert "Bachelor and graduate awards" in page
    assert 'href="/frameworks/EQF/levels/6/">EQF 6</a>, compared' in page
    assert "EQF: unlevelled" in page
    assert 'href="/frameworks/NZ-NZQCF/levels/7/"' in page


def test_the_eqf_page_shows_the_level_descriptors(client, reference_data):
    response = client.get("/frameworks/EQF/")

    assert response.status_code == 200
    assert "Responsibility and autonomy" in response.text
    assert "Knowledge at the most advanced frontier of a field" in response.text


def test_a_framework_wide_alignment_is_noted_without_level_results(client, reference_data):
    response = client.get("/frameworks/MU-NQF/")

    page = response.text
    assert response.status_code == 200
    assert "Level-by-level results not published" in page
    assert "NQF (Mauritius) levels 1-10 aligned with SADCQF levels 1-10" in page
    assert "EQF" not in page
    assert "provisional" in page


def test_the_sadcqf_page_lists_the_frameworks_aligned_with_it(client, reference_data):
    response = client.get("/frameworks/SADCQF/")

    assert response.status_code == 200
    assert "NQF (South Africa) levels 1-10 aligned with SADCQF" in response.text


def test_a_level_page_shows_the_level_record(client, reference_data):
    response = client.get("/frameworks/NZ-NZQCF/levels/8/")

    page = response.text
    assert response.status_code == 200
    assert "Honours and postgraduate awards" in page
    assert "EQF: unlevelled" in page
    assert "agreed to leave NZQF 8 unlevelled" in page


def test_an_eqf_level_page_lists_the_levels_referenced_to_it(client, reference_data):
    response = client.get("/frameworks/EQF/levels/6/")

    assert response.status_code == 200
    assert "Levels referenced to this level" in response.text
    assert "NZQCF 7</a>, compared" in response.text


def test_a_level_code_with_a_space_has_its_page(client, reference_data):
    response = client.get("/frameworks/MT-MQF/levels/Introductory%20A/")

    assert response.status_code == 200
    assert "EQF: not referenced" in response.text


def test_the_credit_systems_page_lists_every_system(client, reference_data):
    response = client.get("/frameworks/credit-systems/")

    assert response.status_code == 200
    assert "European Credit Transfer and Accumulation System" in response.text
    assert "SADC Qualifications Framework convention" in response.text
    assert 'class="errorlist' not in response.text


@pytest.mark.parametrize(
    "path", ["/frameworks/XX-NQF/", "/frameworks/EQF/levels/9/", "/frameworks/XX/levels/1/"]
)
def test_an_unknown_framework_or_level_is_not_found(client, reference_data, path):
    assert client.get(path).status_code == 404
