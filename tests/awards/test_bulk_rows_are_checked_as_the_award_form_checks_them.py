"""A row of a bulk issuance file is refused for exactly the reasons the award form gives for the
same values typed on the portal's page: the bulk check reads the form's own fields, without a
page's bound fields, and must not drift from it."""

import pytest
from django.utils import timezone

from credentials.awards import bulk
from credentials.awards.forms import AwardForm

pytestmark = pytest.mark.django_db


def good_row(published, n):
    return {
        "micro_credential": published.micro_credential.code,
        "learner_name": f"Learner {n}",
        "learner_email": f"learner{n}@example.org",
        "learner_identifier": f"ID{n}",
        "result": "Merit",
        "evidence_url": f"https://lms.example.org/p/{n}",
        "issued_on": timezone.localdate().isoformat(),
        "external_id": f"ROW-{n}",
        "language": "fr",
    }


BAD_CELLS = [
    {"learner_email": "not-an-address"},
    {"learner_email": "learner@exa mple.org"},
    {"learner_email": ""},
    {"evidence_url": "javascript:alert(1)"},
    {"evidence_url": "https://" + "a" * 600 + ".org/"},
    {"issued_on": "2026-13-01"},
    {"issued_on": "29 Nov 26 at noon"},
    {"issued_on": "20261129"},
    {"issued_on": ""},
    {"learner_name": "Nul\x00byte"},
    {"learner_name": "x" * 201},
    {"external_id": ""},
    {"language": "de"},
    {"micro_credential": "MC-NOTOURS1"},
    {"micro_credential": "", "learner_email": "bad", "issued_on": "soon"},
]


def form_errors(provider, row):
    form = AwardForm(row, provider=provider)
    form.full_clean()
    return {
        column: [e["message"] for e in items]
        for column, items in form.errors.get_json_data().items()
    }


def test_each_bad_cell_gets_the_form_s_own_message(published):
    provider = published.micro_credential.provider
    rows = [{**good_row(published, n), **cells} for n, cells in enumerate(BAD_CELLS)]

    result = bulk.validate_rows(provider=provider, rows=list(enumerate(rows, start=2)))

    assert not result.valid
    for number, row in enumerate(rows, start=2):
        expected = form_errors(provider, row)
        reported = {}
        for error in result.errors:
            if error.row == number:
                reported.setdefault(error.column, []).append(error.message)
        assert reported == expected, row
        assert expected  # every row above is refused by the form


def test_accepted_rows_read_as_the_form_reads_them(published):
    provider = published.micro_credential.provider
    row = {
        **good_row(published, 1),
        "learner_email": "  Ana.Ramdin@Example.ORG ",
        "issued_on": timezone.localdate().strftime("%m/%d/%Y"),
    }
    form = AwardForm(row, provider=provider)
    assert form.is_valid(), form.errors

    result = bulk.validate_rows(provider=provider, rows=[(2, row)])

    assert result.ok, result.errors
    expected = form.award_input()
    kept = result.valid[0]
    assert kept["learner_email"] == expected.learner_email
    assert kept["issued_on"] == expected.issued_on.isoformat()
    assert kept["language"] == "fr" and kept["version"] == published.pk
