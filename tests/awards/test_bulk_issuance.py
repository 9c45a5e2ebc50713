"""Bulk issuance: every row issued once, running the batch again issues nothing new, and rows
already issued by hand are skipped rather than duplicated."""

import pytest
from django.utils import timezone

from credentials.awards import bulk, services
from credentials.awards.models import Award, IssuanceBatch
from credentials.exports import csv_bytes

pytestmark = pytest.mark.django_db


def rows_of(published, count, start=0):
    return [
        {
            "micro_credential": published.micro_credential.code,
            "learner_name": f"Learner {n}",
            "learner_email": f"learner{n}@example.org",
            "learner_identifier": f"ID{n}",
            "result": "Pass",
            "evidence_url": "",
            "issued_on": timezone.localdate().isoformat(),
            "external_id": f"ROW-{n}",
        }
        for n in range(start, start + count)
    ]


def batch_of(published, actor, rows):
    provider = published.micro_credential.provider
    parsed = bulk.parse_file(csv_bytes(list(rows[0]), rows), "awards.csv")
    result = bulk.validate_rows(provider=provider, rows=parsed)
    assert result.ok, result.errors
    return services.create_batch(
        actor=actor, provider=provider, file_name="a.csv", rows=result.valid
    )


def test_every_row_is_issued_once_even_when_run_twice(published, institution_staff):
    batch = batch_of(published, institution_staff, rows_of(published, 7))
    assert "ID3" not in str(batch.rows)  # identifiers are hashed before they are kept

    services.run_batch(batch.pk)
    IssuanceBatch.objects.filter(pk=batch.pk).update(state=IssuanceBatch.State.RUNNING)
    services.run_batch(batch.pk)

    batch.refresh_from_db()
    assert batch.state == "done" and batch.issued == batch.total == 7
    assert Award.objects.count() == 7
    assert len({a.status_index for a in Award.objects.all()}) == 7


def test_rows_issued_before_are_skipped(published, institution_staff, issue):
    issue(published, external_id="ROW-2")
    batch = batch_of(published, institution_staff, rows_of(published, 4))

    services.run_batch(batch.pk)

    assert Award.objects.count() == 4
    assert Award.objects.filter(batch=batch).count() == 3


def test_a_file_with_unknown_columns_is_refused(published):
    with pytest.raises(bulk.IssuanceFileError, match="Unknown columns"):
        bulk.parse_file(b"micro_credential,colour\nMC-1,red\n", "awards.csv")


def test_a_row_issued_by_another_run_while_signing_is_not_duplicated(
    published, institution_staff, issue, monkeypatch
):
    """Rows are signed outside any lock: another run may insert one of them before this run's
    chunk is written. The chunk then keeps the award already there and inserts the rest."""
    batch = batch_of(published, institution_staff, rows_of(published, 5))
    build = services.Issuer.build
    other_run_started = []

    def build_while_another_run_issues_row_3(self, data, slot, **kwargs):
        if data.external_id == "ROW-3" and not other_run_started:
            other_run_started.append(True)
            issue(published, external_id="ROW-3", learner_name="First run")
        return build(self, data, slot, **kwargs)

    monkeypatch.setattr(services.Issuer, "build", build_while_another_run_issues_row_3)
    services.run_batch(batch.pk)

    assert Award.objects.count() == 5
    assert Award.objects.get(external_id="ROW-3").learner_name == "First run"
    assert Award.objects.filter(batch=batch).count() == 4
    batch.refresh_from_db()
    assert batch.state == "done" and batch.issued == 5
