"""`manage.py backup_registry` / `restore_registry`, run as an operator runs them (processes of
their own, DATABASE_URL and MEDIA_ROOT from the environment): the demo register comes back into an
empty database row for row, audit trail included, with its media files, and the application role's
grants given again; a database that is not empty is refused."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.db import connection

from demo.seed import seed_demo
from registry.audit.services import record_event
from registry.core.backups import TABLES, read_manifest, table_checksums
from registry.providers.models import Provider
from tests.processes import ROOT, url_of_the_test_database


def manage(*arguments: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=database_url, MEDIA_ROOT=str(media_root), DEBUG="1")
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def connect(url: str, **kwargs) -> psycopg.Connection:
    return psycopg.connect(url, password=connection.settings_dict["PASSWORD"] or None, **kwargs)


@pytest.fixture
def media(tmp_path):
    """Two media files."""
    media = tmp_path / "media"
    (media / "certificates").mkdir(parents=True)
    (media / "certificates" / "award-1.pdf").write_bytes(b"%PDF-1.7 " + secrets.token_bytes(2048))
    (media / "imports.csv").write_text("title,credits\nData protection,6\n")
    return media


@pytest.fixture
def seeded(transactional_db, worker_idle_before_flush, reference_data, media):
    """The demo register, committed (other processes read it), and the media files; what its
    seeding queued for Celery does not outlive the test."""
    seed_demo()
    return media


@pytest.fixture
def registered(transactional_db, reference_data, media):
    """The reference data only (committed), and the media files."""
    return media


@pytest.fixture
def empty_database():
    """A new, empty database beside the test database, dropped afterwards."""
    test_url = url_of_the_test_database()
    name = f"{connection.settings_dict['NAME']}_restore_{secrets.token_hex(3)}"
    maintenance = urlunsplit(urlsplit(test_url)._replace(path="/postgres"))
    with connect(maintenance, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(urlsplit(test_url)._replace(path=f"/{name}"))
    with connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def application_role(empty_database):
    role = f"registry_app_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    yield role
    with connect(empty_database, autocommit=True) as conn:  # its grants live in that database
        conn.execute(f'DROP OWNED BY "{role}"')
    with connection.cursor() as cursor:
        cursor.execute(f'DROP ROLE "{role}"')


def checksums(url: str) -> dict:
    with connect(url) as conn:
        return table_checksums(conn)


def audit_trail(url: str) -> list[tuple]:
    with connect(url) as conn:
        return conn.execute("SELECT * FROM audit_auditevent ORDER BY id").fetchall()


def after_backup_events(url: str) -> int:
    with connect(url) as conn:
        query = "SELECT count(*) FROM audit_auditevent WHERE action = 'test.after_backup'"
        return conn.execute(query).fetchone()[0]


def test_the_demo_register_round_trips_row_for_row_with_its_media(
    seeded, empty_database, application_role, tmp_path
):
    source = url_of_the_test_database()
    backup_dir = tmp_path / "backup"
    restored_media = tmp_path / "restored-media"

    made = manage(
        "backup_registry", "--output", str(backup_dir), database_url=source, media_root=seeded
    )
    assert made.returncode == 0, made.stderr
    assert "2 media files" in made.stdout
    provider = Provider.objects.first()
    record_event(actor=None, action="test.after_backup", obj=provider, provider=provider)

    restored = manage(
        "restore_registry",
        str(backup_dir),
        "--app-role",
        application_role,
        database_url=empty_database,
        media_root=restored_media,
    )

    assert restored.returncode == 0, restored.stderr
    assert "every table's checksum as backed up" in restored.stdout
    # Every table as it was at the backup's moment. (The source itself may have moved on since:
    # a worker of this test session may be sending the demo's e-mails or rendering its
    # certificates; the row written after the backup is below.)
    backed_up = read_manifest(backup_dir)["tables"]
    after = checksums(empty_database)
    assert len(after) > 30
    assert after == backed_up
    trail = audit_trail(empty_database)
    assert len(trail) > 50
    assert trail == audit_trail(source)[: len(trail)]
    assert after_backup_events(source) == 1
    assert after_backup_events(empty_database) == 0
    assert {path.name for path in restored_media.rglob("*") if path.is_file()} == {
        "award-1.pdf",
        "imports.csv",
    }
    assert (restored_media / "certificates" / "award-1.pdf").read_bytes() == (
        seeded / "certificates" / "award-1.pdf"
    ).read_bytes()
    with connect(empty_database) as conn:
        grants = conn.execute(
            "SELECT privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee = %s AND table_name = 'audit_auditevent' ORDER BY 1",
            [application_role],
        ).fetchall()
    assert grants == [("INSERT",), ("SELECT",)]


def test_a_database_with_tables_is_refused_unless_forced(registered, empty_database, tmp_path):
    source = url_of_the_test_database()
    backup_dir = tmp_path / "backup"
    assert (
        manage(
            "backup_registry",
            "--output",
            str(backup_dir),
            database_url=source,
            media_root=registered,
        ).returncode
        == 0
    )
    with connect(empty_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (body text)")

    refused = manage(
        "restore_registry", str(backup_dir), database_url=empty_database, media_root=tmp_path / "m"
    )

    assert refused.returncode != 0
    assert "Refusing to restore over 1 table in" in refused.stderr
    with connect(empty_database) as conn:
        assert len(conn.execute(TABLES).fetchall()) == 1

    forced = manage(
        "restore_registry",
        str(backup_dir),
        "--force",
        database_url=empty_database,
        media_root=tmp_path / "m",
    )

    assert forced.returncode == 0, forced.stderr
    assert "not in the backup and were left as they were: public.notes" in forced.stderr
    assert checksums(empty_database)["public.frameworks_skill"]["rows"] > 1000
    assert "grant_application_role" in forced.stdout  # the reminder, without --app-role


def test_a_damaged_backup_is_refused_before_anything_is_restored(
    registered, empty_database, tmp_path
):
    backup_dir = tmp_path / "backup"
    assert (
        manage(
            "backup_registry",
            "--output",
            str(backup_dir),
            database_url=url_of_the_test_database(),
            media_root=registered,
        ).returncode
        == 0
    )
    with (backup_dir / "database.dump").open("r+b") as dump:
        dump.seek(-100, os.SEEK_END)
        dump.write(b"\0" * 10)

    refused = manage(
        "restore_registry", str(backup_dir), database_url=empty_database, media_root=tmp_path / "m"
    )

    assert refused.returncode != 0
    assert "database.dump is missing or damaged" in refused.stderr
    with connect(empty_database) as conn:
        assert conn.execute(TABLES).fetchall() == []
